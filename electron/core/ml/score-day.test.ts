import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RESULTS_COLUMNS, columnNames } from '../../../shared/schema';
import { InputError } from '../errors';
import { resultsPath } from '../sources/local';
import { scoreDay, scoredDir } from './score-day';
import type { TopicMixDocument } from './topic-mix';
import { flowRow, officeFlows, removeTempRoots, tempRoot, writeRawDay } from './test-day';

afterAll(removeTempRoots);

const DATE = '2026-03-05';
const planted = { sip: '10.0.0.7', dip: '203.0.113.9', sport: 51515, dport: 6667, hour: 3, ibyt: 123456, ipkt: 90 };

function readResults(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

function plantedRank(rows: string[][]): number {
  return rows.findIndex((r) => r[8] === planted.sip && r[9] === planted.dip && r[11] === String(planted.dport));
}

describe('scoreDay (flow)', () => {
  it('writes spot-ml results: TAB, no header, 18 columns, ascending, the planted oddity near the top', async () => {
    const root = tempRoot();
    writeRawDay(root, 'flow', DATE, [...officeFlows(DATE, 3000), flowRow(DATE, planted)]);
    const progress: number[] = [];
    // K = 3: on a 3,000-row day, K = 20 leaves spare topics that absorb a one-off word (LDA's known behaviour;
    // with 20 topics the planted row lands anywhere between rank 30 and 1,350 depending on the seed).
    const result = await scoreDay({
      root,
      pipeline: 'flow',
      date: DATE,
      tol: 1,
      topics: 3,
      onProgress: (f) => progress.push(f),
    });
    expect(result.resultsPath).toBe(join(root, 'flow', 'scored_results', '20260305', 'scores', 'flow_results.csv'));
    expect(result.events).toBe(3001);
    expect(result.valid).toBe(3001);
    const rows = readResults(result.resultsPath);
    expect(rows.length).toBe(result.kept);
    expect(rows.every((r) => r.length === RESULTS_COLUMNS.flow.length)).toBe(true);
    const scores = rows.map((r) => Number(r[17]));
    expect(scores.every((s, i) => i === 0 || (scores[i - 1] as number) <= s)).toBe(true);
    const rank = plantedRank(rows);
    expect(rank).toBeGreaterThanOrEqual(0);
    expect(rank).toBeLessThan(30); // top 1 %
    expect(rows[rank]?.slice(0, 8)).toEqual([`${DATE} 03:00:00`, '2026', '3', '5', '3', '0', '0', '0.5']);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((f, i) => i === 0 || (progress[i - 1] as number) <= f)).toBe(true);
  });

  it('writes the kept rows’ topic mix beside the results, line by line, without changing the results file', async () => {
    const root = tempRoot();
    writeRawDay(root, 'flow', DATE, [...officeFlows(DATE, 1000), flowRow(DATE, planted)]);
    const result = await scoreDay({ root, pipeline: 'flow', date: DATE, tol: 1, topics: 3, maxResults: 50 });
    const rows = readResults(result.resultsPath);
    expect(result.topicsPath).toBe(join(dirname(result.resultsPath), 'flow_topics.json'));
    const mix = JSON.parse(readFileSync(result.topicsPath, 'utf8')) as TopicMixDocument;
    expect(mix.resultsSha256).toBe(createHash('sha256').update(readFileSync(result.resultsPath)).digest('hex'));
    expect(mix.topicCount).toBe(3);
    expect(mix.rows.length).toBe(rows.length);
    rows.forEach((row, i) => {
      const ends = mix.rows[i]!;
      // A flow row is scored on its source and its destination document; its score is the lower P(w|d).
      expect(ends.map(([doc]) => doc)).toEqual([row[8], row[9]]);
      expect(Math.min(...ends.map(([, , p]) => p))).toBeCloseTo(Number(row[17]), 12);
      for (const [doc, word] of ends) {
        const shares = mix.documents[doc]!;
        expect(shares.length).toBeGreaterThan(0);
        expect(shares.length).toBeLessThanOrEqual(3);
        expect(shares.every(([, share], j) => j === 0 || shares[j - 1]![1] >= share)).toBe(true);
        for (const [topic] of shares) {
          expect(mix.words[word]![topic]).toBeGreaterThanOrEqual(0);
          expect(mix.topics[topic]!.length).toBe(3);
        }
      }
    });
    // Only the kept rows' documents are written, not the day's.
    const kept = new Set(rows.flatMap((r) => [r[8], r[9]]));
    expect(Object.keys(mix.documents).every((doc) => kept.has(doc))).toBe(true);
  });

  it('applies TOL and MAXRESULTS, and drops invalid rows', async () => {
    const root = tempRoot();
    const bad = { ...flowRow(DATE, planted), trhour: 24 };
    const negative = { ...flowRow(DATE, planted), sport: -5 };
    writeRawDay(root, 'flow', DATE, [...officeFlows(DATE, 1000), bad, negative, flowRow(DATE, planted)]);
    const all = await scoreDay({ root, pipeline: 'flow', date: DATE, tol: 1 });
    expect(all.events).toBe(1003);
    expect(all.valid).toBe(1001);
    expect(all.kept).toBe(1001);
    const top = await scoreDay({ root, pipeline: 'flow', date: DATE, tol: 1, maxResults: 10 });
    expect(top.kept).toBe(10);
    const threshold = await scoreDay({ root, pipeline: 'flow', date: DATE, tol: 1e-4 });
    const rows = readResults(threshold.resultsPath);
    expect(rows.every((r) => Number(r[17]) <= 1e-4)).toBe(true);
    expect(threshold.kept).toBeLessThan(1001);
  });

  it('is deterministic for a seed', async () => {
    const root = tempRoot();
    writeRawDay(root, 'flow', DATE, [...officeFlows(DATE, 1500, 3), flowRow(DATE, planted)]);
    const a = await scoreDay({ root, pipeline: 'flow', date: DATE, tol: 1, seed: 42 });
    const first = readFileSync(a.resultsPath, 'utf8');
    const b = await scoreDay({ root, pipeline: 'flow', date: DATE, tol: 1, seed: 42 });
    expect(readFileSync(b.resultsPath, 'utf8')).toBe(first);
  });

  it('benign feedback moves the confirmed pattern down in the next run', async () => {
    const root = tempRoot();
    // The planted pattern recurs a few times so its own rows are the lowest scores of the day.
    writeRawDay(root, 'flow', DATE, [...officeFlows(DATE, 3000, 5), flowRow(DATE, planted)]);
    const before = await scoreDay({ root, pipeline: 'flow', date: DATE, tol: 1 });
    const rowsBefore = readResults(before.resultsPath);
    const rankBefore = plantedRank(rowsBefore);
    const scoreBefore = Number(rowsBefore[rankBefore]?.[17]);
    const feedback = join(scoredDir(root, 'flow', DATE), 'feedback', 'ml_feedback.csv');
    mkdirSync(dirname(feedback), { recursive: true });
    writeFileSync(
      feedback,
      [
        'sev\ttstart\tsrcIP\tdstIP\tsport\tdport\tipkt\tibyt\tproto',
        `3\t${DATE} 03:00:00\t${planted.sip}\t${planted.dip}\t${planted.sport}\t${planted.dport}\t${planted.ipkt}\t${planted.ibyt}\tTCP`,
        'sev\ttstart\tsrcIP\tdstIP\tsport\tdport\tipkt\tibyt\tproto',
        `1\t${DATE} 09:00:00\t10.0.0.1\t192.168.1.1\t40000\t443\t5\t900\tTCP`,
        '',
      ].join('\n'),
    );
    const after = await scoreDay({ root, pipeline: 'flow', date: DATE, tol: 1 });
    expect(after.feedbackRows).toBe(1);
    const rowsAfter = readResults(after.resultsPath);
    const rankAfter = plantedRank(rowsAfter);
    expect(Number(rowsAfter[rankAfter]?.[17])).toBeGreaterThan(scoreBefore * 10);
    expect(rankAfter).toBeGreaterThan(rankBefore + 100);
  });

  it('names file, line and field of malformed feedback', async () => {
    const root = tempRoot();
    writeRawDay(root, 'flow', DATE, officeFlows(DATE, 200));
    const feedback = join(root, 'fb.csv');
    writeFileSync(
      feedback,
      'sev\ttstart\tsrcIP\tdstIP\tsport\tdport\tipkt\tibyt\tproto\n3\t2026-03-05 01:00:00\ta\tb\tx\t1\t1\t1\tTCP\n',
    );
    await expect(scoreDay({ root, pipeline: 'flow', date: DATE, feedbackPath: feedback })).rejects.toThrow(
      new InputError(feedback, 2, 'sport', 'not a number: "x"'),
    );
    writeFileSync(
      feedback,
      'sev\ttstart\tsrcIP\tdstIP\tsport\tdport\tipkt\tibyt\n3\t2026-03-05 01:00:00\ta\tb\t1\t1\t1\t1\n',
    );
    await expect(scoreDay({ root, pipeline: 'flow', date: DATE, feedbackPath: feedback })).rejects.toThrow(
      /line 2, field proto/,
    );
    writeFileSync(feedback, 'sev,tstart\nhigh,x\n');
    await expect(scoreDay({ root, pipeline: 'flow', date: DATE, feedbackPath: feedback })).rejects.toThrow(
      /line 2, field sev/,
    );
  });

  it('reports a missing day and a missing column', async () => {
    const root = tempRoot();
    await expect(scoreDay({ root, pipeline: 'flow', date: DATE })).rejects.toThrow(InputError);
    const path = writeRawDay(root, 'dns', DATE, []);
    writeFileSync(path, 'frame_time,unix_tstamp\n"Mar  5, 2026 01:00:00.0 UTC",1\n');
    await expect(scoreDay({ root, pipeline: 'dns', date: DATE })).rejects.toThrow(/line 1, field dns_qry_name/);
    expect(resultsPath(root, 'dns', DATE)).toMatch(/dns_results\.csv$/);
    expect(columnNames(RESULTS_COLUMNS.dns)).toHaveLength(9);
  });

  it('writes an empty results file when no row is valid, and counts a broken CSV line as rejected, by file and line', async () => {
    const root = tempRoot();
    writeRawDay(root, 'flow', DATE, [{ ...flowRow(DATE, planted), trhour: 99 }]);
    const none = await scoreDay({ root, pipeline: 'flow', date: DATE, tol: 1 });
    expect(none).toMatchObject({ events: 1, valid: 0, kept: 0 });
    expect(readFileSync(none.resultsPath, 'utf8')).toBe('');
    const path = writeRawDay(root, 'flow', DATE, officeFlows(DATE, 10));
    writeFileSync(path, `${readFileSync(path, 'utf8')}"unterminated,quote\n`);
    const broken = await scoreDay({ root, pipeline: 'flow', date: DATE });
    expect(broken.events).toBe(10);
    expect(broken.rows).toMatchObject({ read: 11, accepted: 10, rejected: 1 });
    expect(broken.rows.firstRejected).toEqual([
      expect.objectContaining({ file: path, line: 12, field: 'treceived', text: '"unterminated,quote' }),
    ]);
  });
});

describe('scoreDay on a folder whose name has glob characters', () => {
  it('reads that folder only, not what the name would match as a pattern', async () => {
    const parent = tempRoot();
    const root = join(parent, 'data [x]*?');
    writeRawDay(root, 'flow', DATE, officeFlows(DATE, 300));
    // A decoy the pattern `data [x]*?` matches ("data x" + any characters): its rows must not be read.
    writeRawDay(join(parent, 'data xx'), 'flow', DATE, officeFlows(DATE, 500, 2));
    const result = await scoreDay({ root, pipeline: 'flow', date: DATE, tol: 1, topics: 3 });
    expect(result.events).toBe(300);
  });
});
