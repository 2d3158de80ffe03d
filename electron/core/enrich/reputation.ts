// Reputation (enrichment.md §4): pluggable providers, every provider asked once per batch, labels merged
// Spot's way (`svc:TEXT:VALUE` joined with `::`) and cached per value with a TTL. The offline default is
// no provider (labels are ''); the user may add list files. Online services (McAfee GTI, Facebook
// ThreatExchange) fit the same ReputationProvider shape but none is registered: their verdict mappings are
// below, their network clients are not written.
import { InputError } from '../errors';
import { readCsvLines } from './csv-file';
import { parseIp } from './ip';
import { parseIpKey } from './ip-key';
import { RangeTable, type RangeEntry } from './range-table';
import { formatReputation } from './reputation-label';

export type ReputationKind = 'ip' | 'domain' | 'url';

export interface ReputationVerdict {
  text: string;
  /** -1 unknown, 0 non-malicious, 1 minimal, 2 suspicious, 3 malicious. */
  value: number;
  /** Proxy categories as `name|group;name|group`. */
  categories?: string;
}

export interface ReputationProvider {
  readonly name: string;
  /** Largest number of values per check call; the service splits bigger batches. Unlimited if absent. */
  readonly batchSize?: number;
  /** Verdicts for the values the provider knows; values it does not know are left out. */
  check(values: string[], kind: ReputationKind): Promise<Map<string, ReputationVerdict>>;
}

// ---------------------------------------------------------------------------------------------------
// Offline list files: `indicator,severity,text[,categories]`.

const SEVERITY_TEXT: Record<string, string> = {
  '-1': 'UNKNOWN',
  '0': 'NON_MALICIOUS',
  '1': 'MINIMAL',
  '2': 'SUSPICIOUS',
  '3': 'MALICIOUS',
};

