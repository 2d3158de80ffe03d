/**
 * What the detectors know of a network, as SQL expressions: which addresses are the organisation's, which are
 * broadcast or multicast, which hosts the settings call infrastructure or exclude. Defaults need no
 * configuration (RFC 1918, CGNAT, link-local, ULA); settings refine them (RITA's `filtering` block is the anchor).
 * Expressions are plain SQL (CASE, split_part, LIKE, BETWEEN), valid in DuckDB and close to HiveQL, so the same
 * definition can later run where the data lives.
 */
import { sqlString } from '../pipeline/duck';
import type { NetworkSettings } from './types';

export const DEFAULT_NETWORK: NetworkSettings = {
  internalSubnets: [
    '10.0.0.0/8',
    '172.16.0.0/12',
    '192.168.0.0/16',
    '100.64.0.0/10',
    '169.254.0.0/16',
    'fc00::/7',
    'fe80::/10',
  ],
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
    else {
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
