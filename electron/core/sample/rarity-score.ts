/**
 * Interim scorer for a local day until the embedded LDA lands (replace `scoreDay` with the same signature).
 *
 * Documents and words are spot-ml's (ml.md §2, see spot-words.ts): flow adds its source word to the sip
 * document and its destination word to the dip document; DNS uses the client (ip_dst); proxy the clientip.
 * The score of a word w in document d is the geometric mean of two add-one-smoothed frequencies:
 *
 *   score(d, w) = sqrt( (c(d,w) + 1) / (N_d + V)  ·  (c(w) + 1) / (N + V) )
 *
 * c(d,w) = count of w in d, N_d = words in d, c(w) = count of w in the whole day, N = all words, V = distinct
 * words. The first factor is "unusual for this IP", the second "unusual for the day" (what LDA's few shared
 * topics contribute: a word only one IP uses is improbable under every topic). Flow: the min over its two
 * endpoints. Rows are kept when -1 < score <= tol, ascending, ties by input order, at most maxResults.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBDataChunk } from '@duckdb/node-api';
import { mkdir, open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CancelledError, InputError } from '../errors';
import { RESULTS_COLUMNS, columnNames, type Pipeline } from '../../../shared/schema';
import { listRawFiles, resultsPath, sqlString, type RawFile } from './raw-files';
import { dnsWord, flowWords, proxyWord } from './spot-words';

export interface ScoreDayOptions {
  /** Local data tree root. */
  root: string;
  /** YYYY-MM-DD */
  date: string;
  pipeline: Pipeline;
  /** Keep rows with score <= tol (spot.conf TOL). Default 1 (every scored row). */
  tol?: number;
  /** Keep at most this many rows; <= 0 keeps all. Default 5000. */
  maxResults?: number;
  /** DNS USER_DOMAIN as spot-ml compares it: the bare label, e.g. `northwindtraders`. */
  userDomain?: string;
  /** Labels of the top domains (`google`, `microsoft`, …). */
  topDomains: ReadonlySet<string>;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
}

export interface ScoreDayResult {
  pipeline: Pipeline;
  /** The `<type>_results.csv` written. */
  path: string;
  rowsRead: number;
  /** Rows that failed spot-ml's validity rules (ml.md §4) and were not scored. */
  invalidRows: number;
  rowsKept: number;
  /** Distinct words (V) and documents of the day. */
  vocabulary: number;
  documents: number;
}

/** The raw columns each pipeline's results carry (the results columns minus word and score). */
function inputColumns(pipeline: Pipeline): string[] {
  return columnNames(RESULTS_COLUMNS[pipeline]).filter((c) => c !== 'score' && c !== 'word');
}

type Value = string | number | null | undefined;
type Row = Value[];

/** The columns word building and the validity rules need, with the SQL type they are read as. */
const WORD_INPUTS: Record<Pipeline, readonly [string, 'VARCHAR' | 'DOUBLE'][]> = {
  flow: [
    ['treceived', 'VARCHAR'],
    ['trhour', 'DOUBLE'],
    ['trminute', 'DOUBLE'],
    ['trsec', 'DOUBLE'],
    ['sip', 'VARCHAR'],
    ['dip', 'VARCHAR'],
    ['sport', 'DOUBLE'],
    ['dport', 'DOUBLE'],
    ['proto', 'VARCHAR'],
    ['ibyt', 'DOUBLE'],
    ['ipkt', 'DOUBLE'],
  ],
  dns: [
    ['frame_time', 'VARCHAR'],
    ['unix_tstamp', 'DOUBLE'],
    ['frame_len', 'DOUBLE'],
    ['ip_dst', 'VARCHAR'],
    ['dns_qry_name', 'VARCHAR'],
    ['dns_qry_class', 'VARCHAR'],
    ['dns_qry_type', 'DOUBLE'],
    ['dns_qry_rcode', 'DOUBLE'],
  ],
  proxy: [
    ['p_date', 'VARCHAR'],
    ['p_time', 'VARCHAR'],
    ['clientip', 'VARCHAR'],
    ['host', 'VARCHAR'],
    ['reqmethod', 'VARCHAR'],
    ['useragent', 'VARCHAR'],
    ['resconttype', 'VARCHAR'],
    ['respcode', 'VARCHAR'],
    ['fulluri', 'VARCHAR'],
  ],
};

