import { describe, expect, it } from 'vitest';
import { describeTransfer, formatBytes, transferFraction, type TransferProgress } from './transfer';

const raw: TransferProgress = {
  what: 'raw day',
  pipeline: 'flow',
  date: '2026-03-07',
  from: 'ssh://spot@node',
  bytes: 12 * 2 ** 20,
  totalBytes: 48 * 2 ** 20,
  filesDone: 1,
  files: 5,
};

describe('transfer progress', () => {
  it('words bytes in binary units', () => {
    expect([0, 999, 1536, 10 * 2 ** 20, 150 * 2 ** 30].map(formatBytes)).toEqual([
      '0 B',
      '999 B',
      '1.5 KB',
      '10.0 MB',
      '150 GB',
    ]);
  });

  it('says what comes from where, how much of how much, and which file', () => {
    expect(describeTransfer(raw)).toBe(
      'fetching raw flow day 2026-03-07 from ssh://spot@node: 12.0 MB of 48.0 MB (file 2 of 5)',
    );
    // A results file: one file, total unknown; the last file of a day is never "file 6 of 5".
    expect(
      describeTransfer({ what: 'results', pipeline: 'dns', date: '2026-03-07', from: 'ssh://spot@node', bytes: 2048 }),
    ).toBe('fetching dns results 2026-03-07 from ssh://spot@node: 2.0 KB');
    // Rows of a query (Hive/Impala): counted, no total known in advance.
    expect(
      describeTransfer({
        what: 'raw day',
        pipeline: 'dns',
        date: '2026-03-07',
        from: 'hive://c:10000/spot',
        rows: 12000,
      }),
    ).toBe('fetching raw dns day 2026-03-07 from hive://c:10000/spot: 12,000 rows');
    expect(describeTransfer({ ...raw, filesDone: 5, bytes: raw.totalBytes! })).toMatch(
      /48\.0 MB of 48\.0 MB \(file 5 of 5\)$/,
    );
  });

  it('places the transfer in the job’s band by bytes, at its start when the total is unknown', () => {
    expect(transferFraction(raw, 0.2, 0.6)).toBeCloseTo(0.3);
    expect(transferFraction({ ...raw, bytes: 2 * raw.totalBytes! }, 0.2, 0.6)).toBe(0.6);
    expect(transferFraction({ ...raw, totalBytes: undefined }, 0.2, 0.6)).toBe(0.2);
  });
});
