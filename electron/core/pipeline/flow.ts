import type { OaRow } from '../cache/types';
import { flowGeolocString } from '../enrich/geo';
import type { ResultsRow } from '../parse/results';
import type { SuspiciousKeys } from '../sources/types';
import { loadKeyTable } from './keys';
import { prepareDay } from './scan';
import { flowHourMinute, flowProfile } from '../profiles/flow';
import type { Enrichment, StepContext, Tables } from './types';

/** `YYYY-MM-DD HH:MM:SS[.f]` → hour and minute (the parser has checked the form). */
function hourMinute(tstart: string): [number, number] {
  const time = flowHourMinute(tstart);
  return time ? [time.hour, time.minute] : [NaN, NaN];
}

/**
 * flow_scores (enrichment.md §1 flow): results columns [0,8..17], rank = 0-based line index, internal flags
 * from the context ranges, geo strings, and one merged reputation label per IP (every service, not one).
 */
export async function flowScores(results: ResultsRow[], enrichment: Enrichment): Promise<OaRow[]> {
  const ips = new Set<string>();
  for (const { row } of results) {
    ips.add(String(row.sip));
    ips.add(String(row.dip));
  }
  const reputation = await enrichment.reputation.lookup([...ips], 'ip');
  const geoOf = (ip: string): { geoloc: string; domain: string } => {
    const record = enrichment.geo?.lookup(ip) ?? null;
    return record ? { geoloc: flowGeolocString(record), domain: record.domain } : { geoloc: '', domain: '' };
  };
  return results.map(({ row }, rank) => {
    const srcip = String(row.sip);
    const dstip = String(row.dip);
    const src = geoOf(srcip);
    const dst = geoOf(dstip);
    return {
      tstart: row.treceived as string,
      srcip,
      dstip,
      sport: row.sport as number,
      dport: row.dport as number,
      proto: row.proto as string,
      ipkt: row.ipkt as number,
      ibyt: row.ibyt as number,
      opkt: row.opkt as number,
      obyt: row.obyt as number,
      ml_score: row.score as number,
      rank,
      srcip_internal: enrichment.context.isInternal(srcip) ? 1 : 0,
      dstip_internal: enrichment.context.isInternal(dstip) ? 1 : 0,
      src_geoloc: src.geoloc,
      dst_geoloc: dst.geoloc,
      src_domain: src.domain,
      dst_domain: dst.domain,
      src_rep: reputation.get(srcip) ?? '',
      dst_rep: reputation.get(dstip) ?? '',
    };
  });
}

export function flowKeys(scores: OaRow[]): SuspiciousKeys {
  const ips = new Set<string>();
  for (const row of scores) {
    ips.add(String(row.srcip));
    ips.add(String(row.dstip));
  }
  return { ips: [...ips] };
}

/** flow_edge: every raw row in the same hour:minute as a suspicious row, between the same two IPs, either way. */
export const FLOW_EDGE_SQL = `
  WITH keys AS (
    SELECT DISTINCT hh, mn, srcip AS s, dstip AS d FROM sus
    UNION
    SELECT DISTINCT hh, mn, dstip, srcip FROM sus
  )
  SELECT CAST(r.treceived AS VARCHAR) AS tstart, r.sip AS srcip, r.dip AS dstip, CAST(r.sport AS INTEGER) AS sport,
    CAST(r.dport AS INTEGER) AS dport, r.proto, r.flag AS flags, CAST(r.stos AS INTEGER) AS tos,
    CAST(r.ibyt AS BIGINT) AS ibyt, CAST(r.ipkt AS BIGINT) AS ipkt, CAST(r.input AS BIGINT) AS input,
    CAST(r.output AS BIGINT) AS output, r.rip, CAST(r.obyt AS BIGINT) AS obyt, CAST(r.opkt AS BIGINT) AS opkt,
    CAST(r.trhour AS INTEGER) AS hh, CAST(r.trminute AS INTEGER) AS mn
  FROM raw r JOIN keys k ON r.sip = k.s AND r.dip = k.d AND r.trhour = k.hh AND r.trminute = k.mn
  ORDER BY tstart, srcip, dstip, sport, dport, ibyt`;

/**
 * flow_chords: an IP is a chord anchor when it occurs more than once among the suspicious rows' ends and has
 * at least two distinct suspicious peers; its chords sum bytes and packets per (sip, dip) over the whole day
 * between it and those peers, in either direction (Spot 1.0 _get_chord_details, as one join).
 */
export const FLOW_CHORDS_SQL = `
  WITH ends AS (SELECT srcip AS ip, dstip AS peer FROM sus UNION ALL SELECT dstip, srcip FROM sus),
  anchors AS (SELECT ip FROM ends GROUP BY ip HAVING count(*) > 1 AND count(DISTINCT peer) > 1),
  pairs AS (SELECT DISTINCT e.ip AS ip_threat, e.peer FROM ends e JOIN anchors a ON e.ip = a.ip),
  directed AS (
    SELECT ip_threat, ip_threat AS s, peer AS d FROM pairs
    UNION
    SELECT ip_threat, peer, ip_threat FROM pairs
  )
  SELECT k.ip_threat, r.sip AS srcip, r.dip AS dstip, CAST(sum(r.ibyt) AS BIGINT) AS ibyt,
    CAST(sum(r.ipkt) AS BIGINT) AS ipkt
  FROM raw r JOIN directed k ON r.sip = k.s AND r.dip = k.d
  GROUP BY k.ip_threat, r.sip, r.dip
  ORDER BY ip_threat, srcip, dstip`;

export async function flowDetails(ctx: StepContext, scores: OaRow[], wholeDay: boolean): Promise<Tables> {
  const { duck, signal } = ctx;
  await loadKeyTable(
    duck,
    'sus',
    [
      ['srcip', 'VARCHAR'],
      ['dstip', 'VARCHAR'],
      ['hh', 'BIGINT'],
      ['mn', 'BIGINT'],
    ],
    scores.map((row) => [row.srcip as string, row.dstip as string, ...hourMinute(row.tstart as string)]),
  );
  await duck.run('CREATE OR REPLACE TABLE sus_ips AS SELECT srcip AS ip FROM sus UNION SELECT dstip FROM sus', signal);
  ctx.progress(0, 'reading the raw flow day');
  const plan = flowProfile.scanPlan({ date: ctx.date, hasUnixTstamp: ctx.raw.hasUnixTstamp });
  const ingest = await prepareDay(duck, ctx.scanMode, plan, wholeDay, ctx.raw.facts, signal);
  ctx.progress(0.6, 'flow details (edge)');
  const flowEdge = await duck.all(FLOW_EDGE_SQL, signal);
  ctx.progress(0.8, 'flow chords');
  const flowChords = await duck.all(FLOW_CHORDS_SQL, signal);
  return { flow_edge: flowEdge, flow_chords: flowChords, flow_ingest_summary: ingest };
}
