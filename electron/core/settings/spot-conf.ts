/**
 * "Import spot.conf": reads Spot's shell-style /etc/spot.conf (config.md §1) into Settings (§4).
 * Lines are `KEY=value` (optionally `export KEY=value`), `#` comments, values quoted or not.
 * `${VAR}`/`$VAR` expand from keys defined on earlier lines (HUSER, LUSER, …) as the shell does, except the
 * per-run fields ${DSOURCE} ${FDATE} ${YR} ${MH} ${DY}, which become template fields {type} {yyyymmdd}
 * {yyyy} {mm} {dd}. Single-quoted values are literal. Every problem is reported with file, line and key;
 * a bad line never stops the others from importing.
 */
import { readFile } from 'node:fs/promises';
import { defaultSettings, validateSettings, type Settings } from '../../../shared/settings';
import { PIPELINES, type Pipeline } from '../../../shared/schema';
import { InputError } from '../errors';

const TEMPLATE_VARS: Record<string, string> = {
  DSOURCE: '{type}',
  FDATE: '{yyyymmdd}',
  YR: '{yyyy}',
  MH: '{mm}',
  DY: '{dd}',
};

export interface SpotConfEntry {
  key: string;
  value: string;
  line: number;
}

export interface SpotConfImport {
  settings: Settings;
  /** Keys that set a setting: key → dotted settings path(s). */
  applied: Array<{ key: string; line: number; fields: string[] }>;
  /** Keys Spot Desk has no use for, with why. */
  ignored: Array<{ key: string; line: number; reason: string }>;
  errors: InputError[];
}

/** Splits a value into its quoted and unquoted parts, expanding variables outside single quotes. */
function expandValue(raw: string, file: string, line: number, key: string, known: ReadonlyMap<string, string>): string {
  let out = '';
  let i = 0;
  const expand = (text: string): string =>
    text.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (_whole, braced?: string, bare?: string) => {
        const name = (braced ?? bare) as string;
        const template = TEMPLATE_VARS[name];
        if (template) return template;
        const value = known.get(name);
        if (value === undefined)
          throw new InputError(file, line, key, `refers to \${${name}}, which is not defined on an earlier line`);
        return value;
      },
    );
  while (i < raw.length) {
    const c = raw[i] as string;
    if (c === "'") {
      const end = raw.indexOf("'", i + 1);
      if (end === -1) throw new InputError(file, line, key, 'unterminated single quote');
      out += raw.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let body = '';
      while (j < raw.length && raw[j] !== '"') {
        if (raw[j] === '\\' && j + 1 < raw.length && '"\\$`'.includes(raw[j + 1] as string)) {
          body += raw[j + 1];
          j += 2;
        } else body += raw[j++];
      }
      if (j >= raw.length) throw new InputError(file, line, key, 'unterminated double quote');
      out += expand(body);
      i = j + 1;
    } else {
      let j = i;
      while (j < raw.length && raw[j] !== "'" && raw[j] !== '"') j++;
      out += expand(raw.slice(i, j));
      i = j;
    }
  }
  return out;
}

/** Drops a trailing ` # comment` that is outside quotes. */
function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) return text.slice(0, i);
  }
  return text;
}

/** Parses spot.conf text into entries (expanded), collecting per-line errors. */
export function parseSpotConf(text: string, file: string): { entries: SpotConfEntry[]; errors: InputError[] } {
  const entries: SpotConfEntry[] = [];
  const errors: InputError[] = [];
  const known = new Map<string, string>();
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = index + 1;
    const content = stripComment(rawLine).trim();
    if (content === '') return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(content);
    if (!match) {
      errors.push(
        // Name what stands where the key should be, so the analyst finds the spot.
        new InputError(
          file,
          line,
          content.split(/[=\s]/)[0]?.slice(0, 40) || '(assignment)',
          `expected KEY=value, found ${JSON.stringify(content.slice(0, 60))}`,
        ),
      );
      return;
    }
    const key = match[1] as string;
    const raw = (match[2] as string).trim();
    try {
      if (/\s/.test(raw.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, '')))
        throw new InputError(
          file,
          line,
          key,
          'unquoted value contains spaces (the shell would not read it as one value)',
        );
      const value = expandValue(raw, file, line, key, known);
      known.set(key, value);
      entries.push({ key, value, line });
    } catch (err) {
      if (err instanceof InputError) errors.push(err);
      else throw err;
    }
  });
  return { entries, errors };
}

const CLUSTER_ONLY =
  'used only on the cluster (ingest, Spark, WebHDFS or setup scripts); Spot Desk reaches HDFS over SSH';
