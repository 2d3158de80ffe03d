/**
 * What the detectors know of a network, as SQL expressions: which addresses are the organisation's, which are
 * broadcast or multicast, which hosts the settings call infrastructure or exclude. Defaults need no
 * configuration (RFC 1918, CGNAT, link-local, ULA); settings refine them (RITA's `filtering` block is the anchor).
 * Expressions are plain SQL (CASE, split_part, LIKE, BETWEEN), valid in DuckDB and close to HiveQL, so the same
 * definition can later run where the data lives.
 */
import { DEFAULT_INTERNAL_SUBNETS } from '../../../shared/settings';
import { sqlString } from '../pipeline/duck';
import type { NetworkSettings } from './types';

export const DEFAULT_NETWORK: NetworkSettings = {
  internalSubnets: [...DEFAULT_INTERNAL_SUBNETS],
  infrastructureHosts: [],
  neverIncludedSubnets: [],
  neverIncludedDomains: [],
  alwaysIncludedSubnets: [],
  alwaysIncludedDomains: [],
};

/** Fills missing fields of partial settings with the defaults. */
export function networkSettings(partial: Partial<NetworkSettings> = {}): NetworkSettings {
  return { ...DEFAULT_NETWORK, ...partial };
}

/** The IPv4 address in `expr` as a number, NULL when it is not a dotted quad. */
export function ipv4Number(expr: string): string {
  const octet = (n: number): string => `CAST(split_part(${expr}, '.', ${n}) AS BIGINT)`;
  return (
    `(CASE WHEN regexp_full_match(${expr}, '[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}') ` +
    `THEN ${octet(1)} * 16777216 + ${octet(2)} * 65536 + ${octet(3)} * 256 + ${octet(4)} END)`
  );
}

export interface Cidr {
  version: 4 | 6;
  /** IPv4: first and last address as numbers. */
  first: number;
  last: number;
  /** IPv6: the lower-case spellings of the first hextet that fall in the prefix (prefix ≤ 16 bits). */
  hextets: string[];
}

/** Parses `a.b.c.d/n`, a bare IPv4 address (/32), or an IPv6 `x::/n` with n ≤ 16. Throws on anything else. */
export function parseCidr(text: string): Cidr {
  const [address = '', bits] = text.trim().split('/');
  if (address.includes('.')) {
    const parts = address.split('.').map(Number);
    const n = bits === undefined ? 32 : Number(bits);
    if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255) || !(n >= 0 && n <= 32))
      throw new Error(`"${text}" is not an IPv4 CIDR`);
    const value = parts.reduce((acc, p) => acc * 256 + p, 0);
    const size = 2 ** (32 - n);
    const first = Math.floor(value / size) * size;
    return { version: 4, first, last: first + size - 1, hextets: [] };
  }
  const n = Number(bits);
  const head = address.toLowerCase().split(':')[0] ?? '';
  if (!address.includes(':') || !/^[0-9a-f]{1,4}$/.test(head) || !Number.isInteger(n) || n < 1 || n > 16)
    throw new Error(`"${text}" is not an IPv6 prefix of at most 16 bits`);
  const value = parseInt(head, 16);
  const size = 2 ** (16 - n);
  const first = Math.floor(value / size) * size;
  const hextets: string[] = [];
  for (let h = first; h < first + size; h++) hextets.push(h.toString(16));
  return { version: 6, first, last: first + size - 1, hextets };
}

/**
 * Whether the address in `text` lies in any of the CIDRs. `number` is the ipv4Number() of the same address (pass a
 * column computed once where a query tests several lists).
 */