function sourceOf(file: RawFile): string {
  return file.format === 'parquet'
    ? `read_parquet(${sqlString(file.path)})`
    : `read_csv(${sqlString(file.path)}, header=true, all_varchar=true, delim=',', quote='"', escape='"')`;
}

/** Streams `select` over every raw file in order, one chunk at a time. */
async function* readChunks(
  connection: DuckDBConnection,
  files: readonly RawFile[],
  select: string,
  signal?: AbortSignal,
): AsyncGenerator<DuckDBDataChunk> {
  for (const file of files) {
    let result;
    try {
      result = await connection.stream(`SELECT ${select} FROM ${sourceOf(file)}`);
    } catch (error) {
      // Typically a missing column: name the file so the analyst can fix it.
      throw new InputError(file.path, null, null, `cannot read the raw columns: ${(error as Error).message}`);
    }
    for (;;) {
      if (signal?.aborted) throw new CancelledError();
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      yield chunk;
    }
  }
}

const isBlank = (text: Value): boolean => text == null || text === '' || text === '-';
const num = (v: Value): number => (v == null ? NaN : Number(v));

/** One row's words and documents; null = invalid row (spot-ml drops it). */
type Tokens = { docs: string[]; words: string[] } | null;

function tokenizer(
  pipeline: Pipeline,
  opts: Pick<ScoreDayOptions, 'userDomain' | 'topDomains'>,
  userAgentCounts: ReadonlyMap<string, number>,
): (row: Row) => Tokens {
  if (pipeline === 'flow') {
    return ([time, h, m, s, sip, dip, sp, dp, proto, ib, ip]) => {
      const [hour, minute, second, sport, dport, ibyt, ipkt] = [h, m, s, sp, dp, ib, ip].map(num) as number[];
      if (!(hour! >= 0 && hour! <= 23 && minute! >= 0 && minute! <= 59 && second! >= 0 && second! <= 59)) return null;
      if (time == null || sip == null || dip == null) return null;
      if (!(sport! >= 0 && dport! >= 0 && ibyt! >= 0 && ipkt! >= 0)) return null;
      const w = flowWords({
        trhour: hour!,
        sport: sport!,
        dport: dport!,
        proto: String(proto ?? ''),
        ibyt: ibyt!,
        ipkt: ipkt!,
      });
      return { docs: [String(sip), String(dip)], words: [w.src, w.dst] };
    };
  }
  if (pipeline === 'dns') {
    return ([time, stamp, len, client, name, qclass, qtype, qrcode]) => {
      if (isBlank(time) || isBlank(name) || name === '(empty)' || isBlank(client)) return null;
      if (!(num(stamp) >= 0) || !(num(len) >= 0)) return null;
      const type = qtype == null ? -1 : num(qtype);
      const rcode = qrcode == null ? -1 : num(qrcode);
      if (isBlank(qclass) && qtype == null && !(rcode >= 0)) return null;
      const word = dnsWord(
        { frameTime: String(time), frameLen: num(len), name: String(name), qtype: type, rcode },
        opts.userDomain ?? '',
        opts.topDomains,
      );
      return { docs: [String(client)], words: [word] };
    };
  }
  return ([date, time, client, host, method, agent, ctype, code, fulluri]) => {
    if (date == null || time == null || client == null || host == null || fulluri == null) return null;
    const word = proxyWord(
      {
        host: String(host),
        pTime: String(time),
        reqmethod: String(method ?? ''),
        fulluri: String(fulluri),
        resconttype: String(ctype ?? '-'),
        userAgentCount: userAgentCounts.get(String(agent ?? '-')) ?? 0,
        respcode: code == null ? null : String(code),
      },
      opts.topDomains,
    );
    return { docs: [String(client)], words: [word] };
  };
}

