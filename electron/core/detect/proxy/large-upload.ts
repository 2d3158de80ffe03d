/**
 * Large uploads: what one client sent to one host in request bodies (POST/PUT/PATCH, and up CONNECT tunnels)
 * over the day — HTTP exfiltration. 20 MB makes a weak finding, 200 MB a strong one; a host few clients of the
 * organisation use adds to it, and so does an upload-only conversation (little comes back). Uploads to the
 * organisation's common hosts and to sanctioned cloud storage and collaboration services are halved (still visible,
 * rarely first); software distribution and telemetry services (background.ts) make no finding.
 */
import {
  alwaysIncluded,
  domainsPattern,
  isCommon,
  isRare,
  isSoftwareDistribution,
  literal,
  pairCtes,
} from './background';
import type { Detector } from '../types';

export const LARGE_UPLOAD_BYTES = 20 * 2 ** 20;
/** Methods whose request bytes are a body the client sends (CONNECT: what went up an unbroken TLS tunnel). */
const UPLOAD_METHODS = "'POST', 'PUT', 'PATCH', 'CONNECT'";

/** Cloud storage and collaboration services an organisation usually sanctions: uploads there are ordinary work. */
export const CLOUD_STORAGE_DOMAINS = [
  'sharepoint.com',
  'onedrive.live.com',
  '1drv.com',
  'storage.live.com',
  'office.com',
  'office365.com',
  'teams.microsoft.com',
  'drive.google.com',
  'docs.google.com',
  'clients6.google.com',
  'content.googleapis.com',
  'upload.youtube.com',
  'dropbox.com',
  'dropboxapi.com',
  'box.com',
  'icloud.com',
  'icloud-content.com',
  'files.slack.com',
  'zoom.us',
  'webex.com',
];

const MAX_FINDINGS = 200;
const MB = 2 ** 20;

export const largeUpload: Detector = {
  id: 'proxy/large_upload',
  pipeline: 'proxy',
  name: 'large_upload',
  description: 'clients sending tens of MB or more in POST/PUT bodies to one host (HTTP exfiltration)',
  sql: ({ network }) => `
    WITH ${pairCtes(network, [
      `sum(CASE WHEN method IN (${UPLOAD_METHODS}) THEN csbytes ELSE 0 END) AS sent`,
      `sum(CASE WHEN method IN (${UPLOAD_METHODS}) THEN 1 ELSE 0 END) AS uploads`,
      `sum(scbytes) AS received`,
      `min(ts) AS first_ts`,
      `max(ts) AS last_ts`,
    ])}
    SELECT ch.client, ch.host, ch.sent, ch.uploads, ch.received, ch.requests, ch.first_ts, ch.last_ts,
      h.clients AS host_clients, org.clients AS org_clients,
      CASE WHEN ${isRare('h.clients')} THEN 1 ELSE 0 END AS rare,
      CASE WHEN ${isCommon('h.clients')} OR regexp_matches(h.hn, ${literal(domainsPattern(CLOUD_STORAGE_DOMAINS))}) THEN 1 ELSE 0 END AS sanctioned
    FROM ch JOIN hosts h ON h.host = ch.host CROSS JOIN org
    WHERE ch.sent >= ${LARGE_UPLOAD_BYTES}
      AND (NOT ${isSoftwareDistribution('h.hn', network)} OR ${alwaysIncluded('h.host', network)})
    ORDER BY ch.sent DESC LIMIT ${MAX_FINDINGS}`,
  toFinding: (row) => {
    const sent = Number(row.sent);
    const received = Number(row.received);
    const rare = Number(row.rare) === 1;
    const sanctioned = Number(row.sanctioned) === 1;
    const uploadOnly = received * 10 < sent;
    // 20 MB → 0.45, 200 MB → 0.75, 2 GB → 1.05 (clamped); a rare host +0.15, upload-only +0.05.
    let strength = 0.45 + 0.3 * Math.log10(sent / LARGE_UPLOAD_BYTES) + (rare ? 0.15 : 0) + (uploadOnly ? 0.05 : 0);
    if (sanctioned) strength *= 0.5;
    const hours = (Number(row.last_ts) - Number(row.first_ts)) / 3600;
    return {
      strength,
      evidence:
        `${row.client} sent ${(sent / MB).toFixed(1)} MB to ${row.host} in ${row.uploads} POST/PUT/CONNECT request(s)` +
        ` over ${hours < 1 ? `${Math.max(1, Math.round(hours * 60))} min` : `${hours.toFixed(1)} h`},` +
        ` received ${(received / MB).toFixed(1)} MB; host used by ${row.host_clients} of ${row.org_clients} clients` +
        (sanctioned ? ' (common or sanctioned storage service)' : ''),
      keys: { clientip: String(row.client), host: String(row.host) },
      events: Number(row.requests),
    };
  },
};
