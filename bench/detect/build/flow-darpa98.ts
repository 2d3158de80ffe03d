/**
 * Labelled flow day from a DARPA 1998 Intrusion Detection Evaluation training-day session list ("tcpdump.list",
 * MIT Lincoln Laboratory), as kept in the repository github.com/tanaw7/GANIDS.
 *
 *   npx tsx bench/detect/build/flow-darpa98.ts [--out /work/detect-data] [--list w7_tue.list] <SOURCE>
 *
 * SOURCE is the fetched repository (bare git dir, e.g. /work/.mirror/tanaw7+GANIDS/repo; the list files were deleted
 * from its HEAD, so they are read from the commit that still has them) or a folder holding the list file.
 *
 * A tcpdump.list line is one TCP/UDP/ICMP session seen by the outside sniffer:
 *   id  MM/DD/YYYY  HH:MM:SS  duration(HH:MM:SS)  service  src_port  dst_port  src_ip  dst_ip  attack_score  attack_name
 * with zero-padded IP octets, '-' as ports of ICMP sessions, '-' as the name of a normal session, and services ending in
 * '/u' for UDP and '/i' for ICMP. The lists carry no packet or byte counts, so ipkt/ibyt/opkt/obyt are 0.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { argValue, positional, printSummary, writeFlowDay, type FlowRow } from './flow-common';

/** The last commit of tanaw7/GANIDS that still holds the day lists. */
const COMMIT = 'd7f6d9b6d2e69a1f0baeb26f21993be9efdf280c';

const FAMILY_OF: Record<string, string> = {
  portsweep: 'port_scan',
  ipsweep: 'host_sweep',
  satan: 'port_scan',
  nmap: 'port_scan',
  pod: 'dos',
  neptune: 'dos',
  smurf: 'dos',
  teardrop: 'dos',
  land: 'dos',
  back: 'dos',
  ffb: 'privilege_escalation',
  eject: 'privilege_escalation',
  loadmodule: 'privilege_escalation',
  perl: 'privilege_escalation',
  guess_passwd: 'brute_force',
  dict: 'brute_force',
};

const FAMILIES: Record<string, string> = {
  port_scan:
    'portsweep (and satan/nmap on other days): one outside host probes many TCP/UDP ports of one victim; on 1998-07-14 194.27.251.21 sweeps 172.16.114.50 slowly over the afternoon and night.',
  host_sweep: 'ipsweep: ICMP echo sweep of many addresses.',
  dos: 'pod (ping of death) and other denial-of-service attacks; on 1998-07-14 207.103.80.104 sends oversized fragmented ICMP echo requests to 172.16.114.50 at 16:34.',
  privilege_escalation:
    'U2R buffer-overflow attacks (ffb, eject): a user session (telnet) to 172.16.112.50 in which the attacker exploits a setuid program to become root.',
  brute_force: 'guess_passwd / dict: repeated login attempts with guessed passwords.',
};

function protoOf(service: string): string {
  if (service.endsWith('/u')) return 'UDP';
  if (service.endsWith('/i')) return 'ICMP';
  return 'TCP';
}

const ip = (padded: string): string =>
  padded
    .split('.')
    .map((o) => String(Number(o)))
    .join('.');

const seconds = (hms: string): number => hms.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);

function readList(source: string, list: string): string {
  if (existsSync(join(source, 'HEAD')) && existsSync(join(source, 'objects'))) {
    return execFileSync('git', ['--git-dir', source, 'show', `${COMMIT}:${list}`], {
      maxBuffer: 1 << 30,
    }).toString('utf8');
  }
  return readFileSync(join(source, list), 'utf8');
}

