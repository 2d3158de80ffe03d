// End to end: the generated sample day (electron/core/sample) through every pipeline, checking the
// invariants that must hold on any day rather than hand-computed values (those are in pipeline.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OA_OUTPUT_TABLES, OA_TABLES, columnNames } from '../../../shared/schema';
import type { Pipeline } from '../../../shared/schema';
import type { DayImport, OaRow } from '../cache/types';
import { createEnrichment } from '../enrich';
import { generateSampleDay } from '../sample/generate';
import type { SampleManifest } from '../sample/generate';
import { createLocalSource } from '../sources/local';
import { runPipeline } from './index';

const TOP = 300;
let root: string;
let manifest: SampleManifest;
const days = new Map<Pipeline, DayImport>();

beforeAll(async () => {
  root = join(mkdtempSync(join(tmpdir(), 'spot-oa-sample-')), 'day');
  manifest = await generateSampleDay({ root, scale: 0.05, format: 'parquet' });
  const enrichment = await createEnrichment({
    iprangesPath: join(root, manifest.context.ipranges),
    contextPaths: [join(root, manifest.context.networkContext)],
    reputationLists: [{ name: 'sample', path: join(root, manifest.context.reputation) }],
  });
  const source = createLocalSource(root);
  for (const pipeline of ['flow', 'dns', 'proxy'] as const) {
    days.set(pipeline, await runPipeline({ source, pipeline, date: manifest.date, top: TOP, enrichment }));
  }
}, 300_000);
afterAll(() => rmSync(join(root, '..'), { recursive: true, force: true }));

const day = (pipeline: Pipeline): DayImport => days.get(pipeline)!;
const rows = (pipeline: Pipeline, table: keyof typeof OA_TABLES): OaRow[] => day(pipeline).tables[table] ?? [];

describe.each(['flow', 'dns', 'proxy'] as const)('%s OA on the sample day', (pipeline) => {
  it('fills every output table in schema column order', () => {
    const result = day(pipeline);
    expect(result.date).toBe(manifest.date);
    expect(Object.keys(result.tables)).toEqual(OA_OUTPUT_TABLES[pipeline]);
    for (const table of OA_OUTPUT_TABLES[pipeline]) {
      const tableRows = rows(pipeline, table);
      expect(tableRows.length, table).toBeGreaterThan(0);
      for (const row of tableRows) expect(Object.keys(row)).toEqual(columnNames(OA_TABLES[table]));
    }
    // The top N results rows, then the named detections' examples that were not among them.
    const top = Math.min(TOP, manifest.results[pipeline].rowsKept);
    const explanations = result.explanations ?? [];
    expect(explanations.slice(0, top).every((e) => !('outsideTop' in e))).toBe(true);
    expect(explanations.slice(top).every((e) => e.outsideTop === top)).toBe(true);
    expect(explanations).toHaveLength(rows(pipeline, `${pipeline}_scores`).length);
  });

  it('imports the most suspicious rows in ascending score order, and ranks every row once by combined risk', () => {
    const imported = rows(pipeline, `${pipeline}_scores`);
    const top = Math.min(TOP, manifest.results[pipeline].rowsKept);
    const scores = imported.slice(0, top).map((r) => Number(r.ml_score));
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    const ranks = (day(pipeline).explanations ?? []).map((e) => e.riskRank);
    expect([...ranks].sort((a, b) => Number(a) - Number(b))).toEqual(imported.map((_, i) => i));
  });

  it('counts every raw row of the day in the ingest summary, hour by hour', () => {
    const perHour = new Array<number>(24).fill(0);
    for (const row of rows(pipeline, `${pipeline}_ingest_summary`)) {
      expect(String(row.tdate)).toMatch(/^2026-11-24 \d{2}:\d{2}$/);
      perHour[Number(String(row.tdate).slice(11, 13))]! += Number(row.total);
    }
    expect(perHour).toEqual(manifest.rows[pipeline].perHour);
  });
});

