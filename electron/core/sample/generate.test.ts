import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RAW_COLUMNS, RESULTS_COLUMNS, columnNames, PIPELINES } from '../../../shared/schema';
import { CancelledError } from '../errors';
import { parseDetectionsFile } from '../parse/detections';
import { ensureSampleDay, generateSampleDay, readSampleManifest, type SampleManifest } from './generate';
import { SAMPLE_SCENARIOS, rowMatches } from './scenarios';

let dir: string;
const SMALL = 0.02;

/** sha256 of every file under root, by relative path. */
async function treeHashes(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else
        out[p.slice(root.length + 1)] = createHash('sha256')
          .update(await readFile(p))
          .digest('hex');
    }
  };
  await walk(root);
  return out;
}

const rawCsvRows = async (root: string, m: SampleManifest, pipeline: string): Promise<Record<string, string>[]> => {
  const rows: Record<string, string>[] = [];
  for (const f of m.files.filter((f) => f.startsWith(`${pipeline}/hive/`))) {
    rows.push(...(parse(await readFile(join(root, f)), { columns: true }) as Record<string, string>[]));
  }
  return rows;
};

const resultRows = async (root: string, m: SampleManifest, pipeline: 'flow' | 'dns' | 'proxy') => {
  const names = columnNames(RESULTS_COLUMNS[pipeline]);
  const text = await readFile(join(root, m.results[pipeline].path), 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const fields = l.split('\t');
      return { fields, row: Object.fromEntries(fields.map((v, i) => [names[i] as string, v])) };
    });
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sample-day-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generateSampleDay (small scale, CSV)', () => {
  let manifest: SampleManifest;
  let root: string;

  beforeAll(async () => {
    root = join(dir, 'csv-a');
    manifest = await generateSampleDay({ root, scale: SMALL, format: 'csv' });
  });

  it('is deterministic: a second run writes byte-identical files', async () => {
    const again = join(dir, 'csv-b');
    await generateSampleDay({ root: again, scale: SMALL, format: 'csv' });
    const [a, b] = await Promise.all([treeHashes(root), treeHashes(again)]);
    expect(Object.keys(a).length).toBeGreaterThan(70);
    expect(b).toEqual(a);
  });

  it('writes the data tree layout with one file per hour and the context files', async () => {
    for (const pipeline of PIPELINES) {
      for (let h = 0; h < 24; h++) {
        const hourFiles = await readdir(join(root, pipeline, 'hive', 'y=2026', 'm=11', 'd=24', `h=${h}`));
        expect(hourFiles).toEqual([`${pipeline}-20261124-${String(h).padStart(2, '0')}.csv`]);
      }
      expect(manifest.results[pipeline].path).toBe(
        `${pipeline}/scored_results/20261124/scores/${pipeline}_results.csv`,
      );
    }
    expect((await readFile(join(root, 'context/ipranges.csv'), 'utf8')).split('\n')[0]).toBe(
      '10.0.0.0,10.255.255.255,Internal',
    );
    const context = parse(await readFile(join(root, 'context/networkcontext.csv')), { columns: true });
    expect(context).toContainEqual({ ip: '10.1.1.10', description: 'proxy01 - Proxy (Blue Coat) egress web proxy' });
    const reputation = parse(await readFile(join(root, 'context/reputation.csv')), { columns: true });
    expect(reputation).toContainEqual({
      indicator: '203.0.113.77',
      severity: '3',
      text: 'Known C2 server (sample intel)',
    });
    expect(await readSampleManifest(root)).toEqual(manifest);
  });

  it('locates every flow endpoint in iploc.csv (sorted, non-overlapping ranges)', async () => {
    const ranges = (parse(await readFile(join(root, 'context/iploc.csv'))) as string[][]).map((r) => {
      expect(r).toHaveLength(10);
      return [Number(r[0]), Number(r[1])] as const;
    });
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBeGreaterThan(ranges[i - 1]![1]);
    const toInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
    const covered = (ip: string) => {
      const n = toInt(ip);
      let lo = 0;
      let hi = ranges.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (ranges[mid]![0] <= n) lo = mid;
        else hi = mid - 1;
      }
      return ranges[lo]![0] <= n && n <= ranges[lo]![1];
    };
    const ips = new Set<string>();
    for (const r of await rawCsvRows(root, manifest, 'flow')) ips.add(r.sip!).add(r.dip!);
    expect([...ips].filter((ip) => !covered(ip))).toEqual([]);
  });

  it('raw CSV files parse with Spot’s header and column counts', async () => {
    for (const pipeline of PIPELINES) {
      const names = columnNames(RAW_COLUMNS[pipeline]);
      let rows = 0;
      for (const f of manifest.files.filter((f) => f.startsWith(`${pipeline}/hive/`))) {
        const records = parse(await readFile(join(root, f)), { relax_column_count: true }) as string[][];
        expect(records[0]).toEqual(names);
        for (const r of records) expect(r).toHaveLength(names.length);
        rows += records.length - 1;
      }
      expect(rows).toBe(manifest.rows[pipeline].total);
    }
  });

  it('has a diurnal shape: quiet nights, busy office hours (background rows)', async () => {
    const hourOf: Record<string, (r: Record<string, string>) => number> = {
      flow: (r) => Number(r.trhour),
      dns: (r) => Number(r.frame_time?.split(/ +/)[3]?.slice(0, 2)),
      proxy: (r) => Number(r.p_time?.slice(0, 2)),
    };
    for (const pipeline of PIPELINES) {
      const perHour = new Array<number>(24).fill(0);
      const selectors = SAMPLE_SCENARIOS.flatMap((s) => s.rows).filter((s) => s.pipeline === pipeline);
      for (const row of await rawCsvRows(root, manifest, pipeline)) {
        if (!selectors.some((s) => rowMatches(s, row))) perHour[hourOf[pipeline]!(row)]! += 1;
      }
      const avg = (from: number, to: number) => perHour.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
      expect(avg(9, 17), pipeline).toBeGreaterThan(3 * avg(0, 5));
      expect(avg(0, 5), pipeline).toBeGreaterThan(0);
    }
  });

  it('contains every scenario in the raw data, inside its documented time span', async () => {
    const timeOf: Record<string, (r: Record<string, string>) => string> = {
      flow: (r) => r.treceived!.slice(11),
      dns: (r) => r.frame_time!.split(/ +/)[3]!.slice(0, 8),
      proxy: (r) => r.p_time!,
    };
    for (const pipeline of PIPELINES) {
      const rows = await rawCsvRows(root, manifest, pipeline);
      for (const scenario of SAMPLE_SCENARIOS) {
        for (const selector of scenario.rows.filter((s) => s.pipeline === pipeline)) {
          const times = rows.filter((r) => rowMatches(selector, r)).map(timeOf[pipeline]!);
          expect(times.length, `${scenario.id} ${pipeline}`).toBeGreaterThan(0);
          for (const t of times) expect(t >= scenario.start && t <= scenario.end, `${scenario.id} at ${t}`).toBe(true);
        }
      }
    }
  });

  it('writes results files in spot-ml’s format: TAB, no header, ascending score', async () => {
    for (const pipeline of PIPELINES) {
      const lines = await resultRows(root, manifest, pipeline);
      expect(lines.length).toBe(manifest.results[pipeline].rowsKept);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.length).toBeLessThanOrEqual(Math.min(5000, manifest.rows[pipeline].total));
      let previous = -Infinity;
      for (const { fields } of lines) {
        expect(fields).toHaveLength(RESULTS_COLUMNS[pipeline].length);
        const score = Number(fields.at(-1));
        expect(score).toBeGreaterThanOrEqual(previous);
        previous = score;
      }
      expect(lines[0]?.fields[0]).not.toMatch(/^(treceived|frame_time|p_date)$/);
    }
  });
});

