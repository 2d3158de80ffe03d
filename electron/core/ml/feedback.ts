/**
 * ml_feedback.csv as spot-ml's reader takes it (feedback.md §3–§4): line 1 is the header and every line equal
 * to it is dropped; the rest are split on TAB; rows whose severity column (flow 0, dns 12, proxy 22), trimmed,
 * is the integer 3 become training records, repeated DUPFACTOR times by the caller. Rows with other severities
 * are kept for audit only. Where spot-ml would crash (short row, non-integer severity, bad field of a sev-3 row)
 * we throw an InputError naming file, line and field. Blank lines are skipped (spot-ml would crash on them).
 */
import { readFile } from 'node:fs/promises';
import { FEEDBACK_COLUMNS, FEEDBACK_SEVERITY_INDEX, columnNames, type Pipeline } from '../../../shared/schema';
import { InputError } from '../errors';
import { parseInteger, type DnsRecord, type FlowRecord, type ProxyRecord } from './records';
import { parseJavaInt } from './words';

/** The training record of each type. */
interface RecordOf {
  flow: FlowRecord;
  dns: DnsRecord;
  proxy: ProxyRecord;
}

export type FeedbackRecord = { [P in Pipeline]: { pipeline: P; record: RecordOf[P] } }[Pipeline];

/** The training records of one type: a feedback file is read for one type, and this narrows the union to it. */
export function recordsOf<P extends Pipeline>(rows: readonly FeedbackRecord[], pipeline: P): Array<RecordOf[P]> {
  const records: Array<RecordOf[P]> = [];
  // The cast is what the comparison proves: a row of type P holds a RecordOf[P].
  for (const row of rows) if (row.pipeline === pipeline) records.push(row.record as RecordOf[P]);
  return records;
}

export interface FeedbackRows {
  /** Benign (severity 3) rows, once each; the trainer repeats them DUPFACTOR times. */
  benign: FeedbackRecord[];
  /** Data lines read (after dropping header copies and blank lines). */
  lines: number;
}

/** Reads a feedback file; a missing file means no feedback (as in spot-ml). */
export async function readFeedbackFile(path: string, pipeline: Pipeline): Promise<FeedbackRows> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { benign: [], lines: 0 };
    throw new InputError(path, null, null, `cannot read feedback: ${(err as Error).message}`);
  }
  return parseFeedback(text, pipeline, path);
}

/** A benign line's fields: as text, as an integer, and the error naming the line and a field. */
interface FeedbackLine {
  cell(index: number): string;
  int(index: number): number;
  bad(field: string, problem: string): InputError;
}

/** The training record of a benign line, per type (the columns of FEEDBACK_COLUMNS spot-ml reads). */
const BENIGN_RECORD: Record<Pipeline, (line: FeedbackLine) => FeedbackRecord> = {
  flow: ({ cell, int, bad }) => {
    const tstart = cell(1);
    const m = /^\d{4}-\d{2}-\d{2}[ T](\d{1,2}):(\d{1,2}):(\d{1,2})/.exec(tstart);
    if (!m) throw bad('tstart', `expected YYYY-MM-DD HH:MM:SS, got ${JSON.stringify(tstart)}`);
    return {
      pipeline: 'flow',
      record: {
        hour: Number(m[1]),
        minute: Number(m[2]),
        second: Number(m[3]),
        sip: cell(2),
        dip: cell(3),
        sport: int(4),
        dport: int(5),
        ipkt: int(6),
        ibyt: int(7),
        proto: cell(8),
      },
    };
  },
  dns: ({ cell, int }) => {
    const type = cell(5).trim();
    const rcode = cell(6).trim();
    return {
      pipeline: 'dns',
      record: {
        frameTime: cell(0),
        frameLen: int(1),
        ipDst: cell(2),
        queryName: cell(3),
        queryClass: cell(4) === '' ? 'unknown' : cell(4),
        queryType: type === '' ? -1 : int(5),
        queryRcode: rcode === '' ? -1 : int(6),
        unixTstamp: int(17),
      },
    };
  },
  proxy: ({ cell }) => ({
    pipeline: 'proxy',
    record: {
      pDate: cell(0),
      pTime: cell(1),
      clientip: cell(2),
      host: cell(3),
      reqmethod: cell(4),
      useragent: cell(5),
      resconttype: cell(6),
      respcode: cell(11),
      fulluri: cell(18),
    },
  }),
};

export function parseFeedback(text: string, pipeline: Pipeline, file: string): FeedbackRows {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const header = lines[0];
  const names = columnNames(FEEDBACK_COLUMNS[pipeline]);
  const sevIndex = FEEDBACK_SEVERITY_INDEX[pipeline];
  const benign: FeedbackRecord[] = [];
  let count = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === header || line.trim() === '') continue;
    count += 1;
    const lineNo = i + 1;
    const cells = line.split('\t');
    const sevText = cells[sevIndex];
    if (sevText === undefined) {
      throw new InputError(
        file,
        lineNo,
        names[sevIndex] ?? `column ${sevIndex}`,
        `missing: the row has ${cells.length} TAB-separated fields`,
      );
    }
    const sev = parseJavaInt(sevText.trim());
    if (Number.isNaN(sev))
      throw new InputError(file, lineNo, names[sevIndex] ?? 'sev', `not an integer: ${JSON.stringify(sevText)}`);
    if (sev !== 3) continue;
    const cell = (index: number): string => {
      const value = cells[index];
      if (value === undefined) {
        throw new InputError(
          file,
          lineNo,
          names[index] ?? `column ${index}`,
          `missing: the row has ${cells.length} TAB-separated fields`,
        );
      }
      return value;
    };
    const int = (index: number): number => {
      const value = parseInteger(cell(index));
      if (value === null)
        throw new InputError(
          file,
          lineNo,
          names[index] ?? `column ${index}`,
          `not a number: ${JSON.stringify(cells[index])}`,
        );
      return value;
    };
    benign.push(
      BENIGN_RECORD[pipeline]({ cell, int, bad: (field, problem) => new InputError(file, lineNo, field, problem) }),
    );
  }
  return { benign, lines: count };
}
