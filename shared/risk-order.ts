/**
 * The suspicious list's default order, one definition for the view, the CLI's `list` and the import: combined
 * risk with the analyst's labels applied at once.
 *
 * The import stores per row (its explanation) the base risk — the strongest named finding covering the row, or for
 * rows no finding covers a small share from the LDA rank, raised by bad reputation — plus the findings'
 * keys (`name|actor`), the row's entity (flow: destination and port; DNS: base domain; proxy: host) and word.
 * Labels then move rows like the labelled ones: a low-risk label (3) lowers rows of the same finding and actor
 * (×0.1; riskLabels says when labels judge a finding: two on its head, rows like them half of it), the same entity (×0.3, rows no standing finding covers) and,
 * for rows no finding covers, the same word (×0.6); a high-risk label (1) raises them (+0.5, +0.3, +0.1). Medium (2) moves nothing. The order puts one representative per finding and
 * actor first (its rarest unscored row, strongest first) so a scan covering thousands of rows cannot bury a
 * beacon, then the model's rarest rows no finding covers (a few, one per word), then every row by labelled risk,
 * ties in Spot's order. Pure, no DOM, no Node.
 */
import type { Severity } from './schema';

/** What the import stores per row for the order (inside the row's explanation). */
export interface RiskFacts {
  risk?: number;
  /** Findings covering the row, strongest first: `key` = `<finding name>|<actor>`. */
  findings?: readonly { key: string; strength: number }[];
  entity?: string;
  word?: string;
  /** The model's word where the row stores none as `word` (DNS `modelWord`, flow's source document word): only to
   * tell a finding's own rows from others its keys cover, not a label rule of its own (cases group by `word`). */
  modelWord?: string;
}

export interface RiskItem {
  /** Position in Spot's order (the LDA order). */
  index: number;
  facts: RiskFacts | null;
  severity: Severity | null;
}

export interface RiskLabels {
  lowFindings: ReadonlySet<string>;
  highFindings: ReadonlySet<string>;
  lowEntities: ReadonlySet<string>;
  highEntities: ReadonlySet<string>;
  lowWords: ReadonlySet<string>;
  highWords: ReadonlySet<string>;
}

export const NO_LABELS: RiskLabels = {
  lowFindings: new Set(),
  highFindings: new Set(),
  lowEntities: new Set(),
  highEntities: new Set(),
  lowWords: new Set(),
  highWords: new Set(),
};

/** The risk facts stored in a row's explanation, or null for days imported before them. */
export function riskFactsOf(explanation: Readonly<Record<string, unknown>> | null): RiskFacts | null {
  if (!explanation || typeof explanation.risk !== 'number') return null;
  const findings = Array.isArray(explanation.findings)
    ? explanation.findings.flatMap((f: unknown) => {
        const o = f && typeof f === 'object' ? (f as Record<string, unknown>) : {};
        return typeof o.key === 'string' && typeof o.strength === 'number'
          ? [{ key: o.key, strength: o.strength }]
          : [];
      })
    : [];
  return {
    risk: explanation.risk,
    findings,
    ...(typeof explanation.entity === 'string' ? { entity: explanation.entity } : {}),
    ...(typeof explanation.word === 'string' ? { word: explanation.word } : {}),
    ...(modelWordOf(explanation) !== undefined ? { modelWord: modelWordOf(explanation) } : {}),
  };
}

/** DNS rows store their rebuilt word as `modelWord`; flow rows their two words as `flowWords` ("source document
 * X, destination document Y", detect/explanations.ts), of which the source document's is the row's word. */
function modelWordOf(explanation: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof explanation.modelWord === 'string') return explanation.modelWord;
  if (typeof explanation.flowWords === 'string') return /^source document (\S+),/.exec(explanation.flowWords)?.[1];
  return undefined;
}

/** How many of a finding's first rows (in Spot's order) stand for the finding: low-risk labels on two of them (or on
 * its only row) judge the finding itself — when the labelled rows are like the finding's own rows (below). One label
 * on a finding's head may be a benign row its keys also cover (a scanner's ordinary mail, a flow the data set calls
 * benign inside a scan), and labels deeper in a finding judge only their rows' entities and words: benign rows of a
 * scanner, however many, cannot sink the scan. */
const FINDING_HEAD = 3;
const HEAD_LABELS_TO_JUDGE = 2;
/** Labels judge a finding only when rows like them (same word or entity) make up this share of the finding: an
 * infected host's ordinary lookups under its DGA finding (filed by host and NXDOMAIN) are benign rows the finding's
 * keys cover, not what it found, and labelling them must not sink the random names beside them. */
const LIKE_SHARE_TO_JUDGE = 0.5;

