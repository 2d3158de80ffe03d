/**
 * Builds labelled DNS day `dns-graphtunnel-2023-08-05` from the GraphTunnel dataset
 * (github.com/ggyggy666/DNS-Tunnel-Datasets): benign DNS responses of the `normal/` captures recorded that day,
 * plus every DNS tunnel capture of the repository's snapshot that holds a whole file (dnscat2 TXT and CNAME, iodine
 * CNAME, AndIodine MX, dns2tcp KEY, OzymanDNS), re-based onto 2023-08-05 keeping time of day.
 *
 *   npx tsx bench/detect/build/dns-graphtunnel.ts [--out DIR] SOURCE
 *
 * SOURCE is either the snapshot's bare git directory (as `fetch` leaves it, e.g.
 * /work/.mirror/ggyggy666+DNS-Tunnel-Datasets/repo) or a checkout/folder with the same paths.
 * Captures of 4 MiB and more are absent from such snapshots; the script lists which ones it used.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dnsResponses, parseArgs, printSummary, rebase, writeDay, type DnsRow } from './dns-lib';

const DATE = '2023-08-05';
const ID = `dns-graphtunnel-${DATE}`;
const TUNNEL_ZONE = /(^|\.)ggy666\.tk$/i;

/** Tunnel captures and the family their ggy666.tk rows carry. */
const TUNNELS: { prefix: string; family: string }[] = [
  { prefix: 'tunnel/dnscat2-', family: 'dns_tunnel_dnscat2' },
  { prefix: 'tunnel/iodine', family: 'dns_tunnel_iodine' },
  { prefix: 'crossEndPoint/AndIodine', family: 'dns_tunnel_iodine' },
  { prefix: 'tunnel/dns2tcp', family: 'dns_tunnel_dns2tcp' },
  { prefix: 'unkownTunnel/ozymandns', family: 'dns_tunnel_ozymandns' },
];

const FAMILIES = {
  dns_tunnel_dnscat2: {
    description:
      'dnscat2 C2 tunnel (TXT and CNAME records) through the lab resolver to the attacker zone ggy666.tk; hex-encoded session data in the labels.',
  },
  dns_tunnel_iodine: {
    description:
      'iodine IP-over-DNS tunnel (CNAME from a Linux client, MX from the Android client AndIodine) to ggy666.tk.',
  },
  dns_tunnel_dns2tcp: { description: 'dns2tcp TCP-over-DNS tunnel using KEY records to ggy666.tk.' },
  dns_tunnel_ozymandns: {
    description:
      'OzymanDNS (sshdns) SSH-over-DNS tunnel, A and TXT records, to ggy666.tk (an "unknown tunnel" in the source).',
  },
};

