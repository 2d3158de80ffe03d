// The DNS `tld` column (enrichment.md §6): Spot called Python tld 0.7.6 `get_tld("http://" + name)`,
// which returns the registered domain (one label plus its public suffix), or "None" when it fails.
import { parse } from 'tldts';

const FAILED = 'None';

/**
 * `www.google.co.uk` → `google.co.uk`. "None" (Spot's text for a failure) for IP addresses, bare public
 * suffixes (`co.uk`), single labels (`localhost`), names whose last label is no public suffix
 * (`host.corp`) and empty input. A trailing dot is ignored and the result is lower-cased, unlike tld 0.7.6
 * which failed on `example.com.` and kept the case.
 */
export function registeredDomain(name: string): string {
  const host = name.trim().replace(/\.+$/, '').toLowerCase();
  if (host === '') return FAILED;
  // The whole public suffix list, ICANN and private sections, as tld 0.7.6 used it.
  const parsed = parse(host, { allowPrivateDomains: true, extractHostname: false });
  if (parsed.isIp === true || parsed.domain === null) return FAILED;
  // tldts falls back to the last label for an unknown suffix (the PSL `*` rule); tld 0.7.6 did not.
  if (parsed.isIcann !== true && parsed.isPrivate !== true) return FAILED;
  return parsed.domain;
}
