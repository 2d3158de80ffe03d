/**
 * Beaconing: one host connecting to the same destination and port at a regular period with regular sizes — C2
 * check-ins, implants, cron-like exfiltration. Scored as RITA v5 (Active Countermeasures) scores beacons, written
 * as set-based SQL over the day, per (source, destination, destination port, protocol):
 *
 * - timing: the intervals between distinct connection seconds; 1 − |Bowley skew| and (median − MAD) / median,
 *   averaged. Robust to missing connections (a beacon whose connections the sensor missed or sampled away): the
 *   period is the largest of median/1…median/4 that ≥ 90 % as many intervals fit as the best one (an interval fits
 *   when it is within 10 % of the period of a whole multiple of it), and an interval of k periods counts as k.
 * - data size: bytes per connection (both directions); 1 − |Bowley skew|, (median − MAD) / median, and smallness
 *   (1 − median / 64 KiB), averaged.
 * - histogram: connections per 1/24 of the day's observed span; the best of 1 − coefficient of variation (a flat
 *   graph, measured from the pair's first to its last active bin — the duration score already weighs how much of
 *   the day that is) and RITA's bimodal fit (two flat levels, with ≥ 11 bars).
 * - duration: with ≥ 6 of the 24 bins active, the best of coverage (first to last connection over the day's span)
 *   and consistency (the longest run of active bins, wrapping, over 12).
 *
 * Only the flows of a key with ≥ MIN_CONNECTIONS flows are grouped by second (fewer can have no MIN_CONNECTIONS
 * distinct seconds): a day's one-off connections are most of its keys.
 *
 * The four are weighted equally (RITA's defaults). Modifiers: a destination contacted by ≤ 2 % of the network's
 * hosts adds 0.15 (RITA's prevalence increase). First-seen needs history the day does not have: neutral.
 *
 * As in RITA (which filters internal-to-internal and external-to-internal connections), a beacon goes from a host of
 * the network to an outside host (network.ts: local_src, external_dst). Background makes no finding: broadcast and
 * multicast, the network's infrastructure and resolvers, NTP and other time services, DHCP, mDNS, SSDP, LLMNR,
 * NetBIOS, WS-Discovery (network.ts flowKnowledge), VPN and NAT-traversal keepalives (VPN_TRAVERSAL_PORTS: periodic
 * by design, and on a network of a few hosts prevalence cannot discount them), and destinations most of the
 * network's hosts contact (prevalence ≥ 50 %: RITA lowers them; a destination everyone talks to is not a finding by
 * itself). Per
 * (source, destination, port) rather than per pair: flows carry ports, and the keys then cover the beacon's rows
 * only, not the rest of what the two hosts exchange.
 *
 * A beacon's timing is regular (interval MAD ≤ 20 % of the period) whatever its other scores — RITA's weights let
 * evenly spread but random traffic (database polling, browsing a site all day) score well on histogram and duration.
 * Neither is a long session its exporter cut into slices (connections lasting half the period or more), nor a
 * burst (period under MIN_PERIOD seconds, or lasting under MIN_SPAN: scans, floods, a page polling while open).
 *
 * Strength: the RITA score ≥ 0.7 (its "low" threshold) maps to 0.35–0.8 — regular check-ins are also what update
 * agents and telemetry do; a beacon is suspicious, never certain, on timing alone.
 */
import { inlineTable } from '../dialect';
import { ranked } from '../quantiles';
import { VPN_TRAVERSAL_PORTS, flowKnowledge } from '../network';
import type { Detector } from '../types';
import { formatBytes } from '../../../../shared/format';

/** Distinct connection seconds a pair needs (RITA: 4 connections; a few more keep quartiles meaningful). */
export const MIN_CONNECTIONS = 6;
/** Shortest period (s) considered a beacon. */
export const MIN_PERIOD = 5;
/** Timing must be regular: the MAD of the (folded) intervals at most this share of the period. */
export const MAX_JITTER = 0.2;
/** A beacon lasts at least this long (s), or a quarter of the day's observed span when that is shorter. */
export const MIN_SPAN = 1800;
/** RITA's "low" beacon threshold: scores below make no finding. */
export const MIN_SCORE = 0.7;