export function inSubnets(text: string, number: string, cidrs: readonly string[]): string {
  const terms: string[] = [];
  for (const cidr of cidrs.map(parseCidr)) {
    if (cidr.version === 4) terms.push(`${number} BETWEEN ${cidr.first} AND ${cidr.last}`);
    else if (cidr.first >= 0x1000) {
      // A full four-digit first hextet: LIKE patterns on its leading hex digits (cheap, no list per row).
      const digits = Math.floor(Math.log2(cidr.last - cidr.first + 1) / 4);
      const step = 16 ** digits;
      const patterns: string[] = [];
      for (let h = cidr.first; h <= cidr.last; h += step)
        patterns.push(
          `lower(${text}) LIKE ${sqlString(`${h.toString(16).slice(0, 4 - digits)}${'_'.repeat(digits)}:%`)}`,
        );
      terms.push(`(${patterns.join(' OR ')})`);
    } else {
      // The first hextet as written, leading zeros dropped ('0' and '' — as in '::1' — both become '').
      const heads = cidr.hextets.map((h) => sqlString(h === '0' ? '' : h)).join(', ');
      terms.push(`(${text} LIKE '%:%' AND ltrim(lower(split_part(${text}, ':', 1)), '0') IN (${heads}))`);
    }
  }
  return terms.length === 0 ? 'FALSE' : `(${terms.join(' OR ')})`;
}

/** Broadcast, multicast and unspecified addresses (IPv4 and IPv6): never the peer of a real conversation. */
export function isBroadcastOrMulticast(text: string, number: string): string {
  return (
    `(${text} IN ('255.255.255.255', '0.0.0.0', '::') OR ${number} BETWEEN 3758096384 AND 4026531839` +
    ` OR ${text} LIKE '%.255' OR lower(${text}) LIKE 'ff%:%')`
  );
}

/** Whether a domain (lower case, no trailing dot) is one of `domains` or below one of them. */
export function inDomains(expr: string, domains: readonly string[]): string {
  if (domains.length === 0) return 'FALSE';
  const terms = domains.map((d) => {
    const name = d.trim().toLowerCase().replace(/\.$/, '');
    return `(${expr} = ${sqlString(name)} OR ${expr} LIKE ${sqlString(`%.${name.replace(/[%_]/g, '')}`)})`;
  });
  return `(${terms.join(' OR ')})`;
}

/** The address is excluded by the settings (never included, and not always included). */
export function isExcluded(text: string, number: string, net: NetworkSettings): string {
  return `(${inSubnets(text, number, net.neverIncludedSubnets)} AND NOT ${inSubnets(text, number, net.alwaysIncludedSubnets)})`;
}

/** The address is one of the configured infrastructure hosts (resolvers, gateways, NTP, proxies). */
export function isInfrastructure(text: string, number: string, net: NetworkSettings): string {
  return inSubnets(text, number, net.infrastructureHosts);
}

/** The address is the organisation's. */
export function isInternal(text: string, number: string, net: NetworkSettings): string {
  return inSubnets(text, number, net.internalSubnets);
}

// ------------------------------------------------------------------ flow background knowledge

/**
 * UDP services that are background in either direction (the port on either side): DHCP 67/68, NTP 123, NetBIOS
 * name and datagram 137/138, DHCPv6 546/547, SSDP 1900, WS-Discovery 3702, mDNS 5353, LLMNR 5355.
 */
export const BACKGROUND_UDP_PORTS: readonly number[] = [67, 68, 123, 137, 138, 546, 547, 1900, 3702, 5353, 5355];

/** Time services on TCP or UDP besides NTP: Daytime 13 and TIME 37 (rdate) — clock sync, as NTP. */
export const BACKGROUND_TIME_PORTS: readonly number[] = [13, 37];

/**
 * VPN and NAT traversal: IKE 500 and IPsec NAT-T 4500, L2TP 1701, PPTP 1723, OpenVPN 1194, Teredo 3544, STUN/TURN
 * 3478/5349, WireGuard 51820. Periodic by design (keepalives, dead-peer detection, binding refreshes) and retried
 * without end when a firewall blocks them — on a small network no prevalence discounts either — so the beacon and
 * rare-contact detectors take them as the services they are. Not background: a flood or a scan of them is still one.
 */
