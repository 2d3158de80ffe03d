/** The settings form as data: sections of fields addressed by dotted paths into Settings, plus the helpers the
 * view needs (read/write a path, turn list text into arrays, group validation errors by field). Pure. */

export type FieldKind = 'text' | 'number' | 'bool' | 'select' | 'list' | 'nullable-text' | 'nullable-number';

export interface FieldSpec {
  path: string;
  label: string;
  kind: FieldKind;
  options?: readonly string[];
  help?: string;
  /** Visible lines of a list's text area (default 2). */
  rows?: number;
}

export interface SectionSpec {
  title: string;
  fields: readonly FieldSpec[];
  /** A connection the section can test. */
  test?: 'ssh' | 'hive';
  /** One line under the section's title: what the section is for. */
  note?: string;
}

const SOURCE = ['local', 'ssh', 'hive'] as const;

export const SETTINGS_SECTIONS: readonly SectionSpec[] = [
  {
    title: 'Sources',
    fields: [
      { path: 'pipelines.flow.source', label: 'Flow reads from', kind: 'select', options: SOURCE },
      { path: 'pipelines.dns.source', label: 'DNS reads from', kind: 'select', options: SOURCE },
      { path: 'pipelines.proxy.source', label: 'Proxy reads from', kind: 'select', options: SOURCE },
      {
        path: 'local.root',
        label: 'Local data folder',
        kind: 'nullable-text',
        help: "Laid out like Spot's HDFS tree: <type>/scored_results/YYYYMMDD/scores/<type>_results.csv and <type>/hive/y=/m=/d=/. Empty: the bundled sample.",
      },
      { path: 'local.rawRoot', label: 'Raw days folder (if elsewhere)', kind: 'nullable-text' },
    ],
  },
  {
    title: 'ML node (SSH)',
    test: 'ssh',
    fields: [
      { path: 'mlNode.host', label: 'Host', kind: 'text' },
      { path: 'mlNode.port', label: 'Port', kind: 'number' },
      { path: 'mlNode.user', label: 'User', kind: 'text' },
      {
        path: 'mlNode.keyPath',
        label: 'Private key file',
        kind: 'nullable-text',
        help: 'Empty with ssh-agent off: ~/.ssh/id_*.',
      },
      { path: 'mlNode.useAgent', label: 'Use ssh-agent', kind: 'bool' },
      {
        path: 'mlNode.knownHostsPath',
        label: 'Known hosts file',
        kind: 'nullable-text',
        help: "Empty: Spot Desk's own known_hosts.",
      },
      { path: 'mlNode.huser', label: 'HUSER (HDFS base)', kind: 'text' },
      { path: 'mlNode.luser', label: 'LUSER (home on the node)', kind: 'text' },
      { path: 'mlNode.hpathTemplate', label: 'HPATH template', kind: 'text' },
      { path: 'mlNode.lpathTemplate', label: 'LPATH template (pre-1.0 feedback)', kind: 'text' },
      { path: 'mlNode.feedbackTarget', label: 'Feedback goes to', kind: 'select', options: ['hdfs', 'local'] },
    ],
  },
  {
    title: 'Hive / Impala',
    test: 'hive',
    fields: [
      { path: 'database.engine', label: 'Engine', kind: 'select', options: ['impala', 'hive'] },
      { path: 'database.host', label: 'Host', kind: 'text' },
      { path: 'database.port', label: 'Port (empty: engine default)', kind: 'nullable-number' },
      { path: 'database.database', label: 'Database (DBNAME)', kind: 'text' },
      { path: 'database.auth.mode', label: 'Authentication', kind: 'select', options: ['NOSASL', 'PLAIN'] },
      { path: 'database.auth.user', label: 'LDAP user (PLAIN)', kind: 'text' },
      { path: 'database.tls.enabled', label: 'TLS', kind: 'bool' },
      { path: 'database.tls.caPath', label: 'CA certificate file', kind: 'nullable-text' },
    ],
  },
  {
    title: 'OA',
    fields: [
      { path: 'oa.topN', label: 'Import top N rows per day', kind: 'number' },
      { path: 'oa.displayCap', label: 'Rows shown at once', kind: 'number' },
      { path: 'context.networkContextPaths', label: 'Network context files (one per line)', kind: 'list' },
      {
        path: 'context.iplocPath',
        label: 'iploc.csv (geolocation)',
        kind: 'nullable-text',
        help: 'Empty: the bundled country/ASN database.',
      },
      { path: 'reputation.filePaths', label: 'Reputation list files (one per line)', kind: 'list' },
      { path: 'reputation.cacheTtlHours', label: 'Reputation cache (hours)', kind: 'number' },
    ],
  },
  {
    title: 'Local ML (embedded scorer)',
    fields: [
      { path: 'localMl.topics', label: 'Topics (TOPIC_COUNT)', kind: 'number' },
      { path: 'localMl.alpha', label: 'α (LDA_ALPHA)', kind: 'number' },
      { path: 'localMl.beta', label: 'β (LDA_BETA)', kind: 'number' },
      { path: 'localMl.iterations', label: 'Iterations', kind: 'number' },
      { path: 'localMl.seed', label: 'Seed', kind: 'number' },
      { path: 'localMl.tol', label: 'TOL (keep score ≤ TOL)', kind: 'number' },
      { path: 'localMl.maxResults', label: 'Max results (-1: all)', kind: 'number' },
      { path: 'localMl.dupFactor', label: 'DUPFACTOR', kind: 'number' },
      { path: 'localMl.userDomains', label: 'User domains (USER_DOMAIN, one per line)', kind: 'list' },
      { path: 'localMl.proxySafeDomains', label: 'Proxy safe domains (one per line)', kind: 'list' },
      { path: 'localMl.feedbackWindowDays', label: 'Also read feedback of the last K days', kind: 'number' },
    ],
  },
  {
    title: 'Detection',
    note:
      "What the named detections know of your network (after RITA's filtering settings). The defaults need no " +
      'configuration; changes apply from the next "Score this day". One entry per line.',
    fields: [
      {
        path: 'detection.internalSubnets',
        label: 'Internal subnets',
        kind: 'list',
        rows: 7,
        help: 'Your address space: IPs or CIDRs (IPv6: prefixes up to /16, e.g. fd00::/8). Default: RFC 1918, 100.64.0.0/10, link-local, fc00::/7.',
      },
      {
        path: 'detection.infrastructureHosts',
        label: 'Infrastructure hosts',
        kind: 'list',
        rows: 7,
        help: 'Resolvers, gateways, NTP and DHCP servers, proxies (IPs or CIDRs): traffic to them is background. Busy resolvers and NTP/DHCP servers are also found from the day.',
      },
      {
        path: 'detection.neverIncludedSubnets',
        label: 'Never include subnets',
        kind: 'list',
        rows: 4,
        help: 'No finding involves these addresses (e.g. a vulnerability scanner, a backup server).',
      },
      {
        path: 'detection.neverIncludedDomains',
        label: 'Never include domains',
        kind: 'list',
        rows: 4,
        help: 'DNS queries and web requests for these domains and their subdomains make no finding.',
      },
      {
        path: 'detection.alwaysIncludedSubnets',
        label: 'Always include subnets',
        kind: 'list',
        rows: 4,
        help: 'Evaluated even inside a never-included subnet.',
      },
      {
        path: 'detection.alwaysIncludedDomains',
        label: 'Always include domains',
        kind: 'list',
        rows: 4,
        help: 'Evaluated even when never-included, visited by most hosts, or update/CDN traffic.',
      },
    ],
  },
];

