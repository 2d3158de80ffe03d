/**
 * Which rows a finding covers, from its keys alone (types.ts `FindingKeys`): the same test for a results row,
 * an OA row and a detection's example row. Pure; the renderer may use it.
 */
import type { FindingKeys } from './types';

/** A results or OA row keyed by column name (results: sip/dip/ip_dst/clientip…; OA: srcip/dstip). */
export type CoverRow = Readonly<Record<string, string | number | null | undefined>>;

const text = (v: string | number | null | undefined): string | undefined =>
  v === null || v === undefined ? undefined : String(v);

const patterns = new Map<string, RegExp | null>();
function pattern(source: string): RegExp | null {
  let re = patterns.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source, 'i');
    } catch {
      re = null;
    }
    patterns.set(source, re);
  }
  return re;
}

/** Whether every key the finding names is equal in the row (a bad uriPattern covers nothing). */
export function findingCoversRow(keys: FindingKeys, row: CoverRow): boolean {
  if (keys.srcip !== undefined && keys.srcip !== text(row.sip ?? row.srcip)) return false;
  if (keys.dstip !== undefined && keys.dstip !== text(row.dip ?? row.dstip)) return false;
  if (keys.dport !== undefined && String(keys.dport) !== text(row.dport)) return false;
  if (keys.proto !== undefined && keys.proto !== text(row.proto)?.toUpperCase()) return false;
  if (keys.clientip !== undefined && keys.clientip !== text(row.ip_dst ?? row.clientip)) return false;
  if (keys.host !== undefined && keys.host !== text(row.host)?.toLowerCase()) return false;
  if (keys.rcode !== undefined && String(keys.rcode) !== text(row.dns_qry_rcode)) return false;
  if (keys.qtype !== undefined && String(keys.qtype) !== text(row.dns_qry_type)) return false;
  if (keys.useragent !== undefined && keys.useragent !== text(row.useragent)) return false;
  if (keys.domain !== undefined) {
    const name = text(row.dns_qry_name ?? row.host)
      ?.toLowerCase()
      .replace(/\.$/, '');
    if (name === undefined || (name !== keys.domain && !name.endsWith(`.${keys.domain}`))) return false;
  }
  if (keys.uriPattern !== undefined) {
    const uri = text(row.fulluri);
    const re = pattern(keys.uriPattern);
    if (uri === undefined || re === null || !re.test(uri)) return false;
  }
  return true;
}

/**
 * The findings covering a row, found without testing every finding: each finding is filed under its most
 * selective key (source, destination, client, host, domain), the rest are tested for every row.
 */
export class FindingIndex {
  private readonly bySrc = new Map<string, number[]>();
  private readonly byDst = new Map<string, number[]>();
  private readonly byClient = new Map<string, number[]>();
  private readonly byHost = new Map<string, number[]>();
  private readonly byDomain = new Map<string, number[]>();
  private readonly unkeyed: number[] = [];
  /** The lengths of the domains filed (a name's suffix of another length cannot be one). */
  private readonly domainLengths = new Set<number>();

  constructor(private readonly keys: readonly FindingKeys[]) {
    keys.forEach((k, i) => {
      const file = (map: Map<string, number[]>, key: string): void => {
        const list = map.get(key);
        if (list) list.push(i);
        else map.set(key, [i]);
      };
      if (k.srcip !== undefined) file(this.bySrc, k.srcip);
      else if (k.dstip !== undefined) file(this.byDst, k.dstip);
      else if (k.clientip !== undefined) file(this.byClient, k.clientip);
      else if (k.host !== undefined) file(this.byHost, k.host);
      else if (k.domain !== undefined) {
        file(this.byDomain, k.domain);
        this.domainLengths.add(k.domain.length);
      } else this.unkeyed.push(i);
    });
  }

  /** Indexes (into the constructor's list) of the findings covering the row, ascending. */
  covering(row: CoverRow): number[] {
    const candidates = this.candidates(row);
    if (candidates.length === 0) return candidates;
    const unique = candidates.length === 1 ? candidates : [...new Set(candidates)];
    return unique.filter((i) => findingCoversRow(this.keys[i] as FindingKeys, row)).sort((a, b) => a - b);
  }

  /**
   * The findings filed under the row's values (with repeats), a superset of those covering it: empty means none
   * covers it. Reads only FILED_COLUMNS, so a reader holding those can rule most rows out before reading the rest.
   */
  candidates(row: CoverRow): number[] {
    // Called once per event of a day by the scorer: no closures or sets for a row that no finding is filed under,
    // and a column is read only when some finding is filed under it (the scorer's rows read columns lazily).
    const candidates: number[] = this.unkeyed.slice();
    if (this.bySrc.size > 0) collect(candidates, this.bySrc, row.sip ?? row.srcip);
    if (this.byDst.size > 0) collect(candidates, this.byDst, row.dip ?? row.dstip);
    if (this.byClient.size > 0) collect(candidates, this.byClient, row.ip_dst ?? row.clientip);
    if (this.byHost.size > 0 && typeof row.host === 'string') collect(candidates, this.byHost, row.host.toLowerCase());
    if (this.byDomain.size > 0) {
      const lower = text(row.dns_qry_name ?? row.host)?.toLowerCase();
      const name = lower?.endsWith('.') ? lower.slice(0, -1) : lower;
      // Every suffix of the name at a dot: a.b.example.com → a.b.example.com, b.example.com, example.com, com (only
      // those as long as a filed domain are looked up: one string less to make and hash per label of every row).
      for (let at = 0; name !== undefined;) {
        if (this.domainLengths.has(name.length - at)) collect(candidates, this.byDomain, name.slice(at));
        const dot = name.indexOf('.', at);
        if (dot < 0) break;
        at = dot + 1;
      }
    }
    return candidates;
  }
}

/** The columns FindingIndex.candidates reads (a finding is filed under one of them). */
export const FILED_COLUMNS = ['sip', 'srcip', 'dip', 'dstip', 'ip_dst', 'clientip', 'host', 'dns_qry_name'] as const;

/** Appends the findings filed under `value` in `map`. */
function collect(into: number[], map: ReadonlyMap<string, number[]>, value: string | number | null | undefined): void {
  if (value === null || value === undefined) return;
  const list = map.get(String(value));
  if (list) for (const i of list) into.push(i);
}