describe('detail tables on the sample day', () => {
  it('flow_edge: every suspicious row has its own connection among the details, and every detail a key', () => {
    const minutePair = (t: string, a: string, b: string) => `${t.slice(11, 16)}|${[a, b].sort().join('|')}`;
    const keys = new Set(
      rows('flow', 'flow_scores').map((r) => minutePair(String(r.tstart), String(r.srcip), String(r.dstip))),
    );
    const edge = rows('flow', 'flow_edge');
    const edgeKeys = new Set(edge.map((r) => minutePair(String(r.tstart), String(r.srcip), String(r.dstip))));
    for (const key of keys) expect(edgeKeys.has(key), key).toBe(true);
    for (const key of edgeKeys) expect(keys.has(key), key).toBe(true);
    for (const r of edge)
      expect([r.hh, r.mn]).toEqual([Number(String(r.tstart).slice(11, 13)), Number(String(r.tstart).slice(14, 16))]);
  });

  it('flow_chords: anchors occur more than once with two or more peers; chords join an anchor and a peer', () => {
    const peers = new Map<string, Set<string>>();
    const occurrences = new Map<string, number>();
    for (const r of rows('flow', 'flow_scores')) {
      for (const [ip, peer] of [
        [String(r.srcip), String(r.dstip)],
        [String(r.dstip), String(r.srcip)],
      ] as const) {
        occurrences.set(ip, (occurrences.get(ip) ?? 0) + 1);
        peers.set(ip, (peers.get(ip) ?? new Set()).add(peer));
      }
    }
    const anchors = [...peers.keys()].filter((ip) => occurrences.get(ip)! > 1 && peers.get(ip)!.size > 1);
    const chords = rows('flow', 'flow_chords');
    expect(new Set(chords.map((r) => r.ip_threat))).toEqual(new Set(anchors));
    for (const r of chords) {
      const anchor = String(r.ip_threat);
      const other = r.srcip === anchor ? String(r.dstip) : String(r.srcip);
      expect([r.srcip, r.dstip]).toContain(anchor);
      expect(peers.get(anchor)!.has(other)).toBe(true);
      expect(Number(r.ibyt)).toBeGreaterThan(0);
    }
  });

  it('dns_edge: details of each suspicious (hour, name), at most 250 each; dendro only for suspicious clients', () => {
    const keys = new Set(rows('dns', 'dns_scores').map((r) => `${r.hh}|${r.dns_qry_name}`));
    const counts = new Map<string, number>();
    for (const r of rows('dns', 'dns_edge'))
      counts.set(`${r.hh}|${r.dns_qry_name}`, (counts.get(`${r.hh}|${r.dns_qry_name}`) ?? 0) + 1);
    expect(new Set(counts.keys())).toEqual(keys);
    for (const n of counts.values()) expect(n).toBeLessThanOrEqual(250);
    const clients = new Set(rows('dns', 'dns_scores').map((r) => r.ip_dst));
    const dendroClients = new Set(rows('dns', 'dns_dendro').map((r) => r.ip_dst));
    expect(dendroClients).toEqual(clients);
  });

  it('dns_scores: query_rep is looked up by the query name (Spot 1.0 left it None)', () => {
    const reputed = rows('dns', 'dns_scores').filter((r) => r.query_rep !== '');
    const tunnel = manifest.scenarios.find((s) => s.id === 'dns_tunnel')!;
    expect(reputed.length).toBeGreaterThan(0);
    for (const r of reputed) expect(String(r.query_rep)).toMatch(/^sample:[^:]+:-?\d$/);
    expect(reputed.some((r) => tunnel.domains.includes(String(r.tld)))).toBe(true);
  });

  it('proxy_edge: details of each suspicious (uri, client, hour), ordered by time', () => {
    const key = (uri: unknown, client: unknown, hour: number) => `${uri}|${client}|${hour}`;
    const keys = new Set(
      rows('proxy', 'proxy_scores').map((r) => key(r.fulluri, r.clientip, Number(String(r.time).slice(0, 2)))),
    );
    const edgeKeys = new Set(rows('proxy', 'proxy_edge').map((r) => key(r.fulluri, r.clientip, Number(r.hh))));
    expect(edgeKeys).toEqual(keys);
    expect(day('proxy').explanations?.every((e) => /^[0-9a-f]{32}\d{2}$/.test(String(e.hash)))).toBe(true);
  });
});
