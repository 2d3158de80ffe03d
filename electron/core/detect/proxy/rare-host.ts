/**
 * Rare hosts with something more: a host (and its base domain) few clients of the organisation visit (prevalence,
 * as RITA v5 uses it) is only a weak signal, so a finding needs it combined with behaviour — contact repeated across
 * many hours of the day, uploads (POST/PUT, or more bytes sent than received), a scripting user agent, an external IP
 * literal or a non-web port, requests that never carry a referer. Features combine as a noisy-OR; one (client,
 * host) finding each. Software distribution, update and CDN services and common hosts are background.
 */
import { ipv4Number, isInternal } from '../network';
import { alwaysIncluded, isCommon, isIpLiteral, isRare, isSoftwareDistribution, literal, pairCtes } from './background';
import { SCRIPTED_AGENTS } from './user-agent';
import type { Detector } from '../types';

export const RARE_WEIGHTS = {
  rare: 0.2,
  persistent: 0.25,
  uploading: 0.15,
  sendsmore: 0.2,
  scripted: 0.2,
  ipliteral: 0.2,
  oddport: 0.15,
  noreferer: 0.1,
} as const;

/** A rare host alone (0.2), or with one weak companion, makes no finding. */
export const MIN_STRENGTH = 0.4;
/** Hours of the day with contact that make it persistent. */
export const PERSISTENT_HOURS = 4;
const MAX_FINDINGS = 200;

const WORDS: Record<keyof typeof RARE_WEIGHTS, string> = {
  rare: 'rare host',
  persistent: `contact in ${PERSISTENT_HOURS}+ hours`,
  uploading: 'uploads',
  sendsmore: 'twice as much sent as received (1 MB+)',
  scripted: 'scripting user agent',
  ipliteral: 'external IP literal',
  oddport: 'non-web port',
  noreferer: 'never a referer',
};

const flag = (cond: string): string => `CASE WHEN ${cond} THEN 1 ELSE 0 END`;

export const rareHost: Detector = {
  id: 'proxy/rare_host',
  pipeline: 'proxy',
  name: 'rare_host',
  description: 'hosts few clients visit, contacted persistently, with uploads, scripts, IP literals or odd ports',
  sql: ({ network }) => {
    const names = Object.keys(RARE_WEIGHTS) as (keyof typeof RARE_WEIGHTS)[];
    const noisyOr = names.map((n) => `(1 - ${RARE_WEIGHTS[n]} * ${n})`).join(' * ');
    // Whether an agent is a scripting client, once per distinct agent (a day has few) and joined back to its rows.
    const agents =
      `(SELECT useragent AS agent, ${flag(`regexp_matches(lower(useragent), ${literal(SCRIPTED_AGENTS)})`)} AS ` +
      'scripted_agent FROM events GROUP BY useragent)';
    return `
    WITH ${pairCtes(
      network,
      [
        'count(DISTINCT floor(ts / 3600)) AS hours',
        `sum(CASE WHEN method IN ('POST', 'PUT') THEN 1 ELSE 0 END) AS uploads`,
        'sum(csbytes) AS sent',
        'sum(scbytes) AS received',
        'sum(scripted_agent) AS scripted_requests',
        `sum(CASE WHEN referer IN ('-', '') THEN 1 ELSE 0 END) AS bare`,
        'min(uri) AS example',
      ],
      `(SELECT events.*, a.scripted_agent FROM events JOIN ${agents} a ON a.agent = events.useragent) ev`,
    )},
    f AS (
      SELECT ch.*, h.clients AS host_clients, org.clients AS org_clients,
        1 AS rare,
        ${flag(`ch.hours >= ${PERSISTENT_HOURS}`)} AS persistent,
        ${flag('ch.uploads > 0')} AS uploading,
        ${flag(`ch.sent >= 2 * ch.received AND ch.sent >= ${2 ** 20}`)} AS sendsmore,
        ${flag('ch.scripted_requests * 2 >= ch.requests')} AS scripted,
        ${flag(`${isIpLiteral('h.host')} AND NOT ${isInternal('h.hn', ipv4Number('h.hn'), network)}`)} AS ipliteral,
        ${flag(`regexp_matches(h.host, ':[0-9]+$') AND NOT regexp_matches(h.host, ':(80|443|8080|8443)$')`)} AS oddport,
        ${flag('ch.bare = ch.requests AND ch.requests >= 5')} AS noreferer
      FROM ch JOIN hosts h ON h.host = ch.host
        JOIN (SELECT base AS b, clients FROM base_prev) bp ON bp.b = h.base CROSS JOIN org
      WHERE (${isRare('h.clients')} AND NOT ${isCommon('bp.clients')} AND NOT ${isSoftwareDistribution('h.hn', network)})
        OR (${alwaysIncluded('h.host', network)} AND ${isRare('h.clients')})
    ),
    scored AS (SELECT *, 1 - ${noisyOr} AS strength FROM f)
    SELECT * FROM scored WHERE strength >= ${MIN_STRENGTH}
    ORDER BY strength DESC, requests DESC, client, host LIMIT ${MAX_FINDINGS}`;
  },
  toFinding: (row) => {
    const features = (Object.keys(RARE_WEIGHTS) as (keyof typeof RARE_WEIGHTS)[])
      .filter((n) => Number(row[n]) === 1)
      .map((n) => WORDS[n]);
    const example = String(row.example);
    return {
      strength: Number(row.strength),
      evidence:
        `${row.client} → ${row.host}, visited by ${row.host_clients} of ${row.org_clients} clients: ` +
        `${row.requests} request(s) in ${row.hours} hour(s), ${row.uploads} upload(s), ` +
        `${(Number(row.sent) / 1024).toFixed(0)} KB sent / ${(Number(row.received) / 1024).toFixed(0)} KB received ` +
        `(${features.join(', ')}); e.g. ${example.length > 120 ? `${example.slice(0, 120)}…` : example}`,
      keys: { clientip: String(row.client), host: String(row.host) },
      events: Number(row.requests),
    };
  },
};
