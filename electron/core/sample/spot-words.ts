/**
 * spot-ml's word builders (/work/shared/spec/ml.md §2), used by the interim rarity scorer. They follow the Scala
 * code's arithmetic (log10 ratios, entropy bins, DomainProcessor's domain split) so the words match spot-ml's.
 */

/** `floor(log10(x)/log10(2))` as spot-ml computes it; 0 for x <= 1. */
export function log2i(x: number): number {
  if (x <= 1) return 0;
  return Math.trunc(Math.floor(Math.log10(x) / Math.log10(2)));
}

/** `ceil(log2(x))`, 0 for x <= 1. */
export function ceilLog2(x: number): number {
  if (x <= 1) return 0;
  return Math.ceil(Math.log(x) / Math.log(2));
}

/** Shannon entropy in bits over the characters of `text`; 0 for the empty string. */
export function entropy(text: string): number {
  if (text.length === 0) return 0;
  // ASCII fast path (URIs and DNS names); anything else counts by code point.
  const ascii = new Uint32Array(128);
  let other: Map<number, number> | null = null;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i) as number;
    if (code > 0xffff) i++;
    n++;
    if (code < 128) ascii[code]! += 1;
    else (other ??= new Map()).set(code, (other.get(code) ?? 0) + 1);
  }
  let h = 0;
  const add = (c: number): void => {
    if (c === 0) return;
    const p = c / n;
    h -= p * Math.log2(p);
  };
  for (let i = 0; i < 128; i++) add(ascii[i] as number);
  if (other) for (const c of other.values()) add(c);
  return h;
}

export const ENTROPY_CUTS: readonly number[] = [
  0.0,
  0.3,
  0.6,
  0.9,
  1.2,
  1.5,
  1.8,
  2.1,
  2.4,
  2.7,
  3.0,
  3.3,
  3.6,
  3.9,
  4.2,
  4.5,
  4.8,
  5.1,
  5.4,
  Infinity,
];

/** Index of the first cut >= value. */
export function bin(value: number, cuts: readonly number[]): number {
  for (let i = 0; i < cuts.length; i++) if ((cuts[i] as number) >= value) return i;
  return cuts.length - 1;
}

// DomainProcessor's country-code list: the ISO/IANA two-letter ccTLDs plus "" (a trailing dot).
const COUNTRY_CODES = new Set([
  '',
  ...`ac ad ae af ag ai al am an ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo bq br bs bt bv bw
  by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg eh er es et eu fi fj fk
  fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it
  je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo
  mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py
  qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn
  to tp tr tt tv tw tz ua ug uk um us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw`
    .trim()
    .split(/\s+/),
]);
const GENERIC_TLDS = new Set(['com', 'org', 'net', 'int', 'edu', 'gov', 'mil']);

export interface DomainParts {
  /** The registered label, e.g. `google` for `www.google.co.uk`, or `None`. */
  domain: string;
  /** The labels before it joined by `.`, or `None`. */
  subdomain: string;
  numParts: number;
}

/** DomainProcessor.extractDomainInfo: strip a country code, then a generic TLD; the next label is the domain. */
export function splitDomain(name: string): DomainParts {
  const parts = name.split('.');
  const numParts = parts.length;
  const last = parts[numParts - 1] as string;
  if (numParts >= 2 && !name.endsWith('.in-addr.arpa') && (COUNTRY_CODES.has(last) || GENERIC_TLDS.has(last))) {
    let end = numParts;
    if (COUNTRY_CODES.has(parts[end - 1] as string)) end--;
    if (end > 0 && GENERIC_TLDS.has(parts[end - 1] as string)) end--;
    if (end > 0) return { domain: parts[end - 1] as string, subdomain: parts.slice(0, end - 1).join('.'), numParts };
  }
  return { domain: 'None', subdomain: 'None', numParts };
}

/** 2 = the organisation's own domain, 1 = a top domain, 0 = anything else. */
export function topDomainClass(domain: string, userDomain: string, topDomains: ReadonlySet<string>): number {
  if (userDomain !== '' && domain === userDomain) return 2;
  return topDomains.has(domain) ? 1 : 0;
}

export interface FlowWordInput {
  trhour: number;
  sport: number;
  dport: number;
  proto: string;
  ibyt: number;
  ipkt: number;
}

/** FlowWordCreator: the word added to the source IP's document and the one added to the destination's. */
export function flowWords(row: FlowWordInput): { src: string; dst: string } {
  const tail = `${row.proto}_${row.trhour}_${ceilLog2(row.ibyt + 1)}_${ceilLog2(row.ipkt + 1)}`;
  const { sport, dport } = row;
  if (sport === 0 && dport === 0) return { src: `0_${tail}`, dst: `0_${tail}` };
  if (dport === 0) return { src: `-1_${sport}_${tail}`, dst: `${sport}_${tail}` };
  if (sport === 0) return { src: `${dport}_${tail}`, dst: `-1_${dport}_${tail}` };
  if (sport <= 1024 && dport <= 1024) return { src: `111111_${tail}`, dst: `111111_${tail}` };
  if (sport <= 1024) return { src: `-1_${sport}_${tail}`, dst: `${sport}_${tail}` };
  if (dport <= 1024) return { src: `${dport}_${tail}`, dst: `-1_${dport}_${tail}` };
  return { src: `333333_${tail}`, dst: `333333_${tail}` };
}

/** The hour of a tshark frame_time: the 4th space-separated token up to its first colon. */
export function frameTimeHour(frameTime: string): number {
  const token = frameTime.split(/ +/)[3] ?? '';
  return Number.parseInt(token.split(':')[0] ?? '', 10);
}

export interface DnsWordInput {
  frameTime: string;
  frameLen: number;
  name: string;
  qtype: number;
  rcode: number;
}

export function dnsWord(row: DnsWordInput, userDomain: string, topDomains: ReadonlySet<string>): string {
  const { domain, subdomain, numParts } = splitDomain(row.name);
  const sub = subdomain === 'None' ? '' : subdomain;
  return [
    topDomainClass(domain, userDomain, topDomains),
    log2i(row.frameLen),
    frameTimeHour(row.frameTime),
    log2i(sub.length),
    bin(entropy(sub), ENTROPY_CUTS),
    log2i(numParts),
    row.qtype,
    row.rcode,
  ].join('_');
}

export interface ProxyWordInput {
  host: string;
  pTime: string;
  reqmethod: string;
  fulluri: string;
  resconttype: string;
  /** Rows of the day with this row's user agent. */
  userAgentCount: number;
  respcode: string | null;
}

/** ProxyWordCreation. topDomain is 2 only for `intel` (hard-coded in spot-ml), never for USER_DOMAIN. */
export function proxyWord(row: ProxyWordInput, topDomains: ReadonlySet<string>): string {
  const { domain } = splitDomain(row.host);
  return [
    topDomainClass(domain, 'intel', topDomains),
    Number.parseInt(row.pTime.split(':')[0] ?? '', 10),
    row.reqmethod,
    bin(entropy(row.fulluri), ENTROPY_CUTS),
    row.resconttype.split('/')[0],
    log2i(row.userAgentCount),
    log2i(row.fulluri.length),
    row.respcode ?? 'unknown_response_code',
  ].join('_');
}
