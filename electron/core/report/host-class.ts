/** A host's class as the reports need it. The one place they ask, so the shared host classification (internal,
 * DMZ, workstations) can replace it in one edit. */
import { isPrivateAddress } from '../investigation/shape';

export type ReportHostClass = 'internal' | 'external';

export function hostClassOf(ip: string): ReportHostClass {
  return isPrivateAddress(ip) ? 'internal' : 'external';
}
