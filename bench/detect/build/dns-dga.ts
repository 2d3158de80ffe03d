/**
 * Builds labelled DNS day `dns-dga-wrccdc-2018-03-24`: the real DNS of a 72-client network (Zeek's dns.log of the
 * WRCCDC 2018 captures, from github.com/brimdata/zed-sample-data) with eight hosts of it infected by DGA malware whose
 * lookups use the domains the families' published algorithms generate (github.com/andrewaeva/DGA,
 * help/1000domains/<family>_1000.txt).
 *
 *   npx tsx bench/detect/build/dns-dga.ts [--out DIR] --zeek SOURCE --dga SOURCE [--seed N]
 *
 * Each SOURCE is a fetched snapshot's git directory (e.g. /work/.mirror/brimdata+zed-sample-data/repo and
 * /work/.mirror/andrewaeva+DGA/repo/.git) or a folder with the same paths.
 *
 * Zeek logs no packet lengths, so every row's frame_len (benign and DGA alike, one estimator) is the wire size of
 * the response its fields describe: headers, the question, each answer (A 16, AAAA 28, a name 12 + its wire
 * length) and, for an answerless response (NXDOMAIN, NODATA), a 64-byte SOA authority record.
 */
import { gunzipSync } from 'node:zlib';
import { mulberry32 } from '../../../electron/core/ml/random';
import { parseArgs, printSummary, sourceReader, writeDay, type DnsRow } from './dns-lib';

const DATE = '2018-03-24';
const ID = `dns-dga-wrccdc-${DATE}`;
const ZEEK_LOG = 'zeek-default/dns.log.gz';

/** DGA families of the generator lists, with what their names look like. */
const FAMILIES: Record<string, { file: string; description: string }> = {
  dga_conficker: {
    file: 'conficker',
    description: 'Conficker.C: 4-10 random letters under .biz/.ws/.com and other TLDs, every lookup NXDOMAIN.',
  },
  dga_cryptolocker: { file: 'cryptolocker', description: 'CryptoLocker: 12-15 random letters under .com/.net/.ru…' },
  dga_matsnu: {
    file: 'matsnu',
    description: 'Matsnu: dictionary DGA, 2-4 English words concatenated (.com), pronounceable by design.',
  },
  dga_pushdo: { file: 'pushdo', description: 'PushDo: 8-character consonant/vowel names under .ru and .com.' },
  dga_ramdo: { file: 'ramdo', description: 'Ramdo: 16 random letters under .org.' },
  dga_rovnix: {
    file: 'rovnix',
    description: 'Rovnix: words of the US Declaration of Independence concatenated (.com/.net/.biz), pronounceable.',
  },
  dga_tinba: { file: 'tinba', description: 'Tinba: 12 random letters under .com/.net/.in/.ru.' },
  dga_zeus: { file: 'zeus', description: 'GameOver Zeus: 25-30 letters and digits under .biz/.com/.net/.org/.ru.' },
};

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Wire length of a domain name (labels with their length bytes and the root). */
function nameWire(name: string): number {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  return labels.reduce((n, l) => n + l.length + 1, 0) + 1;
}

/** The frame length of a response from its fields (see the header). */
export function estimatedFrameLen(proto: string, qname: string, answers: readonly string[]): number {
  const headers = proto === 'tcp' ? 14 + 20 + 20 + 2 + 12 : 14 + 20 + 8 + 12;
  const question = nameWire(qname) + 4;
  const records = answers.map((a) => 12 + (IPV4.test(a) ? 4 : a.includes(':') ? 16 : nameWire(a)));
  const authority = answers.length === 0 ? 64 : 0;
  return headers + question + records.reduce((s, n) => s + n, 0) + authority;
}

/** Seconds.micros of Zeek's ts as nanoseconds, exactly. */
function zeekNs(ts: string): bigint {
  const [s = '0', f = ''] = ts.split('.');
  return BigInt(s) * 1_000_000_000n + BigInt(f.padEnd(9, '0').slice(0, 9));
}

/** Zeek's dns.log responses (IPv4, a response seen) as raw rows; the first #fields line names the columns. */
function zeekRows(text: string): DnsRow[] {
  let fields: string[] = [];
  const rows: DnsRow[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#fields\t')) fields = line.split('\t').slice(1);
    if (line === '' || line.startsWith('#')) continue;
    const v = line.split('\t');
    const f = (name: string): string => v[fields.indexOf(name)] ?? '-';
    const [client, server, query, rcode, qclass, qtype] = [
      f('id.orig_h'),
      f('id.resp_h'),
      f('query'),
      f('rcode'),
      f('qclass'),
      f('qtype'),
    ];
    // Spot's rows are responses with a question: no response seen (rcode unset) or no query name is not one.
    if (!IPV4.test(client) || !IPV4.test(server) || rcode === '-' || query === '-' || qclass === '-' || qtype === '-')
      continue;
    const answers = f('answers') === '-' ? [] : f('answers').split(',');
    rows.push({
      tsNs: zeekNs(f('ts')),
      frameLen: estimatedFrameLen(f('proto'), query, answers),
      ipDst: client,
      ipSrc: server,
      qname: query,
      qclass: Number(qclass),
      qtype: Number(qtype),
      rcode: Number(rcode),
      a: answers.filter((a) => IPV4.test(a)),
      family: null,
      origin: ZEEK_LOG,
    });
  }
  return rows;
}

