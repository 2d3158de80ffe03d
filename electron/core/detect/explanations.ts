/**
 * Facts that explain a suspicious row, stored beside the day in the cache (the view's "Why suspicious"): the named
 * findings that cover the row, the LDA word decoded into plain features, and what the default order needs
 * (shared/risk-order.ts): the base combined risk, the findings' keys, the row's entity and word, and `riskRank`,
 * the row's place in that order before any label.
 */
import { highestReputation, parseReputation } from '../../../shared/reputation-label';
import { riskOrder, type RiskFacts } from '../../../shared/risk-order';
import type { Pipeline } from '../../../shared/schema';
import type { OaRow } from '../cache/types';
import { FindingIndex } from './cover';
import type { FindingKeys } from './types';
import { explainWord } from '../../../shared/lda-word';
import { WORD_ERROR, dnsWord, flowWords, type DomainContext, type FlowWords } from '../ml/words';
import type { StoredDetection } from '../parse/detections';
import { profileOf } from '../profiles/index';

/** Share of the risk scale the LDA rank alone can give a row no finding covers (findings start above it). */
export const LDA_RISK = 0.3;
/** Risk of a row a reputation service calls malicious. */
const BAD_REPUTATION_RISK = 0.9;

/** Who a finding is about: the one whose rows it covers (the scanner, the beaconing host, the tunnel's domain). */
export function findingActor(keys: FindingKeys): string {
  return keys.srcip ?? keys.clientip ?? keys.dstip ?? keys.domain ?? keys.host ?? keys.useragent ?? '';
}

/**
 * What one top slot of the list stands for: the kind of finding and its actor — and, for URI attacks, the attack
 * family (its pattern), so a client's SQL injection and its path traversal are two findings, not one; likewise a
 * client's findings on two domains (two tunnels, two C2 domains) are two, and so are its findings on two record types
 * (two tunnel tools under one zone).
 */
export function findingKey(d: Pick<StoredDetection, 'name' | 'keys'>): string {
  const actor = findingActor(d.keys);
  const domain = d.keys.domain === undefined || d.keys.domain === actor ? '' : `|${d.keys.domain}`;
  const family = d.keys.uriPattern === undefined ? '' : `|${shortHash(d.keys.uriPattern)}`;
  const qtype = d.keys.qtype === undefined ? '' : `|type ${d.keys.qtype}`;
  return `${d.name}|${actor}${domain}${family}${qtype}`;
}

/** FNV-1a, 32 bits, hex: a short stable name for a long key. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** What rows "like" this one share for the labels (profiles/). */
function entityOf(pipeline: Pipeline, row: OaRow): string {
  return profileOf(pipeline).labelEntity(row);
}

/** The worst reputation any service gave the row's IPs, domain or URI (-1 none). */
function reputationOf(row: OaRow): number {
  return Math.max(
    ...['src_rep', 'dst_rep', 'query_rep', 'uri_rep'].map((c) =>
      highestReputation(parseReputation(text(row[c]) || null)),
    ),
  );
}

/** What a DNS word needs beyond the row: the organisation's domain label and the top-domains list (ml/words.ts). */
export type DnsWordContext = DomainContext & { userDomain: string };

/**
 * Where each type's LDA word comes from and how its explanation says it. Proxy results carry the word (the row's
 * `word`); flow and DNS results do not, so it is rebuilt from the row's columns as spot-ml built it: flow, both
 * documents' words (said as `flowWords`); DNS, only with the word context, which says whether the domain is the
 * organisation's own or a popular one (said as `modelWord`, as proxy rows show theirs). null: cannot be rebuilt.
 */
interface RowWordSource {
  /** The word the row was scored as (flow: the source document's). */
  scored(row: OaRow, dns?: DnsWordContext): string | null;
  /** The words of both documents, for a type whose events are two documents' words. */
  documents(row: OaRow): FlowWords | null;
  /** Whether the explanation keeps the scored word as `modelWord` (nothing else in the row or facts says it). */
  keepsModelWord: boolean;
}

const ROW_WORDS: Record<Pipeline, RowWordSource> = {
  flow: {
    scored: (row) => flowRowWords(row)?.src ?? null,
    documents: (row) => flowRowWords(row),
    keepsModelWord: false,
  },
  dns: { scored: (row, dns) => (dns ? dnsRowWord(row, dns) : null), documents: () => null, keepsModelWord: true },
  proxy: { scored: (row) => text(row.word) || null, documents: () => null, keepsModelWord: false },
};

/**
 * Adds the findings, the decoded word and the order's facts to each scores row's explanation (in place).
 * `ldaRows` = how many leading rows are the results file's top N (the rest came in through findings).
 * `dnsWords` = the context DNS words are rebuilt with (without it DNS rows get no decoded word).
 */
