/**
 * Builds labelled DNS day `dns-c2exfil-2023-08-06`: DNS-tunnelling malware and tools over a benign background.
 *
 *   - Domainator (github.com/dreamingdust/domainator-dataset): bare-metal recordings of DNS malware — Saitama, RogueRobin
 *     (.NET and PowerShell), Symbiote (dnscat-based and its own exfiltration) — and of dnscat2 and iodine, handshake,
 *     idle, upload (exfiltration) and download runs; every recording of the snapshot (files >= 4 MiB are absent).
 *   - Korving (github.com/Korving-F/dns-tunnel-dataset): iodine, dns2tcp and dnscat2 file transfers and C2 sessions
 *     through BIND9/CoreDNS/dnsmasq/PowerDNS resolvers; the runs kept are every C2 run, every dnscat2 run and the
 *     iodine/dns2tcp file transfers through dnsmasq (the other iodine/dns2tcp transfers would push the malicious share
 *     past 25 %), responses delivered to the tunnel client only.
 *   - Benign background: GraphTunnel (github.com/ggyggy666/DNS-Tunnel-Datasets) normal/ segments recorded on 2023-08-06.
 *
 *   npx tsx bench/detect/build/dns-domainator-korving.ts [--out DIR] [--domainator SRC] [--korving SRC] [--graphtunnel SRC]
 *
 * Each SRC is a fetched snapshot's bare git directory (default /work/.mirror/<owner>+<name>/repo) or a folder with
 * the same paths.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  dnsResponses,
  packetKey,
  parseArgs,
  printSummary,
  rebase,
  responsesOnDate,
  sourceReader,
  writeDay,
  type DnsRow,
  type Source,
} from './dns-lib';

const DATE = '2023-08-06';
const ID = `dns-c2exfil-${DATE}`;

/** Packets dropped as present in two overlapping capture files (said in the notes). */
let benignDuplicates = 0;
let domainatorDuplicates = 0;

const FAMILIES = {
  dns_tunnel_iodine: {
    description: 'iodine IP-over-DNS tunnel (Domainator: hacker-iodine.com; Korving: example.attack).',
  },
  dns_tunnel_dnscat2: { description: 'dnscat2 tunnel (Domainator: hacker-dnscat.com; Korving: example.attack).' },
  dns_tunnel_dns2tcp: {
    description: 'dns2tcp TCP-over-DNS tunnel, KEY/TXT records (Korving: example.attack), file transfer and C2.',
  },
  dns_c2_saitama: {
    description:
      'Saitama backdoor (APT34) DNS C2 and exfiltration, lab run of the real sample (uber-asia.com, asiaworldremit.com, joexpediagroup.com).',
  },
  dns_c2_roguerobin: {
    description:
      'RogueRobin trojan (DarkHydra) DNS C2 and exfiltration, .NET and PowerShell variants, lab runs of the real samples (look-alike Microsoft/security-vendor domains).',
  },
  dns_exfil_symbiote: {
    description: 'Symbiote Linux malware credential exfiltration over DNS (bancodobrasil.dev, caixa.cx), lab runs.',
  },
};

/** Domainator recordings: file-name prefix -> family and the malware's own zones (every other lookup stays benign). */
const DOMAINATOR: { prefix: string; family: keyof typeof FAMILIES; zones: string[] }[] = [
  { prefix: 'dnscat_', family: 'dns_tunnel_dnscat2', zones: ['hacker-dnscat.com'] },
  { prefix: 'iodine_', family: 'dns_tunnel_iodine', zones: ['hacker-iodine.com'] },
  {
    prefix: 'saitama_',
    family: 'dns_c2_saitama',
    zones: ['uber-asia.com', 'asiaworldremit.com', 'joexpediagroup.com'],
  },
  { prefix: 'symbiote', family: 'dns_exfil_symbiote', zones: ['bancodobrasil.dev', 'caixa.cx'] },
  {
    prefix: 'roguerobin-',
    family: 'dns_c2_roguerobin',
    zones: [
      // .NET variant
      '0ffice365.agency',
      '0ffice365.life',
      '0ffice365.services',
      '0nedrive.agency',
      'corewindows.agency',
      'microsoftonline.agency',
      'onedrive.agency',
      'sharepoint.agency',
      'skydrive.agency',
      'skydrive.services',
      // PowerShell variant
      'anyconnect.stream',
      'bigip.stream',
      'fortiweb.download',
      'kaspersky.science',
      'microtik.stream',
      'owa365.bid',
      'symanteclive.download',
    ],
  },
];

