import { appendFileSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { RESULTS_COLUMNS } from '../../../shared/schema';
import type { TopicMixFact } from '../parse/topics';
import { runPipeline } from '../pipeline/index';
import { fixtureEnrichment } from '../pipeline/test-days';
import { createLocalSource } from '../sources/local';
import { explainWord } from '../../../shared/lda-word';
import { mulberry32 } from './random';
import { scoreDay } from './score-day';
import { removeTempRoots, tempRoot, writeRawDay } from './test-day';

afterAll(removeTempRoots);

const DATE = '2026-03-05';

function rows(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

function dnsDay(root: string): void {
  const random = mulberry32(2);
  const names = ['www.google.com', 'mail.google.com', 'intranet.acme.com', 'cdn.example.net', 'news.bbc.co.uk'];
  const out: Record<string, string | number | null>[] = [];
  const row = (
    sec: number,
    client: string,
    name: string,
    type: number | null,
    rcode: number | null,
    cls: string | null,
  ) => ({
    frame_time: `Mar  5, 2026 ${String(Math.floor(sec / 3600)).padStart(2, '0')}:${String(Math.floor(sec / 60) % 60).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')}.000000000 UTC`,
    unix_tstamp: 1772668800 + sec,
    frame_len: 80 + Math.floor(random() * 40),
    ip_dst: client,
    ip_src: '10.0.0.53',
    dns_qry_name: name,
    dns_qry_class: cls,
    dns_qry_type: type,
    dns_qry_rcode: rcode,
    dns_a: '1.2.3.4',
  });
  for (let i = 0; i < 3000; i++) {
    out.push(
      row(
        28800 + Math.floor(random() * 36000),
        `10.0.0.${1 + (i % 30)}`,
        names[i % names.length] as string,
        1,
        0,
        '0x00000001',
      ),
    );
  }
  const b32 = 'abcdefghijklmnopqrstuvwxyz234567';
  for (let i = 0; i < 300; i++) {
    const token = Array.from({ length: 48 }, () => b32[Math.floor(random() * 32)]).join('');
    out.push(row(4000 + i * 20, '10.10.5.120', `${token}.${i}.t.cloudsync-metrics.net`, 16, 0, '0x00000001'));
  }
  out.push(row(5000, '10.0.0.3', 'printer.local', 1, null, null)); // nulls are filled in the output
  out.push(row(5000, '10.0.0.3', 'nothing.local', null, null, null)); // invalid: no class, type or rcode
  out.push(row(5001, '10.0.0.3', '-', 1, 0, '0x00000001')); // invalid: name "-"
  writeRawDay(root, 'dns', DATE, out);
}

describe('scoreDay (dns)', () => {
  it('writes 9-column results with null fills and finds the tunnel', async () => {
    const root = tempRoot();
    dnsDay(root);
    const result = await scoreDay({ root, pipeline: 'dns', date: DATE, tol: 1, userDomain: 'acme' });
    expect(result.events).toBe(3303);
    expect(result.valid).toBe(3301);
    const out = rows(result.resultsPath);
    expect(out.every((r) => r.length === RESULTS_COLUMNS.dns.length)).toBe(true);
    const printer = out.find((r) => r[4] === 'printer.local');
    expect(printer?.slice(5, 8)).toEqual(['unknown', '1', '-1']);
    // The tunnel's queries are rarer than the office's: its first row ranks above every office row.
    const firstTunnel = out.findIndex((r) => r[3] === '10.10.5.120');
    const office = out.filter((r) => r[4] === 'www.google.com').map((r) => Number(r[8]));
    expect(Number(out[firstTunnel]?.[8])).toBeLessThan(Math.min(...office));
    const tunnels = result.detections.filter((d) => d.name === 'dns_tunnelling');
    expect(tunnels.map((d) => d.keys)).toEqual([
      { domain: 't.cloudsync-metrics.net', clientip: '10.10.5.120', qtype: 16 },
    ]);
    expect(tunnels[0]?.examples?.[0]?.dns_qry_name).toMatch(/cloudsync-metrics\.net$/);
    const json = JSON.parse(readFileSync(result.detectionsPath, 'utf8')) as { detections: unknown[] };
    expect(json.detections).toHaveLength(result.detections.length);
  });
});

describe('scoreDay (proxy)', () => {
  it('writes 21-column results whose word column decodes', async () => {
    const root = tempRoot();
    const random = mulberry32(4);
    const out: Record<string, string | number | null>[] = [];
    const hosts = ['www.google.com', 'intranet.acme.com', 'docs.github.com'];
    for (let i = 0; i < 2000; i++) {
      const host = hosts[i % hosts.length] as string;
      out.push({
        p_date: DATE,
        p_time: `${String(8 + Math.floor(random() * 9)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00`,
        clientip: `10.0.0.${1 + (i % 20)}`,
        host,
        reqmethod: 'GET',
        useragent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
        resconttype: 'text/html',
        duration: 20,
        username: 'user',
        webcat: 'Technology',
        referer: '-',
        respcode: '200',
        uriport: '443',
        uripath: '/',
        uriquery: '-',
        serverip: '93.184.216.34',
        scbytes: 5000,
        csbytes: 400,
        fulluri: `${host}/index.html`,
      });
    }
    out.push({
      p_date: DATE,
      p_time: '03:12:44',
      clientip: '10.0.0.5',
      host: 'cdn-flash-updates.com',
      reqmethod: 'GET',
      useragent: 'WindowsPowerShell/5.1',
      resconttype: null,
      duration: 900,
      respcode: null,
      fulluri: 'cdn-flash-updates.com/dl/flashplayer_update_32.0.0.465.exe',
      scbytes: 2400000,
      csbytes: 300,
    });
    writeRawDay(root, 'proxy', DATE, out);
    const result = await scoreDay({ root, pipeline: 'proxy', date: DATE, tol: 1, proxySafeDomains: ['acme'] });
    const res = rows(result.resultsPath);
    expect(res.every((r) => r.length === RESULTS_COLUMNS.proxy.length)).toBe(true);
    expect(res[0]?.[3]).toBe('cdn-flash-updates.com');
    expect(res[0]?.[6]).toBe('-');
    const word = res[0]?.[19] as string;
    expect(word).toMatch(/^0_3_GET_\d+_-_0_\d+_unknown_response_code$/);
    expect(explainWord('proxy', word).find((f) => f.feature === 'user agent')?.value).toMatch(/rare/);
    const safe = res.find((r) => r[3] === 'intranet.acme.com');
    expect(safe?.[19]?.startsWith('2_')).toBe(true);
  });
});

describe('frame_time with and without the comma (Spot test fixtures: `May 20 2016 02:10:25.970987000 PDT`)', () => {
  it('the scorer writes both forms and the OA import of its results file accepts both, with the same hour', async () => {
    const root = tempRoot();
    const office = ['www.google.com', 'mail.google.com', 'intranet.acme.com'];
    const out: Record<string, string | number | null>[] = [];
    for (let i = 0; i < 60; i++) {
      const comma = i % 2 === 0;
      out.push({
        frame_time: comma ? 'Mar  5, 2026 02:10:25.970987000 UTC' : 'Mar 5 2026 14:10:25.970987000 PDT',
        unix_tstamp: 1772668800 + i,
        frame_len: 90 + (i % 7),
        ip_dst: `10.0.0.${1 + (i % 6)}`,
        ip_src: '10.0.0.53',
        dns_qry_name: office[i % office.length] as string,
        dns_qry_class: '0x00000001',
        dns_qry_type: 1,
        dns_qry_rcode: 0,
        dns_a: '1.2.3.4',
      });
    }
    writeRawDay(root, 'dns', DATE, out);
    const scored = await scoreDay({ root, pipeline: 'dns', date: DATE, tol: 1, userDomain: 'acme' });
    const written = rows(scored.resultsPath).map((r) => r[0]);
    expect(written).toHaveLength(60);
    expect(new Set(written)).toEqual(
      new Set(['Mar  5, 2026 02:10:25.970987000 UTC', 'Mar 5 2026 14:10:25.970987000 PDT']),
    );

    const day = await runPipeline({
      source: createLocalSource(root),
      pipeline: 'dns',
      date: DATE,
      top: 100,
      enrichment: await fixtureEnrichment(),
    });
    const imported = (day.tables.dns_scores ?? []).map((r) => [r.frame_time, r.hh]);
    expect(imported).toHaveLength(60);
    expect(new Set(imported.map((r) => r.join(' | ')))).toEqual(
      new Set(['Mar  5, 2026 02:10:25.970987000 UTC | 2', 'Mar 5 2026 14:10:25.970987000 PDT | 14']),
    );
  });
});

describe('topic mix from the scorer to the import', () => {
  it('each imported results row carries its client’s topic mix; a results file from elsewhere gets none', async () => {
    const root = tempRoot();
    dnsDay(root);
    const scored = await scoreDay({ root, pipeline: 'dns', date: DATE, tol: 1, topics: 4, userDomain: 'acme' });
    const enrichment = await fixtureEnrichment();
    const day = await runPipeline({
      source: createLocalSource(root),
      pipeline: 'dns',
      date: DATE,
      top: 40,
      enrichment,
    });
    const scores = day.tables.dns_scores ?? [];
    expect(scores.length).toBeGreaterThanOrEqual(40);
    for (let i = 0; i < 40; i++) {
      const mix = day.explanations?.[i]?.topicMix as TopicMixFact;
      expect(mix.topicCount).toBe(4);
      expect(mix.ends).toHaveLength(1);
      const [end] = mix.ends;
      // The DNS document is the client (ip_dst); its probability is the row's LDA score.
      expect(end!.document).toBe(scores[i]!.ip_dst);
      expect(end!.probability).toBeCloseTo(Number(scores[i]!.ml_score), 12);
      expect(end!.topics.length).toBeGreaterThan(0);
      expect(end!.topics.every((t) => t.topic >= 1 && t.topic <= 4 && t.typicalWords.length === 3)).toBe(true);
      // P(w|d) = Σ θ_k φ_k(w) over all topics, so the named topics' part cannot exceed it.
      const part = end!.topics.reduce((sum, t) => sum + t.share * t.wordProbability, 0);
      expect(part).toBeLessThanOrEqual(end!.probability * (1 + 1e-9));
    }
    // Detection examples from outside the top N are not results lines: no topic mix is claimed for them.
    const outside = (day.explanations ?? []).slice(40);
    expect(outside.every((e) => e.topicMix === undefined)).toBe(true);

    // A results file changed after scoring (e.g. copied in from the cluster) no longer matches the topics file.
    appendFileSync(scored.resultsPath, readFileSync(scored.resultsPath, 'utf8').split('\n')[0] + '\n');
    const other = await runPipeline({
      source: createLocalSource(root),
      pipeline: 'dns',
      date: DATE,
      top: 40,
      enrichment,
    });
    expect((other.explanations ?? []).some((e) => e.topicMix !== undefined)).toBe(false);
    expect(other.notes?.some((n) => n.includes('dns_topics.json was computed for another results file'))).toBe(true);
  });
});
