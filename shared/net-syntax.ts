/**
 * Syntax of the network entries the detection settings hold (subnets, hosts, domains), checked where the settings
 * are validated so that a typo is named in the form instead of failing a scoring run. Pure (no Node): the renderer
 * and the main process share it. What is accepted is what the detectors can match (electron/core/detect/network.ts
 * parseCidr and inDomains): IPv4 addresses and CIDRs, IPv6 prefixes of at most 16 bits, plain domain names.
 */

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isIpv4(text: string): boolean {
  const match = IPV4.exec(text);
  return !!match && match.slice(1).every((octet) => Number(octet) <= 255);
}

/** A full IPv6 address (hex groups, one `::`, optionally a dotted-quad tail). */
function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const all = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  let count = all.length;
  const last = all.at(-1);
  if (last !== undefined && last.includes('.')) {
    if (!isIpv4(last)) return false;
    all.pop();
    count += 1; // a dotted quad fills two groups
  }
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/**
 * Why `text` is not a subnet or host the detectors can match, or null when it is: an IPv4 address (a /32), an IPv4
 * CIDR `a.b.c.d/n` (n 0–32), or an IPv6 prefix `x::/n` with n 1–16 and its first group written (`fe80::/10`).
 * The detectors match IPv6 on its first 16 bits, so a single IPv6 host or a longer prefix cannot be matched yet.
 */
export function subnetProblem(text: string): string | null {
  const value = text.trim();
  if (value === '') return 'is empty';
  const [address = '', bits, extra] = value.split('/');
  if (extra !== undefined) return 'is not an IP address or CIDR (one "/" at most)';
  if (!address.includes(':')) {
    if (!isIpv4(address)) return 'is not an IPv4 address or CIDR (a.b.c.d or a.b.c.d/n)';
    if (bits !== undefined && !(/^\d{1,2}$/.test(bits) && Number(bits) <= 32))
      return 'has an IPv4 prefix length that is not 0–32';
    return null;
  }
  if (!isIpv6(address)) return 'is not an IPv6 address or prefix (e.g. fd00::/8)';
  if (bits === undefined)
    return 'is a single IPv6 address; the detectors match IPv6 by prefixes of at most 16 bits (e.g. fd00::/8)';
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > 128) return 'has an IPv6 prefix length that is not 1–128';
  const n = Number(bits);
  if (n < 1 || n > 16)
    return `has a /${n} IPv6 prefix; the detectors match IPv6 by prefixes of 1 to 16 bits (e.g. 2001::/16, fd00::/8)`;
  if (address.startsWith(':')) return `must write its first group (e.g. 0::/${n}, not ::/${n})`;
  return null;
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/i;

/**
 * Why `text` is not a domain name the detectors can match, or null when it is: ASCII labels of letters, digits,
 * hyphens (and `_`, as in `_msdcs`) separated by dots, an optional final dot. A domain matches itself and every name
 * below it, so wildcards are refused with that explanation; internationalised names are written in punycode.
 */
export function domainProblem(text: string): string | null {
  const value = text.trim();
  if (value === '') return 'is empty';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.includes('/'))
    return 'is a URL or path; write the domain only (e.g. example.com)';
  if (value.includes('*')) {
    const bare = value.replace(/^(\*\.)+/, '');
    const example = bare.includes('*') || bare === '' ? 'example.com' : bare;
    return `has a wildcard; a domain already matches its subdomains (write ${example})`;
  }
  if (isIpv4(value) || value.includes(':')) return 'is an IP address; put addresses in the subnet lists';
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(value)) return 'is not ASCII; write internationalised names in punycode (xn--…)';
  const name = value.replace(/\.$/, '');
  if (name.length > 253) return 'is longer than 253 characters';
  if (!name.split('.').every((label) => LABEL.test(label)))
    return 'is not a domain name (labels of letters, digits and hyphens, separated by dots)';
  return null;
}

/** A domain as the detectors compare it: lower case, no final dot. */
export function normaliseDomain(text: string): string {
  return text.trim().toLowerCase().replace(/\.$/, '');
}