const DOMAIN = /^(?:\*\.)?[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?$/i;

/** Lower-cased host of a URL with or without a scheme (`http://Host:8080/x`, `host/x`, `host:443`). */
export function urlHost(url: string): string {
  let rest = url.trim();
  const scheme = rest.indexOf('://');
  if (scheme >= 0) rest = rest.slice(scheme + 3);
  rest = rest.replace(/^[^/@]*@/, ''); // user:password@
  if (rest.startsWith('[')) return rest.slice(1, Math.max(1, rest.indexOf(']'))).toLowerCase();
  const end = rest.search(/[/:?#]/);
  return (end >= 0 ? rest.slice(0, end) : rest).replace(/\.$/, '').toLowerCase();
}

/** URL key for exact matches: scheme and host lower-cased, one trailing `/` dropped (`/pay/` ≡ `/pay`). */
export function normalizeUrl(url: string): string {
  const text = url.trim();
  const scheme = text.indexOf('://');
  const hostStart = scheme >= 0 ? scheme + 3 : 0;
  const pathStart = text.slice(hostStart).search(/[/?#]/);
  const hostEnd = pathStart >= 0 ? hostStart + pathStart : text.length;
  const normalized = text.slice(0, hostEnd).toLowerCase() + text.slice(hostEnd);
  return normalized.endsWith('/') && !/[?#]/.test(normalized.slice(hostEnd)) ? normalized.slice(0, -1) : normalized;
}

class ListProvider implements ReputationProvider {
  constructor(
    readonly name: string,
    private readonly ips: RangeTable<ReputationVerdict>,
    private readonly domains: Map<string, ReputationVerdict>,
    private readonly urls: Map<string, ReputationVerdict>,
  ) {}

  async check(values: string[], kind: ReputationKind): Promise<Map<string, ReputationVerdict>> {
    const found = new Map<string, ReputationVerdict>();
    for (const value of values) {
      const verdict =
        kind === 'ip'
          ? this.byIp(value)
          : kind === 'domain'
            ? this.byHost(value.trim().replace(/\.$/, '').toLowerCase())
            : (this.urls.get(normalizeUrl(value)) ?? this.byHost(urlHost(value)));
      if (verdict !== undefined) found.set(value, verdict);
    }
    return found;
  }

  private byIp(value: string): ReputationVerdict | undefined {
    const ip = parseIp(value.trim());
    return ip === null ? undefined : this.ips.lookup(ip);
  }

  /** The most specific listed domain: the name itself, then each parent. IPs go to the IP table. */
  private byHost(host: string): ReputationVerdict | undefined {
    if (host === '') return undefined;
    if (parseIp(host) !== null) return this.byIp(host);
    for (let name = host; ;) {
      const verdict = this.domains.get(name);
      if (verdict !== undefined) return verdict;
      const dot = name.indexOf('.');
      if (dot < 0) return undefined;
      name = name.slice(dot + 1);
    }
  }
}

/**
 * An offline list: CSV with the header `indicator,severity,text` (an optional 4th column `categories`).
 * indicator: IP, CIDR, `a-b` range, domain (matches itself and its subdomains; `*.` prefix allowed) or URL
 * (has `://`; exact match). severity: -1 unknown, 0 non-malicious, 1 minimal, 2 suspicious, 3 malicious.
 * An empty text becomes the severity's name (MALICIOUS, …). On duplicates the later line wins.
 */
export async function createListProvider(name: string, path: string): Promise<ReputationProvider> {
  if (!/^[A-Za-z0-9_.-]+$/.test(name))
    throw new InputError(path, null, null, `reputation list name "${name}" must be letters, digits, _ . or -`);
  const lines = await readCsvLines(path);
  const header = lines[0];
  const columns = header?.fields.map((field) => field.toLowerCase()) ?? [];
  if (header === undefined || columns[0] !== 'indicator' || columns[1] !== 'severity' || columns[2] !== 'text')
    throw new InputError(path, header?.line ?? 1, null, 'expected the header "indicator,severity,text"');
  const ips: Array<RangeEntry<ReputationVerdict>> = [];
  const domains = new Map<string, ReputationVerdict>();
  const urls = new Map<string, ReputationVerdict>();
  for (const { line, fields } of lines.slice(1)) {
    const [indicator = '', severityText = '', text = '', categories = ''] = fields;
    if (!/^-?\d+$/.test(severityText) || SEVERITY_TEXT[String(Number(severityText))] === undefined)
      throw new InputError(path, line, 'severity', `"${severityText}" is not one of -1, 0, 1, 2, 3`);
    const value = Number(severityText);
    const verdict: ReputationVerdict = { text: text === '' ? (SEVERITY_TEXT[String(value)] as string) : text, value };
    if (categories !== '') verdict.categories = categories;
    if (indicator.includes('://')) {
      urls.set(normalizeUrl(indicator), verdict);
      continue;
    }
    const span = parseIpKey(indicator);
    if (typeof span !== 'string') {
      ips.push({ ...span, value: verdict });
    } else if (DOMAIN.test(indicator) && /[a-z]/i.test(indicator)) {
      domains.set(indicator.replace(/^\*\./, '').replace(/\.$/, '').toLowerCase(), verdict);
    } else {
      throw new InputError(path, line, 'indicator', `"${indicator}" is not an IP, CIDR, range, domain or URL`);
    }
  }
  return new ListProvider(name, new RangeTable(ips), domains, urls);
}

// ---------------------------------------------------------------------------------------------------
// The service: batching, merging, caching.

export interface ReputationServiceOptions {
  /** How long a value's label is reused; default 24 hours. */
  ttlMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface ProviderFailure {
  provider: string;
  error: unknown;
}

export class ReputationService {
  private readonly cache = new Map<string, { label: string; expires: number }>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** Providers that failed during the last lookup; their values were not cached, so the next lookup retries. */
  lastFailures: ProviderFailure[] = [];

  constructor(
    private readonly providers: ReputationProvider[],
    opts: ReputationServiceOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 24 * 60 * 60 * 1000;
    this.now = opts.now ?? Date.now;
  }

  get providerNames(): string[] {
    return this.providers.map((provider) => provider.name);
  }

  /**
   * One label per distinct value: every provider's `name:TEXT:VALUE[:categories]` in provider order, joined
   * with `::`; '' when no provider knows the value (Spot's flow kept only one service per IP). Values
   * missing from the cache go to each provider in one call (or batchSize-sized calls).
   */
  async lookup(values: string[], kind: ReputationKind): Promise<Map<string, string>> {
    const labels = new Map<string, string>();
    const misses: string[] = [];
    const now = this.now();
    for (const value of new Set(values)) {
      const cached = this.cache.get(`${kind}\u0000${value}`);
      if (cached !== undefined && cached.expires > now) labels.set(value, cached.label);
      else misses.push(value);
    }
    this.lastFailures = [];
    if (misses.length === 0 || this.providers.length === 0) {
      for (const value of misses) labels.set(value, '');
      return labels;
    }
    const failed = new Set<string>();
    const answers = await Promise.all(
      this.providers.map(async (provider) => {
        const verdicts = new Map<string, ReputationVerdict>();
        const size = provider.batchSize !== undefined && provider.batchSize > 0 ? provider.batchSize : misses.length;
        for (let i = 0; i < misses.length; i += size) {
          const batch = misses.slice(i, i + size);
          try {
            for (const [value, verdict] of await provider.check(batch, kind)) verdicts.set(value, verdict);
          } catch (error) {
            this.lastFailures.push({ provider: provider.name, error });
            batch.forEach((value) => failed.add(value));
          }
        }
        return verdicts;
      }),
    );
    const expires = this.now() + this.ttlMs;
    for (const value of misses) {
      const parts: string[] = [];
      this.providers.forEach((provider, i) => {
        const verdict = answers[i]?.get(value);
        if (verdict !== undefined)
          parts.push(formatReputation(provider.name, verdict.text, verdict.value, verdict.categories));
      });
      const label = parts.join('::');
      labels.set(value, label);
      if (!failed.has(value)) this.cache.set(`${kind}\u0000${value}`, { label, expires });
    }
    return labels;
  }

  clearCache(): void {
    this.cache.clear();
  }
}

// ---------------------------------------------------------------------------------------------------
// Online services (not registered; the shapes and Spot's verdict mappings for a future client).

/** McAfee GTI as Spot configured it (reputation_config.json `gti`). */
export interface GtiConfig {
  server: string;
  user: string;
  password: string;
  /** JSON request template with a ###QUERY### placeholder. */
  ci: string;
  /** Path of the restclient binary. */
  refclient: string;
  /** CSV `code,name,group` of GTI web categories. */
  categoryFile: string;
}

/** Facebook ThreatExchange as Spot configured it (reputation_config.json `fb`). */
export interface ThreatExchangeConfig {
  appId: string;
  appSecret: string;
}

/** Spot's GTI score mapping: < 15 Minimal:1, 15–29 Unverified:-1, 30–49 Medium:2, ≥ 50 High:3. */
export function gtiVerdict(rep: number): ReputationVerdict {
  if (rep < 15) return { text: 'Minimal', value: 1 };
  if (rep < 30) return { text: 'Unverified', value: -1 };
  if (rep < 50) return { text: 'Medium', value: 2 };
  return { text: 'High', value: 3 };
}

/** Spot's ThreatExchange status mapping (UNKNOWN -1, NON_MALICIOUS 0, SUSPICIOUS 2, MALICIOUS 3). */
export function threatExchangeVerdict(status: string): ReputationVerdict {
  const value = { NON_MALICIOUS: 0, SUSPICIOUS: 2, MALICIOUS: 3 }[status] ?? -1;
  return { text: value === -1 ? 'UNKNOWN' : status, value };
}
