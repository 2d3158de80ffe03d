// The enrichment layer of the OA pipelines (docs/enrichment.md): network context, geolocation and
// reputation built once from the user's settings, plus the pure per-value helpers.
import { createGeo, type GeoDb } from './geo';
import { emptyNetworkContext, loadNetworkContext, type NetworkContext } from './network-context';
import { createListProvider, ReputationService, type ReputationProvider } from './reputation';

export interface EnrichmentConfig {
  /** Spot's iploc.csv; wins over the bundled database. */
  iplocPath?: string;
  /** Spot's ipranges.csv (flow internal flags). */
  iprangesPath?: string;
  /** Context tables (`ip|cidr|a-b,description`). */
  contextPaths?: string[];
  /** Offline reputation lists (`indicator,severity,text`), one provider each, in this order. */
  reputationLists?: Array<{ name: string; path: string }>;
  /** Use the bundled country + ASN database when no iploc file is given (default true). */
  useBundledGeo?: boolean;
  /** Reputation cache lifetime; default 24 hours. */
  reputationTtlMs?: number;
}

export interface Enrichment {
  context: NetworkContext;
  geo: GeoDb | null;
  reputation: ReputationService;
}

const given = (path: string | undefined): path is string => path !== undefined && path.trim() !== '';

/**
 * Loads everything the settings name. Settings left out give an empty enrichment (no context, no
 * reputation); a named file that is missing or malformed is an InputError naming file, line and field.
 */
export async function createEnrichment(cfg: EnrichmentConfig = {}): Promise<Enrichment> {
  const contextPaths = (cfg.contextPaths ?? []).filter(given);
  const context =
    given(cfg.iprangesPath) || contextPaths.length > 0
      ? await loadNetworkContext({
          ipranges: given(cfg.iprangesPath) ? cfg.iprangesPath : undefined,
          context: contextPaths,
        })
      : emptyNetworkContext();
  const providers: ReputationProvider[] = [];
  for (const list of cfg.reputationLists ?? []) providers.push(await createListProvider(list.name, list.path));
  const geo = await createGeo({
    iplocPath: given(cfg.iplocPath) ? cfg.iplocPath : undefined,
    useBundled: cfg.useBundledGeo ?? true,
  });
  const reputation = new ReputationService(providers, { ttlMs: cfg.reputationTtlMs });
  return { context, geo, reputation };
}

export { emptyNetworkContext, loadNetworkContext } from './network-context';
export type { ContextName, NetworkContext } from './network-context';
export { createGeo, flowGeolocString, loadBundledGeo, loadIploc } from './geo';
export type { GeoDb, GeoRecord } from './geo';
export { createListProvider, ReputationService } from './reputation';
export type { ReputationKind, ReputationProvider, ReputationVerdict } from './reputation';
export { dnsClassName, dnsRcodeName, dnsTypeName, httpStatusName } from './iana';
export { registeredDomain } from './domain';
export { proxyHash } from './proxy-hash';
export { ipv4ToInt, isValidIp } from './ip';