/** The labels the analyst's scores make (scored rows of every kind, hidden or not). */
export function riskLabels(items: Iterable<RiskItem>): RiskLabels {
  const labels = {
    lowFindings: new Set<string>(),
    highFindings: new Set<string>(),
    lowEntities: new Set<string>(),
    highEntities: new Set<string>(),
    lowWords: new Set<string>(),
    highWords: new Set<string>(),
  };
  const all = [...items];
  // Each finding's rows in Spot's order, to tell a label on a finding's head from one deep inside it.
  const rowsOf = new Map<string, RiskItem[]>();
  for (const item of all)
    for (const f of item.facts?.findings ?? []) (rowsOf.get(f.key) ?? rowsOf.set(f.key, []).get(f.key)!).push(item);
  for (const list of rowsOf.values()) list.sort((a, b) => a.index - b.index);
  // Per finding, its low-labelled head rows.
  const lowOnHead = new Map<string, RiskItem[]>();
  for (const labelled of all) {
    const { facts, severity } = labelled;
    if (severity !== 1 && severity !== 3) continue;
    const [entities, words] =
      severity === 3 ? [labels.lowEntities, labels.lowWords] : [labels.highEntities, labels.highWords];
    for (const f of facts?.findings ?? []) {
      if (severity === 1) {
        labels.highFindings.add(f.key);
        continue;
      }
      if (!(rowsOf.get(f.key) ?? []).slice(0, FINDING_HEAD).includes(labelled)) continue;
      (lowOnHead.get(f.key) ?? lowOnHead.set(f.key, []).get(f.key)!).push(labelled);
    }
    if (facts?.entity) entities.add(facts.entity);
    if (facts?.word && !facts.findings?.length) words.add(facts.word);
  }
  for (const [key, head] of lowOnHead) {
    const rows = rowsOf.get(key) ?? [];
    if (head.length < Math.min(HEAD_LABELS_TO_JUDGE, rows.length)) continue;
    const entities = new Set(head.flatMap((r) => (r.facts?.entity ? [r.facts.entity] : [])));
    const words = new Set(head.map(wordOf).filter((w) => w !== ''));
    const like = rows.filter((r) => (r.facts?.entity && entities.has(r.facts.entity)) || words.has(wordOf(r))).length;
    if (like >= LIKE_SHARE_TO_JUDGE * rows.length) labels.lowFindings.add(key);
  }
  return labels;
}

/** A finding's strength once the labels of its finding and actor apply. */
function findingStrength(finding: { key: string; strength: number }, labels: RiskLabels): number {
  let s = finding.strength;
  if (labels.lowFindings.has(finding.key)) s *= 0.1;
  if (labels.highFindings.has(finding.key)) s += 0.5;
  return s;
}

/** The row's risk with the labels applied. */
export function labelledRisk(facts: RiskFacts | null, labels: RiskLabels): number {
  const findings = facts?.findings ?? [];
  let risk: number;
  if (findings.length > 0) {
    risk = Math.max(...findings.map((f) => findingStrength(f, labels)));
    // The base risk may hold more than the strongest finding (reputation, several findings): keep that excess.
    const strongest = Math.max(...findings.map((f) => f.strength));
    risk += Math.max(0, (facts?.risk ?? strongest) - strongest);
  } else {
    risk = facts?.risk ?? 0;
    if (facts?.word && labels.lowWords.has(facts.word)) risk *= 0.6;
    if (facts?.word && labels.highWords.has(facts.word)) risk += 0.1;
  }
  // A benign label on a row to the same entity does not outweigh a finding still standing (a scan hitting the
  // server of a labelled benign session is still a scan): the entity lowers rows whose findings are all judged low.
  const standing = findings.some((f) => !labels.lowFindings.has(f.key));
  if (!standing && facts?.entity && labels.lowEntities.has(facts.entity)) risk *= 0.3;
  if (facts?.entity && labels.highEntities.has(facts.entity)) risk += 0.3;
  return risk;
}

/** The word a row was scored as: its stored word, else its model word (DNS, flow); '' when unknown. */
function wordOf(item: RiskItem): string {
  return item.facts?.word || item.facts?.modelWord || '';
}

/** Each finding's dominant word: the word of at least half of its rows (ties: the one seen first in Spot's order).
 * A scan has none (its probes' words differ by port), so a benign session of the scanner cannot stand for it. */
function typicalWords(items: readonly RiskItem[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const item of [...items].sort((a, b) => a.index - b.index)) {
    const word = wordOf(item);
    if (word === '') continue;
    for (const f of item.facts?.findings ?? []) {
      const perWord = counts.get(f.key) ?? counts.set(f.key, new Map()).get(f.key)!;
      perWord.set(word, (perWord.get(word) ?? 0) + 1);
    }
  }
  const typical = new Map<string, string>();
  for (const [key, perWord] of counts) {
    let best = '';
    let most = 0;
    let all = 0;
    for (const [word, n] of perWord) {
      all += n;
      if (n > most) [best, most] = [word, n];
    }
    if (most >= LIKE_SHARE_TO_JUDGE * all) typical.set(key, best);
  }
  return typical;
}

