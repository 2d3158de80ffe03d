import type { Pipeline } from '../../../shared/schema';

/** The fixed day of the bundled sample. */
export const SAMPLE_DATE = '2026-11-24';

/** The sample organisation (fictional). DNS words use the bare label (`northwindtraders`) as USER_DOMAIN. */
export const SAMPLE_ORG = {
  name: 'Northwind Traders',
  domain: 'northwindtraders.com',
  adDomain: 'corp.northwindtraders.com',
  userDomainLabel: 'northwindtraders',
  netbios: 'NORTHWIND',
} as const;

/**
 * Identifies a scenario's raw rows: every `equals` column has exactly that value and every `endsWith` column
 * ends with that text. Column names are Spot's (shared/schema.ts); results rows carry the same names.
 */
export interface ScenarioRowSelector {
  pipeline: Pipeline;
  /** Some of these rows are among the 3000 lowest-scored rows of the pipeline's results (tested). */
  inTopResults: boolean;
  equals: Readonly<Record<string, string>>;
  endsWith?: Readonly<Record<string, string>>;
}

export interface SampleScenario {
  id: 'c2_beacon' | 'dns_tunnel' | 'dga' | 'http_exfil' | 'port_scan' | 'malware_download';
  title: string;
  description: string;
  /** `HH:MM:SS` of the first and last injected event (UTC, the sample's timezone). */
  start: string;
  end: string;
  internalIps: readonly string[];
  externalIps: readonly string[];
  domains: readonly string[];
  /** fulluri values (host + path + query, as Spot builds them). */
  uris: readonly string[];
  /** Raw rows that belong to the scenario (also matches the scored results rows). */
  rows: readonly ScenarioRowSelector[];
}

/** The C2 host, the C2 IP and the malware host; referenced by the reputation list too. */
export const C2_VICTIM = '10.10.7.43';
export const C2_SERVER = '203.0.113.77';
export const C2_PORT = 443;
export const C2_INTERVAL_SECONDS = 300;
export const TUNNEL_CLIENT = '10.10.5.120';
export const TUNNEL_DOMAIN = 'cloudsync-metrics.net';
export const DGA_CLIENT = '192.168.20.57';
export const EXFIL_CLIENT = '10.10.9.14';
export const EXFIL_USER = 'mgarcia';
export const EXFIL_HOST = 'files-transfer-secure.com';
export const EXFIL_SERVER = '203.0.113.140';
export const SCANNER = '10.10.4.201';
export const SCAN_VERTICAL_TARGETS = ['10.1.0.10', '10.1.2.25', '10.1.4.30'] as const;
export const SCAN_SWEEP_PREFIX = '10.10.6.';
export const SCAN_SWEEP_PORTS = [22, 445, 3389] as const;
export const MALWARE_CLIENT = '10.10.3.88';
export const MALWARE_USER = 'dkowalski';
export const MALWARE_HOST = 'cdn-flash-updates.com';
export const MALWARE_SERVER = '198.51.100.23';
export const MALWARE_URI = `${MALWARE_HOST}/dl/flashplayer_update_32.0.0.465.exe`;
export const MALWARE_BEACON_PATH = '/api/v2/status';
export const MALWARE_BEACON_INTERVAL_SECONDS = 600;
export const MALWARE_DOWNLOAD_TIME = '09:41:17';

