/**
 * "Why it is suspicious", in plain words. The pipeline/scorer may store facts per row (cache `explanations`:
 * decoded LDA word, probability, rarity, named detections); those are shown as they are. What the stored facts
 * do not say is derived from the row and the day's suspicious rows only, and labelled so.
 */
import type { Pipeline } from '../../../shared/schema';
import { parseReputation } from './reputation';
import { mlScore, num, str, type SuspiciousRow } from './rows';
import { topicMixLines, type LinePart } from './topic-mix';

export interface ExplanationLine {
  text: string;
  /** 'pipeline' = stored by the pipeline/scorer; 'derived' = computed here from the day's suspicious rows;
   * 'missing' = a fact the pipeline stores today that this row's day lacks, and how to get it. */
  source: 'pipeline' | 'derived' | 'missing';
  /** The text in pieces when some carry hover text (a described LDA word holds the raw word). */
  parts?: LinePart[];
}

/** Said for a scored row whose day has no topic mixes (scored by an older scorer or an external spot-ml). */
export const NO_TOPIC_MIX =
  'No topic mix: this day was scored before topic mixes existed (or by a scorer that writes none). ' +
  'Score this day again to see it.';

/** Per-day counts the derived lines need, computed once per day. */
export interface DayStats {
  total: number;
  /** ML scores ascending (lower = less probable = more suspicious). */
  scores: number[];
  counts: Map<string, Map<string, number>>;
}

const RARITY_COLUMNS: Record<Pipeline, string[]> = {
  flow: ['dport', 'srcip', 'dstip'],
  dns: ['tld', 'ip_dst', 'dns_qry_type_name'],
  proxy: ['host', 'clientip', 'useragent', 'respcode'],
};

export function dayStats(pipeline: Pipeline, rows: readonly SuspiciousRow[]): DayStats {
  const counts = new Map<string, Map<string, number>>();
  for (const column of RARITY_COLUMNS[pipeline]) counts.set(column, new Map());
  const scores: number[] = [];
  for (const row of rows) {
    const s = mlScore(row);
    if (Number.isFinite(s)) scores.push(s);
    for (const column of RARITY_COLUMNS[pipeline]) {
      const m = counts.get(column)!;
      const key = str(row.values[column]);
      m.set(key, (m.get(key) ?? 0) + 1);
    }
  }
  scores.sort((a, b) => a - b);
  return { total: rows.length, scores, counts };
}

/** Keys the pipeline stores for its own use, not for the analyst. */
const INTERNAL_KEYS = new Set(['rank', 'line', 'hash', 'riskRank', 'findings', 'entity']);

const KNOWN: Record<string, (v: unknown) => string> = {
  word: (v) => `Its LDA word is “${String(v)}”: the model sees the event as this word.`,
  // DNS words are rebuilt at import (the results file has none): the same sentence as a stored word.
  modelWord: (v) => `Its LDA word is “${String(v)}”: the model sees the event as this word.`,
  decodedWord: (v) => `The word reads as: ${String(v).replace(/[.]$/, '')}.`,
  flowWords: (v) => `The model sees this flow as the words ${String(v)}.`,
  wordShare: (v) =>
    Number(v) <= 1
      ? 'No other suspicious row of the day has this word: the event is unusual even among them.'
      : `${String(v)} suspicious rows of the day share this word: the model saw them as the same kind of event.`,
  probability: (v) => `The model gives this word ${formatProbability(v)} probability for this host.`,
  prob: (v) => `The model gives this word ${formatProbability(v)} probability.`,
  rarity: (v) => `Rarity: ${String(v)}.`,
  risk: (v) =>
    `Combined risk ${Number(v).toFixed(2)}: the strongest named finding covering the row (a malicious reputation ` +
    `counts as one), +0.05 for each further kind; rows no finding covers get at most 0.30 from their LDA rank. ` +
    `The default order sorts by it, with your labels applied.`,
  outsideTop: (v) =>
    `Not among the ${String(v)} lowest LDA scores imported for the day: added because a named detection covers it.`,
  // Set by the re-import (electron/core/scoring/reimport.ts) on a row it keeps after Score this day.
  kept: (v) => `Kept in the list after Score this day: ${String(v).replace(/[.]$/, '')}.`,
  topTopics: (v) => `The host's main topics: ${Array.isArray(v) ? v.join(', ') : String(v)}.`,
};

function formatProbability(v: unknown): string {
  const n = Number(v);
  return Number.isFinite(n) ? `a ${n.toExponential(2)}` : String(v);
}

function storedLines(pipeline: Pipeline, stored: Record<string, unknown> | null): ExplanationLine[] {
  if (!stored) return [];
  const lines: ExplanationLine[] = [];
  for (const [key, value] of Object.entries(stored)) {
    if (INTERNAL_KEYS.has(key) || value === null || value === undefined || value === '') continue;
    if (key === 'detections' && Array.isArray(value)) {
      for (const d of value) {
        const named = d && typeof d === 'object' ? (d as { name?: unknown; detail?: unknown }) : null;
        const text = named
          ? `${String(named.name ?? 'detection')}${named.detail ? `: ${String(named.detail)}` : ''}`
          : String(d);
        lines.push({ text: `Detected: ${text}.`, source: 'pipeline' });
      }
      continue;
    }
    if (key === 'topicMix') {
      for (const { text, parts } of topicMixLines(pipeline, value)) lines.push({ text, parts, source: 'pipeline' });
      continue;
    }
    const known = KNOWN[key];
    lines.push({
      text: known ? known(value) : `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}.`,
      source: 'pipeline',
    });
  }
  return lines;
}