export function addExplanations(
  pipeline: Pipeline,
  rows: readonly OaRow[],
  explanations: Array<Record<string, unknown>>,
  detections: readonly StoredDetection[],
  ldaRows: number = rows.length,
  dnsWords?: DnsWordContext,
): void {
  // Count how many of the day's rows share each row's word (what the model saw as the same event).
  const words = ROW_WORDS[pipeline];
  const rowWords = rows.map((row) => words.documents(row));
  const scoredWords = rows.map((row) => words.scored(row, dnsWords));
  const wordCounts = new Map<string, number>();
  for (const w of scoredWords) if (w) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  const sorted = [...detections].sort((a, b) => b.strength - a.strength);
  const index = new FindingIndex(sorted.map((d) => d.keys));
  const items = rows.map((row, i) => {
    const covering = index.covering(row).map((at) => sorted[at] as StoredDetection);
    const strongest = covering[0]?.strength ?? 0;
    const names = new Set(covering.map((d) => d.name));
    let risk =
      covering.length > 0
        ? strongest + 0.05 * Math.min(2, names.size - 1)
        : i < ldaRows
          ? LDA_RISK * (1 - i / Math.max(1, ldaRows))
          : 0;
    const findings = covering.map((d) => ({ key: findingKey(d), strength: d.strength }));
    // A malicious reputation is a finding of its own (threat intel): its rows get a top slot like a detection's.
    const reputation = reputationOf(row);
    if (reputation >= 3) {
      risk = Math.max(risk, BAD_REPUTATION_RISK);
      findings.push({ key: `bad_reputation|${entityOf(pipeline, row)}`, strength: BAD_REPUTATION_RISK });
    } else if (reputation === 2) risk += 0.2;
    const word = text(row.word);
    const facts: RiskFacts = {
      risk: Math.round(risk * 1000) / 1000,
      findings,
      entity: entityOf(pipeline, row),
      ...(word ? { word } : {}),
    };
    const explanation = (explanations[i] ??= {});
    Object.assign(explanation, facts);
    if (covering.length > 0) {
      explanation.detections = covering.map((d) => ({
        name: d.name.replaceAll('_', ' '),
        detail: `${d.evidence} (strength ${d.strength.toFixed(2)}${d.origin ? `; ${d.origin}` : ''})`,
        strength: d.strength,
      }));
    }
    const flow = rowWords[i];
    if (flow) explanation.flowWords = `source document ${flow.src}, destination document ${flow.dst}`;
    const scored = scoredWords[i];
    if (scored) {
      if (words.keepsModelWord) explanation.modelWord = scored;
      explanation.decodedWord = decodedWord(pipeline, scored);
      explanation.wordShare = wordCounts.get(scored) ?? 1;
    }
    return { index: i, facts, severity: null };
  });
  riskOrder(items).forEach((item, riskRank) => ((explanations[item.index] ??= {}).riskRank = riskRank));
}

/** A word's features in plain words, one "feature: value" per part, separated by semicolons (values hold commas). */
export function decodedWord(pipeline: Pipeline, word: string): string {
  return explainWord(pipeline, word)
    .map((f) => `${f.feature}: ${f.value}`)
    .join('; ');
}

/** A dns_scores row's LDA word (spec ml.md §2), from the same columns spot-ml read in the raw event. */
export function dnsRowWord(row: OaRow, ctx: DnsWordContext): string | null {
  const frameTime = text(row.frame_time);
  const name = text(row.dns_qry_name);
  const frameLen = Number(row.frame_len ?? NaN);
  if (frameTime === '' || name === '' || !Number.isFinite(frameLen)) return null;
  const code = (v: unknown) => (v === null || v === undefined || v === '' ? -1 : Number(v));
  const word = dnsWord(
    { frameTime, frameLen, queryName: name, queryType: code(row.dns_qry_type), queryRcode: code(row.dns_qry_rcode) },
    ctx,
  );
  return word === WORD_ERROR ? null : word;
}

/** A flow_scores row's LDA words (spec ml.md §2): the hour of tstart, the ports, protocol, in bytes and packets. */
export function flowRowWords(row: OaRow): FlowWords | null {
  const hour = /^\d{4}-\d{1,2}-\d{1,2}[ T](\d{1,2}):/.exec(text(row.tstart))?.[1];
  const [sport, dport, ibyt, ipkt] = [row.sport, row.dport, row.ibyt, row.ipkt].map((v) => Number(v ?? NaN));
  const proto = text(row.proto);
  if (hour === undefined || proto === '' || ![sport, dport, ibyt, ipkt].every((n) => Number.isFinite(n))) return null;
  return flowWords({ hour: Number(hour), sport: sport!, dport: dport!, proto, ibyt: ibyt!, ipkt: ipkt! });
}
