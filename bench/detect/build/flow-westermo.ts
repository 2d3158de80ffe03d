/**
 * Labelled flow day from the Westermo network traffic data set (CC BY 4.0), github.com/westermo/network-traffic-dataset.
 *
 *   npx tsx bench/detect/build/flow-westermo.ts [--out /work/detect-data] [--vantage bottom|left|right] <SOURCE>
 *
 * SOURCE is the fetched repository (its bare git dir, e.g. /work/.mirror/westermo+network-traffic-dataset/repo) or a
 * folder holding data/reduced/flows/output_<vantage>.zip (or the unzipped output_<vantage>.csv).
 *
 * The source's flow CSVs (ICSFlowGenerator, one file per recording device) carry IPs, protocol, start time, duration,
 * packets and bytes per direction, TCP flag rates and two labellings; we use the NST labelling (only flows from or to
 * the attacking hosts are anomalous). The CSVs have no port columns, so sport and dport are 0 in every row.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  argValue,
  nfdumpFlags,
  positional,
  printSummary,
  protoName,
  unzipEntries,
  writeFlowDay,
  type FlowRow,
} from './flow-common';

const VANTAGE_IP: Record<string, string> = { bottom: '198.18.134.6', left: '198.18.134.2', right: '198.18.134.4' };

const FAMILIES: Record<string, string> = {
  brute_force:
    "BAD-SSH events: the attacker laptop A1 (198.18.134.99) makes hundreds of failing SSH logins to a router with user names and passwords from Mirai's credential list (16 batches).",
  port_scan: 'BAD-PORTSCAN1/2 events: A1 (198.18.134.99) runs nmap against one router, or against several devices.',
  mitm: 'BAD-MITM events: the Raspberry Pi A2 (198.18.134.14) runs a man-in-the-middle attack on a link (ARP spoofing) and rewrites packets; only the IP flows of it are kept (its ARP frames are not flows).',
};

function familyOf(nstLabel: string): string | null {
  if (nstLabel === 'BAD-SSH') return 'brute_force';
  if (nstLabel.startsWith('BAD-PORTSCAN')) return 'port_scan';
  if (nstLabel === 'BAD-MITM') return 'mitm';
  return null; // Normal, GOOD-SSH, BAD-MISCONF*, see the notes
}

async function loadCsv(source: string, vantage: string): Promise<{ text: string; file: string }> {
  const rel = `data/reduced/flows/output_${vantage}.zip`;
  let zip: Buffer;
  if (existsSync(join(source, 'HEAD')) && existsSync(join(source, 'objects'))) {
    zip = execFileSync('git', ['--git-dir', source, 'show', `HEAD:${rel}`], { maxBuffer: 1 << 30 });
  } else if (existsSync(join(source, rel))) {
    zip = readFileSync(join(source, rel));
  } else if (existsSync(join(source, `output_${vantage}.csv`))) {
    return { text: readFileSync(join(source, `output_${vantage}.csv`), 'utf8'), file: rel };
  } else {
    throw new Error(`no ${rel} under ${source}`);
  }
  const entry = unzipEntries(zip).find((e) => e.name.endsWith(`output_${vantage}.csv`));
  if (!entry) throw new Error(`${rel} holds no output_${vantage}.csv`);
  return { text: entry.data().toString('utf8'), file: rel };
}

async function main(): Promise<void> {
  const out = argValue('out') ?? '/work/detect-data';
  const vantage = argValue('vantage') ?? 'bottom';
  const source = positional()[0];
  if (!source || !VANTAGE_IP[vantage]) {
    console.error('usage: flow-westermo.ts [--out DIR] [--vantage bottom|left|right] <fetched repo git dir or folder>');
    process.exit(2);
  }
  const { text, file } = await loadCsv(source, vantage);
  const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];

  const rows: FlowRow[] = [];
  const skipped: Record<string, number> = {};
  const misconf: Record<string, number> = {};
  for (const r of records) {
    const proto = r.protocol ?? '';
    // Only IP flows: ARP and LLDP frames never become NetFlow records.
    if (!proto.startsWith('IPV4-') || !r.sIPs || !r.rIPs) {
      skipped[proto || '(none)'] = (skipped[proto || '(none)'] ?? 0) + 1;
      continue;
    }
    const n = (k: string): number => Number(r[k] ?? 0) || 0;
    const p = protoName(proto.slice(5));
    const label = r.NST_M_Label ?? 'Normal';
    if (label.startsWith('BAD-MISCONF')) misconf[label] = (misconf[label] ?? 0) + 1;
    rows.push({
      // startDate is the recording's wall-clock time (the times of data/events.txt); read it as UTC.
      ts: Date.parse(`${r.startDate!.replace(' ', 'T')}Z`) / 1000,
      tdur: n('duration'),
      sip: r.sIPs,
      dip: r.rIPs,
      sport: 0,
      dport: 0,
      proto: p,
      flag:
        p === 'TCP'
          ? nfdumpFlags({
              urg: n('sUrgRate') + n('rUrgRate') > 0,
              ack: n('sAckRate') + n('rAckRate') > 0,
              psh: n('sPshRate') + n('rPshRate') > 0,
              rst: n('sRstRate') + n('rRstRate') > 0,
              syn: n('sSynRate') + n('rSynRate') > 0,
              fin: n('sFinRate') + n('rFinRate') > 0,
            })
          : '',
      ipkt: n('sPackets'),
      ibyt: n('sBytesSum'),
      opkt: n('rPackets'),
      obyt: n('rBytesSum'),
      rip: VANTAGE_IP[vantage]!,
      family: familyOf(label),
    });
  }
  const skippedText = Object.entries(skipped)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  const misconfText = Object.entries(misconf)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  const summary = await writeFlowDay(
    out,
    {
      id: `flow-westermo-${vantage}-20230310`,
      date: '2023-03-10',
      families: FAMILIES,
      sources: [
        {
          name: 'Westermo network traffic data set v1.0 (reduced set, flows recorded at the "' + vantage + '" router)',
          url: 'https://github.com/westermo/network-traffic-dataset',
          licence: 'CC BY 4.0',
          citation:
            'P. E. Strandberg, D. Söderman, A. Dehlaghi-Ghadim, M. Leon Ortiz, T. Markovic, S. Punnekkat, M. Helali Moghadam, D. Buffoni. The Westermo network traffic data set. Westermo Network Technologies AB, 2023. https://github.com/westermo/network-traffic-dataset',
          files: [file, 'data/events.txt (event log, for reference)'],
        },
      ],
      builder: 'bench/detect/build/flow-westermo.ts',
      notes:
        `All ${records.length} flows of ${file} (90 minutes, 2023-03-10 10:29-12:00 wall-clock time of the recording) are ` +
        `kept except the non-IP ones (${skippedText}), which a NetFlow exporter would not produce. Nothing sampled or synthesised. ` +
        "Labels: the data set's NST labelling (column NST_M_Label: only flows from or to the attacker hosts are anomalous); " +
        'BAD-SSH -> brute_force, BAD-PORTSCAN1/BAD-PORTSCAN2 -> port_scan, BAD-MITM -> mitm. ' +
        `Misconfiguration events (${misconfText} rows: a router given a wrong or duplicate IP from its serial console) and GOOD-SSH logins are not attacks and are left benign. ` +
        'The source has no ports: sport and dport are 0 in every row. ipkt/ibyt and opkt/obyt are the sender/receiver packets and bytes ' +
        'of the ICSFlowGenerator flow (sPackets/sBytesSum, rPackets/rBytesSum); flag is the union of the TCP flags seen in either direction (from the flag rates); ' +
        'rip is the recording router. The network is an industrial test network (12 devices, 198.18.134.0/24), so traffic is dominated by the PLC/HMI Modbus polling of ICSSIM.',
    },
    rows,
  );
  printSummary(summary);
}

await main();
