/**
 * The one name a host goes by wherever the storyboard groups hosts: the incident progression, the impact
 * drill-down and the PDF/HTML exports (they all read these names). Spot named the progression by the network-context
 * label ("HQ workstations") and the impact by a class guessed from it (anything not VPN/Proxy/FW became "DMZ"), so
 * one host had two names; here the label is the class, and a host without one is said to be internal or external.
 */

/** A host with no network-context entry outside the analyst's network. */
export const EXTERNAL_HOST = 'External';
/** A host inside the analyst's network (ipranges.csv or a private address) without a context label. */
export const INTERNAL_HOST = 'Internal, no context';

/** What the classifier needs to know about the analyst's network (the core's network-context table has both). */
export interface HostContext {
  /** The network-context description of the IP, '' when none covers it. */
  label(ip: string): string;
  /** True when the analyst's internal ranges cover the IP. */
  isInternal(ip: string): boolean;
}

/** RFC 1918 IPv4 and unique-local IPv6 (fc00::/7): the analyst's own network, which no database locates. */
export function isPrivateAddress(ip: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(ip);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  return /^f[cd][0-9a-f]{2}:/i.test(ip);
}

/** A host of the analyst's own network: in the internal ranges or a private address. */
export function isInternalHost(ip: string, context: Pick<HostContext, 'isInternal'>): boolean {
  return context.isInternal(ip) || isPrivateAddress(ip);
}

/** The class of one host: its context label, else internal or external. Never empty. */
export function hostClass(ip: string, context: HostContext): string {
  const label = context.label(ip).trim();
  if (label !== '') return label;
  return isInternalHost(ip, context) ? INTERNAL_HOST : EXTERNAL_HOST;
}

/** `hostClass` bound to one context, for the shapers that group peers. */
export function hostClassifier(context: HostContext): (ip: string) => string {
  return (ip) => hostClass(ip, context);
}
