// Keys of context tables and reputation lists: a single IP, a CIDR block (masked to its network, so
// `10.1.2.3/8` means 10.0.0.0–10.255.255.255, unlike Spot which kept the unmasked start) or an `a-b` range.
import { familyBits, parseIp } from './ip';

export interface IpSpan {
  family: 4 | 6;
  start: bigint;
  end: bigint;
}

/** Parses an IP, CIDR or `a-b` key; returns a reason string when it is none of them. */
export function parseIpKey(key: string): IpSpan | string {
  const text = key.trim();
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const ip = parseIp(text.slice(0, slash));
    const prefixText = text.slice(slash + 1);
    if (ip === null) return `"${text}": "${text.slice(0, slash)}" is not an IP address`;
    const bits = familyBits(ip.family);
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return `"${text}": prefix length must be 0–${bits}`;
    const hostBits = BigInt(bits - Number(prefixText));
    const hostMask = (1n << hostBits) - 1n;
    const start = ip.value & ~hostMask;
    return { family: ip.family, start, end: start | hostMask };
  }
  const dash = text.indexOf('-');
  if (dash >= 0) {
    const from = parseIp(text.slice(0, dash).trim());
    const to = parseIp(text.slice(dash + 1).trim());
    if (from === null || to === null || from.family !== to.family)
      return `"${text}": a range must be two IP addresses of the same family, "first-last"`;
    if (from.value > to.value) return `"${text}": the range starts after it ends`;
    return { family: from.family, start: from.value, end: to.value };
  }
  const ip = parseIp(text);
  if (ip === null) return `"${text}" is not an IP address, CIDR block (a.b.c.d/n) or range (a-b)`;
  return { family: ip.family, start: ip.value, end: ip.value };
}