export const VPN_TRAVERSAL_PORTS: readonly number[] = [500, 1194, 1701, 1723, 3478, 3544, 4500, 5349, 51820];

/** Public resolvers that many networks use directly: DNS to them is background. */
export const PUBLIC_RESOLVERS: readonly string[] = [
  '8.8.8.8',
  '8.8.4.4',
  '1.1.1.1',
  '1.0.0.1',
  '9.9.9.9',
  '149.112.112.112',
  '208.67.222.222',
  '208.67.220.220',
  '2001:4860:4860::8888',
  '2001:4860:4860::8844',
  '2606:4700:4700::1111',
  '2606:4700:4700::1001',
];

/** Ports an internal host serves to many internal clients when it is the network's DNS, DHCP or NTP server. */
export const INFRASTRUCTURE_SERVICE_PORTS: readonly number[] = [53, 67, 123, 547];

/** An internal host answering an infrastructure port for at least this many internal clients is infrastructure. */
export const DISCOVERED_INFRASTRUCTURE_MIN_CLIENTS = 3;

/** A host asking DNS of at least this many servers resolves recursively (a mail server's or a DC's resolver). */
export const RECURSIVE_RESOLVER_MIN_SERVERS = 20;

/**
 * Prevalence (RITA v5): the share of the network's hosts that contact a destination. At or above COMMON the
 * destination is common (a finding needs more than contact with it); at or below RARE it is rare. Prevalence means
 * something only in a population of at least PREVALENCE_MIN_HOSTS hosts.
 */
export const PREVALENCE_COMMON = 0.5;
export const PREVALENCE_RARE = 0.02;
export const PREVALENCE_MIN_HOSTS = 5;

const list = (values: readonly number[]): string => values.join(', ');

/**
 * The flow knowledge every flow detector starts from, as CTEs to put after `WITH` (the last one is `flows`):
 *
 * - `fe`: the day's flows;
 * - `af`: per distinct address (computed once, not per flow): internal (the organisation's, per the settings), bm
 *   (broadcast, multicast, unspecified), cfg (configured infrastructure), excl (never-included subnets);
 * - `population`: the network's hosts as the day shows them — its internal sources, or every source when the
 *   settings' subnets do not describe the capture (internal sources originate under half of the flows: a capture
 *   of public address space such as a university's or a testbed's);
 * - `served`: infrastructure discovered from the day — a host answering DNS, DHCP or NTP
 *   (INFRASTRUCTURE_SERVICE_PORTS) for ≥ DISCOVERED_INFRASTRUCTURE_MIN_CLIENTS population hosts, with that port;
 * - `prevalence`: per destination, the distinct population hosts contacting it (clients) and their share — of the
 *   population hosts that contact any outside host when the destination is outside (a host that never goes outside
 *   says nothing of how common an outside destination is: the Internet scanners that make most sources of a
 *   public capture, a printer), else of the whole population;
 * - `flows`: every flow with s_int/d_int, s_bm/d_bm, s_cfg/d_cfg, excluded (either side), `local_src` (the source
 *   is in the population), `external_dst` (the destination is neither internal nor broadcast/multicast nor a
 *   population host), `background` (a broadcast/multicast peer; configured infrastructure; discovered
 *   infrastructure on its service port, including a resolver or NTP server asking upstream on the port it serves;
 *   a host asking DNS of ≥ RECURSIVE_RESOLVER_MIN_SERVERS servers; a background UDP service on either port; a time
 *   service (BACKGROUND_TIME_PORTS); DNS to a resolver: internal, configured, discovered or public), `prevalence`,
 *   `dst_clients` and `common` (the destination is contacted by ≥ PREVALENCE_COMMON of a population of
 *   ≥ PREVALENCE_MIN_HOSTS). A flow with an always-included address on either side is never background nor
 *   common (`always`). Every flag depends on one side only, so `flows` joins each flow to two per-address tables
 *   (`src_side`, `dst_side`: one row per address) — never a table per (source, destination) pair, which on a large
 *   day is as big as the day and made the knowledge cost grow worse than the flows.
 *
 * `where` filters `fe` early (e.g. `tdur >= 3600`) — prevalence then counts the filtered flows only, so pass a
 * filter only when the detector does not read prevalence.
 * `fromDayTable`: `flows` is read from FLOW_DAY_TABLE, which day-tables.ts makes once per day from this same
 * definition (with no filter; `where` then filters the flows after the fact).
 */
