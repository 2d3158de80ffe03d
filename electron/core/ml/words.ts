/**
 * spot-ml's word construction (spec ml.md §2), one pure function per pipeline. A "word" is the
 * discretised description of one event; LDA treats each IP as a document of such words.
 * The numeric helpers reproduce spot-ml's MathUtils/Entropy exactly, float quirks included.
 */
import { frameTimeHour } from '../parse/frame-time';
import { NO_DOMAIN, splitDomain, type DomainSplit } from './domain';

export const WORD_ERROR = 'word_error';

/** MathUtils.logBaseXInt(x, 2): floor via truncation of log10(x)/log10(2); 0 for x = 0. */
export function log2i(x: number): number {
  if (x === 0) return 0;
  return Math.trunc(Math.log10(x) / Math.log10(2));
}

/** MathUtils.ceilLog2. */
export function ceilLog2(x: number): number {
  return Math.ceil(Math.log10(x) / Math.log10(2));
}

/** EntropyCuts of the DNS and proxy models: 0.0, 0.3, …, 5.4, +∞ (bins 0–19). */
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

/** MathUtils.bin: index of the first cut ≥ value (-1 if none). */
export function bin(value: number, cuts: readonly number[]): number {
  for (let i = 0; i < cuts.length; i++) if (value <= (cuts[i] as number)) return i;
  return -1;
}

/** Shannon entropy in bits of the characters of s (UTF-16 code units, as the JVM counts them). */
export function entropy(s: string): number {
  const length = s.length;
  if (length === 0) return 0;
  // Counts in a reused table instead of a Map per call (it runs once per proxy row); the terms are summed in the
  // order the characters first occur, as the Map's iteration did, so the result is the same double.
  if (entropySeen.length < length) entropySeen = new Uint16Array(Math.max(length, entropySeen.length * 2));
  let distinct = 0;
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i);
    if (entropyCounts[c] === 0) entropySeen[distinct++] = c;
    entropyCounts[c]! += 1;
  }
  let h = 0;
  for (let j = 0; j < distinct; j++) {
    const c = entropySeen[j] as number;
    const p = (entropyCounts[c] as number) / length;
    entropyCounts[c] = 0;
    h += (-p * Math.log10(p)) / LOG10_2; // Entropy.stringEntropy's exact formula
  }
  return h;
}
const LOG10_2 = Math.log10(2);
/** entropy's scratch: a count per UTF-16 code unit (all zero between calls) and the units seen, in order. */
const entropyCounts = new Int32Array(65536);
let entropySeen = new Uint16Array(256);

// ---------------------------------------------------------------- flow

export interface FlowWordInput {
  hour: number;
  sport: number;
  dport: number;
  proto: string;
  ibyt: number;
  ipkt: number;
}

export interface FlowWords {
  /** Added to the source IP's document. */
  src: string;
  /** Added to the destination IP's document. */
  dst: string;
}

const LOW_TO_LOW = '111111';
const HIGH_TO_HIGH = '333333';

/** FlowWordCreator.flowWords: the low ("service") port is kept; the side that used it gets "-1_". */
export function flowWords(e: FlowWordInput): FlowWords {
  const tail = `${e.proto}_${e.hour}_${ceilLog2(e.ibyt + 1)}_${ceilLog2(e.ipkt + 1)}`;
  const { sport, dport } = e;
  if (sport === 0 && dport === 0) return same(`0_${tail}`);
  if (dport === 0 && sport > 0) return srcService(sport, tail);
  if (sport === 0 && dport > 0) return dstService(dport, tail);
  if (sport <= 1024 && dport <= 1024) return same(`${LOW_TO_LOW}_${tail}`);
  if (sport <= 1024 && dport > 1024) return srcService(sport, tail);
  if (sport > 1024 && dport <= 1024) return dstService(dport, tail);
  return same(`${HIGH_TO_HIGH}_${tail}`);
}

/**
 * A number that determines the flow words exactly: the port case with only the ports that appear in the word,
 * the protocol id, the hour and both bins. Lets the scorer intern each distinct word pair once instead of
 * building two strings per event. protoId < 256, hour < 24, bins < 64 (any 64-bit byte count fits).
 */