const KEY_COLUMNS = ['sip', 'dip', 'dport', 'proto'];
const KEY = KEY_COLUMNS.join(', ');
const on = (a: string, b: string): string => KEY_COLUMNS.map((c) => `${a}.${c} = ${b}.${c}`).join(' AND ');
/** 1 − |Bowley skew| from the quartiles, with RITA's guard (a spread under 10 or a median on a quartile: 0). */
const skewScore = (q1: string, q2: string, q3: string): string =>
  `(1 - abs(CASE WHEN ${q3} - ${q1} >= 10 AND ${q2} <> ${q1} AND ${q2} <> ${q3} ` +
  `THEN (${q1} + ${q3} - 2 * ${q2}) / (${q3} - ${q1}) ELSE 0 END))`;
const madScore = (median: string, mad: string): string =>
  `(CASE WHEN ${median} >= 1 THEN greatest(0, (${median} - ${mad}) / ${median}) ELSE 0 END)`;

export const beaconing: Detector = {
  id: 'flow/beaconing',
  pipeline: 'flow',
  name: 'beaconing',
  description: 'regular connections to one destination and port (RITA v5 beacon score, background excluded)',
  sql: ({ network, dayTables, quantiles }) => {
    const perSecond = ranked(quantiles, { table: 'c', partition: KEY_COLUMNS, values: { dur: 'dur', bytes: 'bytes' } });
    const intervals = ranked(quantiles, {
      table: 'iv',
      where: 'iv IS NOT NULL',
      partition: KEY_COLUMNS,
      values: { iv: 'iv' },
    });
    const folded = ranked(quantiles, { table: 'fold', partition: KEY_COLUMNS, values: { f: 'f' } });
    const timingDev = ranked(quantiles, { table: 'tdev', partition: KEY_COLUMNS, values: { dev: 'dev' } });
    const sizeDev = ranked(quantiles, { table: 'ddev', partition: KEY_COLUMNS, values: { dev: 'dev' } });
    return `
    WITH ${flowKnowledge(network, 'TRUE', dayTables)},
    beaconable AS (
      SELECT * FROM flows
      WHERE NOT background AND NOT excluded AND NOT common AND local_src AND external_dst AND ts IS NOT NULL AND dport IS NOT NULL
        AND dport NOT IN (${VPN_TRAVERSAL_PORTS.join(', ')})
    ),
    repeated AS (SELECT ${KEY} FROM beaconable GROUP BY ${KEY} HAVING count(*) >= ${MIN_CONNECTIONS}),
    c AS (
      SELECT b.sip, b.dip, b.dport, b.proto, floor(b.ts) AS t, count(*) AS k,
        sum(COALESCE(b.ibyt, 0) + COALESCE(b.obyt, 0)) AS bytes, max(COALESCE(b.tdur, 0)) AS dur,
        max(b.prevalence) AS prevalence, max(b.dst_clients) AS dst_clients
      FROM beaconable b JOIN repeated r ON ${on('b', 'r')}
      GROUP BY b.sip, b.dip, b.dport, b.proto, floor(b.ts)
    ),
    g AS (
      SELECT ${KEY}, count(*) AS n, sum(k) AS flows, min(t) AS first_t, max(t) AS last_t, max(prevalence) AS prevalence,
        max(dst_clients) AS dst_clients, ${perSecond.median('dur')} AS dur, ${perSecond.quantile('bytes', 0.25)} AS b1,
        ${perSecond.quantile('bytes', 0.5)} AS b2, ${perSecond.quantile('bytes', 0.75)} AS b3
      FROM ${perSecond.from} GROUP BY ${KEY} HAVING count(*) >= ${MIN_CONNECTIONS}
    ),
    cg AS (SELECT c.* FROM c JOIN g ON ${on('c', 'g')}),
    iv AS (
      SELECT ${KEY}, t - lag(t) OVER (PARTITION BY ${KEY} ORDER BY t) AS iv FROM cg
    ),
    med AS (SELECT ${KEY}, ${intervals.median('iv')} AS m FROM ${intervals.from} GROUP BY ${KEY}),
    fit AS (
      SELECT med.sip, med.dip, med.dport, med.proto, d.k, med.m / d.k AS base,
        avg(CASE WHEN abs(iv.iv - greatest(1, round(iv.iv * d.k / med.m)) * med.m / d.k) <= 0.1 * med.m / d.k
          THEN 1.0 ELSE 0.0 END) AS fit
      FROM med CROSS JOIN ${inlineTable(['k'], [[1], [2], [3], [4]])} d JOIN iv ON ${on('iv', 'med')}
      WHERE iv.iv IS NOT NULL GROUP BY med.sip, med.dip, med.dport, med.proto, d.k, med.m
    ),
    per AS (
      SELECT ${KEY}, base AS p FROM (
        SELECT fit.*, row_number() OVER (PARTITION BY ${KEY} ORDER BY k) AS rk
        FROM fit WHERE fit >= 0.9 * (SELECT max(f2.fit) FROM fit f2 WHERE ${on('f2', 'fit')})
      ) b WHERE rk = 1
    ),
    fold AS (
      SELECT iv.sip, iv.dip, iv.dport, iv.proto,
        CASE WHEN iv.iv >= 1.5 * per.p AND abs(iv.iv - round(iv.iv / per.p) * per.p) <= 0.1 * per.p
          THEN iv.iv / round(iv.iv / per.p) ELSE iv.iv END AS f
      FROM iv JOIN per ON ${on('iv', 'per')} WHERE iv.iv IS NOT NULL
    ),
    tq AS (
      SELECT ${KEY}, ${folded.quantile('f', 0.25)} AS q1, ${folded.quantile('f', 0.5)} AS q2,
        ${folded.quantile('f', 0.75)} AS q3
      FROM ${folded.from} GROUP BY ${KEY}
    ),
    tdev AS (
      SELECT fold.sip, fold.dip, fold.dport, fold.proto, abs(fold.f - tq.q2) AS dev FROM fold JOIN tq ON ${on('fold', 'tq')}
    ),
    tm AS (SELECT ${KEY}, ${timingDev.median('dev')} AS mad FROM ${timingDev.from} GROUP BY ${KEY}),
    ddev AS (SELECT cg.sip, cg.dip, cg.dport, cg.proto, abs(cg.bytes - g.b2) AS dev FROM cg JOIN g ON ${on('cg', 'g')}),
    dm AS (SELECT ${KEY}, ${sizeDev.median('dev')} AS mad FROM ${sizeDev.from} GROUP BY ${KEY}),
    span AS (SELECT min(ts) AS t0, greatest(max(ts) - min(ts), 24) AS len FROM fe),
    hb AS (
      SELECT ${KEY}, least(23, CAST(floor((t - span.t0) / (span.len / 24)) AS INTEGER)) AS bin, count(*) AS cnt
      FROM cg CROSS JOIN span GROUP BY ${KEY}, least(23, CAST(floor((t - span.t0) / (span.len / 24)) AS INTEGER))
    ),
    hs AS (
      SELECT ${KEY}, count(*) AS bars, max(bin) - min(bin) + 1 AS window, sum(cnt) AS total, sum(cnt * cnt) AS sumsq,
        max(cnt) AS mx
      FROM hb GROUP BY ${KEY}
    ),
    modes AS (
      SELECT ${KEY}, bucket_bars, row_number() OVER (PARTITION BY ${KEY} ORDER BY bucket_bars DESC) AS rk FROM (
        SELECT hb.sip, hb.dip, hb.dport, hb.proto, floor(hb.cnt / ceil(hs.mx * 0.05)) AS bucket, count(*) AS bucket_bars
        FROM hb JOIN hs ON ${on('hb', 'hs')} GROUP BY hb.sip, hb.dip, hb.dport, hb.proto, floor(hb.cnt / ceil(hs.mx * 0.05))
      ) b
    ),
    bimodal AS (SELECT ${KEY}, sum(bucket_bars) AS top2 FROM modes WHERE rk <= 2 GROUP BY ${KEY}),
    runs AS (
      SELECT ${KEY}, min(bin) AS lo, max(bin) AS hi, count(*) AS len FROM (
        SELECT ${KEY}, bin, bin - row_number() OVER (PARTITION BY ${KEY} ORDER BY bin) AS grp FROM hb
      ) r GROUP BY ${KEY}, grp
    ),
    longest AS (
      SELECT ${KEY}, least(24, greatest(max(len),
        COALESCE(max(CASE WHEN lo = 0 AND hi < 23 THEN len END) + max(CASE WHEN hi = 23 AND lo > 0 THEN len END), 0))) AS run
      FROM runs GROUP BY ${KEY}
    ),
    scored AS (
      SELECT g.*, per.p, tm.mad AS tmad, dm.mad AS dmad, hs.bars,
        (${skewScore('tq.q1', 'tq.q2', 'tq.q3')} + ${madScore('tq.q2', 'tm.mad')}) / 2 AS ts_score,
        (${skewScore('g.b1', 'g.b2', 'g.b3')} + ${madScore('g.b2', 'dm.mad')} + greatest(0, 1 - g.b2 / 65536)) / 3 AS ds_score,
        greatest(
          greatest(0, 1 - sqrt(greatest(0, hs.sumsq / hs.window - (hs.total / hs.window) * (hs.total / hs.window)))
            / (hs.total / hs.window)),
          CASE WHEN hs.bars >= 11 THEN least(1, bimodal.top2 / greatest(hs.bars - 1, 1)) ELSE 0 END
        ) AS hist_score,
        CASE WHEN hs.bars >= 6 THEN greatest(least(1, (g.last_t - g.first_t) / span.len), least(1, longest.run / 12.0))
          ELSE 0 END AS dur_score
      FROM g
      JOIN per ON ${on('g', 'per')} JOIN tq ON ${on('g', 'tq')} JOIN tm ON ${on('g', 'tm')}
      JOIN dm ON ${on('g', 'dm')} JOIN hs ON ${on('g', 'hs')} JOIN bimodal ON ${on('g', 'bimodal')}
      JOIN longest ON ${on('g', 'longest')} CROSS JOIN span
      WHERE per.p >= ${MIN_PERIOD} AND g.dur < 0.5 * per.p AND g.last_t - g.first_t >= least(${MIN_SPAN}, span.len / 4) AND tm.mad <= ${MAX_JITTER} * tq.q2
    ),
    final AS (
      SELECT *, (ts_score + ds_score + hist_score + dur_score) / 4 AS base,
        (ts_score + ds_score + hist_score + dur_score) / 4
          + CASE WHEN prevalence <= 0.02 THEN 0.15 ELSE 0 END AS score
      FROM scored
    )
    SELECT * FROM final WHERE score >= ${MIN_SCORE} ORDER BY score DESC, n DESC LIMIT 200`;
  },
  toFinding: (row) => {
    const n = Number(row.n);
    const score = Number(row.score);
    const f = (x: unknown, d = 2): string => Number(x).toFixed(d);
    const shareText =
      Number(row.dst_clients) <= 1 ? 'no other host contacts it' : `${row.dst_clients} hosts contact it`;
    return {
      strength: Math.min(0.8, 0.35 + (Math.min(score, 1.15) - 0.7) * (0.45 / 0.45)),
      evidence:
        `${n} connections ${row.sip} → ${row.dip} port ${row.dport}/${row.proto} every ${Math.round(Number(row.p))} s ` +
        `(MAD ${Math.round(Number(row.tmad))} s), ~${formatBytes(Number(row.b2))} each (MAD ${formatBytes(Number(row.dmad))}), ` +
        `active in ${row.bars} of 24 slices of the day; ${shareText}. ` +
        `Beacon score ${f(score)} (timing ${f(row.ts_score)}, size ${f(row.ds_score)}, histogram ${f(row.hist_score)}, ` +
        `duration ${f(row.dur_score)}${Number(row.prevalence) <= 0.02 ? ', +0.15 rare destination' : ''})`,
      keys: { srcip: String(row.sip), dstip: String(row.dip), dport: Number(row.dport), proto: String(row.proto) },
      events: Number(row.flows),
    };
  },
};
