import { getDomain } from 'tldts';
import { detailRawColumns } from '../../../shared/pipeline-profile';
import { RAW_COLUMNS } from '../../../shared/schema';
import { sqlString } from '../pipeline/sql-text';
import { cellText, type PipelineProfile } from './types';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6 = /^[0-9a-f:]+$/i;

/** The raw columns the dns detail queries read (the details' sources, shared profile); the scan keeps them. */
const SCANNED_COLUMNS = detailRawColumns('dns');

export const dnsProfile: PipelineProfile = {
  pipeline: 'dns',
  rawSchemas: [RAW_COLUMNS.dns],
  // frame_time buckets the ingest summary; the detail queries read the scanned columns.
  requiredRawColumns: ['frame_time', ...SCANNED_COLUMNS],
  /**
   * Per-minute counts bucketed by frame_time's HH:MM on the run date (Spot's re-bucketing), zero-padded.
   * Touching rows: every dns_edge row has a suspicious query name, every dns_dendro row a suspicious client.
   */
  scanPlan: ({ date }) => ({
    bucketKeys: [`regexp_extract(frame_time, ' (\\d{2}:\\d{2}):\\d{2}', 1)`],
    bucket: `${sqlString(date)} || ' ' || nullif(k0, '')`,
    columns: SCANNED_COLUMNS,
    required: [
      'unix_tstamp',
      'frame_time',
      'frame_len',
      'dns_qry_name',
      'ip_src',
      'dns_qry_class',
      'dns_qry_type',
      'dns_qry_rcode',
    ],
    touch: 'dns_qry_name IN (SELECT dns_qry_name FROM sus) OR ip_dst IN (SELECT ip_dst FROM sus)',
  }),
  anchorKind: (anchor) => (IPV4.test(anchor) || (anchor.includes(':') && IPV6.test(anchor)) ? 'ip' : 'query'),
  // A score on the client marks ip_sev, on the query dns_sev; a row scored on both marks both.
  threatInvestigationRow: ({ row, score, matchedBy }) => ({
    unix_tstamp: row.unix_tstamp ?? null,
    ip_dst: row.ip_dst ?? null,
    dns_qry_name: row.dns_qry_name ?? null,
    ip_sev: matchedBy === 'query' ? 0 : score,
    dns_sev: matchedBy === 'ip' ? 0 : score,
  }),
  marksHigh: (row, anchor, kind) =>
    kind === 'ip' ? row.ip_sev === 1 && row.ip_dst === anchor : row.dns_sev === 1 && row.dns_qry_name === anchor,
  storyboardAnchors: [
    { column: 'ip_threat', kind: 'ip' },
    { column: 'dns_threat', kind: 'query' },
  ],
  storyboardDetail: { table: 'dns_threat_dendro', anchorColumn: 'anchor' },
  detailRows: (row) => {
    const name = cellText(row.dns_qry_name);
    const hour = Number(row.hh ?? 0);
    return {
      where: 'hh = ? AND dns_qry_name = ?',
      params: [hour, name],
      orderBy: 'unix_tstamp, row_id',
      selectedBy: `query ${name} in hour ${String(hour).padStart(2, '0')}`,
    };
  },
  labelEntity: (row) => {
    const name = cellText(row.dns_qry_name).toLowerCase().replace(/\.$/, '');
    return getDomain(name, { allowPrivateDomains: true }) ?? name;
  },
  keysJudgedApart: true,
  scoreCriteria: (t) =>
    t.clientIp !== undefined || t.dnsQuery !== undefined ? { clientIp: t.clientIp, dnsQuery: t.dnsQuery } : null,
  hivePartitions: 'numeric',
  rawKeyColumns: [
    { column: 'dns_qry_name', keys: 'dnsNames', isIp: false },
    { column: 'ip_dst', keys: 'clients', isIp: true },
  ],
  rawSearchColumns: { ip: ['ip_dst', 'ip_src'], domain: 'dns_qry_name', uri: null },
  // Grouped by the exact frame_time string as Spot does; re-bucketed here to the run date's HH:MM.
  hiveIngest: (date) => ({
    template: `SELECT frame_time, COUNT(*) AS total FROM :db.:table
        WHERE :day AND unix_tstamp IS NOT NULL AND frame_time IS NOT NULL AND frame_len IS NOT NULL
          AND dns_qry_name IS NOT NULL AND ip_src IS NOT NULL AND dns_qry_class IS NOT NULL
          AND dns_qry_type IS NOT NULL AND dns_qry_rcode IS NOT NULL
        GROUP BY frame_time`,
    params: {},
    bucket: (r) => {
      const hm = / (\d{2}:\d{2}):\d{2}/.exec(String(r['frame_time']))?.[1];
      return hm ? `${date} ${hm}` : null;
    },
  }),
};
