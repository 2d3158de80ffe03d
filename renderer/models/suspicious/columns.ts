/** The Suspicious table's columns per pipeline: Spot's columns (ui.md §1–3) plus the enriched ones. */
import type { Pipeline } from '../../../shared/schema';
import { rowDetections } from './order';
import { highestReputation, parseReputation } from './reputation';
import { mlScore, num, str, type SuspiciousRow } from './rows';
import type { ColumnDef } from './table';

/** Special cell renderings the view draws around the text (shield, globe, severity badge). */
export type CellKind = 'text' | 'ip' | 'rep' | 'score' | 'severity' | 'rank' | 'detection';

export interface SuspiciousColumn extends ColumnDef<SuspiciousRow> {
  kind: CellKind;
  /** For kind 'ip': the columns of the same end (reputation label, geoloc, domain, internal flag). */
  ipOf?: 'src' | 'dst' | 'client';
  /** For kind 'rep': the label column. */
  repColumn?: string;
}

const text = (key: string, label: string, width: number, extra: Partial<SuspiciousColumn> = {}): SuspiciousColumn => ({
  key,
  label,
  width,
  kind: 'text',
  value: (r) => r.values[key] ?? null,
  ...extra,
});
const number = (key: string, label: string, width: number, visible = true): SuspiciousColumn =>
  text(key, label, width, { align: 'right', mono: true, visible, value: (r) => num(r.values[key]) });

const rank: SuspiciousColumn = {
  key: 'rank',
  label: 'Rank',
  width: 56,
  align: 'right',
  kind: 'rank',
  // Spot's order is the rank: flow's rank column, dns/proxy ascending score. Shown 1-based. A row a named
  // detection brought in from outside the top N has no rank among them (its LDA score says where it stands).
  value: (r) => (r.explanation?.outsideTop !== undefined ? null : r.index + 1),
};
const score: SuspiciousColumn = {
  key: 'ml_score',
  label: 'Score',
  width: 84,
  align: 'right',
  mono: true,
  kind: 'score',
  value: (r) => mlScore(r),
};
/** The strongest named detection covering the row ("beaconing 0.92"): searchable, and why a row leads the list. */
const detection: SuspiciousColumn = {
  key: 'detection',
  label: 'Detection',
  width: 140,
  kind: 'detection',
  value: (r) => {
    const [strongest] = rowDetections(r);
    return strongest ? `${strongest.name} ${strongest.strength.toFixed(2)}` : null;
  },
};
const severity: SuspiciousColumn = {
  key: 'severity',
  label: 'Analyst',
  width: 72,
  kind: 'severity',
  value: (r) => r.severity,
};
const rep = (key: string, label: string): SuspiciousColumn => ({
  key: `${key}:level`,
  label,
  width: 120,
  kind: 'rep',
  repColumn: key,
  visible: false,
  value: (r) => {
    const entries = parseReputation(str(r.values[key]));
    return entries.length === 0 ? null : highestReputation(entries);
  },
});

export const SUSPICIOUS_COLUMNS: Record<Pipeline, SuspiciousColumn[]> = {
  flow: [
    rank,
    detection,
    text('tstart', 'Time', 150, { mono: true }),
    text('srcip', 'Source IP', 150, { kind: 'ip', ipOf: 'src', mono: true }),
    text('dstip', 'Destination IP', 150, { kind: 'ip', ipOf: 'dst', mono: true }),
    number('sport', 'Src port', 70),
    number('dport', 'Dst port', 70),
    text('proto', 'Proto', 56),
    number('ipkt', 'In pkts', 70),
    number('ibyt', 'In bytes', 84),
    number('opkt', 'Out pkts', 70, false),
    number('obyt', 'Out bytes', 84, false),
    score,
    severity,
    text('src_geoloc', 'Source geo', 160, { visible: false }),
    text('dst_geoloc', 'Destination geo', 160, { visible: false }),
    text('src_domain', 'Source domain', 140, { visible: false }),
    text('dst_domain', 'Destination domain', 140, { visible: false }),
    rep('src_rep', 'Source reputation'),
    rep('dst_rep', 'Destination reputation'),
  ],
  dns: [
    rank,
    detection,
    text('frame_time', 'Time', 170, { mono: true }),
    text('ip_dst', 'Client IP', 140, { kind: 'ip', ipOf: 'client', mono: true }),
    text('dns_qry_name', 'Query', 300, { mono: true }),
    text('tld', 'Domain', 170, { mono: true, visible: false }),
    text('dns_qry_class_name', 'Class', 110),
    text('dns_qry_type_name', 'Type', 60),
    text('dns_qry_rcode_name', 'Response', 90),
    text('network_context', 'Context', 120, { visible: false }),
    rep('query_rep', 'Reputation'),
    score,
    severity,
  ],
  proxy: [
    rank,
    detection,
    text('time', 'Time', 80, { mono: true, value: (r) => `${str(r.values.tdate)} ${str(r.values.time)}`.trim() }),
    text('clientip', 'Client IP', 130, { kind: 'ip', ipOf: 'client', mono: true }),
    text('host', 'Host', 200, { mono: true }),
    text('reqmethod', 'Method', 64),
    text('fulluri', 'URI', 300, { mono: true }),
    text('webcat', 'Web category', 130),
    text('respcode', 'Response', 90, {
      value: (r) => `${str(r.values.respcode)} ${str(r.values.respcode_name)}`.trim(),
    }),
    text('useragent', 'User agent', 220, { visible: false }),
    text('username', 'User', 90, { visible: false }),
    text('network_context', 'Context', 120, { visible: false }),
    rep('uri_rep', 'Reputation'),
    score,
    severity,
  ],
};
