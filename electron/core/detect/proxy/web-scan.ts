/**
 * Web vulnerability scans and forced browsing, one finding per (client, host): a client requesting many distinct
 * paths of one host with a large share of them refused, missing or breaking the application, or probing files a site never links
 * (version-control and editor leftovers, backups, configuration files, admin consoles — OWASP CRS 930130 restricted
 * files, 920440 restricted extensions, 913120 scanner paths). Browsing a site — even a large one — asks for what its
 * pages link, so few requests fail; software distribution, update and CDN services are background. Reported as
 * `uri_attack` (the finding kinds have no `web_scan`).
 */
import { isSoftwareDistribution, literal, pairCtes } from './background';
import type { Detector } from '../types';

/** Paths no page links: scanners and forced browsing ask for them. */
export const RESTRICTED_PATH =
  '(/\\.(git|svn|hg|bzr|cvs|env|htaccess|htpasswd|ds_store|idea|vscode|aws|ssh|npmrc|dockerenv)(/|$)|' +
  '\\.(bak|old|orig|swp|save|sav|backup|dist|inc|sql|mdb|log)$|~$|' +
  '/(wp-config|web|configuration|config|settings|database|db|local|parameters|credentials)\\.(php|inc|yml|yaml|xml|json|ini|config|txt|bak|old)$|' +
  '/(phpmyadmin|pma|myadmin|adminer|server-status|server-info|phpinfo\\.php|cgi-bin/(test|php|printenv)|' +
  'manager/html|jmx-console|web-console|actuator(/|$)|console/login|solr/admin|elmah\\.axd|trace\\.axd|wp-admin/install))';

/**
 * Answers to a request for something that is not there or not allowed, or that broke the application (a rate
 * limit, 429, or an outage, 502–504, says nothing about the request).
 */
export const FAILING = [400, 401, 403, 404, 405, 406, 414, 500, 501];

/** A scan asks for at least this many distinct paths, this share of them failing. */
export const MIN_SCAN_PATHS = 50;
export const MIN_ERROR_SHARE = 0.3;
/** Or for at least this many restricted paths. */
export const MIN_RESTRICTED = 5;

const MAX_FINDINGS = 200;
/** A scan is near-certain but says less than a payload: its findings stay below uri_attack's. */
export const MAX_STRENGTH = 0.84;

export const webScan: Detector = {
  id: 'proxy/web_scan',
  pipeline: 'proxy',
  name: 'uri_attack',
  description:
    'web vulnerability scans and forced browsing: many distinct paths of one host, mostly failing, or probes for restricted files',
  sql: ({ network }) => `
    WITH ${pairCtes(
      network,
      [
        'count(*) AS paths',
        'CAST(sum(failing) AS BIGINT) AS errors',
        'CAST(sum(restricted_path) AS BIGINT) AS restricted',
        'min(example) AS example',
      ],
      // One row per client, host and path first: the distinct-path counts become a count and sums over it (three
      // DISTINCT aggregates were three hash tables over every request); the restricted-path test once per request.
      `(SELECT client, host, path, count(*) AS n,
          max(CASE WHEN respcode IN (${FAILING.join(', ')}) THEN 1 ELSE 0 END) AS failing,
          max(restricted_path) AS restricted_path,
          min(CASE WHEN restricted_path = 1 THEN uri END) AS example
        FROM (SELECT client, host, path, uri, respcode,
                CASE WHEN regexp_matches(lower(path), ${literal(RESTRICTED_PATH)}) THEN 1 ELSE 0 END AS restricted_path
              FROM events) r
        GROUP BY client, host, path) cp`,
      'CAST(sum(n) AS BIGINT)',
    )}
    SELECT ch.client, ch.host, ch.requests, ch.paths, ch.errors, ch.restricted, ch.example,
      ch.errors * 1.0 / ch.paths AS error_share
    FROM ch JOIN hosts h ON h.host = ch.host
    WHERE NOT ${isSoftwareDistribution('h.hn', network)}
      AND ((ch.paths >= ${MIN_SCAN_PATHS} AND ch.errors >= ${MIN_ERROR_SHARE} * ch.paths)
           OR ch.restricted >= ${MIN_RESTRICTED})
    ORDER BY ch.paths DESC LIMIT ${MAX_FINDINGS}`,
  toFinding: (row) => {
    const paths = Number(row.paths);
    const share = Number(row.error_share);
    const restricted = Number(row.restricted);
    const scan = paths >= MIN_SCAN_PATHS && share >= MIN_ERROR_SHARE;
    // A failing crawl of 50 paths → 0.6, of 500 → 0.8; restricted-file probes add up to 0.25.
    const base = scan ? 0.6 + 0.2 * Math.min(1, Math.log10(paths / MIN_SCAN_PATHS)) : 0.55;
    // Capped below the payload findings (uri_attack ≥ 0.85): the rows that carry an attack come before the crawl.
    const strength = Math.min(
      MAX_STRENGTH,
      base + 0.25 * Math.min(1, restricted / 20) + (scan ? 0.1 * (share - MIN_ERROR_SHARE) : 0),
    );
    return {
      strength,
      evidence:
        `${row.client} asked ${row.host} for ${paths} distinct paths in ${row.requests} request(s), ` +
        `${Math.round(share * 100)} % of them failing (${FAILING.join('/')}), ${restricted} restricted file(s)` +
        (row.example ? `, e.g. ${String(row.example).slice(0, 120)}` : ''),
      keys: { clientip: String(row.client), host: String(row.host) },
      events: Number(row.requests),
    };
  },
};
