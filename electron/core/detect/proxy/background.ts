/**
 * What every proxy detector treats as background, as SQL over `events`: software distribution, update and
 * telemetry services, certificate status (OCSP/CRL) and the large shared CDNs (known by domain), hosts most
 * clients of the organisation visit (prevalence, as RITA v5 uses it), and what the settings exclude. Also the
 * small host helpers (host without port, IP-literal host, registrable base domain) the detectors share.
 */
import { sqlString } from '../../pipeline/duck';
import { inDomains, inSubnets, ipv4Number } from '../network';
import type { NetworkSettings } from '../types';

/**
 * Domains whose traffic is software distribution, updates, telemetry, certificate status or shared CDN
 * delivery: periodic, large, executable and scripted by nature, so they make no beacon, download, rare-host or
 * user-agent finding (an always-included domain in the settings still does).
 */
export const SOFTWARE_DISTRIBUTION_DOMAINS: readonly string[] = [
  // Microsoft update, delivery optimisation, Office CDN, Defender and telemetry
  'windowsupdate.com',
  'update.microsoft.com',
  'delivery.mp.microsoft.com',
  'download.microsoft.com',
  'officecdn.microsoft.com',
  'data.microsoft.com',
  'dl.delivery.mp.microsoft.com',
  'wdcp.microsoft.com',
  'wd.microsoft.com',
  'msedge.net',
  'microsoftonline-p.com',
  'windows.com',
  // Google and Chrome updates
  'dl.google.com',
  'update.googleapis.com',
  'gvt1.com',
  'gvt2.com',
  'gvt3.com',
  'edgedl.me.gvt1.com',
  // Apple software update and CDN
  'swcdn.apple.com',
  'swscan.apple.com',
  'swdist.apple.com',
  'mesu.apple.com',
  'updates.cdn-apple.com',
  'cdn-apple.com',
  'mzstatic.com',
  // Mozilla, Adobe, Java, Ubuntu/Debian/RHEL, Python, Node, containers
  'download.mozilla.org',
  'aus5.mozilla.org',
  'archive.mozilla.org',
  'ardownload.adobe.com',
  'armmf.adobe.com',
  'javadl-esd-secure.oracle.com',
  'archive.ubuntu.com',
  'security.ubuntu.com',
  'deb.debian.org',
  'security.debian.org',
  'mirrors.fedoraproject.org',
  'files.pythonhosted.org',
  'pypi.org',
  'registry.npmjs.org',
  'docker.io',
  'docker.com',
  // Code hosting releases
  'objects.githubusercontent.com',
  'release-assets.githubusercontent.com',
  'github-releases.githubusercontent.com',
  'codeload.github.com',
  'github.com',
  // Certificate status (OCSP, CRL, AIA)
  'digicert.com',
  'pki.goog',
  'lencr.org',
  'sectigo.com',
  'usertrust.com',
  'comodoca.com',
  'globalsign.com',
  'globalsign.net',
  'entrust.net',
  'ocsp.godaddy.com',
  'crl.godaddy.com',
  'amazontrust.com',
  'identrust.com',
  'verisign.com',
  'symcd.com',
  'symcb.com',
  'ocsp.apple.com',
  // Shared CDNs and their delivery domains
  'akamaihd.net',
  'akamaized.net',
  'akamaiedge.net',
  'akamai.net',
  'edgesuite.net',
  'edgekey.net',
  'fastly.net',
  'fastlylb.net',
  'cloudfront.net',
  'azureedge.net',
  'llnwd.net',
  'cdn.jsdelivr.net',
  'cdnjs.cloudflare.com',
  'unpkg.com',
  'gstatic.com',
  'fonts.googleapis.com',
  'ajax.googleapis.com',
  'ytimg.com',
  'fbcdn.net',
  'twimg.com',
  'licdn.com',
  'bootstrapcdn.com',
  // Antivirus and endpoint updates
  'symantecliveupdate.com',
  'liveupdate.symantec.com',
  'avast.com',
  'avcdn.net',
  'kaspersky-labs.com',
  'eset.com',
  'mcafee.com',
  'sophosupd.com',
  'trendmicro.com',
];

/** The host without a `:port` suffix (IPv6 literals in brackets keep their brackets). */
export const hostName = (host: string): string => `regexp_replace(${host}, ':[0-9]+$', '')`;

/** Whether the host (without port) is an IP literal (dotted quad or bracketed IPv6). */
export const isIpLiteral = (host: string): string =>
  `(regexp_matches(${hostName(host)}, '^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$') OR ${host} LIKE '[%')`;

/**
 * The registrable base domain of a host name: the last two labels, or three under a two-letter country code
 * with a generic second level (`example.co.uk`, `example.com.br`). IP literals and one-label names stay whole.
 */
export const baseDomain = (host: string): string =>
  `CASE WHEN ${isIpLiteral(host)} THEN ${hostName(host)} ELSE COALESCE(NULLIF(regexp_extract(${hostName(host)}, ` +
  `'([a-z0-9_-]+\\.(co|com|net|org|gov|edu|ac|or|ne|go)\\.[a-z][a-z]|[a-z0-9_-]+\\.[a-z0-9-]+)$', 1), ''), ` +
  `${hostName(host)}) END`;

