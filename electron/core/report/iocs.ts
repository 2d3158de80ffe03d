/**
 * Indicators of compromise of a saved threat: the addresses, domains, URLs, user agents and file names an analyst
 * hands to another team for blocking and hunting. Internal hosts are victims, not indicators, and are left out.
 */
import type { Cell } from '../../../shared/api-base';
import type { StoryboardDetail } from '../../../shared/ops/investigation';
import type { Pipeline } from '../../../shared/schema';
import { registeredDomain } from '../enrich/domain';
import { isInternalAddress } from './host-class';

export type IocType = 'ipv4-addr' | 'ipv6-addr' | 'domain-name' | 'url' | 'user-agent' | 'file-name';

export interface Ioc {
  type: IocType;
  value: string;
  /** The saved threat it came from (title and anchor). */
  threat: string;
  anchor: string;
  /** Connections / requests / queries seen with it (0 when unknown). */
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

/** Indicators kept per threat (the busiest first). */
export const IOC_CAP_PER_THREAT = 200;

export const IOC_CSV_COLUMNS = ['type', 'value', 'threat', 'anchor', 'count', 'first_seen', 'last_seen'] as const;

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-f:]+(:\d{1,3}(\.\d{1,3}){3})?$/i;

/** The IP type of a value, or null when it is not an address. */
export function ipType(value: string): 'ipv4-addr' | 'ipv6-addr' | null {
  if (IPV4.test(value)) return 'ipv4-addr';
  return value.includes(':') && IPV6.test(value) ? 'ipv6-addr' : null;
}