/** The day table holding flowKnowledge's `flows` (day-tables.ts). */
export const FLOW_DAY_TABLE = 'day_flow_knowledge';

export function flowKnowledge(network: NetworkSettings, where = 'TRUE', fromDayTable = false): string {
  if (fromDayTable) {
    // The day's flows with their knowledge were computed once (day-tables.ts); `fe` is a plain filter of events.
    return `
    fe AS (
      SELECT ts, sip, dip, sport, dport, proto, flag, ipkt, ibyt, opkt, obyt, tdur
      FROM events WHERE sip IS NOT NULL AND dip IS NOT NULL AND (${where})
    ),
    flows AS (SELECT * FROM ${FLOW_DAY_TABLE} WHERE (${where}))`;
  }
  const resolvers = PUBLIC_RESOLVERS.map(sqlString).join(', ');
  return `
    fe AS (
      SELECT ts, sip, dip, sport, dport, proto, flag, ipkt, ibyt, opkt, obyt, tdur
      FROM events WHERE sip IS NOT NULL AND dip IS NOT NULL AND (${where})
    ),
    addr AS (
      SELECT a, count(*) AS uses FROM (SELECT sip AS a FROM fe UNION ALL SELECT dip AS a FROM fe) u GROUP BY a
    ),
    an AS (SELECT a, uses, ${ipv4Number('a')} AS n FROM addr),
    af AS (
      -- "uses > 0" (always true) ties each flag to the aggregate, so that an optimiser evaluates the flags once
      -- per address instead of pushing a filter on them down to every flow.
      SELECT a, uses > 0 AND ${isInternal('a', 'n', network)} AS internal,
        uses > 0 AND ${isBroadcastOrMulticast('a', 'n')} AS bm,
        uses > 0 AND ${isInfrastructure('a', 'n', network)} AS cfg, uses > 0 AND ${isExcluded('a', 'n', network)} AS excl,
        uses > 0 AND ${inSubnets('a', 'n', network.alwaysIncludedSubnets)} AS always
      FROM an
    ),
    srcs AS (SELECT sip, count(*) AS flows FROM fe GROUP BY sip),
    internal_srcs AS (
      SELECT sum(CASE WHEN af.internal THEN srcs.flows ELSE 0 END) / sum(srcs.flows) AS share
      FROM srcs JOIN af ON srcs.sip = af.a
    ),
    population AS (
      SELECT srcs.sip AS host FROM srcs JOIN af ON srcs.sip = af.a CROSS JOIN internal_srcs i
      WHERE NOT af.bm AND (af.internal OR COALESCE(i.share, 0) < 0.5)
    ),
    population_size AS (SELECT count(*) AS n FROM population),
    served AS (
      SELECT s.host, s.port FROM (
        SELECT dip AS host, dport AS port, sip AS client FROM fe WHERE dport IN (${list(INFRASTRUCTURE_SERVICE_PORTS)})
        UNION
        SELECT sip AS host, sport AS port, dip AS client FROM fe WHERE sport IN (${list(INFRASTRUCTURE_SERVICE_PORTS)})
      ) s JOIN population p ON s.client = p.host JOIN af ON s.host = af.a
      WHERE NOT af.bm
      GROUP BY s.host, s.port HAVING count(DISTINCT s.client) >= ${DISCOVERED_INFRASTRUCTURE_MIN_CLIENTS}
    ),
    recursing AS (
      SELECT sip AS host FROM fe WHERE dport = 53 GROUP BY sip HAVING count(DISTINCT dip) >= ${RECURSIVE_RESOLVER_MIN_SERVERS}
    ),
    sd AS (SELECT DISTINCT fe.sip, fe.dip FROM fe JOIN population p ON fe.sip = p.host),
    outside AS (
      SELECT af.a, (NOT af.internal AND NOT af.bm AND p.host IS NULL) AS outside_host
      FROM af LEFT JOIN population p ON af.a = p.host
    ),
    outgoing_size AS (
      SELECT count(DISTINCT sd.sip) AS n FROM sd JOIN outside o ON sd.dip = o.a WHERE o.outside_host
    ),
    prevalence AS (
      SELECT sd.dip, count(*) AS clients,
        count(*) / max(CASE WHEN o.outside_host THEN os.n ELSE ps.n END) AS share,
        max(CASE WHEN o.outside_host THEN os.n ELSE ps.n END) AS hosts
      FROM sd JOIN outside o ON sd.dip = o.a CROSS JOIN population_size ps CROSS JOIN outgoing_size os
      GROUP BY sd.dip
    ),
    src_side AS (
      SELECT af.a, af.internal, af.bm, af.cfg, af.excl, af.always, (p.host IS NOT NULL) AS local_src
      FROM af LEFT JOIN population p ON af.a = p.host
    ),
    dst_side AS (
      SELECT af.a, af.internal, af.bm, af.cfg, af.excl, af.always,
        (NOT af.internal AND NOT af.bm AND p.host IS NULL) AS external_dst,
        COALESCE(pv.share, 0) AS prevalence, COALESCE(pv.clients, 0) AS dst_clients,
        COALESCE(pv.hosts >= ${PREVALENCE_MIN_HOSTS} AND pv.share >= ${PREVALENCE_COMMON}, FALSE) AS widely_contacted
      FROM af LEFT JOIN population p ON af.a = p.host LEFT JOIN prevalence pv ON af.a = pv.dip
    ),
    flows AS (
      SELECT fe.*, sa.internal AS s_int, da.internal AS d_int, sa.bm AS s_bm, da.bm AS d_bm, sa.cfg AS s_cfg,
        da.cfg AS d_cfg, (sa.excl OR da.excl) AS excluded, sa.local_src, da.external_dst, da.prevalence,
        da.dst_clients, NOT (sa.always OR da.always) AND da.widely_contacted AS common,
        (sa.always OR da.always) AS always,
        NOT (sa.always OR da.always) AND (sa.bm OR da.bm OR sa.cfg OR da.cfg OR sv1.host IS NOT NULL OR sv2.host IS NOT NULL OR sv3.host IS NOT NULL
          OR (fe.dport = 53 AND rr.host IS NOT NULL)
          OR (fe.proto = 'UDP' AND (fe.sport IN (${list(BACKGROUND_UDP_PORTS)}) OR fe.dport IN (${list(BACKGROUND_UDP_PORTS)})))
          OR (fe.proto IN ('TCP', 'UDP') AND (fe.sport IN (${list(BACKGROUND_TIME_PORTS)}) OR fe.dport IN (${list(BACKGROUND_TIME_PORTS)})))
          OR (fe.dport = 53 AND (da.internal OR fe.dip IN (${resolvers})))
          OR (fe.sport = 53 AND (sa.internal OR fe.sip IN (${resolvers})))) AS background
      FROM fe
      JOIN src_side sa ON fe.sip = sa.a
      JOIN dst_side da ON fe.dip = da.a
      LEFT JOIN served sv1 ON fe.dip = sv1.host AND fe.dport = sv1.port
      LEFT JOIN served sv2 ON fe.sip = sv2.host AND fe.sport = sv2.port
      LEFT JOIN served sv3 ON fe.sip = sv3.host AND fe.dport = sv3.port
      LEFT JOIN recursing rr ON fe.sip = rr.host
    )`;
}
