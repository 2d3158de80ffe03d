import { detailRawColumns } from '../../../shared/pipeline-profile';
import { RAW_COLUMNS, RAW_FLOW_SEED_COLUMNS } from '../../../shared/schema';
import { splitDay } from '../../../shared/spot-date';
import { sqlInt } from '../hive/sql';
import { cellText, padded, type PipelineProfile } from './types';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Hour and minute of a flow tstart `YYYY-MM-DD HH:MM:SS` (as flow_edge's hh and mn hold them); null: no time. */
export function flowHourMinute(tstart: string): { hour: number; minute: number } | null {
  const match = /(\d{1,2}):(\d{1,2})(?::\d{1,2})?/.exec(tstart.split(' ')[1] ?? '');
  return match ? { hour: Number(match[1]), minute: Number(match[2]) } : null;
}

/** The raw columns the flow detail queries read: the details' sources (shared profile) and the minute they key on. */
const SCANNED_COLUMNS = ['trhour', 'trminute', ...detailRawColumns('flow')];
/** The raw columns the flow OA reads (the scanned ones and the date the ingest summary buckets by). */
const REQUIRED_COLUMNS = ['tryear', 'trmonth', 'trday', ...SCANNED_COLUMNS];

export const flowProfile: PipelineProfile = {
  pipeline: 'flow',
  rawSchemas: [RAW_COLUMNS.flow, RAW_FLOW_SEED_COLUMNS],
  requiredRawColumns: REQUIRED_COLUMNS,
  /** Per-minute ingest counts with Spot's validity filter; tdate is zero-padded (Spot's flow tdate is not). */
  scanPlan: ({ date, hasUnixTstamp }) => ({
    bucketKeys: ['tryear', 'trmonth', 'trday', 'trhour', 'trminute'],
    bucket: `printf('%04d-%02d-%02d %02d:%02d', CAST(k0 AS BIGINT), CAST(k1 AS BIGINT), CAST(k2 AS BIGINT),
      CAST(k3 AS BIGINT), CAST(k4 AS BIGINT))`,
    // The detail queries read every required column but the date parts (the run's day is known).
    columns: SCANNED_COLUMNS,
    required: [
      ...(hasUnixTstamp ? ['unix_tstamp'] : []),
      ...['sip', 'sport', 'dip', 'dport', 'ibyt', 'ipkt', 'trmonth', 'trday', 'trhour', 'trminute'],
    ],
    equals: { tryear: splitDay(date).y },
    valid: 'try_cast(treceived AS TIMESTAMP) IS NOT NULL',
    // Every edge and chord row joins two IPs that both occur in the suspicious rows.
    touch: 'sip IN (SELECT ip FROM sus_ips) AND dip IN (SELECT ip FROM sus_ips)',
  }),
  anchorKind: () => 'ip',
  threatInvestigationRow: ({ row, score }) => ({
    tstart: row.tstart ?? null,
    srcip: row.srcip ?? null,
    dstip: row.dstip ?? null,
    srcport: row.sport ?? null,
    dstport: row.dport ?? null,
    score,
  }),
  marksHigh: (row, anchor) => row.score === 1 && (row.srcip === anchor || row.dstip === anchor),
  storyboardAnchors: [{ column: 'ip_threat', kind: 'ip' }],
  storyboardDetail: { table: 'flow_timeline', anchorColumn: 'ip_threat' },
  detailRows: (row) => {
    const tstart = cellText(row.tstart);
    const time = flowHourMinute(tstart);
    if (!time) throw new RangeError(`flow row has no time in tstart "${tstart.slice(0, 40)}"`);
    const [src, dst] = [cellText(row.srcip), cellText(row.dstip)];
    return {
      where: 'hh = ? AND mn = ? AND ((srcip = ? AND dstip = ?) OR (srcip = ? AND dstip = ?))',
      params: [time.hour, time.minute, src, dst, dst, src],
      orderBy: 'tstart, row_id',
      selectedBy: `${src} ↔ ${dst} in minute ${pad2(time.hour)}:${pad2(time.minute)}, both directions`,
    };
  },
  labelEntity: (row) => `${cellText(row.dstip)}:${cellText(row.dport)}`,
  keysJudgedApart: false,
  scoreCriteria: (t) => {
    const c = { srcIp: t.srcip, dstIp: t.dstip, srcPort: t.sport, dstPort: t.dport, quickIp: t.ip };
    return Object.values(c).some((v) => v !== undefined) ? c : null;
  },
  hivePartitions: 'numeric',
  rawKeyColumns: [
    { column: 'sip', keys: 'ips', isIp: true },
    { column: 'dip', keys: 'ips', isIp: true },
  ],
  rawSearchColumns: { ip: ['sip', 'dip'], domain: null, uri: null },
  hiveIngest: (date) => ({
    template: `SELECT tryear, trmonth, trday, trhour, trminute, COUNT(*) AS total FROM :db.:table
        WHERE :day AND unix_tstamp IS NOT NULL AND sip IS NOT NULL AND sport IS NOT NULL AND dip IS NOT NULL
          AND dport IS NOT NULL AND ibyt IS NOT NULL AND ipkt IS NOT NULL AND tryear = :year
          AND trmonth IS NOT NULL AND trday IS NOT NULL AND trhour IS NOT NULL AND trminute IS NOT NULL
          AND CAST(treceived AS TIMESTAMP) IS NOT NULL
        GROUP BY tryear, trmonth, trday, trhour, trminute`,
    params: { year: sqlInt(splitDay(date).y) },
    bucket: (r) =>
      `${padded(r['tryear'], 4)}-${padded(r['trmonth'], 2)}-${padded(r['trday'], 2)} ${padded(r['trhour'], 2)}:${padded(r['trminute'], 2)}`,
  }),
};