function ordinalShare(count: number, total: number): string {
  if (count <= 1) return `the only one of the day's ${total} suspicious rows`;
  return `${count} of the day's ${total} suspicious rows`;
}

function rarity(stats: DayStats, column: string, value: string): number {
  return stats.counts.get(column)?.get(value) ?? 0;
}

/** What each pipeline derives from a row and the day (labelled as derived, not stored). */
type DerivedReasons = (v: SuspiciousRow['values'], stats: DayStats, derived: (text: string) => void) => void;

const DERIVED_REASONS: Record<Pipeline, DerivedReasons> = {
  flow: (v, stats, derived) => {
    const srcIn = num(v.srcip_internal) === 1;
    const dstIn = num(v.dstip_internal) === 1;
    const dir =
      srcIn && !dstIn
        ? 'an internal host talking out to an external one'
        : !srcIn && dstIn
          ? 'an external host reaching in'
          : srcIn
            ? 'internal to internal'
            : 'external to external';
    derived(`Direction: ${dir}.`);
    const dport = str(v.dport);
    derived(`Destination port ${dport} appears in ${ordinalShare(rarity(stats, 'dport', dport), stats.total)}.`);
    const pair = rarity(stats, 'dstip', str(v.dstip));
    if (pair > 1) derived(`${str(v.dstip)} is the destination of ${pair} suspicious rows today (repeated contact).`);
    for (const end of ['src', 'dst'] as const) {
      for (const e of parseReputation(str(v[`${end}_rep`]))) {
        if (e.value >= 2) derived(`${e.service} rates ${str(v[`${end}ip`])} ${e.text} (${e.value}).`);
      }
    }
  },
  dns: (v, stats, derived) => {
    const name = str(v.dns_qry_name);
    const labels = name.split('.').filter(Boolean);
    const first = labels[0] ?? '';
    if (name.length > 40 || first.length > 24) {
      derived(
        `The query is long (${name.length} characters; first label ${first.length}), as tunnelling and generated names are.`,
      );
    }
    const entropy = shannon(first);
    if (first.length >= 8 && entropy > 3.2)
      derived(`Its first label looks random (entropy ${entropy.toFixed(2)} bits per character).`);
    const tld = str(v.tld);
    derived(`The domain ${tld || name} appears in ${ordinalShare(rarity(stats, 'tld', tld), stats.total)}.`);
    const rcode = str(v.dns_qry_rcode_name);
    if (rcode && rcode !== 'NoError') derived(`The answer was ${rcode}.`);
    const type = str(v.dns_qry_type_name);
    if (type === 'TXT' || type === 'NULL') derived(`It asks for ${type} records, which can carry data.`);
    for (const e of parseReputation(str(v.query_rep)))
      if (e.value >= 2) derived(`${e.service} rates it ${e.text} (${e.value}).`);
  },
  proxy: (v, stats, derived) => {
    const host = str(v.host);
    derived(`The host ${host} appears in ${ordinalShare(rarity(stats, 'host', host), stats.total)}.`);
    const ua = str(v.useragent);
    if (rarity(stats, 'useragent', ua) === 1) derived(`Its user agent is seen in no other suspicious row today.`);
    const code = num(v.respcode);
    if (code >= 400) derived(`The server answered ${code} ${str(v.respcode_name)}.`);
    const uri = str(v.fulluri);
    if (/\.(exe|dll|scr|ps1|bat|msi|jar|vbs)(\?|$)/i.test(uri)) derived(`The URI fetches an executable file.`);
    if (uri.length > 200) derived(`The URI is long (${uri.length} characters).`);
    for (const e of parseReputation(str(v.uri_rep)))
      if (e.value >= 2) derived(`${e.service} rates the URI ${e.text} (${e.value}).`);
  },
};

/** Plain-language reasons for one row, stored facts first. */
export function explainRow(pipeline: Pipeline, row: SuspiciousRow, stats: DayStats): ExplanationLine[] {
  const lines = storedLines(pipeline, row.explanation);
  const derived = (text: string) => lines.push({ text, source: 'derived' });
  const v = row.values;
  const score = mlScore(row);
  if (Number.isFinite(score) && stats.scores.length > 0) {
    let below = 0;
    while (below < stats.scores.length && stats.scores[below]! < score) below += 1;
    const pct = Math.max(0.1, ((below + 1) / stats.scores.length) * 100);
    // A detection's example from outside the top N is not one of the least probable events: do not say it is.
    const outsideTop = row.explanation?.outsideTop !== undefined;
    derived(
      `Its ML score ${score.toExponential(2)} is #${below + 1} lowest of ${stats.scores.length} suspicious rows today ` +
        (outsideTop
          ? '(outside the top by LDA): the model alone found it ordinary.'
          : `(top ${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%): the model found it among the least probable events.`),
    );
  }
  // A row of the model's list without a topic mix: say why and how to get it rather than leave it out in silence.
  const scoredByModel = Number.isFinite(score) && row.explanation?.outsideTop === undefined;
  if (row.explanation && scoredByModel && row.explanation.topicMix === undefined)
    lines.push({ text: NO_TOPIC_MIX, source: 'missing' });
  DERIVED_REASONS[pipeline](v, stats, derived);
  return lines;
}

/** Shannon entropy in bits per character. */
export function shannon(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / text.length;
    h -= p * Math.log2(p);
  }
  return h;
}
