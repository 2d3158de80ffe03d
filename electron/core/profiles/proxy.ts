import { RAW_COLUMNS } from '../../../shared/schema';
import { cellText, type PipelineProfile } from './types';

/** The raw columns the proxy detail query reads; the scan keeps them of a touching row. */
const SCANNED_COLUMNS = [
  'p_date',
  'p_time',
  'clientip',
  'host',
  'webcat',
  'respcode',
  'reqmethod',
  'useragent',
  'resconttype',
  'referer',
  'uriport',
  'serverip',
  'scbytes',
  'csbytes',
  'fulluri',
];

export const proxyProfile: PipelineProfile = {
  pipeline: 'proxy',
  rawSchemas: [RAW_COLUMNS.proxy],
  requiredRawColumns: [
    'p_date',
    'p_time',
    'clientip',
    'host',
    'reqmethod',
    'useragent',
    'resconttype',
    'webcat',
    'referer',
    'respcode',
    'uriport',
    'serverip',
    'scbytes',
    'csbytes',
    'fulluri',
  ],
  /**
   * Per-minute counts bucketed by p_date and p_time's HH:MM. Touching rows: every proxy_edge row has a
   * suspicious fulluri from a suspicious client.
   */
  scanPlan: () => ({
    bucketKeys: ['CAST(p_date AS VARCHAR)', 'substr(CAST(p_time AS VARCHAR), 1, 5)'],
    bucket: `k0 || ' ' || k1`,
    columns: SCANNED_COLUMNS,
    valid: `p_date IS NOT NULL AND p_time IS NOT NULL AND clientip IS NOT NULL AND host IS NOT NULL
    AND fulluri IS NOT NULL AND CAST(p_time AS VARCHAR) <> ''`,
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
  scoreCriteria: (t) => (t.uri !== undefined ? { uri: t.uri } : null),
  hivePartitions: 'padded-text',
};