export function flowWordKey(
  sport: number,
  dport: number,
  protoId: number,
  hour: number,
  ibyt: number,
  ipkt: number,
): number {
  let portCode: number;
  if (sport === 0 && dport === 0) portCode = 0;
  else if (dport === 0 && sport > 0) portCode = 1 + sport;
  else if (sport === 0 && dport > 0) portCode = 65537 + dport;
  else if (sport <= 1024 && dport <= 1024) portCode = 131073;
  else if (sport <= 1024 && dport > 1024) portCode = 131074 + sport;
  else if (sport > 1024 && dport <= 1024) portCode = 132099 + dport;
  else portCode = 133124;
  const bins = ceilLog2(ibyt + 1) * 64 + ceilLog2(ipkt + 1);
  return ((portCode * 256 + protoId) * 24 + hour) * 4096 + bins;
}

function same(word: string): FlowWords {
  return { src: word, dst: word };
}
function srcService(port: number, tail: string): FlowWords {
  return { src: `-1_${port}_${tail}`, dst: `${port}_${tail}` };
}
function dstService(port: number, tail: string): FlowWords {
  return { src: `${port}_${tail}`, dst: `-1_${port}_${tail}` };
}

// ---------------------------------------------------------------- dns

/**
 * Hour of a tshark frame_time, with or without the comma after the day (NaN if it is not one, which makes the
 * row's word word_error). spot-ml takes the 4th space-separated token up to the first ':'; that is this hour for
 * every frame_time the parser accepts, and the OA import parses the column with the same parser.
 */
export function dnsHour(frameTime: string): number {
  return frameTimeHour(frameTime);
}

/** Hour of a proxy p_time `HH:MM:SS` (NaN if not an int). */
export function proxyHour(pTime: string): number {
  const colon = pTime.indexOf(':');
  return parseJavaInt(colon < 0 ? pTime : pTime.slice(0, colon));
}

/** Integer.parseInt: optional sign and digits only, anything else is NaN. */
export function parseJavaInt(s: string): number {
  return /^[+-]?\d+$/.test(s) ? Number.parseInt(s, 10) : NaN;
}

export interface DomainContext {
  /** First labels of the top-domains list (google.com → google). */
  topDomains: ReadonlySet<string>;
}

export interface DnsWordInput {
  frameTime: string;
  frameLen: number;
  queryName: string;
  /** dns_qry_type, -1 when null. */
  queryType: number;
  /** dns_qry_rcode, -1 when null. */
  queryRcode: number;
}

/** The domain class: 2 = the organisation's own domain, 1 = a top domain, 0 = other. */
export function dnsTopDomainClass(domain: string, userDomain: string, topDomains: ReadonlySet<string>): number {
  if (userDomain !== '' && domain === userDomain) return 2;
  return topDomains.has(domain) ? 1 : 0;
}

/**
 * A query name's split and subdomain entropy, remembered per name: a DNS day repeats its names (1M queries, 33k
 * names on the bench day). Cleared when it grows past NAME_CACHE_LIMIT, so a day of unique names costs no more
 * memory than its rows.
 */
function nameParts(queryName: string): { split: DomainSplit; subEntropy: number } {
  let parts = nameCache.get(queryName);
  if (parts === undefined) {
    if (nameCache.size >= NAME_CACHE_LIMIT) nameCache.clear();
    const split = splitDomain(queryName);
    parts = { split, subEntropy: split.subdomain !== NO_DOMAIN ? entropy(split.subdomain) : 0 };
    nameCache.set(queryName, parts);
  }
  return parts;
}
const NAME_CACHE_LIMIT = 100_000;
const nameCache = new Map<string, { split: DomainSplit; subEntropy: number }>();

/** DNSWordCreation.dnsWord (1.0). userDomain is the bare label (USER_DOMAIN, e.g. "intel"). */
export function dnsWord(e: DnsWordInput, ctx: DomainContext & { userDomain: string }): string {
  return dnsWordParts(e, ctx).word;
}

