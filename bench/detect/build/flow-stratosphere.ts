/**
 * Labelled flow day from Stratosphere Laboratory (CTU Prague) captures: Zeek conn logs labelled per flow by the lab
 * (netflowlabeler), merged onto one date as one small network with botnet C&C, a RAT's exfiltration burst, nmap scans
 * and Internet scanning of exposed workstations among ordinary desktop traffic.
 *
 *   npx tsx bench/detect/build/flow-stratosphere.ts [--out /work/detect-data] \
 *     --testing /work/.mirror/stratosphereips+security-datasets-for-testing/repo \
 *     --idps /work/.mirror/stratosphereips+IDPS-Comparison-Tool/repo \
 *     --slips /work/.mirror/stratosphereips+StratosphereLinuxIPS/repo
 *
 * Each source is the fetched repository (its bare git dir, read with `git show HEAD:<path>`) or a checkout with the
 * same layout. Which files, how their labels map to families and what is left out: CAPTURES below and
 * bench/detect/README.md. Not used, on purpose: Stratosphere's IoT-23 (reserved for an independent check).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { argValue, nfdumpFlags, printSummary, protoName, writeFlowDay, type FlowRow } from './flow-common';

/** One Zeek conn record, from the TSV or the JSON writer. */
interface ConnRecord {
  ts: number;
  origH: string;
  origP: number;
  respH: string;
  respP: number;
  proto: string;
  duration: number;
  history: string;
  origPkts: number;
  origIpBytes: number;
  respPkts: number;
  respIpBytes: number;
  /** The lab's labels (label, detailedlabel); '' when the log has none. */
  label: string;
  detail: string;
}

interface Capture {
  repo: 'testing' | 'idps' | 'slips';
  path: string;
  what: string;
  /** The family of a record, or null when benign / unlabelled background. */
  familyOf: (r: ConnRecord) => string | null;
}

const FAMILIES: Record<string, string> = {
  botnet_cc:
    'NjRAT (CTU-Malware-Capture-Botnet-230-1): the infected Windows host 192.168.1.115 keeps a TCP session with its C&C 41.108.179.197:1177, reconnecting all day (the lab label "Malicious, CC").',
  rat_exfil:
    'RemcosRAT (CTU-SME-11, Windows 7 VM, 2023-02-22): 192.168.1.107 opens hundreds of connections to 66.63.168.35:5888 within two seconds to upload data (the lab label "Malware_data_exfiltration-RemcosRAT").',
  port_scan:
    'nmap from 172.16.1.11: ping sweeps and TCP/UDP port scans of 172.16.1.0/24, 192.168.1.0/24 and 10.0.2.0/24 (every flow of the scanner except its DNS lookups to 8.8.8.8, which stay benign).',
  inbound_scan:
    'Internet scanning of two exposed Windows workstations (CTU-Normal-43 day 1, CTU-Normal-44 day 2): unsolicited connections from ~3,000 Internet hosts to telnet, SMB, SSH, RDP, SIP and other ports of 147.32.83.165 and 147.32.83.161 (the lab label "Malicious, External-Attack-to-Device": every flow to the device).',
};

const labelled =
  (family: string, accept: (r: ConnRecord) => boolean = () => true) =>
  (r: ConnRecord): string | null =>
    r.label === 'Malicious' && accept(r) ? family : null;

const CAPTURES: Capture[] = [
  {
    repo: 'idps',
    path: 'dataset/2023-02-20/zeek_labeled/conn.log.labeled',
    what: 'a benign Ubuntu desktop (192.168.1.109), 2023-02-20, 24 h; labels Benign and Unknown (unlabelled, kept as benign)',
    familyOf: () => null,
  },
  {
    repo: 'testing',
    path: '011-zeek-mixed/data/conn.log.labeled',
    what: 'CTU-Normal-43 day 1: a Windows workstation (147.32.83.165) used normally, reachable from the Internet',
    familyOf: labelled('inbound_scan'),
  },
  {
    repo: 'testing',
    path: '012-zeek-mixed/data/conn.log.labeled',
    what: 'CTU-Normal-44 day 2: a Windows workstation (147.32.83.161) used normally, reachable from the Internet',
    familyOf: labelled('inbound_scan'),
  },
  {
    repo: 'testing',
    path: '001-zeek-scenario-malicious/labeled-conn.log',
    what: 'CTU-Malware-Capture-Botnet-230-1 (NjRAT), first 1,000 flows: the infected host 192.168.1.115 and its LAN',
    familyOf: labelled('botnet_cc', (r) => r.detail === 'CC'),
  },
  {
    repo: 'testing',
    path: '002-zeek-scenario-port-scanning/conn.log',
    what: 'nmap runs from 172.16.1.11 (unlabelled log; the README says every flow is the scanner’s)',
    familyOf: (r) => (r.origH === '172.16.1.11' && r.respP !== 53 ? 'port_scan' : null),
  },
  {
    repo: 'slips',
    path: 'dataset/test18-malicious-ctu-sme-11-win/zeek-labeled/conn.log.labeled',
    what: 'CTU-SME-11 Experiment-VM-Microsoft-Windows7full-3, 2023-02-22, first 5,000 packets (RemcosRAT)',
    familyOf: labelled('rat_exfil', (r) => r.detail.includes('RemcosRAT')),
  },
];

