/** The sample's context files: Spot's ipranges.csv, a network-context CSV and the offline reputation list. */
import { csvLine } from '../csv-writer';
import {
  C2_SERVER,
  EXFIL_HOST,
  MALWARE_HOST,
  MALWARE_SERVER,
  MALWARE_URI,
  SAMPLE_ORG,
  TUNNEL_DOMAIN,
} from './scenarios';
import { SERVERS, SERVER_NAMES } from './topology';

/** enrichment.md §2 row 1: no header, `start_ip,end_ip,label`, inclusive. */
export function ipRangesCsv(): string {
  return [
    ['10.0.0.0', '10.255.255.255', 'Internal'],
    ['172.16.0.0', '172.31.255.255', 'DMZ'],
    ['192.168.0.0', '192.168.255.255', 'Internal'],
  ]
    .map((row) => csvLine(row))
    .join('');
}

const SERVER_ROLES: Readonly<Record<string, string>> = {
  dc01: 'Domain controller',
  dc02: 'Domain controller',
  ns1: 'Internal DNS resolver',
  ns2: 'Internal DNS resolver',
  ntp01: 'NTP server',
  proxy01: 'Proxy (Blue Coat) egress web proxy',
  proxy02: 'Proxy (Blue Coat) egress web proxy',
  exch01: 'Exchange mailbox server',
  exch02: 'Exchange mailbox server',
  backup01: 'Backup server',
  mon01: 'Monitoring (ICMP/SNMP poller)',
  fs01: 'File server',
  fs02: 'File server',
  erp01: 'ERP application server',
  wms01: 'Warehouse management server',
  tms01: 'Transport management server',
  intranet: 'Intranet web server',
  jira: 'Jira server',
  sql01: 'SQL Server database',
  pg01: 'PostgreSQL database',
  jump01: 'Admin jump host (SSH)',
  print01: 'Print server',
};

/** `ip,description` with a header; single IPs first, then CIDR and range keys (the longest match wins). */
export function networkContextCsv(): string {
  const rows: string[][] = [['ip', 'description']];
  for (const [ip, name] of Object.entries(SERVER_NAMES)) rows.push([ip, `${name} - ${SERVER_ROLES[name] ?? 'Server'}`]);
  rows.push(
    [SERVERS.vpnGateway, 'VPN concentrator (DMZ)'],
    [SERVERS.dmzWeb, 'DMZ public web server www.northwindtraders.com'],
    [SERVERS.dmzApi, 'DMZ partner API gateway'],
    [SERVERS.dmzMailRelay, 'DMZ mail relay (SMTP)'],
    [SERVERS.dmzSftp, 'DMZ partner SFTP'],
    [SERVERS.routers.core, 'FW core router'],
    [SERVERS.routers.dmz, 'FW DMZ firewall'],
    [SERVERS.routers.edge, 'FW internet edge router'],
    ['10.1.0.0/16', 'Server network (data centre)'],
    ['10.10.0.0/16', 'HQ workstations'],
    ['10.99.0.0/20', 'VPN client pool'],
    ['172.16.10.0/24', 'DMZ'],
    ['192.168.10.0-192.168.10.255', 'Branch office Rotterdam'],
    ['192.168.20.0-192.168.20.255', 'Branch office Hamburg'],
    ['192.168.30.0-192.168.30.255', 'Branch office Antwerp'],
  );
  return rows.map((row) => csvLine(row)).join('');
}

/** `indicator,severity,text`: IP, CIDR, domain (and its subdomains) or URL; Spot severities -1/0/1/2/3. */
export function reputationCsv(): string {
  const rows: (string | number)[][] = [
    ['indicator', 'severity', 'text'],
    [C2_SERVER, 3, 'Known C2 server (sample intel)'],
    [MALWARE_HOST, 3, 'Malware distribution site'],
    [`http://${MALWARE_URI}`, 3, 'Trojan dropper, fake Flash Player update'],
    [MALWARE_SERVER, 3, 'Hosts malware distribution site'],
    ['198.51.100.0/24', 2, 'Bulletproof hosting range, abuse reports'],
    [TUNNEL_DOMAIN, 2, 'Newly registered domain, suspected DNS tunnelling'],
    [EXFIL_HOST, 2, 'Anonymous file sharing service'],
    ['8.8.8.8', 0, 'Google Public DNS'],
    ['1.1.1.1', 0, 'Cloudflare DNS resolver'],
    ['windowsupdate.com', 0, 'Microsoft Windows Update'],
    [SAMPLE_ORG.domain, 0, 'Own organisation'],
    ['doubleclick.net', 1, 'Advertising network'],
    ['spamhaus.org', 0, 'DNS blocklist provider'],
  ];
  return rows.map((row) => csvLine(row)).join('');
}
