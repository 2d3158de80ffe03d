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
import {
  dnsResponses,
  parseArgs,
  printSummary,
  rebase,
  responsesOnDate,
  sourceReader,
  writeDay,
  type DnsRow,
} from './dns-lib';

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

function main(): void {
  const { out, rest } = parseArgs(process.argv.slice(2));
  const src = rest[0] ?? '/work/.mirror/ggyggy666+DNS-Tunnel-Datasets/repo';
  const reader = sourceReader(src);
  const benign = responsesOnDate(reader, 'normal/', DATE);
  if (benign.rows.some((r) => TUNNEL_ZONE.test(r.qname))) throw new Error('benign rows query the tunnel zone');
  console.error(
    `normal/: ${benign.files.length} segments, ${benign.rows.length} responses on ${DATE}, ${benign.duplicates} duplicates dropped`,
  );
  const rows: DnsRow[] = [...benign.rows];
  const used: string[] = [...benign.files];
  for (const path of reader
    .list()
    .filter((p) => p.endsWith('.pcap'))
    .sort()) {
    const tunnel = TUNNELS.find((t) => path.startsWith(t.prefix));
    if (!tunnel) continue;
    const resp = [...dnsResponses(reader.read(path))];
    if (!resp.length) continue;
    used.push(path);
    for (const r of resp)
      rows.push({
        ...r,
        tsNs: rebase(r.tsNs, DATE),
        family: TUNNEL_ZONE.test(r.qname) ? tunnel.family : null,
        origin: path,
      });
    console.error(`read ${path}: ${resp.length} responses`);
  }
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
      `Benign: the responses captured on ${DATE} (UTC) in the normal/ segments (${normals.length} files; rows of other dates dropped, ` +
      `${benign.duplicates} packets present in two overlapping segments kept once) - the authors' lab client 192.168.68.62 ` +
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