function readSource(source: string, path: string): string {
  if (existsSync(join(source, 'HEAD')) && existsSync(join(source, 'objects'))) {
    return execFileSync('git', ['--git-dir', source, 'show', `HEAD:${path}`], { maxBuffer: 1 << 30 }).toString('utf8');
  }
  if (existsSync(join(source, path))) return readFileSync(join(source, path), 'utf8');
  throw new Error(`no ${path} under ${source}`);
}

const numberOr0 = (v: unknown): number => {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
};

/** Zeek's conn log, TSV (with its #fields header) or JSON lines. */
export function parseConnLog(text: string, file: string): ConnRecord[] {
  const records: ConnRecord[] = [];
  const lines = text.split('\n');
  if (lines[0]?.startsWith('{')) {
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`${file}:${i + 1}: not a JSON record`);
      }
      records.push({
        ts: numberOr0(o.ts),
        origH: String(o['id.orig_h'] ?? ''),
        origP: numberOr0(o['id.orig_p']),
        respH: String(o['id.resp_h'] ?? ''),
        respP: numberOr0(o['id.resp_p']),
        proto: String(o.proto ?? ''),
        duration: numberOr0(o.duration),
        history: String(o.history ?? ''),
        origPkts: numberOr0(o.orig_pkts),
        origIpBytes: numberOr0(o.orig_ip_bytes),
        respPkts: numberOr0(o.resp_pkts),
        respIpBytes: numberOr0(o.resp_ip_bytes),
        label: String(o.label ?? ''),
        detail: String(o.detailedlabel ?? ''),
      });
    });
    return records;
  }
  let fields: string[] = [];
  lines.forEach((line, i) => {
    if (line.startsWith('#fields\t')) fields = line.split('\t').slice(1);
    if (!line || line.startsWith('#')) return;
    if (!fields.length) throw new Error(`${file}:${i + 1}: a record before the #fields line`);
    const v = line.split('\t');
    const get = (name: string): string => {
      const at = fields.indexOf(name);
      const value = at < 0 ? undefined : v[at];
      return value === undefined || value === '-' || value === '(empty)' ? '' : value;
    };
    if (!get('id.orig_h') || !get('id.resp_h')) throw new Error(`${file}:${i + 1}: field id.orig_h/id.resp_h empty`);
    records.push({
      ts: numberOr0(get('ts')),
      origH: get('id.orig_h'),
      origP: numberOr0(get('id.orig_p')),
      respH: get('id.resp_h'),
      respP: numberOr0(get('id.resp_p')),
      proto: get('proto'),
      duration: numberOr0(get('duration')),
      history: get('history'),
      origPkts: numberOr0(get('orig_pkts')),
      origIpBytes: numberOr0(get('orig_ip_bytes')),
      respPkts: numberOr0(get('resp_pkts')),
      respIpBytes: numberOr0(get('resp_ip_bytes')),
      label: get('label'),
      detail: get('detailedlabel'),
    });
  });
  return records;
}

/**
 * nfdump flags from Zeek's connection history (upper case = originator, lower = responder): S/H a SYN (H the
 * SYN-ACK), A/H an ACK, D data (flows carrying data are counted as PSH, as a host's stack sets it), F a FIN, R a RST.
 */
export function flagsFromHistory(history: string): string {
  const h = history.toUpperCase();
  return nfdumpFlags({
    syn: /[SH]/.test(h),
    ack: /[AH]/.test(h) || /[D]/.test(h),
    psh: h.includes('D'),
    rst: h.includes('R'),
    fin: h.includes('F'),
  });
}