export const SAMPLE_SCENARIOS: readonly SampleScenario[] = [
  {
    id: 'c2_beacon',
    title: 'C2 beaconing over TCP/443',
    description:
      `${C2_VICTIM} opens a short TCP/443 connection to ${C2_SERVER} every ${C2_INTERVAL_SECONDS} s (±2 s) all day ` +
      '(288 connections), always 4 packets / 300–340 bytes out and 3 packets / 170–210 bytes back, with no TLS ' +
      'handshake. Six times the operator drives an interactive shell over it (300–700 keystroke-sized packets); ' +
      'while the server is down (14:00–14:40) the SYNs go unanswered.',
    start: '00:02:09',
    end: '23:57:13',
    internalIps: [C2_VICTIM],
    externalIps: [C2_SERVER],
    domains: [],
    uris: [],
    rows: [
      { pipeline: 'flow', inTopResults: true, equals: { sip: C2_VICTIM, dip: C2_SERVER, dport: String(C2_PORT) } },
    ],
  },
  {
    id: 'dns_tunnel',
    title: 'DNS tunnelling (TXT/NULL)',
    description:
      `${TUNNEL_CLIENT} sends about 1,600 TXT (70%) and NULL queries for 30–110 character base32 subdomains of ` +
      `${TUNNEL_DOMAIN} (\`<base32>[.<base32>].<seq>.t.${TUNNEL_DOMAIN}\`) between 01:10 and 03:40 and again ` +
      '13:20–13:50.',
    start: '01:10:00',
    end: '13:50:00',
    internalIps: [TUNNEL_CLIENT],
    externalIps: [],
    domains: [TUNNEL_DOMAIN],
    uris: [],
    rows: [
      {
        pipeline: 'dns',
        inTopResults: true,
        equals: { ip_dst: TUNNEL_CLIENT },
        endsWith: { dns_qry_name: `.${TUNNEL_DOMAIN}` },
      },
    ],
  },
  {
    id: 'dga',
    title: 'DGA lookups (NXDomain)',
    description:
      `${DGA_CLIENT} looks up 10 random 12–18 letter domains every 30 minutes all day (480 names under .com .net ` +
      '.org .info .biz .ru .cn .co.uk .co.za .co.in .com.br .com.au); every one answers NXDomain (rcode 3).',
    start: '00:07:00',
    end: '23:37:30',
    internalIps: [DGA_CLIENT],
    externalIps: [],
    domains: [],
    uris: [],
    rows: [{ pipeline: 'dns', inTopResults: true, equals: { ip_dst: DGA_CLIENT, dns_qry_rcode: '3' } }],
  },
  {
    id: 'http_exfil',
    title: 'HTTP exfiltration by large POSTs',
    description:
      `${EXFIL_CLIENT} (user ${EXFIL_USER}) opens an upload session, POSTs 48 chunks of 4–8 MB to ` +
      `https://${EXFIL_HOST}/upload/chunk (server ${EXFIL_SERVER}) between 21:12 and 21:58 with curl (two 12–16 MB ` +
      'chunks are refused with 413 and re-sent), then closes the session; every answer is ~200 bytes.',
    start: '21:12:03',
    end: '21:58:00',
    internalIps: [EXFIL_CLIENT],
    externalIps: [EXFIL_SERVER],
    domains: [EXFIL_HOST],
    uris: [],
    rows: [
      {
        pipeline: 'proxy',
        inTopResults: true,
        equals: { clientip: EXFIL_CLIENT, host: EXFIL_HOST, reqmethod: 'POST' },
      },
      { pipeline: 'flow', inTopResults: false, equals: { dip: EXFIL_SERVER } },
    ],
  },
  {
    id: 'port_scan',
    title: 'Port scan from a workstation',
    description:
      `${SCANNER} SYN-scans TCP 1–1024 on ${SCAN_VERTICAL_TARGETS.join(', ')} and sweeps ${SCAN_SWEEP_PREFIX}1–254 ` +
      `on ports ${SCAN_SWEEP_PORTS.join(', ')} between 11:14 and 11:18: mostly 1-packet SYNs answered by RST or nothing.`,
    start: '11:14:05',
    end: '11:17:59',
    internalIps: [SCANNER, ...SCAN_VERTICAL_TARGETS],
    externalIps: [],
    domains: [],
    uris: [],
    rows: [{ pipeline: 'flow', inTopResults: true, equals: { sip: SCANNER, ipkt: '1', ibyt: '44' } }],
  },
  {
    id: 'malware_download',
    title: 'Malware download through the proxy, then HTTP beaconing',
    description:
      `${MALWARE_CLIENT} (user ${MALWARE_USER}) downloads http://${MALWARE_URI} (application/octet-stream, 2.3 MB, ` +
      `PowerShell user agent) from ${MALWARE_SERVER} at ${MALWARE_DOWNLOAD_TIME}; from then on it polls ` +
      `http://${MALWARE_HOST}${MALWARE_BEACON_PATH}?sid=8f14e45fceea167a&seq=N every ` +
      `${MALWARE_BEACON_INTERVAL_SECONDS} s (84 polls) with an old MSIE 8 user agent. A lure page on the same host, ` +
      'opened from webmail, precedes the download.',
    start: '09:40:52',
    end: '23:51:22',
    internalIps: [MALWARE_CLIENT],
    externalIps: [MALWARE_SERVER],
    domains: [MALWARE_HOST],
    uris: [MALWARE_URI],
    rows: [
      { pipeline: 'proxy', inTopResults: true, equals: { clientip: MALWARE_CLIENT, fulluri: MALWARE_URI } },
      { pipeline: 'proxy', inTopResults: false, equals: { clientip: MALWARE_CLIENT, host: MALWARE_HOST } },
      { pipeline: 'flow', inTopResults: false, equals: { dip: MALWARE_SERVER } },
    ],
  },
];

/** True when a row (column name → text) belongs to the selector. */
export function rowMatches(
  selector: Pick<ScenarioRowSelector, 'equals' | 'endsWith'>,
  row: Readonly<Record<string, string | null>>,
): boolean {
  for (const [column, value] of Object.entries(selector.equals)) if (row[column] !== value) return false;
  for (const [column, suffix] of Object.entries(selector.endsWith ?? {})) {
    if (!(row[column] ?? '').endsWith(suffix)) return false;
  }
  return true;
}
