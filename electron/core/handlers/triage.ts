import { ApiError } from '../../../shared/api';
import type { triageOps } from '../../../shared/ops/triage';
import { TriageQueryError } from '../cache/read-triage';
import type { CoreContext, HandlersOf } from '../context';
import { defaultSettings } from '../../../shared/settings';
import { enrichmentConfig } from '../days';
import { emptyNetworkContext, loadNetworkContext, type NetworkContext } from '../enrich/index';
import { readSettings } from '../investigation/enrichment';
import { listSuspicious } from '../scoring/suspicious-list';

export function triageHandlers(ctx: CoreContext): HandlersOf<typeof triageOps> {
  const triage = () => ctx.cache.triage;
  let networkContext: Promise<NetworkContext> | null = null;
  const context = () => (networkContext ??= loadDayContext(ctx.paths.settings, ctx.paths.sampleRoot));
  const requireDay = (pipeline: 'flow' | 'dns' | 'proxy', date: string) => {
    if (!ctx.cache.read.hasDay(pipeline, date)) throw new ApiError('not-found', `${pipeline} ${date} is not cached`);
  };
  const asApiError = <T>(run: () => T): T => {
    try {
      return run();
    } catch (err) {
      if (err instanceof TriageQueryError) throw new ApiError('not-found', err.message);
      throw err;
    }
  };
  return {
    'suspicious.list': async ({ pipeline, date, order, all, limit }) => {
      requireDay(pipeline, date);
      return listSuspicious(ctx.cache, pipeline, date, { order, all, ...(limit !== undefined ? { limit } : {}) });
    },
    'suspicious.rows': async ({ pipeline, date, limit }) => {
      requireDay(pipeline, date);
      return triage().suspiciousRows(pipeline, date, limit);
    },
    'details.rows': async ({ pipeline, date, row }) => asApiError(() => triage().details(pipeline, date, row)),
    'chords.get': async ({ date, ip }) => triage().chords(date, ip),
    'dendro.get': async ({ date, ip }) => triage().dendro(date, ip),
    'graph.neighbours': async ({ pipeline, date, kind, value, limit }) => {
      try {
        const neighbours = triage().neighbours(pipeline, date, kind, value, limit);
        // An IP is drawn internal or external: an expansion must classify it as the import did.
        const table = await context();
        return neighbours.map((n) => (n.kind === 'ip' ? { ...n, internal: table.isInternal(n.value) } : n));
      } catch (err) {
        if (err instanceof TriageQueryError) throw new ApiError('bad-request', err.message);
        throw err;
      }
    },
  };
}

/** The network context (ipranges + context files) the OA import classifies hosts with; empty when it fails to load
 * (the settings view reports broken context files). */
async function loadDayContext(settingsFile: string, sampleRoot: string): Promise<NetworkContext> {
  const settings = readSettings(settingsFile) ?? defaultSettings();
  const config = enrichmentConfig(settings, settings.local.root ?? sampleRoot);
  try {
    return await loadNetworkContext({ ipranges: config.iprangesPath, context: config.contextPaths ?? [] });
  } catch {
    return emptyNetworkContext();
  }
}