/** dnsWord plus the domain split and subdomain entropy it used (the detections reuse them). */
export function dnsWordParts(
  e: DnsWordInput,
  ctx: DomainContext & { userDomain: string },
): { word: string; split: DomainSplit; subEntropy: number } {
  const { split, subEntropy } = nameParts(e.queryName);
  const { domain, subdomain, numParts } = split;
  const subLength = subdomain !== NO_DOMAIN ? subdomain.length : 0;
  const hour = dnsHour(e.frameTime);
  if (Number.isNaN(hour)) return { word: WORD_ERROR, split, subEntropy };
  const word = [
    dnsTopDomainClass(domain, ctx.userDomain, ctx.topDomains),
    log2i(e.frameLen),
    hour,
    log2i(subLength),
    bin(subEntropy, ENTROPY_CUTS),
    log2i(numParts),
    e.queryType,
    e.queryRcode,
  ].join('_');
  return { word, split, subEntropy };
}

// ---------------------------------------------------------------- proxy

/** spot-ml hard-codes "intel" as the proxy safe domain; Spot Desk makes the list configurable. */
export const SPOT_PROXY_SAFE_DOMAINS: readonly string[] = ['intel'];

export function proxyTopDomainClass(host: string, safeDomains: ReadonlySet<string>, top: ReadonlySet<string>): number {
  const domain = hostDomain(host);
  if (safeDomains.has(domain)) return 2;
  return top.has(domain) ? 1 : 0;
}

export interface ProxyWordInput {
  host: string;
  pTime: string;
  /** null is rendered "null", as Scala's mkString does. */
  reqMethod: string | null;
  fullUri: string;
  /** resconttype with null already replaced by "-". */
  contentType: string;
  /** How many rows of the corpus carry this row's user agent. */
  userAgentCount: number;
  /** respcode, null → "unknown_response_code". */
  respCode: string | null;
}

/**
 * splitDomain(host).domain, remembered per host: a day has far fewer hosts than rows (the cache is cleared when it
 * grows past HOST_CACHE_LIMIT, so a day of random hosts costs no more memory than the rows' own strings).
 */
function hostDomain(host: string): string {
  let domain = hostDomains.get(host);
  if (domain === undefined) {
    if (hostDomains.size >= HOST_CACHE_LIMIT) hostDomains.clear();
    domain = splitDomain(host).domain;
    hostDomains.set(host, domain);
  }
  return domain;
}
const HOST_CACHE_LIMIT = 100_000;
const hostDomains = new Map<string, string>();

/** The part of a proxy word before the user-agent bin: topDomain_hour_method_entropyBin_ctype. */
export function proxyWordHead(e: Omit<ProxyWordInput, 'userAgentCount' | 'respCode'>, ctx: ProxyWordContext): string {
  const hour = proxyHour(e.pTime);
  if (Number.isNaN(hour)) return WORD_ERROR;
  return [
    proxyTopDomainClass(e.host, ctx.safeDomains, ctx.topDomains),
    hour,
    e.reqMethod ?? 'null',
    bin(entropy(e.fullUri), ENTROPY_CUTS),
    contentTypeClass(e.contentType),
  ].join('_');
}

/** The part after the user-agent bin: uriLengthBin_respcode. */
export function proxyWordTail(fullUri: string, respCode: string | null): string {
  return `${log2i(fullUri.length)}_${respCode ?? 'unknown_response_code'}`;
}

/** Joins head, user-agent bin and tail; a word_error head stays word_error. */
export function proxyWordJoin(head: string, userAgentCount: number, tail: string): string {
  if (head === WORD_ERROR) return WORD_ERROR;
  return `${head}_${log2i(userAgentCount)}_${tail}`;
}

export interface ProxyWordContext extends DomainContext {
  /** Domains (bare labels) that get class 2. spot-ml: ["intel"]. */
  safeDomains: ReadonlySet<string>;
}

/** ProxyWordCreation.proxyWord. */
export function proxyWord(e: ProxyWordInput, ctx: ProxyWordContext): string {
  return proxyWordJoin(proxyWordHead(e, ctx), e.userAgentCount, proxyWordTail(e.fullUri, e.respCode));
}

/** `contentType.split('/')[0]`, Java semantics: "" and "/" have no first element. */
function contentTypeClass(contentType: string): string {
  const slash = contentType.indexOf('/');
  if (slash < 0) return contentType;
  // Java's split drops trailing empties, so "/" gives an empty array → spot-ml's fallback ("" gives [""]).
  if (slash === 0) {
    let i = 1;
    while (i < contentType.length && contentType.charCodeAt(i) === 47) i++;
    if (i === contentType.length) return 'unknown_content_type';
  }
  return contentType.slice(0, slash);
}