/** A growable Float64Array (one entry per token of the day). */
class NumberList {
  private data = new Float64Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  at(i: number): number {
    return this.data[i] as number;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * Counts of (document, word) pair keys: the sorted distinct keys and their counts, looked up by binary search.
 * Two typed arrays instead of a Map keep a multi-million-row day in tens of megabytes.
 */
class PairCounts {
  private readonly keys: Float64Array;
  private readonly counts: Int32Array;

  constructor(tokenKeys: Float64Array) {
    const sorted = tokenKeys.filter((k) => k >= 0).sort();
    let distinct = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
    this.keys = new Float64Array(distinct);
    this.counts = new Int32Array(distinct);
    let j = -1;
    for (let i = 0; i < sorted.length; i++) {
      if (i === 0 || sorted[i] !== sorted[i - 1]) this.keys[++j] = sorted[i] as number;
      this.counts[j]! += 1;
    }
  }

  get(key: number): number {
    let lo = 0;
    let hi = this.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = this.keys[mid] as number;
      if (k === key) return this.counts[mid] as number;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }
}

/** Scala's Double.toString: plain decimals in [1e-3, 1e7), else `1.2E-7` style. */
export function scalaDouble(x: number): string {
  if (x === 0) return '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = x.toExponential().split('e');
  const m = mantissa?.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${Number(exponent)}`;
}

interface Kept {
  score: number;
  index: number;
  fields: string[];
}

/** Max-heap on (score, index): the root is the row to drop first. */
class WorstFirstHeap {
  readonly items: Kept[] = [];
  private worse(a: Kept, b: Kept): boolean {
    return a.score > b.score || (a.score === b.score && a.index > b.index);
  }
  push(item: Kept): void {
    const h = this.items;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.worse(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  peek(): Kept | undefined {
    return this.items[0];
  }
  replaceTop(item: Kept): void {
    const h = this.items;
    h[0] = item;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.worse(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.worse(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

/** A TSV field as spot-ml prints it; tabs and line breaks inside values would break the format, so they become spaces. */
const tsvField = (text: string): string => text.replace(/[\t\r\n]/g, ' ');

/** Nulls spot-ml fills before writing (data-formats.md §3). */
function fillNulls(pipeline: Pipeline, columns: readonly string[], row: readonly (string | null)[]): string[] {
  return row.map((value, i) => {
    if (value !== null) return value;
    const name = columns[i];
    if (pipeline === 'dns') {
      if (name === 'dns_qry_class') return 'unknown';
      if (name === 'dns_qry_type' || name === 'dns_qry_rcode') return '-1';
    }
    if (pipeline === 'proxy' && (name === 'useragent' || name === 'resconttype')) return '-';
    return '';
  });
}

export async function scoreDay(opts: ScoreDayOptions): Promise<ScoreDayResult> {
  const { root, date, pipeline, signal } = opts;
  const tol = opts.tol ?? 1;
  const maxResults = opts.maxResults ?? 5000;
  const progress = opts.onProgress ?? (() => {});
  const files = await listRawFiles(root, pipeline, date);
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  try {
    const userAgentCounts = new Map<string, number>();
    if (pipeline === 'proxy') {
      progress(0, 'proxy: counting user agents');
      for (const file of files) {
        const reader = await connection.runAndReadAll(
          `SELECT COALESCE(useragent, '-'), COUNT(*)::DOUBLE FROM ${sourceOf(file)} GROUP BY 1`,
        );
        for (const [agent, count] of reader.getRows()) {
          userAgentCounts.set(String(agent), (userAgentCounts.get(String(agent)) ?? 0) + Number(count));
        }
      }
    }
    const tokenize = tokenizer(pipeline, opts, userAgentCounts);

    // Pass 1: words and documents of every row as ids (kept for pass 2), with the counts the score needs.
    const wordIds = new Map<string, number>();
    const words: string[] = [];
    const wordCounts: number[] = [];
    const docIds = new Map<string, number>();
    const docTotals: number[] = [];
    // One key per token: document id * PAIR_STRIDE + word id, or -1 for the tokens of an invalid row.
    const tokenKeys = new NumberList();
    const tokensPerRow = pipeline === 'flow' ? 2 : 1;
    let rowsRead = 0;
    let invalidRows = 0;
    const PAIR_STRIDE = 2 ** 24; // word ids < 16M, so doc id * stride + word id is an exact double
    progress(0.05, `${pipeline}: counting words`);
    const select = WORD_INPUTS[pipeline].map(([c, type]) => `TRY_CAST("${c}" AS ${type})`).join(', ');
    for await (const chunk of readChunks(connection, files, select, signal)) {
      for (const row of chunk.getRows() as Row[]) {
        rowsRead++;
        const t = tokenize(row);
        if (!t) {
          invalidRows++;
          for (let k = 0; k < tokensPerRow; k++) tokenKeys.push(-1);
          continue;
        }
        for (let k = 0; k < tokensPerRow; k++) {
          const word = t.words[k]!;
          let w = wordIds.get(word);
          if (w === undefined) {
            w = words.length;
            wordIds.set(word, w);
            words.push(word);
            wordCounts.push(0);
          }
          wordCounts[w]! += 1;
          const doc = t.docs[k]!;
          let d = docIds.get(doc);
          if (d === undefined) {
            d = docTotals.length;
            docIds.set(doc, d);
            docTotals.push(0);
          }
          docTotals[d]! += 1;
          tokenKeys.push(d * PAIR_STRIDE + w);
        }
      }
    }
    if (words.length >= PAIR_STRIDE) throw new Error(`${pipeline}: too many distinct words (${words.length})`);
    const vocabulary = words.length;
    const dayDenominator = tokenKeys.length - invalidRows * tokensPerRow + vocabulary;
    const pairCounts = new PairCounts(tokenKeys.view());
    const wordOf = (key: number): number => key % PAIR_STRIDE;
    const tokenScore = (key: number): number => {
      const w = wordOf(key);
      const d = Math.floor(key / PAIR_STRIDE);
      const pDoc = (pairCounts.get(key) + 1) / (docTotals[d]! + vocabulary);
      const pDay = (wordCounts[w]! + 1) / dayDenominator;
      return Math.sqrt(pDoc * pDay);
    };

    // Pass 2 (in memory): score every valid row, keep the lowest maxResults.
    progress(0.6, `${pipeline}: scoring`);
    const heap = new WorstFirstHeap();
    const all: Kept[] = [];
    for (let i = 0; i < rowsRead; i++) {
      if (tokenKeys.at(i * tokensPerRow) < 0) continue;
      let score = Infinity;
      for (let k = 0; k < tokensPerRow; k++) score = Math.min(score, tokenScore(tokenKeys.at(i * tokensPerRow + k)));
      if (!(score > -1 && score <= tol)) continue;
      const candidate = { score, index: i, fields: [] as string[] };
      if (maxResults <= 0) all.push(candidate);
      else if (heap.items.length < maxResults) heap.push(candidate);
      else {
        const top = heap.peek()!;
        if (score < top.score || (score === top.score && i < top.index)) heap.replaceTop(candidate);
      }
    }
    const kept = (maxResults > 0 ? heap.items : all).sort((a, b) => a.score - b.score || a.index - b.index);

    // Pass 3: fetch the kept rows' results columns (as text) in file order.
    progress(0.8, `${pipeline}: writing results`);
    const columns = inputColumns(pipeline);
    const byIndex = [...kept].sort((a, b) => a.index - b.index);
    let next = 0;
    let base = 0;
    const text = columns.map((c) => `CAST("${c}" AS VARCHAR)`).join(', ');
    for await (const chunk of readChunks(connection, files, text, signal)) {
      while (next < byIndex.length && byIndex[next]!.index < base + chunk.rowCount) {
        const item = byIndex[next++]!;
        item.fields = fillNulls(pipeline, columns, chunk.getRowValues(item.index - base) as (string | null)[]);
        if (pipeline === 'proxy') item.fields.push(words[wordOf(tokenKeys.at(item.index))]!);
      }
      base += chunk.rowCount;
      if (next >= byIndex.length) break;
    }

    const path = resultsPath(root, pipeline, date);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.partial`;
    const out = await open(partial, 'w');
    try {
      const lines: string[] = [];
      for (const k of kept) {
        lines.push([...k.fields.map(tsvField), scalaDouble(k.score)].join('\t') + '\n');
        if (lines.length === 2000) await out.write(lines.splice(0).join(''));
      }
      await out.write(lines.join(''));
    } finally {
      await out.close();
    }
    await rename(partial, path);
    progress(1, `${pipeline}: kept ${kept.length} of ${rowsRead} rows`);
    return { pipeline, path, rowsRead, invalidRows, rowsKept: kept.length, vocabulary, documents: docTotals.length };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