const inZones = (qname: string, zones: string[]) => {
  const q = qname.toLowerCase();
  return zones.some((z) => q === z || q.endsWith(`.${z}`));
};

function domainator(src: string, rows: DnsRow[]): Source {
  const reader = sourceReader(src);
  const files: string[] = [];
  const seen = new Set<string>();
  for (const path of reader
    .list()
    .filter((p) => p.endsWith('.pcapng') || p.endsWith('.pcap'))
    .sort()) {
    const base = path.split('/').pop()!;
    const spec = DOMAINATOR.find((d) => base.startsWith(d.prefix));
    if (!spec) throw new Error(`unknown Domainator recording ${path}`);
    const resp = [...dnsResponses(reader.read(path))];
    if (!resp.length) continue; // offline handshakes and Symbiote's own recordings hold queries without responses
    files.push(path);
    for (const r of resp) {
      // a few validation recordings overlap (download/upload m150, roguerobin-ps fewer-rrs and its -short cut)
      const key = packetKey(r);
      if (seen.has(key)) {
        domainatorDuplicates++;
        continue;
      }
      seen.add(key);
      rows.push({
        ...r,
        tsNs: rebase(r.tsNs, DATE),
        family: inZones(r.qname, spec.zones) ? spec.family : null,
        origin: `domainator:${path}`,
      });
    }
  }
  console.error(`domainator: ${files.length} recordings with responses`);
  return {
    name: 'Domainator: DNS Malware Traffic Dataset',
    url: 'https://github.com/dreamingdust/domainator-dataset',
    licence:
      'No licence file in the repository; CITATION.cff asks users to refer to the paper below. Internal benchmarking only; do not redistribute the built day.',
    citation:
      'D. Petrov, P. Ruffing, S. Zillien, S. Wendzel, "Domainator: Detecting and Identifying DNS-Tunneling Malware Using Metadata Sequences", Proc. ARES 2025, Springer (arXiv:2505.22220)',
    files,
  };
}

const KORVING_CLIENT = '192.168.0.30';
const KORVING_ZONE = 'example.attack';

