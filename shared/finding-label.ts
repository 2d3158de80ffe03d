/**
 * The short label of each named finding, as the tables' Finding column writes it: the column is narrow at 1366×768
 * and "long connection" was cut to "long connectio…". Keyed by the detector's name (electron/core/detect/registry;
 * a test there checks every detector has one); the stored explanation writes the name with spaces, either is read.
 * The whole name and the evidence stay in the badge's hover text.
 */
const SHORT_LABELS: Readonly<Record<string, string>> = {
  // flow
  beaconing: 'beaconing',
  port_scan: 'port scan',
  long_connection: 'long conn.',
  flood: 'flood',
  rare_external_contact: 'rare ext.',
  // dns
  dga: 'DGA',
  dns_tunnelling: 'tunnel',
  nxdomain_burst: 'NX burst',
  high_query_rate: 'query rate',
  unusual_record_type: 'odd type',
  // proxy
  malicious_url: 'bad URL',
  uri_attack: 'URI attack',
  rare_host: 'rare host',
  rare_user_agent: 'rare UA',
  large_upload: 'big upload',
};

/** The longest short label, in characters: with " +9" it fits the Finding column's badge. */
export const FINDING_LABEL_MAX = 10;

/** The short label of a finding name ("long connection" or "long_connection"); an unknown name as it is. */
export function findingShortLabel(name: string): string {
  const key = name.trim().toLowerCase().replaceAll(' ', '_');
  return SHORT_LABELS[key] ?? name;
}

/** The detector names that have a short label (the registry test compares them with the detectors). */
export function labelledFindings(): string[] {
  return Object.keys(SHORT_LABELS);
}