/** The client is excluded by the settings (never-included subnet, not always-included). */
export function clientExcluded(client: string, net: NetworkSettings): string {
  const n = ipv4Number(client);
  return `(${inSubnets(client, n, net.neverIncludedSubnets)} AND NOT ${inSubnets(client, n, net.alwaysIncludedSubnets)})`;
}

/** The host is excluded by the settings (never-included domain, not always-included). */
export function hostExcluded(host: string, net: NetworkSettings): string {
  const name = hostName(host);
  return `(${inDomains(name, net.neverIncludedDomains)} AND NOT ${inDomains(name, net.alwaysIncludedDomains)})`;
}

/** The settings exclude the row (its client or its host). */
export const rowExcluded = (net: NetworkSettings): string =>
  `(${clientExcluded('client', net)} OR ${hostExcluded('host', net)})`;

/** One regular expression matching a name that is one of `domains` or below one of them. */
export const domainsPattern = (domains: readonly string[]): string =>
  `(^|\\.)(${domains.map((d) => d.toLowerCase().replace(/[.]/g, '\\.')).join('|')})$`;

const SOFTWARE_DISTRIBUTION_PATTERN = domainsPattern(SOFTWARE_DISTRIBUTION_DOMAINS);

/**
 * The host name `hn` (a column without port, see hostName) is software distribution / update / CDN background and
 * not always-included by the settings.
 */
export function isSoftwareDistribution(hn: string, net: NetworkSettings): string {
  return `(regexp_matches(${hn}, ${sqlString(SOFTWARE_DISTRIBUTION_PATTERN)}) AND NOT ${inDomains(hn, net.alwaysIncludedDomains)})`;
}

/** The host is always included by the settings (evaluated even when common or background). */
export const alwaysIncluded = (host: string, net: NetworkSettings): string =>
  inDomains(hostName(host), net.alwaysIncludedDomains);

/**
 * CTEs over one scan of `events`: `ch(client, host, requests, …aggregates)` per client and host (rows the settings
 * exclude left out), `hosts(host, hn, base, clients)` — how many distinct clients visit each host, with its name
 * and base domain —, `base_prev(base, clients)` for base domains and `org(clients)`. Prepend with
 * `WITH ${pairCtes(network, [...])}, …`; aggregates are `expr AS name` over the columns of `from` (events, or a
 * subquery over it adding per-row columns); `requests` counts a pair's requests (over rows of `from` that are groups
 * of requests already, the sum of their counts).
 */
export const pairCtes = (
  network: NetworkSettings,
  aggregates: readonly string[] = [],
  from = 'events',
  requests = 'count(*)',
): string => `
  ch AS (
    SELECT client, host, ${requests} AS requests${aggregates.map((a) => `,\n      ${a}`).join('')}
    FROM ${from}
    WHERE client IS NOT NULL AND host IS NOT NULL AND host <> '' AND NOT ${rowExcluded(network)}
    GROUP BY client, host
  ),
  hosts AS (
    SELECT host, ${hostName('host')} AS hn, ${baseDomain('host')} AS base, count(*) AS clients, sum(requests) AS requests
    FROM ch GROUP BY host
  ),
  base_prev AS (
    SELECT hosts.base, count(DISTINCT ch.client) AS clients FROM ch JOIN hosts ON hosts.host = ch.host GROUP BY hosts.base
  ),
  org AS (SELECT count(DISTINCT client) AS clients FROM ch)`;

/**
 * A host (or base domain) is common when at least this share of the day's clients visits it, and at least
 * `COMMON_MIN_CLIENTS` do (small networks: a handful of clients do not make a host common).
 */
export const COMMON_SHARE = 0.1;
export const COMMON_MIN_CLIENTS = 5;
/** A host is rare when at most this many clients visit it (or 1 % of them on large networks). */
export const RARE_MAX_CLIENTS = 2;
export const RARE_SHARE = 0.01;

/** SQL: `clients` (a prevalence count) makes the host common, given `org.clients`. */
export const isCommon = (clients: string, orgClients = 'org.clients'): string =>
  `(${clients} >= ${COMMON_MIN_CLIENTS} AND ${clients} >= ${COMMON_SHARE} * ${orgClients})`;

/** SQL: `clients` makes the host rare, given `org.clients`. */
export const isRare = (clients: string, orgClients = 'org.clients'): string =>
  `(${clients} <= ${RARE_MAX_CLIENTS} OR ${clients} <= ${RARE_SHARE} * ${orgClients})`;

/** A SQL string literal (re-exported for the detectors' patterns). */
export const literal = sqlString;

/**
 * A web search: the request to a public search engine's result page, whose query is text the user typed (a search
 * for "union select" or "/etc/passwd" is not an attack on the search engine).
 */
export const isWebSearch = (host: string, path: string): string =>
  `(regexp_matches(${hostName(host)}, '(^|\\.)(google|bing|duckduckgo|yahoo|yandex|baidu|ecosia|startpage|qwant|brave|ask)\\.[a-z.]+$')` +
  ` AND regexp_matches(${path}, '^/?(search|s|html|web|yandsearch|images|videos|news|maps|url)?/?$'))`;
