/**
 * The detectors' view of the network from the settings' `detection` block (shared/settings.ts), as every scoring
 * run passes it to scoreDay. The settings schema has already checked each entry (shared/net-syntax.ts).
 */
import type { Settings } from '../../../shared/settings';
import type { NetworkSettings } from '../detect/types';

export function networkSettingsFrom(settings: Settings): NetworkSettings {
  const d = settings.detection;
  // Copies: the scorer may run in a worker (structured clone) or in this thread; neither should share the arrays.
  return {
    internalSubnets: [...d.internalSubnets],
    infrastructureHosts: [...d.infrastructureHosts],
    neverIncludedSubnets: [...d.neverIncludedSubnets],
    neverIncludedDomains: [...d.neverIncludedDomains],
    alwaysIncludedSubnets: [...d.alwaysIncludedSubnets],
    alwaysIncludedDomains: [...d.alwaysIncludedDomains],
  };
}
