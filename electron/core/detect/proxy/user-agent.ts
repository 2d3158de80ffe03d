/**
 * Scripted, attack-tool, outdated and rare user agents, one strength per (client, user agent): attack tools and
 * vulnerability scanners by name (OWASP CRS 913100, scanners-user-agents.data) are near-certain; a scripting client
 * (curl, wget, python-requests, Go-http-client, PowerShell …), an empty agent, a browser far older than the one the
 * organisation's clients run (MSIE, or ≥ 10 Chrome / ≥ 25 Firefox major versions behind the newest common one), or an
 * agent only one client uses are weak alone (< 0.4) and rise with what the agent does: most of its requests (and
 * three or more) to hosts few clients visit, uploads (POST/PUT) to such hosts. Agents many clients share are the
 * organisation's norm and make no finding (tools excepted); requests to software distribution, update and CDN
 * services are background.
 */
import { hostName, isCommon, isRare, isSoftwareDistribution, literal, rowExcluded } from './background';
import type { Detector } from '../types';

/** Attack tools and vulnerability scanners (CRS scanners-user-agents.data, abridged). */
export const ATTACK_TOOL_AGENTS =
  '(sqlmap|nikto|nmap|masscan|zgrab|nuclei|acunetix|netsparker|w3af|wpscan|dirbuster|gobuster|feroxbuster|ffuf|' +
  'wfuzz|havij|hydra|openvas|nessus|commix|metasploit|zmeu|jorgee|morfeus|nessus|arachni|skipfish|whatweb|' +
  'jaeles|xsstrike|dotdotpwn|bbqsql|sqlninja|paros|webinspect|appscan|burp ?(suite|collaborator)|interactsh|' +
  'fimap|grabber|vega/|zap/|owasp|brutus|x-scan|pangolin|webshag|blackwidow|nstealth|sysscan)';

/** Scripting clients and HTTP libraries: automation, not a person's browser. */
export const SCRIPTED_AGENTS =
  '^(curl|wget|python|aiohttp|httpx|go-http-client|java/|apache-httpclient|okhttp|libwww-perl|lwp-|php|ruby|' +
  'axios|node-fetch|undici|got |httpie|powershell|winhttp|microsoft bits|certutil|bitsadmin|mshta|' +
  'mozilla/[0-9.]+ \\([^)]*\\) windowspowershell)|windowspowershell|python-requests|python-urllib';

/** Weights (noisy-OR); the weak ones alone stay below 0.4. */
export const UA_WEIGHTS = {
  // below the payload findings (uri_attack ≥ 0.85): the rows carrying an attack come before the tool's other rows
  tool: 0.84,
  scripted: 0.25,
  outdated: 0.3,
  empty: 0.15,
  singleclient: 0.1,
  rarehosts: 0.2,
  rareuploads: 0.25,
} as const;

export const MIN_STRENGTH = 0.35;
export const MAX_STRENGTH = 0.84;
const MAX_FINDINGS = 200;

const WORDS: Record<keyof typeof UA_WEIGHTS, string> = {
  tool: 'attack tool / scanner agent',
  scripted: 'scripting client',
  outdated: 'outdated browser',
  empty: 'empty agent',
  singleclient: 'agent of one client only',
  rarehosts: 'most requests to rare hosts',
  rareuploads: 'uploads to rare hosts',
};

const flag = (cond: string): string => `CASE WHEN ${cond} THEN 1 ELSE 0 END`;

