/** What the views write beside an IP: its network-context name and, for an outside host, its country. */
import type { HostName } from '../../../shared/ops/triage';
import type { GeoDb } from './geo';
import type { NetworkContext } from './network-context';

/** The name part of a context label: "proxy01 - Proxy (Blue Coat) egress web proxy" → "proxy01". */
export function shortName(label: string): string {
  const dash = label.indexOf(' - ');
  return (dash > 0 ? label.slice(0, dash) : label).trim();
}

export function hostName(context: NetworkContext, geo: GeoDb | null, ip: string): HostName {
  const label = context.label(ip);
  const internal = context.isInternal(ip);
  // Private addresses have no country (the geo database leaves them out); an internal host's place is its name.
  const country = internal ? '' : (geo?.lookup(ip)?.country ?? '');
  return { name: shortName(label), label, internal, country };
}