type Tree = Record<string, unknown>;

export function getPath(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Tree)[key] : undefined), obj);
}

/** A copy of `obj` with `path` set to `value` (objects on the way are created). */
export function setPath<T>(obj: T, path: string, value: unknown): T {
  const keys = path.split('.');
  const copy = structuredClone(obj) as Tree;
  let node = copy;
  keys.slice(0, -1).forEach((key) => {
    if (!node[key] || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Tree;
  });
  node[keys[keys.length - 1]!] = value;
  return copy as T;
}

/** The text a field shows for a value. */
export function fieldText(kind: FieldKind, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (kind === 'list') return Array.isArray(value) ? value.join('\n') : String(value);
  return String(value);
}

/** The value a field's text means; numbers that do not parse stay text so validation can name them. */
export function fieldValue(kind: FieldKind, text: string): unknown {
  const trimmed = text.trim();
  switch (kind) {
    case 'list':
      return text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
    case 'nullable-text':
      return trimmed === '' ? null : trimmed;
    case 'number':
    case 'nullable-number': {
      if (trimmed === '') return kind === 'nullable-number' ? null : trimmed;
      const n = Number(trimmed);
      return Number.isFinite(n) ? n : trimmed;
    }
    default:
      return text;
  }
}

/**
 * Validation errors keyed by field path; errors on a parent path go to the first field under it, errors on a part
 * of a field (a list's entry, `detection.internalSubnets.2`) to the field.
 */
export function errorsByField(errors: ReadonlyArray<{ path: string; message: string }>): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  const labels = new Map(SETTINGS_SECTIONS.flatMap((s) => s.fields.map((f) => [f.path, f.label] as const)));
  const fields = [...labels.keys()];
  for (const error of errors) {
    const target =
      fields.find((f) => f === error.path) ??
      fields.find((f) => error.path.startsWith(`${f}.`)) ??
      fields.find((f) => f.startsWith(`${error.path}.`)) ??
      '(settings)';
    // Under its field a message names the field as the screen does ("Port must be…"), not by its settings path.
    const label = labels.get(target);
    const message =
      label && error.message.startsWith(`${target} `) ? `${label}${error.message.slice(target.length)}` : error.message;
    byField.set(target, [...(byField.get(target) ?? []), message]);
  }
  return byField;
}
