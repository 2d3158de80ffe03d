/**
 * spot-ml's words in an analyst's terms: `explainWord` decodes a word feature by feature (the Why panel's decoded
 * word, stored at import), `describeWordBriefly` says it in one short phrase (a topic's typical words). Pure, used by
 * the core and the renderer. Word layouts: docs/ml.md §2 (spec ml.md §2).
 */
import type { Pipeline } from './schema';

export type WordPipeline = Pipeline;

export interface WordFeature {
  feature: string;
  value: string;
}

const ENTROPY_CUTS = [0.0, 0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.1, 2.4, 2.7, 3.0, 3.3, 3.6, 3.9, 4.2, 4.5, 4.8, 5.1, 5.4];

const PORT_NAMES: Record<number, string> = {
  20: 'FTP data',
  21: 'FTP',
  22: 'SSH',
  23: 'Telnet',
  25: 'SMTP',
  53: 'DNS',
  67: 'DHCP',
  68: 'DHCP',
  69: 'TFTP',
  80: 'HTTP',
  88: 'Kerberos',
  110: 'POP3',
  123: 'NTP',
  135: 'MS RPC',
  137: 'NetBIOS',
  138: 'NetBIOS',
  139: 'NetBIOS',
  143: 'IMAP',
  161: 'SNMP',
  162: 'SNMP trap',
  389: 'LDAP',
  443: 'HTTPS',
  445: 'SMB',
  465: 'SMTPS',
  514: 'syslog',
  587: 'SMTP submission',
  636: 'LDAPS',
  993: 'IMAPS',
  995: 'POP3S',
  1433: 'MS SQL',
  1521: 'Oracle',
  3306: 'MySQL',
  3389: 'RDP',
  4444: 'often Metasploit',
  5432: 'PostgreSQL',
  5900: 'VNC',
  6667: 'IRC',
  8080: 'HTTP alternate',
  8443: 'HTTPS alternate',
};

const DNS_TYPES: Record<number, string> = {
  [-1]: 'unknown',
  1: 'A',
  2: 'NS',
  5: 'CNAME',
  6: 'SOA',
  10: 'NULL',
  12: 'PTR',
  13: 'HINFO',
  15: 'MX',
  16: 'TXT',
  28: 'AAAA',
  33: 'SRV',
  35: 'NAPTR',
  43: 'DS',
  46: 'RRSIG',
  48: 'DNSKEY',
  52: 'TLSA',
  64: 'SVCB',
  65: 'HTTPS',
  99: 'SPF',
  252: 'AXFR',
  255: 'ANY',
};

const DNS_RCODES: Record<number, string> = {
  [-1]: 'unknown',
  0: 'NoError',
  1: 'FormErr (malformed query)',
  2: 'ServFail (server failure)',
  3: 'NXDomain (name does not exist)',
  4: 'NotImp (not implemented)',
  5: 'Refused',
};

const HTTP_CODES: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No Content',
  '206': 'Partial Content',
  '301': 'Moved Permanently',
  '302': 'Found (redirect)',
  '304': 'Not Modified',
  '400': 'Bad Request',
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '404': 'Not Found',
  '407': 'Proxy Authentication Required',
  '500': 'Internal Server Error',
  '502': 'Bad Gateway',
  '503': 'Service Unavailable',
  '504': 'Gateway Timeout',
};