/** How much each further row of the same finding gives up (× log2(1 + k) for its k-th row), so findings of
 * similar strength interleave instead of the strongest filling the screen. */
const DEPTH_PENALTY = 0.02;

/** Items in the default order (all of them; the caller hides scored or allow-listed rows). */
export function riskOrder<T extends RiskItem>(items: readonly T[], labels: RiskLabels = NO_LABELS): T[] {
  // One representative per finding and actor that no low-risk label covers: its rarest unscored row of the
  // finding's dominant word, i.e. a row of what it found (a DGA finding's generated names, not the infected
  // host's ordinary lookups its keys also cover); rows without words: its rarest unscored row.
  const typical = typicalWords(items);
  const representative = new Map<string, T>();
  const isTypical = (item: T, key: string): boolean => {
    const word = wordOf(item);
    return word === '' || !typical.has(key) || typical.get(key) === word;
  };
  for (const item of items) {
    if (item.severity !== null) continue;
    for (const f of item.facts?.findings ?? []) {
      if (labels.lowFindings.has(f.key)) continue;
      const current = representative.get(f.key);
      const better =
        !current ||
        (isTypical(item, f.key) && !isTypical(current, f.key)) ||
        (isTypical(item, f.key) === isTypical(current, f.key) && item.index < current.index);
      if (better) representative.set(f.key, item);
    }
  }
  const first = new Set(representative.values());
  // The k-th row (in Spot's order) of its strongest finding gives up a little, so findings interleave.
  const depth = new Map<string, number>();
  const risk = new Map<T, number>();
  for (const item of [...items].sort((a, b) => a.index - b.index)) {
    const strongest = item.facts?.findings?.[0]?.key;
    let k = 0;
    if (strongest !== undefined && !first.has(item)) {
      k = (depth.get(strongest) ?? 0) + 1;
      depth.set(strongest, k);
    }
    // A scored row keeps its own place (shown with "show scored" it is where the analyst left it); its label moves
    // the rows like it.
    const own = item.severity === null ? labelledRisk(item.facts, labels) : labelledRisk(item.facts, NO_LABELS);
    risk.set(item, own - DEPTH_PENALTY * Math.log2(1 + k));
  }
  const model = modelRepresentatives(items, labels);
  const tier = (item: T): number => (first.has(item) ? 0 : model.has(item) ? 1 : 2);
  const byRisk = (a: T, b: T): number => (risk.get(b) ?? 0) - (risk.get(a) ?? 0) || a.index - b.index;
  return [...items].sort((a, b) => tier(a) - tier(b) || byRisk(a, b));
}

/** How many of the model's rarest rows no finding covers come right after the findings' representatives. */
export const MODEL_REPRESENTATIVES = 3;

/**
 * The model's own voice on the first screen: the rarest unscored rows that no finding covers and no
 * low-risk label lowers, one per word. Without them a day with many findings buries what only LDA saw below every
 * finding's rows (an ARP-spoofing relay whose flows LDA ranks first sat at #906 behind the day's scans). A
 * low-risk label on one hides it, lowers its word and gives up its slot.
 */
function modelRepresentatives<T extends RiskItem>(items: readonly T[], labels: RiskLabels): Set<T> {
  const chosen = new Set<T>();
  const words = new Set<string>();
  // Each row only the model flagged that the analyst judged low risk gives up a slot: the analyst has heard the
  // model on this day, and its next rarest rows do not keep coming back to the top.
  const judgedLow = items.filter((i) => i.severity === 3 && !(i.facts?.findings?.length ?? 0)).length;
  const slots = Math.max(0, MODEL_REPRESENTATIVES - judgedLow);
  // Rarest = highest stored risk (Spot's order on a fresh day; after a re-score of a labelled day, the share the
  // rows had before, scoring/reimport.ts: a retrained LDA cannot lift a row into these slots).
  const rarest = (a: T, b: T): number => (b.facts?.risk ?? 0) - (a.facts?.risk ?? 0) || a.index - b.index;
  for (const item of [...items].sort(rarest)) {
    if (chosen.size >= slots) break;
    const facts = item.facts;
    if (item.severity !== null || !facts || (facts.findings?.length ?? 0) > 0) continue;
    const word = wordOf(item);
    if (word !== '' && (labels.lowWords.has(word) || words.has(word))) continue;
    if (facts.entity && labels.lowEntities.has(facts.entity)) continue;
    chosen.add(item);
    if (word !== '') words.add(word);
  }
  return chosen;
}
