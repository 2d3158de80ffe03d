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