export const userAgent: Detector = {
  id: 'proxy/user_agent',
  pipeline: 'proxy',
  name: 'rare_user_agent',
  description: 'attack-tool, scripted, outdated or one-client user agents, stronger when they talk to rare hosts',
  sql: ({ network }) => {
    const ua = 'lower(u.useragent)';
    const major = (browser: string): string =>
      `CAST(NULLIF(regexp_extract(${ua}, '${browser}/([0-9]{1,4})', 1), '') AS INTEGER)`;
    const chrome = major('chrome');
    const firefox = major('firefox');
    const names = Object.keys(UA_WEIGHTS) as (keyof typeof UA_WEIGHTS)[];
    const noisyOr = names.map((n) => `(1 - ${UA_WEIGHTS[n]} * ${n})`).join(' * ');
    // One scan: requests per (client, agent, host), rolled up into host and agent prevalence.
    return `
    WITH cuh AS (
      SELECT client, useragent, host, count(*) AS n,
        sum(CASE WHEN method IN ('POST', 'PUT') THEN 1 ELSE 0 END) AS ups
      FROM events
      WHERE client IS NOT NULL AND host IS NOT NULL AND NOT ${rowExcluded(network)}
      GROUP BY client, useragent, host
    ),
    org AS (SELECT count(DISTINCT client) AS clients FROM cuh),
    hp AS (
      SELECT host, ${hostName('host')} AS hn, count(DISTINCT client) AS clients FROM cuh GROUP BY host
    ),
    hosts AS (
      SELECT hp.host, CASE WHEN ${isRare('hp.clients')} THEN 1 ELSE 0 END AS rare
      FROM hp CROSS JOIN org WHERE NOT ${isSoftwareDistribution('hp.hn', network)}
    ),
    ua_pop AS (SELECT useragent, count(DISTINCT client) AS clients FROM cuh GROUP BY useragent),
    -- the newest browser versions the organisation's clients commonly run
    newest AS (
      SELECT max(CASE WHEN ${isCommon('u.clients')} OR u.clients >= 3 THEN ${chrome} END) AS chrome,
             max(CASE WHEN ${isCommon('u.clients')} OR u.clients >= 3 THEN ${firefox} END) AS firefox
      FROM ua_pop u CROSS JOIN org
    ),
    cu AS (
      SELECT cuh.client, cuh.useragent, sum(cuh.n) AS requests,
        sum(CASE WHEN h.rare = 1 THEN cuh.n ELSE 0 END) AS rare_requests,
        sum(CASE WHEN h.rare = 1 THEN cuh.ups ELSE 0 END) AS rare_uploads,
        count(*) AS hosts, min(CASE WHEN h.rare = 1 THEN cuh.host END) AS rare_example
      FROM cuh JOIN hosts h ON h.host = cuh.host
      GROUP BY cuh.client, cuh.useragent
    ),
    f AS (
      SELECT cu.*, u.clients AS ua_clients, org.clients AS org_clients,
        ${flag(`regexp_matches(${ua}, ${literal(ATTACK_TOOL_AGENTS)})`)} AS tool,
        ${flag(`regexp_matches(${ua}, ${literal(SCRIPTED_AGENTS)})`)} AS scripted,
        ${flag(
          `regexp_matches(${ua}, 'msie [1-9]\\.|msie 10\\.|windows nt 5\\.') OR ${chrome} < newest.chrome - 10` +
            ` OR ${firefox} < newest.firefox - 25`,
        )} AS outdated,
        ${flag(`trim(u.useragent) IN ('', '-')`)} AS empty,
        ${flag('u.clients = 1')} AS singleclient,
        ${flag('cu.rare_requests * 2 >= cu.requests AND cu.rare_requests >= 3')} AS rarehosts,
        ${flag('cu.rare_uploads > 0')} AS rareuploads
      FROM cu JOIN ua_pop u ON u.useragent = cu.useragent CROSS JOIN org CROSS JOIN newest
      WHERE NOT ${isCommon('u.clients')} OR regexp_matches(${ua}, ${literal(ATTACK_TOOL_AGENTS)})
    ),
    scored AS (
      SELECT *, 1 - ${noisyOr} AS strength
      FROM f WHERE tool = 1 OR scripted = 1 OR outdated = 1 OR empty = 1 OR singleclient = 1
    )
    SELECT * FROM scored WHERE strength >= ${MIN_STRENGTH}
    ORDER BY strength DESC, requests DESC LIMIT ${MAX_FINDINGS}`;
  },
  toFinding: (row) => {
    const features = (Object.keys(UA_WEIGHTS) as (keyof typeof UA_WEIGHTS)[])
      .filter((n) => Number(row[n]) === 1)
      .map((n) => WORDS[n]);
    const agent = String(row.useragent);
    return {
      // an agent is actor-level evidence: below the payload findings (uri_attack ≥ 0.85)
      strength: Math.min(MAX_STRENGTH, Number(row.strength)),
      evidence:
        `${row.client} used "${agent.length > 90 ? `${agent.slice(0, 90)}…` : agent}" (${row.ua_clients} of ` +
        `${row.org_clients} clients use it) for ${row.requests} request(s) to ${row.hosts} host(s), ` +
        `${row.rare_requests} to rare hosts${Number(row.rare_uploads) > 0 ? ` (${row.rare_uploads} uploads)` : ''}` +
        `${row.rare_example ? `, e.g. ${row.rare_example}` : ''}: ${features.join(', ')}`,
      keys: { clientip: String(row.client), useragent: agent },
      events: Number(row.requests),
    };
  },
};