const IGNORED: Record<string, string> = {
  UINODE: 'the UI node: Spot Desk is the UI',
  GWNODE: CLUSTER_ONLY,
  NAME_NODE: CLUSTER_ONLY,
  WEB_PORT: CLUSTER_ONLY,
  DBENGINE: 'hdfs_setup.sh only',
  JDBC_URL: 'hdfs_setup.sh only',
  RPATH: 'deprecated in Spot',
  LIPATH: 'deprecated in Spot',
  KINIT: 'Kerberos is not supported by Spot Desk',
  PRINCIPAL: 'Kerberos is not supported by Spot Desk',
  KEYTAB: 'Kerberos is not supported by Spot Desk',
  SASL_MECH: 'Kerberos is not supported by Spot Desk',
  SECURITY_PROTO: 'Kafka (ingest) only',
  KAFKA_SERVICE_NAME: 'Kafka (ingest) only',
  SSL_VERIFY: 'Spot Desk always verifies the server certificate when a CA file is set',
  CERT: 'client certificates are not supported',
  KEY: 'client certificates are not supported',
  LDA_OPTIMIZER: 'the cluster LDA (spot-ml) only; the local model has its own optimiser',
  PRECISION: 'the cluster LDA (spot-ml) only',
  NODES: 'deprecated (Seed MPI nodes)',
  DFOLDERS: 'deprecated (Seed HDFS folder list)',
  LDAPATH: 'deprecated (Seed)',
  KRB_AUTH: 'Kerberos is not supported by Spot Desk',
  KINITPATH: 'Kerberos is not supported by Spot Desk',
  KINITOPTS: 'Kerberos is not supported by Spot Desk',
  KEYTABPATH: 'Kerberos is not supported by Spot Desk',
  KRB_USER: 'Kerberos is not supported by Spot Desk',
};