const plural = (n: number, unit: string): string => `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;

/** ceil(log2(x + 1)) = b ⇔ x in [2^(b−1), 2^b − 1] (b = 0 ⇔ x = 0). */
function ceilLog2Range(bin: number, unit: string): string {
  if (!Number.isFinite(bin)) return 'unknown';
  if (bin <= 0) return `0 ${unit}s`;
  const lo = 2 ** (bin - 1);
  const hi = 2 ** bin - 1;
  return lo === hi ? plural(lo, unit) : `${lo.toLocaleString('en-US')}–${hi.toLocaleString('en-US')} ${unit}s`;
}

/** floor(log2(x)) = b ⇔ x in [2^b, 2^(b+1) − 1] (b = 0 also covers 0 and 1). */
function log2Range(bin: number, unit: string): string {
  if (!Number.isFinite(bin)) return 'unknown';
  if (bin <= 0) return `0–1 ${unit}s`;
  return `${(2 ** bin).toLocaleString('en-US')}–${(2 ** (bin + 1) - 1).toLocaleString('en-US')} ${unit}s`;
}

function entropyRange(bin: number): string {
  if (!Number.isFinite(bin) || bin < 0) return 'unknown';
  if (bin === 0) return '0 bits (one repeated character or empty)';
  const lo = ENTROPY_CUTS[bin - 1];
  const hi = ENTROPY_CUTS[bin];
  const level = bin >= 15 ? 'very high, random-looking' : bin >= 12 ? 'high' : bin >= 8 ? 'moderate' : 'low';
  return hi === undefined ? `above ${lo} bits (${level})` : `${lo}–${hi} bits (${level})`;
}

function hourText(hour: number): string {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) return 'unknown';
  const pad = String(hour).padStart(2, '0');
  return `${pad}:00–${pad}:59`;
}

function domainClass(code: string, own: string): string {
  if (code === '2') return own;
  if (code === '1') return 'a popular domain (top-domains list)';
  if (code === '0') return 'not a popular domain';
  return 'unknown';
}

function portText(port: number): string {
  const name = PORT_NAMES[port];
  return name ? `${port} (${name})` : String(port);
}

function explainFlow(word: string): WordFeature[] {
  const parts = word.split('_');
  const serverSide = parts[0] === '-1';
  if (serverSide) parts.shift();
  if (parts.length < 5) return [{ feature: 'word', value: word }];
  const packets = Number(parts.pop());
  const bytes = Number(parts.pop());
  const hour = Number(parts.pop());
  const portPart = parts.shift() as string;
  const proto = parts.join('_');
  const out: WordFeature[] = [];
  if (portPart === '0') out.push({ feature: 'ports', value: 'both ports are 0 (e.g. ICMP or fragments)' });
  else if (portPart === '111111') out.push({ feature: 'ports', value: 'both ports ≤ 1024 (service to service)' });
  else if (portPart === '333333')
    out.push({ feature: 'ports', value: 'both ports > 1024 (no well-known service port)' });
  else {
    out.push({ feature: 'service port', value: portText(Number(portPart)) });
    out.push({
      feature: 'role of this IP',
      value: serverSide ? 'it used the service port (server side)' : 'it contacted the service port (client side)',
    });
  }
  out.push({ feature: 'protocol', value: proto });
  out.push({ feature: 'hour', value: hourText(hour) });
  out.push({ feature: 'bytes in', value: ceilLog2Range(bytes, 'byte') });
  out.push({ feature: 'packets in', value: ceilLog2Range(packets, 'packet') });
  return out;
}

function explainDns(word: string): WordFeature[] {
  const p = word.split('_');
  if (p.length !== 8) return [{ feature: 'word', value: word }];
  const [td, len, hour, sub, ent, parts, type, rcode] = p as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const typeName = DNS_TYPES[Number(type)];
  const rcodeName = DNS_RCODES[Number(rcode)];
  return [
    { feature: 'domain', value: domainClass(td, "the organisation's own domain (USER_DOMAIN)") },
    { feature: 'frame length', value: log2Range(Number(len), 'byte') },
    { feature: 'hour', value: hourText(Number(hour)) },
    {
      feature: 'subdomain length',
      value: Number(sub) === 0 ? '0–1 characters (or none)' : log2Range(Number(sub), 'character'),
    },
    { feature: 'subdomain entropy', value: entropyRange(Number(ent)) },
    { feature: 'labels in the name', value: log2Range(Number(parts), 'label') },
    { feature: 'query type', value: typeName ? `${typeName} (${type})` : type },
    { feature: 'response code', value: rcodeName ? `${rcodeName} (${rcode})` : rcode },
  ];
}

/** A proxy word's last part is the response code (or Spot's `unknown_response_code`): split it off, once for both
 * readings of the word. `code` is null when the word has none. */
function splitProxyResponse(word: string): { rest: string; code: string | null } {
  const UNKNOWN = '_unknown_response_code';
  if (word.endsWith(UNKNOWN)) return { rest: word.slice(0, -UNKNOWN.length), code: null };
  const at = word.lastIndexOf('_');
  const code = word.slice(at + 1);
  return { rest: word.slice(0, at), code: HTTP_CODES[code] ? `${code} ${HTTP_CODES[code]}` : code };
}

function explainProxy(word: string): WordFeature[] {
  const { rest, code } = splitProxyResponse(word);
  const resp = code ?? 'unknown (no response code)';
  const p = rest.split('_');
  if (p.length < 7) return [{ feature: 'word', value: word }];
  const uriLen = Number(p.pop());
  const agent = Number(p.pop());
  const [td, hour, method, ent] = p.splice(0, 4) as [string, string, string, string];
  const ctype = p.join('_');
  const agentBin = agent;
  return [
    { feature: 'host', value: domainClass(td, 'a safe domain (configured)') },
    { feature: 'hour', value: hourText(Number(hour)) },
    { feature: 'method', value: method },
    { feature: 'URI entropy', value: entropyRange(Number(ent)) },
    { feature: 'content type', value: ctype === '-' ? 'none' : ctype },
    {
      feature: 'user agent',
      value: `${agentBin <= 0 ? 'seen in 1 request of the day (rare)' : `seen in ${log2Range(agentBin, 'request')} of the day`}`,
    },
    { feature: 'URI length', value: log2Range(uriLen, 'character') },
    { feature: 'response', value: resp },
  ];
}

const EXPLAIN: Record<WordPipeline, (word: string) => WordFeature[]> = {
  flow: explainFlow,
  dns: explainDns,
  proxy: explainProxy,
};

/** Plain-language features of a word; an unparseable word comes back as itself. */
export function explainWord(pipeline: WordPipeline, word: string): WordFeature[] {
  if (word === 'word_error') return [{ feature: 'word', value: 'the event could not be turned into a word' }];
  return EXPLAIN[pipeline](word);
}

/** ceil(log2(x + 1)) bins as "8–15" (for "8–15 packets"), floor(log2(x)) bins as "4–7" (for "4–7-character"). */
const log2Span = (bin: number): string =>
  bin <= 0 ? '0–1' : `${(2 ** bin).toLocaleString('en-US')}–${(2 ** (bin + 1) - 1).toLocaleString('en-US')}`;
const hourShort = (hour: number): string =>
  Number.isInteger(hour) && hour >= 0 && hour <= 23 ? `${String(hour).padStart(2, '0')}h` : 'an unknown hour';
/** "moderate" of "2.4–2.7 bits (moderate)". */
const entropyLevel = (bin: number): string => /\(([^)]*)\)$/.exec(entropyRange(bin))?.[1] ?? 'unknown';
/** "NXDomain" of "NXDomain (name does not exist)". */
const shortName = (name: string | undefined, code: string): string => (name ? name.replace(/ \(.*\)$/, '') : code);
const popularity = (code: string, own: string, noun: string): string =>
  `${code === '2' ? own : code === '1' ? 'popular' : code === '0' ? 'unpopular' : 'unknown'} ${noun}`;

function briefFlow(word: string): string {
  const parts = word.split('_');
  const serverSide = parts[0] === '-1';
  if (serverSide) parts.shift();
  if (parts.length < 5) return word;
  const packets = Number(parts.pop());
  const bytes = Number(parts.pop());
  const hour = Number(parts.pop());
  const portPart = parts.shift()!;
  const ports: Record<string, string> = {
    '0': 'without ports',
    '111111': 'between two ports ≤ 1024',
    '333333': 'between two high ports',
  };
  const port = ports[portPart] ?? `${serverSide ? 'served on' : 'to'} port ${portText(Number(portPart))}`;
  return `${parts.join('_')} ${port} at ${hourShort(hour)}, ${ceilLog2Range(bytes, 'byte')} in ${ceilLog2Range(packets, 'packet')}`;
}

function briefDns(word: string): string {
  const p = word.split('_');
  if (p.length !== 8) return word;
  const [td, , hour, sub, ent, , type, rcode] = p as string[] as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const subdomain =
    Number(sub) === 0
      ? 'no subdomain'
      : `${log2Span(Number(sub))}-character subdomain of ${entropyLevel(Number(ent))} entropy`;
  return (
    `${shortName(DNS_TYPES[Number(type)], type)} → ${shortName(DNS_RCODES[Number(rcode)], rcode)}, ` +
    `${popularity(td, 'own', 'domain')}, ${subdomain}, at ${hourShort(Number(hour))}`
  );
}

function briefProxy(word: string): string {
  const { rest, code } = splitProxyResponse(word);
  const resp = code ?? 'no response code';
  const p = rest.split('_');
  if (p.length < 7) return word;
  const uriLen = Number(p.pop());
  const agent = Number(p.pop());
  const [td, hour, method, ent] = p.splice(0, 4) as [string, string, string, string];
  const ctype = p.join('_');
  const agentText = agent <= 0 ? 'user agent in 1 request (rare)' : `user agent in ${log2Span(agent)} requests`;
  return (
    `${method} → ${resp}, ${ctype === '-' ? 'no content type' : ctype}, ${popularity(td, 'safe', 'host')}, ` +
    `${log2Span(uriLen)}-character URI of ${entropyLevel(Number(ent))} entropy, ${agentText}, at ${hourShort(Number(hour))}`
  );
}

const BRIEF: Record<WordPipeline, (word: string) => string> = { flow: briefFlow, dns: briefDns, proxy: briefProxy };

/** A word in one short phrase ("UDP to port 23 (Telnet) at 12h, 128–255 bytes in 2–3 packets"); a word it cannot
 * read comes back as itself. */
export function describeWordBriefly(pipeline: WordPipeline, word: string): string {
  if (word === 'word_error') return word;
  return BRIEF[pipeline](word);
}
