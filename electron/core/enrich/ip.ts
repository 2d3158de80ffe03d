// IP address parsing shared by the enrichment modules. IPv4 is the Spot case (flow IPs, iploc ranges);
// IPv6 is tolerated: it parses to a bigint so context tables can hold IPv6 keys, and ipv4ToInt gives null.

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Strict dotted quad → unsigned 32-bit integer (o1·2^24 + o2·2^16 + o3·2^8 + o4), else null. */
export function ipv4ToInt(ip: string): number | null {
  const match = DOTTED_QUAD.exec(ip);
  if (match === null) return null;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = match[i] as string;
    // Leading zeros are ambiguous (inet_aton reads them as octal): refuse them.
    if (octet.length > 1 && octet.startsWith('0')) return null;
    const n = Number(octet);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

/** Unsigned 32-bit integer → dotted quad. */
export function intToIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** IPv6 text (RFC 4291 forms: `::`, embedded IPv4, optional `%zone`) → 128-bit bigint, else null. */
export function ipv6ToBigInt(ip: string): bigint | null {
  let text = ip;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (!text.includes(':')) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const groups: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as string;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = ipv4ToInt(piece);
        if (v4 === null) return null;
        groups.push(Math.floor(v4 / 65536), v4 & 0xffff);
      } else if (HEX_GROUP.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return groups;
  };
  const head = parseGroups(halves[0] as string);
  const tail = halves.length === 2 ? parseGroups(halves[1] as string) : [];
  if (head === null || tail === null) return null;
  // An embedded IPv4 may only end the address.
  if (halves.length === 2 && head.length > 0 && (halves[0] as string).includes('.')) return null;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return null;
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return value;
}

export function isValidIpv4(ip: string): boolean {
  return ipv4ToInt(ip) !== null;
}

export function isValidIpv6(ip: string): boolean {
  return ipv6ToBigInt(ip) !== null;
}

/** True for a strict IPv4 dotted quad or an IPv6 address. */
export function isValidIp(ip: string): boolean {
  return isValidIpv4(ip) || isValidIpv6(ip);
}

/** A parsed address: family plus its value in a common bigint space (IPv4 and IPv6 kept apart by family). */
export interface ParsedIp {
  family: 4 | 6;
  value: bigint;
}

export function parseIp(ip: string): ParsedIp | null {
  const v4 = ipv4ToInt(ip);
  if (v4 !== null) return { family: 4, value: BigInt(v4) };
  const v6 = ipv6ToBigInt(ip);
  if (v6 !== null) return { family: 6, value: v6 };
  return null;
}

export function familyBits(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}