/** Host of a proxy URI (Spot's fulluri often has no scheme), lower case, port dropped. */
export function hostOfUri(uri: string): string {
  const rest = uri.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const authority = rest.split(/[/?#]/, 1)[0] ?? '';
  const host = authority.replace(/^[^@]*@/, '');
  const bracketed = /^\[([^\]]+)\]/.exec(host);
  return (bracketed ? bracketed[1]! : host.replace(/:\d*$/, '')).toLowerCase();
}

/** The file a URI fetches (its last path segment when it has an extension), or null. */
export function fileNameOfUri(uri: string): string | null {
  const rest = uri.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = rest.indexOf('/');
  if (slash < 0) return null;
  const path = rest.slice(slash).split(/[?#]/, 1)[0] ?? '';
  const last = path.slice(path.lastIndexOf('/') + 1);
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // a malformed escape stays as written
  }
  return /^[^/\\]+\.[A-Za-z0-9]{1,6}$/.test(name) ? name : null;
}

class IocSet {
  private readonly byKey = new Map<string, Ioc>();
  constructor(
    private readonly threat: string,
    private readonly anchor: string,
  ) {}

  add(type: IocType, value: string, count = 0, seen: Array<string | null> = []): void {
    const trimmed = value.trim();
    if (!trimmed || trimmed === '-') return;
    if ((type === 'ipv4-addr' || type === 'ipv6-addr') && isInternalAddress(trimmed)) return;
    const key = `${type}\u0000${trimmed}`;
    const ioc = this.byKey.get(key) ?? {
      type,
      value: trimmed,
      threat: this.threat,
      anchor: this.anchor,
      count: 0,
      firstSeen: null,
      lastSeen: null,
    };
    ioc.count += count;
    for (const t of seen) {
      if (!t) continue;
      if (ioc.firstSeen === null || t < ioc.firstSeen) ioc.firstSeen = t;
      if (ioc.lastSeen === null || t > ioc.lastSeen) ioc.lastSeen = t;
    }
    this.byKey.set(key, ioc);
  }

  addHost(host: string, count = 0, seen: Array<string | null> = []): void {
    if (!host) return;
    this.add(ipType(host) ?? 'domain-name', host, count, seen);
  }

  list(): Ioc[] {
    return [...this.byKey.values()]
      .sort(
        (a, b) =>
          b.count - a.count || a.type.localeCompare(b.type) || a.value.localeCompare(b.value, 'en', { numeric: true }),
      )
      .slice(0, IOC_CAP_PER_THREAT);
  }
}

function cellText(v: Cell | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}

/** The evidence rows as objects keyed by column. */
function records(evidence: { columns: string[]; rows: Cell[][] }): Array<Record<string, string>> {
  return evidence.rows.map((row) => Object.fromEntries(evidence.columns.map((c, i) => [c, cellText(row[i])])));
}

/** What the day says beyond the threat's own rows: which of its events the analyst or a detector flagged. */
export interface IocContext {
  /** DNS names (lower case, no trailing dot) of the day's queries scored High or covered by a named finding. */
  flaggedQueries: ReadonlySet<string>;
}

const NO_CONTEXT: IocContext = { flaggedQueries: new Set() };

/** A DNS name as the indicators and the flagged set spell it. */
export function dnsName(name: string): string {
  return name.trim().replace(/\.+$/, '').toLowerCase();
}

/** The domain to block for a flagged name: its registered domain (a tunnel's thousand one-off names are one zone). */
function blockedDomain(name: string): string {
  const domain = registeredDomain(name);
  return domain === 'None' ? name : domain; // registeredDomain's "not a domain" answer (Spot's)
}

/** Each pipeline's indicators, from the threat's detail and its evidence rows (the expanded search). */
const EXTRACT: Record<
  Pipeline,
  (set: IocSet, detail: StoryboardDetail, rows: Array<Record<string, string>>, context: IocContext) => void
> = {
  flow: (set, detail, rows) => {
    const { anchor } = detail.entry;
    const anchorType = ipType(anchor);
    if (anchorType) set.add(anchorType, anchor);
    for (const r of rows) {
      const peer = r.srcIp === anchor ? r.dstIp : r.srcIp;
      const type = peer ? ipType(peer) : null;
      const connections = Number(r.connections) || 0;
      const seen = [r.firstSeen ?? null, r.lastSeen ?? null];
      if (type) set.add(type, peer!, connections, seen);
      // An external anchor (a malware server, a C2) is an indicator with every connection of its search.
      if (anchorType) set.add(anchorType, anchor, connections, seen);
    }
    for (const c of detail.timeline) {
      const type = ipType(c.lane);
      if (type) set.add(type, c.lane, rows.length === 0 ? c.count : 0, [c.minute]);
    }
  },
  dns: (set, detail, rows, { flaggedQueries }) => {
    const { anchor, kind } = detail.entry;
    if (kind === 'ip') {
      const type = ipType(anchor);
      if (type) set.add(type, anchor);
      // A client's queries are indicators only when flagged: its benign ones would poison a block list.
      for (const r of rows) {
        const name = dnsName(r.dnsQuery ?? '');
        if (!flaggedQueries.has(name)) continue;
        set.add('domain-name', blockedDomain(name), Number(r.total) || 0, [r.firstSeen ?? null, r.lastSeen ?? null]);
      }
      return;
    }
    set.add('domain-name', anchor.replace(/\.$/, '').toLowerCase());
    for (const r of rows) {
      if (r.dnsQuery?.replace(/\.$/, '').toLowerCase() !== anchor.replace(/\.$/, '').toLowerCase()) continue;
      set.add('domain-name', anchor.replace(/\.$/, '').toLowerCase(), Number(r.total) || 0, [
        r.firstSeen ?? null,
        r.lastSeen ?? null,
      ]);
    }
  },
  proxy: (set, detail, rows) => {
    const { anchor } = detail.entry;
    set.add('url', anchor);
    set.addHost(hostOfUri(anchor));
    const file = fileNameOfUri(anchor);
    if (file) set.add('file-name', file);
    const host = hostOfUri(anchor);
    for (const r of rows) {
      if (r.fulluri !== anchor) continue;
      const seen = r.p_date && r.p_time ? [`${r.p_date} ${r.p_time.slice(0, 5)}`] : [];
      set.add('url', anchor, 1, seen);
      set.addHost(host, 1, seen);
      if (file) set.add('file-name', file, 1, seen);
      if (r.useragent) set.add('user-agent', r.useragent, 1, seen);
      // A raw-IP URI's server is its host: one request, counted once.
      const server = r.serverip && r.serverip !== host ? ipType(r.serverip) : null;
      if (server) set.add(server, r.serverip!, 1, seen);
    }
  },
};

export function iocsOfThreat(
  pipeline: Pipeline,
  detail: StoryboardDetail,
  evidence: { columns: string[]; rows: Cell[][] } | null,
  context: IocContext = NO_CONTEXT,
): Ioc[] {
  const set = new IocSet(detail.entry.title, detail.entry.anchor);
  EXTRACT[pipeline](set, detail, evidence ? records(evidence) : [], context);
  return set.list();
}

/** The IOC CSV's rows (written by the one CSV writer, formula-injection safe). */
export function iocRows(iocs: readonly Ioc[]): Array<Array<string | number | null>> {
  return iocs.map((i) => [i.type, i.value, i.threat, i.anchor, i.count, i.firstSeen, i.lastSeen]);
}
