/** A host's class in the reports: the storyboard's one classification (shared/host-class.ts), so the report names a
 * host as the progression and the impact drill-down do. */
import { EXTERNAL_HOST, hostClass, isPrivateAddress } from '../../../shared/host-class';

/** The classification without the analyst's network context: private addresses are internal. */
export function contextFreeClass(ip: string): string {
  return hostClass(ip, { label: () => '', isInternal: () => false });
}

/** True when a class names a host inside the analyst's network. */
export function isInternalClass(name: string): boolean {
  return name !== EXTERNAL_HOST;
}

/** Private addresses never leave the organisation as indicators. */
export function isInternalAddress(ip: string): boolean {
  return isPrivateAddress(ip);
}
