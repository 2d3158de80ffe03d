/**
 * HTTP beaconing: a client polling one host at a regular interval with requests of a constant size (malware
 * check-ins), scored as RITA v5 scores beacons — timing (Bowley skew and median absolute deviation of the
 * intervals, relative to the period), data size (skew, dispersion, smallness) and how much of the day the pair is
 * active — over the request times of each (client, host). Requests within a few seconds of the previous one belong
 * to the same check-in (a page and its resources), so intervals shorter than that are dropped; this keeps a beacon
 * whose check-in is two requests regular. Background makes no beacon: hosts most clients contact (prevalence),
 * software distribution, update, telemetry and CDN services (background.ts), excluded clients and domains.
 */
import { alwaysIncluded, isCommon, isRare, isSoftwareDistribution, pairCtes } from './background';
import { ranked, type QuantileStyle } from '../quantiles';
import type { Detector } from '../types';
import { formatBytes } from '../../../../shared/format';

/** Check-in intervals and request sizes per (client, host), and their deviations from the pair's medians. */
const intervals = (style: QuantileStyle | undefined) =>
  ranked(style, { table: 'iv', partition: ['client', 'host'], values: { gap: 'gap', csbytes: 'csbytes' } });
const deviations = (style: QuantileStyle | undefined) =>
  ranked(style, { table: 'dev', partition: ['client', 'host'], values: { gdev: 'gdev', bdev: 'bdev' } });

/** RITA's minimum: fewer check-ins than this cannot show a rhythm. */
export const MIN_CHECKINS = 12;
/** Gaps shorter than this are requests of the same check-in. */
export const SAME_CHECKIN_SECONDS = 5;
/** Shortest period and shortest span considered (a page's own refreshes are faster and shorter). */
export const MIN_PERIOD_SECONDS = 10;
export const MIN_SPAN_SECONDS = 1800;
/** The RITA score a pair needs (timing and size, 0–1). */
export const MIN_SCORE = 0.8;

const MAX_FINDINGS = 200;

export const beaconing: Detector = {
  id: 'proxy/beaconing',
  pipeline: 'proxy',
  name: 'beaconing',
  description: 'clients polling one host at a regular interval with constant-size requests (RITA-style score)',
  sql: ({ network, quantiles }) => `
    WITH ${pairCtes(network)},
    cand AS (
      SELECT ch.client, ch.host, h.clients AS host_clients, org.clients AS org_clients,
        CASE WHEN ${isRare('h.clients')} THEN 1 ELSE 0 END AS rare
      FROM ch JOIN hosts h ON h.host = ch.host CROSS JOIN org
      WHERE ch.requests >= ${MIN_CHECKINS}
        AND ((NOT ${isCommon('h.clients')} AND NOT ${isSoftwareDistribution('h.hn', network)})
             OR ${alwaysIncluded('h.host', network)})
    ),
    ev AS (
      SELECT e.client, e.host, e.ts, e.csbytes,
        e.ts - lag(e.ts) OVER (PARTITION BY e.client, e.host ORDER BY e.ts) AS gap
      FROM events e JOIN cand ON cand.client = e.client AND cand.host = e.host
      WHERE e.ts IS NOT NULL
    ),
    iv AS (SELECT client, host, gap, csbytes FROM ev WHERE gap >= ${SAME_CHECKIN_SECONDS}),
    s1 AS (
      SELECT client, host, count(*) + 1 AS checkins,
        ${intervals(quantiles).quantile('gap', 0.25)} AS g1, ${intervals(quantiles).median('gap')} AS gm,
        ${intervals(quantiles).quantile('gap', 0.75)} AS g3, ${intervals(quantiles).quantile('csbytes', 0.25)} AS b1,
        ${intervals(quantiles).median('csbytes')} AS bm, ${intervals(quantiles).quantile('csbytes', 0.75)} AS b3
      FROM ${intervals(quantiles).from} GROUP BY client, host
    ),
    span AS (
      SELECT client, host, count(*) AS requests, min(ts) AS first_ts, max(ts) AS last_ts,
        count(DISTINCT floor(ts / 3600)) AS hours
      FROM ev GROUP BY client, host
    ),
    dev AS (
      SELECT iv.client, iv.host, abs(iv.gap - s1.gm) AS gdev, abs(iv.csbytes - s1.bm) AS bdev
      FROM iv JOIN s1 ON s1.client = iv.client AND s1.host = iv.host
    ),
    s2 AS (
      SELECT client, host, ${deviations(quantiles).median('gdev')} AS gmad, ${deviations(quantiles).median('bdev')} AS bmad
      FROM ${deviations(quantiles).from} GROUP BY client, host
    ),
    scored AS (
      SELECT s1.*, s2.gmad, s2.bmad, span.requests, span.first_ts, span.last_ts, span.hours,
        cand.host_clients, cand.org_clients, cand.rare,
        -- timing: interval skew, dispersion (jitter up to 10 % of the period still regular), check-in count
        ((1 - abs(CASE WHEN g3 > g1 THEN (g3 + g1 - 2 * gm) / (g3 - g1) ELSE 0 END))
         + greatest(0, 1 - s2.gmad / greatest(0.1 * gm, 1))
         + least(1, s1.checkins / 24.0)) / 3 AS timing,
        -- size: skew, dispersion, smallness
        ((1 - abs(CASE WHEN b3 > b1 THEN (b3 + b1 - 2 * bm) / (b3 - b1) ELSE 0 END))
         + greatest(0, 1 - s2.bmad / greatest(32, 0.1 * bm))
         + greatest(0, 1 - bm / 65535.0)) / 3 AS size
      FROM s1 JOIN s2 ON s2.client = s1.client AND s2.host = s1.host
        JOIN span ON span.client = s1.client AND span.host = s1.host
        JOIN cand ON cand.client = s1.client AND cand.host = s1.host
      WHERE s1.checkins >= ${MIN_CHECKINS} AND s1.gm >= ${MIN_PERIOD_SECONDS}
        AND span.last_ts - span.first_ts >= ${MIN_SPAN_SECONDS} AND s2.gmad <= 0.25 * s1.gm
    )
    SELECT *, (timing + size) / 2 AS score FROM scored
    WHERE (timing + size) / 2 >= ${MIN_SCORE}
    ORDER BY score DESC, checkins DESC LIMIT ${MAX_FINDINGS}`,
  toFinding: (row) => {
    const score = Number(row.score);
    const hours = Number(row.hours);
    const rare = Number(row.rare) === 1;
    // RITA's score, weighed by how much of the day the beacon covers and by the host's prevalence.
    const coverage = Math.min(1, hours / 12);
    const strength = score * (0.8 + 0.2 * coverage) * (rare ? 1 : 0.85);
    return {
      strength,
      evidence:
        `${row.checkins} check-ins ${row.client} → ${row.host} every ${Math.round(Number(row.gm))} s ` +
        `(±${Math.round(Number(row.gmad))} s), ~${formatBytes(Number(row.bm))} sent each, active in ${hours} ` +
        `hour(s); host used by ${row.host_clients} of ${row.org_clients} clients; RITA score ${score.toFixed(2)}`,
      keys: { clientip: String(row.client), host: String(row.host) },
      events: Number(row.requests),
    };
  },
};