function korving(src: string, rows: DnsRow[]): Source {
  const reader = sourceReader(src);
  const tmp = mkdtempSync(join(tmpdir(), 'korving-'));
  const files: string[] = [];
  try {
    for (const tgz of reader
      .list()
      .filter((p) => p.endsWith('_full_dataset.tar.gz'))
      .sort()) {
      const dir = tgz.slice(0, tgz.lastIndexOf('/'));
      const scenario = dir.startsWith('dns_tunnel_c2/') ? 'c2' : 'file_transfer';
      const meta = new TextDecoder().decode(reader.read(`${dir}/.metadata`));
      const tools = [
        ...new Set([...meta.matchAll(/"name": "(iodine|dns2tcp|dnscat)_(?:client|server)"/g)].map((m) => m[1])),
      ];
      if (tools.length !== 1) throw new Error(`${dir}: cannot tell the tunnel tool (${tools.join(',')})`);
      const tool = tools[0]!;
      const archive = join(tmp, 'run.tar.gz');
      writeFileSync(archive, reader.read(tgz));
      const members = execFileSync('tar', ['tzf', archive]).toString().split('\n');
      const pcap = members.find((m) => m.endsWith('/dns.pcap'));
      if (!pcap) continue;
      const resolver = pcap.split('/').slice(-2, -1)[0]!;
      const keep = scenario === 'c2' || tool === 'dnscat' || resolver === 'dnsmasq';
      if (!keep) continue;
      const buf = new Uint8Array(execFileSync('tar', ['xzOf', archive, pcap], { maxBuffer: 1 << 30 }));
      const family = { iodine: 'dns_tunnel_iodine', dns2tcp: 'dns_tunnel_dns2tcp', dnscat: 'dns_tunnel_dnscat2' }[
        tool
      ]!;
      let n = 0;
      for (const r of dnsResponses(buf)) {
        if (r.ipDst !== KORVING_CLIENT) continue; // resolver <- authoritative/root legs: not the client's view
        rows.push({
          ...r,
          tsNs: rebase(r.tsNs, DATE),
          family: inZones(r.qname, [KORVING_ZONE]) ? family : null,
          origin: `korving:${dir}`,
        });
        n++;
      }
      files.push(`${tgz} (${pcap}: ${tool} ${scenario} via ${resolver}, ${n} responses to the client)`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.error(`korving: ${files.length} runs kept`);
  return {
    name: 'DNS Tunneling Dataset (DACA scenarios)',
    url: 'https://github.com/Korving-F/dns-tunnel-dataset',
    licence: 'MIT (README: "DACA is licensed under the MIT license. Copyright (c) 2022, Frank Korving")',
    citation:
      'F. Korving, DNS Tunneling Dataset generated with DACA, Master thesis, TalTech (2022), https://github.com/Korving-F/dns-tunnel-dataset',
    files,
  };
}

function graphTunnelBenign(src: string, rows: DnsRow[]): Source {
  const { rows: benign, files, duplicates } = responsesOnDate(sourceReader(src), 'normal/', DATE);
  for (const r of benign) {
    if (/(^|\.)ggy666\.tk$/i.test(r.qname)) throw new Error('tunnel zone in the benign captures');
    rows.push(r);
  }
  console.error(
    `graphtunnel: ${files.length} benign segments, ${benign.length} responses, ${duplicates} duplicates dropped`,
  );
  benignDuplicates = duplicates;
  return {
    name: 'GraphTunnel DNS-Tunnel-Datasets (benign normal/ segments only)',
    url: 'https://github.com/ggyggy666/DNS-Tunnel-Datasets',
    licence:
      'No licence file or statement in the repository; published for research with the paper below. Internal benchmarking only.',
    citation:
      'G. Gao, W. Niu, J. Gong, D. Gu, S. Li, M. Zhang, X. Zhang, "GraphTunnel: Robust DNS Tunnel Detection Based on DNS Recursive Resolution Graph", IEEE TIFS 19 (2024) 7705-7719, doi:10.1109/TIFS.2024.3443596',
    files,
  };
}

function main(): void {
  const { out, flags } = parseArgs(process.argv.slice(2));
  const mirror = (name: string) => `/work/.mirror/${name}/repo`;
  const srcs = {
    domainator: flags.domainator ?? mirror('dreamingdust+domainator-dataset'),
    korving: flags.korving ?? mirror('Korving-F+dns-tunnel-dataset'),
    graphtunnel: flags.graphtunnel ?? mirror('ggyggy666+DNS-Tunnel-Datasets'),
  };
  for (const [k, s] of Object.entries(srcs)) if (!existsSync(s)) throw new Error(`--${k} ${s}: not found`);
  const rows: DnsRow[] = [];
  const sources = [
    graphTunnelBenign(srcs.graphtunnel, rows),
    domainator(srcs.domainator, rows),
    korving(srcs.korving, rows),
  ];
  const stats = writeDay({
    out,
    id: ID,
    date: DATE,
    rows,
    families: FAMILIES,
    sources,
    builder: 'bench/detect/build/dns-domainator-korving.ts',
    notes:
      `Converted in TypeScript (bench/detect/build/dns-lib.ts, no tshark): one raw row per IPv4 DNS response (QR=1, opcode ` +
      `QUERY) on port 53 as Spot's tshark ingest makes it. Three captures merged onto ${DATE}, each re-based keeping time ` +
      `of day and keeping its own IPs (no remapping): benign background = the responses GraphTunnel's normal/ segments captured on ${DATE} ` +
      `(rows of other dates dropped; ${benignDuplicates} packets present in two overlapping segments kept once) ` +
      `(lab client 192.168.68.62 resolving Cloudflare top-1M domains via 192.168.68.1); Domainator (client 192.168.7.7, ` +
      `resolver 8.8.8.8, recorded 2024-02..10) every recording in the snapshot with responses (${domainatorDuplicates} packets ` +
      `present in two overlapping validation recordings kept once; Symbiote's own recordings ` +
      `and the offline handshakes hold queries only, so Spot's response-only ingest sees nothing of them); Korving ` +
      `(client 192.168.0.30, resolver 192.168.0.10, recorded 2022-03-30..04-01) the runs listed in sources, only responses ` +
      `delivered to the client (the resolver's own upstream legs are left out). Korving runs of different dates overlap ` +
      `in time of day after re-basing, so sessions of the one tunnel client interleave. Labels: a row is malicious iff it ` +
      `comes from a Domainator/Korving capture and its query is under that malware's or tool's own zone (list in the ` +
      `builder); the other lookups of the infected hosts (Windows Update, ntp.org, nslookup's PTR of 8.8.8.8, ...) stay ` +
      `benign. Nothing synthesised.`,
  });
  printSummary(ID, stats);
}

main();