const isIpv4 = (ip: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(ip);

async function main(): Promise<void> {
  const out = argValue('out') ?? '/work/detect-data';
  const sources = { testing: argValue('testing'), idps: argValue('idps'), slips: argValue('slips') };
  if (!sources.testing || !sources.idps || !sources.slips) {
    console.error('usage: flow-stratosphere.ts [--out DIR] --testing <repo> --idps <repo> --slips <repo>');
    process.exit(2);
  }
  const rows: FlowRow[] = [];
  const perCapture: string[] = [];
  let ipv6 = 0;
  for (const c of CAPTURES) {
    const records = parseConnLog(readSource(sources[c.repo]!, c.path), c.path);
    let kept = 0;
    for (const r of records) {
      // Spot's flow ingest (nfdump's CSV of IPv4 NetFlow) carries IPv4 addresses; the captures' IPv6 link-local
      // chatter (neighbour discovery, DHCPv6, mDNS) is left out.
      if (!isIpv4(r.origH) || !isIpv4(r.respH)) {
        ipv6 += 1;
        continue;
      }
      const proto = protoName(r.proto);
      rows.push({
        ts: r.ts,
        tdur: r.duration,
        sip: r.origH,
        dip: r.respH,
        sport: r.origP,
        dport: r.respP,
        proto,
        flag: proto === 'TCP' ? flagsFromHistory(r.history) : '',
        ipkt: r.origPkts,
        ibyt: r.origIpBytes,
        opkt: r.respPkts,
        obyt: r.respIpBytes,
        rip: '0.0.0.0',
        family: c.familyOf(r),
      });
      kept += 1;
    }
    perCapture.push(`${c.path} (${c.what}): ${kept} flows`);
  }
  const summary = await writeFlowDay(
    out,
    {
      id: 'flow-stratosphere-20230220',
      date: '2023-02-20',
      families: FAMILIES,
      sources: [
        {
          name: 'Stratosphere security datasets for testing',
          url: 'https://github.com/stratosphereips/security-datasets-for-testing',
          licence: 'GPL-2.0 (repository licence)',
          citation:
            'S. Garcia, V. Valeros. Security Datasets for Testing. Stratosphere Laboratory, AIC, FEL, Czech Technical University in Prague (CITATION.cff of the repository).',
          files: CAPTURES.filter((c) => c.repo === 'testing').map((c) => c.path),
        },
        {
          name: 'Stratosphere IDPS comparison tool, benign day 2023-02-20',
          url: 'https://github.com/stratosphereips/IDPS-Comparison-Tool',
          licence: 'GPL-2.0 (repository licence)',
          citation: 'Stratosphere Laboratory, IDPS-Comparison-Tool (GitHub), dataset/2023-02-20 ground truth.',
          files: CAPTURES.filter((c) => c.repo === 'idps').map((c) => c.path),
        },
        {
          name: 'Slips test data: CTU-SME-11 excerpt',
          url: 'https://github.com/stratosphereips/StratosphereLinuxIPS',
          licence: 'GPL-2.0 (repository licence); CTU-SME-11 itself: https://zenodo.org/records/7958259',
          citation:
            'S. Garcia et al., CTU-SME-11: a labeled dataset with real benign and malicious network traffic mimicking a small medium-sized enterprise environment, Zenodo 2023, doi:10.5281/zenodo.7958259.',
          files: CAPTURES.filter((c) => c.repo === 'slips').map((c) => c.path),
        },
      ],
      builder: 'bench/detect/build/flow-stratosphere.ts',
      notes:
        `Zeek conn logs of six Stratosphere captures, every IPv4 flow kept (${ipv6} IPv6 flows left out: Spot's nfdump ` +
        `flow records are IPv4), merged onto 2023-02-20 keeping each flow's time of day, hosts, ports, packets and bytes: ` +
        perCapture.join('; ') +
        '. Labels are the lab’s own per-flow labels (netflowlabeler rules in each capture’s labels.config) except for the ' +
        'unlabelled nmap log, where every flow of the scanner 172.16.1.11 but its DNS lookups is port_scan (its README: ' +
        '"one client performing multiple scans using Nmap"). Families: Malicious+CC -> botnet_cc, Malicious+RemcosRAT ' +
        'exfiltration -> rat_exfil, Malicious+External-Attack-to-Device -> inbound_scan. Background and Unknown flows ' +
        "stay benign. ipkt/ibyt = orig_pkts/orig_ip_bytes, opkt/obyt = resp_pkts/resp_ip_bytes, flag from Zeek's " +
        'history, rip 0.0.0.0 (no exporter). The captures come from different networks and days (2022-06, 2022-09, ' +
        '2023-02); three use 192.168.1.0/24, so they read as one LAN. Nothing sampled or synthesised.',
    },
    rows,
  );
  printSummary(summary);
}

if (process.argv[1]?.endsWith('flow-stratosphere.ts')) await main();