describe('the named detections beside the results', () => {
  it("are the embedded scorer's, readable by the OA import, and find the scenarios even at small scale", async () => {
    const root = join(dir, 'csv-a');
    const manifest = (await readSampleManifest(root))!;
    const found: string[] = [];
    for (const pipeline of PIPELINES) {
      const file = join(root, manifest.results[pipeline].detectionsPath);
      const { detections, stale } = parseDetectionsFile(
        pipeline,
        file,
        await readFile(file, 'utf8'),
        createHash('sha256')
          .update(await readFile(join(root, manifest.results[pipeline].path)))
          .digest('hex'),
      );
      expect(stale).toBe(false);
      expect(detections.map((d) => `${d.name} ${JSON.stringify(d.keys)} ${d.strength}`)).toEqual(
        manifest.results[pipeline].detections,
      );
      found.push(...detections.map((d) => `${d.name} ${Object.values(d.keys).join(' ')}`));
    }
    expect(found).toEqual(
      expect.arrayContaining([
        'port_scan 10.10.4.201 445 TCP',
        'beaconing 10.10.7.43 203.0.113.77 443 TCP',
        // the tunnel's zone (its names sit under t.), one finding per record type (TXT and NULL)
        'dns_tunnelling t.cloudsync-metrics.net 10.10.5.120 16',
        'dns_tunnelling t.cloudsync-metrics.net 10.10.5.120 10',
        'dga 192.168.20.57 3',
        'large_upload 10.10.9.14 files-transfer-secure.com',
        'malicious_url 10.10.3.88 cdn-flash-updates.com',
      ]),
    );
  });
});

