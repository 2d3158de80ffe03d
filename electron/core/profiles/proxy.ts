import { detailRawColumns } from '../../../shared/pipeline-profile';
import { RAW_COLUMNS } from '../../../shared/schema';
import { cellText, type PipelineProfile } from './types';

/**
 * The raw columns the proxy detail query reads (the details' sources, shared profile, and the date of their time);
 * the scan keeps them of a touching row. They are all the proxy OA reads.
 */
const SCANNED_COLUMNS = ['p_date', ...detailRawColumns('proxy')];

export const proxyProfile: PipelineProfile = {
  pipeline: 'proxy',
  rawSchemas: [RAW_COLUMNS.proxy],
  requiredRawColumns: SCANNED_COLUMNS,
  /**
   * Per-minute counts bucketed by p_date and p_time's HH:MM. Touching rows: every proxy_edge row has a
   * suspicious fulluri from a suspicious client.
   */
  scanPlan: () => ({
    bucketKeys: ['CAST(p_date AS VARCHAR)', 'substr(CAST(p_time AS VARCHAR), 1, 5)'],
    bucket: `k0 || ' ' || k1`,
    columns: SCANNED_COLUMNS,
    required: ['p_date', 'p_time', 'clientip', 'host', 'fulluri'],
    valid: `CAST(p_time AS VARCHAR) <> ''`,
    touch: 'fulluri IN (SELECT fulluri FROM sus) AND clientip IN (SELECT clientip FROM sus)',
  }),
  anchorKind: () => 'uri',
  threatInvestigationRow: ({ row, score }) => ({
    tdate: row.tdate ?? null,
    fulluri: row.fulluri ?? null,
    uri_sev: score,
  }),
  marksHigh: (row, anchor) => row.uri_sev === 1 && row.fulluri === anchor,
  storyboardAnchors: [{ column: 'p_threat', kind: 'uri' }],
  storyboardDetail: { table: 'proxy_timeline', anchorColumn: 'p_threat' },
  detailRows: (row) => {
    const [uri, client] = [cellText(row.fulluri), cellText(row.clientip)];
    return {
      where: 'fulluri = ? AND clientip = ?',
      params: [uri, client],
      orderBy: 'time, row_id',
      selectedBy: `${client} requesting this URI, whole day`,
    };
  },
  labelEntity: (row) => cellText(row.host).toLowerCase(),
  keysJudgedApart: false,
  scoreCriteria: (t) => (t.uri !== undefined ? { uri: t.uri } : null),
  hivePartitions: 'padded-text',
  rawKeyColumns: [{ column: 'fulluri', keys: 'uris', isIp: false }],
  rawSearchColumns: { ip: ['clientip', 'serverip'], domain: 'host', uri: 'fulluri' },
  hiveIngest: () => ({
    template: `SELECT p_date, SUBSTR(p_time, 1, 5) AS hhmm, COUNT(*) AS total FROM :db.:table
      WHERE :day AND p_date IS NOT NULL AND p_time IS NOT NULL AND clientip IS NOT NULL AND host IS NOT NULL
        AND fulluri IS NOT NULL AND p_time <> ''
      GROUP BY p_date, SUBSTR(p_time, 1, 5)`,
    params: {},
    bucket: (r) => `${String(r['p_date'])} ${String(r['hhmm'])}`,
  }),
};