async function main(): Promise<void> {
  const out = argValue('out') ?? '/work/detect-data';
  const list = argValue('list') ?? 'w7_tue.list';
  const source = positional()[0];
  if (!source) {
    console.error('usage: flow-darpa98.ts [--out DIR] [--list w7_tue.list] <fetched tanaw7/GANIDS git dir or folder>');
    process.exit(2);
  }
  const rows: FlowRow[] = [];
  const unknown: Record<string, number> = {};
  const dates = new Map<string, number>();
  for (const line of readList(source, list).split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length !== 11) continue;
    const [, date, time, dur, service, sport, dport, src, dst, , name] = f as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const [mm, dd, yyyy] = date.split('/');
    dates.set(date, (dates.get(date) ?? 0) + 1);
    let family: string | null = null;
    if (name !== '-') {
      family = FAMILY_OF[name] ?? null;
      if (!family) {
        unknown[name] = (unknown[name] ?? 0) + 1;
        family = 'other_attack';
      }
    }
    rows.push({
      // The list's wall-clock time (the testbed's local time), read as UTC.
      ts: Date.parse(`${yyyy}-${mm}-${dd}T${time}Z`) / 1000,
      tdur: seconds(dur),
      sip: ip(src),
      dip: ip(dst),
      sport: /^\d+$/.test(sport) ? Number(sport) : 0,
      dport: /^\d+$/.test(dport) ? Number(dport) : 0,
      proto: protoOf(service),
      flag: '',
      ipkt: 0,
      ibyt: 0,
      opkt: 0,
      obyt: 0,
      rip: '0.0.0.0',
      family,
    });
  }
  if (Object.keys(unknown).length)
    console.warn(`attack names without a family (labelled other_attack): ${JSON.stringify(unknown)}`);
  const first = [...dates.keys()].sort()[0]!;
  const [mm, dd, yyyy] = first.split('/');
  const day = `${yyyy}-${mm}-${dd}`;
  const datesText = [...dates.entries()].map(([k, v]) => `${v} on ${k}`).join(', ');
  const summary = await writeFlowDay(
    out,
    {
      id: `flow-darpa98-${list.replace(/\.list$/, '').replace(/_/g, '')}-${day.replace(/-/g, '')}`,
      date: day,
      families: { ...FAMILIES, other_attack: 'an attack name of the list with no family mapping in the builder' },
      sources: [
        {
          name: `DARPA 1998 Intrusion Detection Evaluation, training data session list ${list} (as kept in tanaw7/GANIDS)`,
          url: 'https://github.com/tanaw7/GANIDS',
          licence:
            'MIT Lincoln Laboratory DARPA 1998 evaluation data, released publicly for research without a licence file; the GANIDS repository has no licence',
          citation:
            'R. P. Lippmann, D. J. Fried, I. Graf, J. W. Haines, K. R. Kendall, D. McClung, D. Weber, S. E. Webster, D. Wyschogrod, R. K. Cunningham, M. A. Zissman. Evaluating intrusion detection systems: the 1998 DARPA off-line intrusion detection evaluation. DISCEX 2000. Data: MIT Lincoln Laboratory, https://www.ll.mit.edu/r-d/datasets',
          files: [`${list} at commit ${COMMIT}`],
        },
      ],
      builder: 'bench/detect/build/flow-darpa98.ts',
      notes:
        `Every session of ${list} (${rows.length} lines: ${datesText}) is converted; nothing sampled or synthesised. ` +
        `The list spans midnight, so the sessions after 00:00 are put on ${day} at their time of day (the day's traffic starts at 08:00, so nothing overlaps). ` +
        "Labels are the list's own attack names (attack_score 1): portsweep -> port_scan, pod -> dos, ffb/eject -> privilege_escalation (mapping in the builder); '-' is normal. " +
        'proto comes from the service suffix (/u UDP, /i ICMP, otherwise TCP); ICMP sessions have port 0. ' +
        'The session lists have no packet or byte counts and no TCP flags: ipkt, ibyt, opkt, obyt are 0 and flag is empty in every row; tdur is the listed duration (whole seconds). ' +
        'Times are the testbed wall-clock times of the list. The 1998 testbed traffic is synthetic (simulated users of an Air Force base network, 172.16.0.0/16 and 192.168.0.0/16 inside).',
    },
    rows,
  );
  printSummary(summary);
}

await main();