/** Applies spot.conf entries on top of `base` (default settings unless given). */
export function importSpotConf(text: string, file: string, base: Settings = defaultSettings()): SpotConfImport {
  const { entries, errors } = parseSpotConf(text, file);
  const byKey = new Map<string, SpotConfEntry>();
  for (const entry of entries) byKey.set(entry.key, entry); // the shell keeps the last assignment
  // Work on a plain copy; validate at the end so a bad value is reported against its line.
  const draft = JSON.parse(JSON.stringify(base)) as Settings;
  const applied: SpotConfImport['applied'] = [];
  const ignored: SpotConfImport['ignored'] = [];
  const fieldLine = new Map<string, { key: string; line: number }>();
  const set = (entry: SpotConfEntry, field: string, value: unknown) => {
    const parts = field.split('.');
    let target = draft as unknown as Record<string, unknown>;
    for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
    target[parts[parts.length - 1] as string] = value;
    fieldLine.set(field, { key: entry.key, line: entry.line });
    const last = applied[applied.length - 1];
    if (last && last.key === entry.key && last.line === entry.line) last.fields.push(field);
    else applied.push({ key: entry.key, line: entry.line, fields: [field] });
  };
  const number = (entry: SpotConfEntry): number | null => {
    const n = Number(entry.value);
    if (entry.value.trim() === '' || !Number.isFinite(n)) {
      errors.push(new InputError(file, entry.line, entry.key, `${JSON.stringify(entry.value)} is not a number`));
      return null;
    }
    return n;
  };
  const handled = new Set<string>();
  const take = (key: string): SpotConfEntry | undefined => {
    handled.add(key);
    return byKey.get(key);
  };

  const mlNode = take('MLNODE');
  if (mlNode?.value) set(mlNode, 'mlNode.host', mlNode.value);
  const huser = take('HUSER');
  if (huser?.value) set(huser, 'mlNode.huser', huser.value);
  const luser = take('LUSER');
  if (luser?.value) {
    set(luser, 'mlNode.luser', luser.value);
    // Spot's pre-1.0 feedback user is LUSER's third path component (/home/<user>).
    const user = luser.value.split('/').filter(Boolean)[1];
    if (user && !draft.mlNode.user) set(luser, 'mlNode.user', user);
  }
  const hpath = take('HPATH');
  if (hpath?.value) set(hpath, 'mlNode.hpathTemplate', hpath.value);
  const lpath = take('LPATH');
  if (lpath?.value) set(lpath, 'mlNode.lpathTemplate', lpath.value);
  const rawPaths = (['FLOW_PATH', 'DNS_PATH', 'PROXY_PATH'] as const)
    .map(take)
    .filter((e) => e?.value) as SpotConfEntry[];
  const [firstRaw, ...otherRaw] = rawPaths;
  if (firstRaw) {
    set(firstRaw, 'mlNode.rawPathTemplate', firstRaw.value);
    for (const other of otherRaw) {
      if (other.value === firstRaw.value)
        applied.push({ key: other.key, line: other.line, fields: ['mlNode.rawPathTemplate'] });
      else
        errors.push(
          new InputError(
            file,
            other.line,
            other.key,
            `differs from ${firstRaw.key} (line ${firstRaw.line}); Spot Desk keeps one raw path template with {type}`,
          ),
        );
    }
  }

  const dbName = take('DBNAME');
  if (dbName?.value) set(dbName, 'database.database', dbName.value);
  const impalaHost = take('IMPALA_DEM');
  const impalaPort = take('IMPALA_PORT');
  const hs2Host = take('HS2_HOST');
  const hs2Port = take('HS2_PORT');
  // Spot 1.0's OA always talks to impalad; HS2_* only counts when no impalad is configured.
  if (impalaHost?.value) {
    set(impalaHost, 'database.engine', 'impala');
    set(impalaHost, 'database.host', impalaHost.value);
    if (impalaPort?.value) {
      const port = number(impalaPort);
      if (port !== null) set(impalaPort, 'database.port', port);
    }
    if (hs2Host?.value)
      ignored.push({ key: 'HS2_HOST', line: hs2Host.line, reason: 'IMPALA_DEM is set; Spot 1.0 uses impalad' });
  } else if (hs2Host?.value) {
    set(hs2Host, 'database.engine', 'hive');
    set(hs2Host, 'database.host', hs2Host.value);
    if (hs2Port?.value) {
      const port = number(hs2Port);
      if (port !== null) set(hs2Port, 'database.port', port);
    }
  }

  const kerberos = take('KERBEROS');
  if (kerberos && !/^true$/i.test(kerberos.value))
    ignored.push({ key: kerberos.key, line: kerberos.line, reason: 'Kerberos is off; Spot Desk does not support it' });
  else if (kerberos)
    errors.push(
      new InputError(
        file,
        kerberos.line,
        kerberos.key,
        'Kerberos is not supported by Spot Desk; use LDAP (PLAIN) or NOSASL, or a local/SSH raw-day source',
      ),
    );
  const ssl = take('SSL');
  if (ssl?.value) {
    if (/^(true|false)$/i.test(ssl.value)) set(ssl, 'database.tls.enabled', /^true$/i.test(ssl.value));
    else errors.push(new InputError(file, ssl.line, ssl.key, `${JSON.stringify(ssl.value)} is not true or false`));
  }
  const ca = take('CA_LOCATION');
  if (ca?.value) set(ca, 'database.tls.caPath', ca.value);

  const userDomain = take('USER_DOMAIN');
  if (userDomain?.value) set(userDomain, 'localMl.userDomains', [userDomain.value]);
  const numeric: Array<[string, string]> = [
    ['TOL', 'localMl.tol'],
    ['TOPIC_COUNT', 'localMl.topics'],
    ['DUPFACTOR', 'localMl.dupFactor'],
    ['LDA_ALPHA', 'localMl.alpha'],
    ['LDA_BETA', 'localMl.beta'],
  ];
  for (const [key, field] of numeric) {
    const entry = take(key);
    if (!entry?.value) continue;
    const n = number(entry);
    if (n !== null) set(entry, field, n);
  }
  const dsources = take('DSOURCES');
  if (dsources?.value) {
    const listed = dsources.value.split(/[\s,]+/).filter(Boolean);
    const unknown = listed.filter((name) => !PIPELINES.includes(name as Pipeline));
    if (unknown.length > 0)
      errors.push(new InputError(file, dsources.line, dsources.key, `unknown data source(s) ${unknown.join(', ')}`));
    for (const pipeline of PIPELINES) set(dsources, `pipelines.${pipeline}.enabled`, listed.includes(pipeline));
  }

  for (const entry of byKey.values()) {
    if (handled.has(entry.key)) {
      if (!entry.value && !applied.some((a) => a.key === entry.key))
        ignored.push({ key: entry.key, line: entry.line, reason: 'empty: the default is kept' });
      continue;
    }
    const reason =
      IGNORED[entry.key] ??
      (entry.key.startsWith('SPK_') ? 'Spark settings of the cluster' : 'not a Spot setting Spot Desk knows');
    ignored.push({ key: entry.key, line: entry.line, reason });
  }

  let result = validateSettings(draft);
  if (!result.ok) {
    // Report each bad value against its line, put the base value back, and keep the rest of the import.
    for (const problem of result.errors) {
      const field = problem.path.replace(/\.\d+$/, '');
      const origin = fieldLine.get(field);
      errors.push(new InputError(file, origin?.line ?? null, origin?.key ?? field, problem.message));
      const parts = field.split('.');
      let target = draft as unknown as Record<string, unknown>;
      let source = base as unknown as Record<string, unknown>;
      for (const part of parts.slice(0, -1)) {
        target = target[part] as Record<string, unknown>;
        source = source[part] as Record<string, unknown>;
      }
      const last = parts[parts.length - 1] as string;
      target[last] = JSON.parse(JSON.stringify(source[last] ?? null));
      const at = applied.findIndex((a) => a.fields.includes(field));
      if (at !== -1) applied[at]!.fields = applied[at]!.fields.filter((f) => f !== field);
    }
    result = validateSettings(draft);
    if (!result.ok) return { settings: base, applied: [], ignored, errors };
  }
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { settings: result.settings, applied: applied.filter((a) => a.fields.length > 0), ignored, errors };
}

export async function importSpotConfFile(path: string, base?: Settings): Promise<SpotConfImport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(path, null, null, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return importSpotConf(text, path, base);
}