describe('generateSampleDay (Parquet)', () => {
  it('writes typed Parquet with the raw columns, deterministically', async () => {
    const a = join(dir, 'pq-a');
    const b = join(dir, 'pq-b');
    const manifest = await generateSampleDay({ root: a, scale: SMALL });
    await generateSampleDay({ root: b, scale: SMALL });
    expect(await treeHashes(b)).toEqual(await treeHashes(a));
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      for (const pipeline of PIPELINES) {
        const glob = join(a, pipeline, 'hive', 'y=2026', 'm=11', 'd=24', '*', '*.parquet');
        const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${glob}')`);
        expect(
          described
            .getRows()
            .map((r) => r[0])
            .filter((c) => !['y', 'm', 'd', 'h'].includes(String(c))),
        ).toEqual(columnNames(RAW_COLUMNS[pipeline]));
        const count = await connection.runAndReadAll(`SELECT COUNT(*)::INTEGER FROM read_parquet('${glob}')`);
        expect(count.getRows()[0]?.[0]).toBe(manifest.rows[pipeline].total);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe('ensureSampleDay', () => {
  it('generates once, reuses a complete tree, regenerates an incomplete one', async () => {
    const root = join(dir, 'ensure');
    // ensureSampleDay always builds the default scale; a small tree made by generateSampleDay stands in for it.
    const first = await generateSampleDay({ root, scale: SMALL });
    const manifestPath = join(root, 'sample-manifest.json');
    const before = (await stat(manifestPath)).mtimeMs;
    expect(await ensureSampleDay(root)).toEqual(first);
    expect((await stat(manifestPath)).mtimeMs).toBe(before);
    await rm(join(root, first.results.dns.path));
    expect(await readSampleManifest(root)).toBeNull();
  });

  it('refuses to replace a directory that is not a sample tree', async () => {
    const root = join(dir, 'not-a-sample');
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'notes.txt'), 'mine');
    await expect(generateSampleDay({ root, scale: SMALL })).rejects.toThrow(/not a sample day tree/);
    expect(await readFile(join(root, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('stops on abort and leaves nothing at root', async () => {
    const root = join(dir, 'aborted');
    const controller = new AbortController();
    const run = generateSampleDay({
      root,
      scale: SMALL,
      signal: controller.signal,
      onProgress: (f) => {
        if (f > 0.2) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    await expect(stat(root)).rejects.toThrow();
    expect((await readdir(dir)).filter((e) => e.includes('aborted'))).toEqual([]);
  });
});
