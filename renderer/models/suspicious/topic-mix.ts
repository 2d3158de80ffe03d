/**
 * The document's topic mix in plain words for "Why suspicious": which topics make up the host's day (θ), the
 * typical words of each in an analyst's terms (the raw word in the hover text), and how probable the row's word is
 * under them (φ). The facts come from the scorer (`topicMix` in the row's explanation, written at import from
 * `<type>_topics.json`); nothing is estimated here.
 */
import { describeWordBriefly } from '../../../shared/lda-word';
import type { Pipeline } from '../../../shared/schema';

/** A piece of a line; a described word carries the raw word as its hover text. */
export interface LinePart {
  text: string;
  title?: string;
}

/** A line as text, and as parts for the view. */
export interface TopicMixLine {
  text: string;
  parts: LinePart[];
}

const line = (parts: LinePart[]): TopicMixLine => ({ text: parts.map((p) => p.text).join(''), parts });

interface TopicShare {
  topic: number;
  share: number;
  wordProbability: number;
  typicalWords: string[];
}

interface MixEnd {
  document: string;
  word: string;
  probability: number;
  topics: TopicShare[];
}

/** Who the document is, per type: spot-ml's document is an IP (flow: each end; DNS and proxy: the client). */
const DOCUMENT_NOUN: Record<Pipeline, string> = { flow: 'host', dns: 'client', proxy: 'client' };

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function asEnds(value: unknown): { topicCount: number; ends: MixEnd[] } | null {
  if (typeof value !== 'object' || value === null) return null;
  const { topicCount, ends } = value as { topicCount?: unknown; ends?: unknown };
  if (!isNumber(topicCount) || !Array.isArray(ends)) return null;
  const valid = ends.filter(
    (e): e is MixEnd =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as MixEnd).document === 'string' &&
      typeof (e as MixEnd).word === 'string' &&
      isNumber((e as MixEnd).probability) &&
      Array.isArray((e as MixEnd).topics),
  );
  return valid.length > 0 ? { topicCount, ends: valid } : null;
}

/** 0.7 → "70 %", 0.004 → "0.4 %", below 0.1 % → "< 0.1 %". */
export function percent(share: number): string {
  const pct = share * 100;
  if (pct < 0.1) return '< 0.1 %';
  return `${pct >= 10 ? Math.round(pct) : pct.toFixed(1).replace(/\.0$/, '')} %`;
}

/** A probability as the other Why lines write it (2.31e-4), plain for ≥ 0.01. */
export function probability(p: number): string {
  return p >= 0.01 ? p.toFixed(2) : p.toExponential(2);
}

function listText(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * Per scored end (flow rows: source and destination, the end that set the score first): the mix of its day, a
 * line per topic with its typical words described, and the word's probability under them.
 */
export function topicMixLines(pipeline: Pipeline, value: unknown): TopicMixLine[] {
  const mix = asEnds(value);
  if (!mix) return [];
  const noun = DOCUMENT_NOUN[pipeline];
  // A flow row's score is the lower of its two ends' probabilities: that end is why the row is in the list.
  const ends = [...mix.ends].sort((a, b) => a.probability - b.probability);
  const lines: TopicMixLine[] = [];
  ends.forEach((end, i) => {
    const role = ends.length > 1 ? (i === 0 ? ' (the end that set the score)' : ' (the other end)') : '';
    const shares = end.topics.map((t) => `${percent(t.share)} topic ${t.topic}`);
    const rest = 1 - end.topics.reduce((sum, t) => sum + t.share, 0);
    if (rest >= 0.001) shares.push(`${percent(rest)} the other ${mix.topicCount - end.topics.length} topics`);
    lines.push(line([{ text: `The model sees ${noun} ${end.document}'s day${role} as ${listText(shares)}.` }]));
    for (const t of end.topics) {
      if (t.typicalWords.length === 0) continue;
      const words = t.typicalWords.flatMap((w, k): LinePart[] => [
        { text: k === 0 ? '' : '; ' },
        { text: describeWordBriefly(pipeline, w), title: `LDA word “${w}”` },
      ]);
      lines.push(line([{ text: `Topic ${t.topic} is typically: ` }, ...words, { text: '.' }]));
    }
    const under = end.topics.map((t) => `${probability(t.wordProbability)} under topic ${t.topic}`);
    lines.push(
      line([
        {
          text:
            `The word “${end.word}” has probability ${listText(under)}; ` +
            `over this ${noun}'s whole mix ${probability(end.probability)}` +
            (ends.length > 1 && i === 0 ? ', the row’s score.' : '.'),
        },
      ]),
    );
  });
  return lines;
}