function main(): void {
  const { out, flags } = parseArgs(process.argv.slice(2));
  const zeek = sourceReader(flags.zeek ?? '/work/.mirror/brimdata+zed-sample-data/repo');
  const dga = sourceReader(flags.dga ?? '/work/.mirror/andrewaeva+DGA/repo/.git');
  // The same seed builds the same day.
  const random = mulberry32(Number(flags.seed ?? 20180324));
  const benign = zeekRows(gunzipSync(zeek.read(ZEEK_LOG)).toString('utf8'));
  const first = benign.reduce((m, r) => (r.tsNs < m ? r.tsNs : m), benign[0]!.tsNs);
  const last = benign.reduce((m, r) => (r.tsNs > m ? r.tsNs : m), first);

  // Infected hosts: workstations and servers of the network that resolve through its resolvers (≥ 100 responses),
  // one per family; each keeps its own traffic and asks its usual resolver.
  const perClient = new Map<string, Map<string, number>>();
  for (const r of benign) {
    const servers = perClient.get(r.ipDst) ?? perClient.set(r.ipDst, new Map()).get(r.ipDst)!;
    servers.set(r.ipSrc, (servers.get(r.ipSrc) ?? 0) + 1);
  }
  const candidates = [...perClient]
    .filter(([c, s]) => c.startsWith('10.') && [...s.values()].reduce((a, b) => a + b, 0) >= 100)
    .map(([c]) => c)
    .sort();
  const infected: string[] = [];
  while (infected.length < Object.keys(FAMILIES).length && candidates.length > 0)
    infected.push(candidates.splice(Math.floor(random() * candidates.length), 1)[0]!);

  const rows: DnsRow[] = [...benign];
  const used: string[] = [];
  Object.entries(FAMILIES).forEach(([family, { file }], i) => {
    const client = infected[i];
    if (!client) return;
    const path = `help/1000domains/${file}_1000.txt`;
    used.push(path);
    const names = Buffer.from(dga.read(path))
      .toString('utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean);
    const resolver = [...perClient.get(client)!].sort((a, b) => b[1] - a[1])[0]![0];
    // Bursts of 10-30 generated names, 0.05-0.5 s apart, every 60-180 s from a random start in the first 2 minutes.
    let t = first + BigInt(Math.floor(random() * 120e9));
    let next = 0;
    while (t < last && next < names.length) {
      const burst = 10 + Math.floor(random() * 21);
      let at = t;
      for (let k = 0; k < burst && next < names.length && at < last; k++, next++) {
        const qname = names[next]!;
        rows.push({
          tsNs: at,
          frameLen: estimatedFrameLen('udp', qname, []),
          ipDst: client,
          ipSrc: resolver,
          qname,
          qclass: 1,
          qtype: 1,
          rcode: 3,
          a: [],
          family,
          origin: path,
        });
        at += BigInt(Math.floor(50e6 + random() * 450e6));
      }
      t += BigInt(Math.floor(60e9 + random() * 120e9));
    }
  });

  const stats = writeDay({
    out,
    id: ID,
    date: DATE,
    rows,
    families: Object.fromEntries(Object.entries(FAMILIES).map(([f, { description }]) => [f, { description }])),
    builder: 'bench/detect/build/dns-dga.ts',
    sources: [
      {
        name: 'brimdata/zed-sample-data: Zeek 6.2 dns.log of WRCCDC 2018 packet captures (2018-03-24, 10:xx PDT)',
        url: 'https://github.com/brimdata/zed-sample-data',
        licence: 'CC BY-SA 4.0 (LICENSE; built on the WRCCDC PCAP archive, distributed under the same licence)',
        citation:
          'Western Regional Collegiate Cyber Defense Competition (WRCCDC) 2018 packet captures, processed with Zeek by Brim Data, zed-sample-data, commit 8da0758e1ee1a8f94895d640a7646fd2c27ca803',
        files: [ZEEK_LOG],
      },
      {
        name: 'andrewaeva/DGA: 1,000 domains generated by each of eight malware families’ published DGAs',
        url: 'https://github.com/andrewaeva/DGA',
        licence: 'GNU GPL v2 (README)',
        citation:
          'A. Abakumov, DGA: domain generation algorithms and dictionaries of malicious domains (GitHub andrewaeva/DGA), commit 00b49f0606792a64f45f120ac84fbab414272cc9',
        files: used,
      },
    ],
    notes:
      `Benign: every IPv4 response of the Zeek dns.log (${benign.length} rows; Zeek records without a response or a question are left out; ` +
      `${perClient.size} clients, 21 minutes of ${DATE} between ${new Date(Number(first / 1_000_000n)).toISOString()} ` +
      `and ${new Date(Number(last / 1_000_000n)).toISOString()}). Real traffic of a cyber-defence competition network: it may hold red-team ` +
      `activity nobody labelled (none is DGA-like as far as known). Times, clients, servers, names, types, rcodes and A answers are Zeek's; ` +
      `frame_len is estimated for every row alike (Zeek logs no lengths; estimator in the builder). Malicious (synthesised timing, real ` +
      `generated names): ${infected.length} hosts of the network (${infected.join(', ')}), one per family, each sending its family's ` +
      `generated names in order through its usual resolver, in bursts of 10-30 names 0.05-0.5 s apart every 60-180 s across the ` +
      `capture window, type A, every answer NXDOMAIN with no records (unregistered rendezvous names); seeded PRNG, seed ${flags.seed ?? 20180324}. ` +
      `The infected hosts' own lookups stay benign.`,
  });
  printSummary(ID, stats);
}

main();
