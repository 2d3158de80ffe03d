import { describe, expect, it } from 'vitest';
import type { JobState } from '../../shared/api';
import { importOutcome, type ImportRun } from './import-day';

const run: ImportRun = { jobId: 'j1', pipeline: 'dns', date: '2026-11-24', doing: 'Importing' };
const job = (change: Partial<JobState>): JobState => ({
  id: 'j1',
  kind: 'pipeline',
  title: 'dns 2026-11-24',
  status: 'running',
  progress: 0.42,
  message: 'enriching',
  startedAt: '2026-12-03T10:00:00.000Z',
  ...change,
});

describe('importOutcome', () => {
  it('names the pipeline and day while running, when done and when failed', () => {
    expect(importOutcome(run, job({}))).toEqual({ text: 'Importing DNS 2026-11-24… 42%', tone: 'pending' });
    expect(importOutcome(run, job({ status: 'done', message: '3000 rows' }))).toEqual({
      text: 'Imported DNS 2026-11-24: 3000 rows.',
      tone: 'ok',
    });
    expect(importOutcome(run, job({ status: 'failed', error: 'no results file' }))).toEqual({
      text: 'DNS 2026-11-24 was not imported: no results file',
      tone: 'error',
    });
    expect(importOutcome(run, undefined).tone).toBe('pending');
  });
});