function sourceReader(src: string): { list: () => string[]; read: (p: string) => Uint8Array } {
  const isBare = existsSync(join(src, 'HEAD')) && existsSync(join(src, 'objects'));
  if (isBare) {
    const git = (...args: string[]) => execFileSync('git', ['--git-dir', src, ...args], { maxBuffer: 1 << 30 });
    const sizes = new Map<string, string>();
    for (const line of git('ls-tree', '-r', '-l', 'HEAD').toString().split('\n')) {
      const m = /^\S+ blob \S+\s+(\S+)\t(.*)$/.exec(line);
      if (m) sizes.set(m[2]!, m[1]!);
    }
    return {
      // blobs the snapshot left out (>= 4 MiB) are listed with no size ("BAD"): skip them
      list: () => [...sizes].filter(([, s]) => /^\d+$/.test(s)).map(([p]) => p),
      read: (p) => new Uint8Array(git('show', `HEAD:${p}`)),
    };
  }
  return {
    list: () =>
      execFileSync('find', ['.', '-type', 'f', '-name', '*.pcap'], { cwd: src })
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((p) => p.replace(/^\.\//, '')),
    read: (p) => new Uint8Array(readFileSync(join(src, p))),
  };
}

function main(): void {
  const { out, rest } = parseArgs(process.argv.slice(2));
  const src = rest[0] ?? '/work/.mirror/ggyggy666+DNS-Tunnel-Datasets/repo';
  const reader = sourceReader(src);
  const files = reader
    .list()
    .filter((p) => p.endsWith('.pcap'))
    .sort();
  const rows: DnsRow[] = [];
  const used: string[] = [];
  const dayStart = Date.parse(`${DATE}T00:00:00Z`) / 1000;
  let benignTunnelZone = 0;
  for (const path of files) {
    const tunnel = TUNNELS.find((t) => path.startsWith(t.prefix));
    const normal = path.startsWith('normal/');
    if (!tunnel && !normal) continue;
    const resp = [...dnsResponses(reader.read(path))];
    if (!resp.length) continue;
    if (normal) {
      // benign background: only the normal/ captures recorded on DATE (UTC)
      const first = Number(resp[0]!.tsNs / 1_000_000_000n);
      if (first < dayStart || first >= dayStart + 86400) continue;
    }
    used.push(path);
    for (const r of resp) {
      const inZone = TUNNEL_ZONE.test(r.qname);
      if (normal && inZone) benignTunnelZone++;
      rows.push({
        ...r,
        tsNs: rebase(r.tsNs, DATE),
        family: tunnel && inZone ? tunnel.family : null,
        origin: path,
      });
    }
    console.error(`read ${path}: ${resp.length} responses`);
  }
  if (benignTunnelZone) throw new Error(`${benignTunnelZone} benign rows query the tunnel zone: check the labelling`);
  const normals = used.filter((p) => p.startsWith('normal/'));
  const tunnels = used.filter((p) => !p.startsWith('normal/'));
  const stats = writeDay({
    out,
    id: ID,
    date: DATE,
    rows,
    families: FAMILIES,
    builder: 'bench/detect/build/dns-graphtunnel.ts',
    sources: [
      {
        name: 'GraphTunnel DNS-Tunnel-Datasets',
        url: 'https://github.com/ggyggy666/DNS-Tunnel-Datasets',
        licence:
          'No licence file or statement in the repository; published by the authors for research use with the paper below. Use for internal benchmarking only; do not redistribute the built day.',
        citation:
          'G. Gao, W. Niu, J. Gong, D. Gu, S. Li, M. Zhang, X. Zhang, "GraphTunnel: Robust DNS Tunnel Detection Based on DNS Recursive Resolution Graph", IEEE Transactions on Information Forensics and Security 19 (2024) 7705-7719, doi:10.1109/TIFS.2024.3443596',
        files: used,
      },
    ],
    notes:
      `Converted in TypeScript (bench/detect/build/dns-lib.ts, no tshark) from the repository's pcaps: one raw row per IPv4 DNS response ` +
      `(QR=1, opcode QUERY) on port 53, as Spot's tshark ingest does (frame_time/unix_tstamp from the capture time, frame_len = ` +
      `original frame length, ip_dst = client, ip_src = server, first question, rcode, A records of all sections '|'-joined). ` +
      `Benign: the ${normals.length} normal/ capture segments recorded on ${DATE} (UTC) - the authors' lab client 192.168.68.62 ` +
      `resolving Cloudflare top-1M domains through resolver 192.168.68.1 (automated resolution of real domains, one client, ` +
      `real responses). Malicious: the tunnel captures of the snapshot that are whole (${tunnels.length}: ${tunnels.join(', ')}); ` +
      `larger segments (>= 4 MiB, incl. CobaltStrike, dnspot, tuns, DNS-shell, tcp-over-dns) were absent from the snapshot and ` +
      `are not used. Tunnel captures come from other days (2023-09-03..21) and were merged by re-basing their timestamps onto ` +
      `${DATE}, keeping time of day; all IPs are the captures' own (dnscat2 ran on the same client 192.168.68.62 as the benign ` +
      `traffic; iodine/OzymanDNS client 192.168.117.128 and dns2tcp client 192.168.68.114 queried the attacker's server ` +
      `198.46.158.57 directly; AndIodine client 172.16.1.15). A row from a tunnel capture is malicious iff its query is in the ` +
      `tunnel zone ggy666.tk (the few other lookups in those captures, e.g. ntp.org, stay benign). Nothing synthesised.`,
  });
  printSummary(ID, stats);
}

main();
