import { ApiError } from '../../../shared/api';
import type { triageOps } from '../../../shared/ops/triage';
import { TriageQueryError } from '../cache/read-triage';
import type { CoreContext, HandlersOf } from '../context';
import { snapshotRows } from '../cache/order-snapshot';
import { orderChanges } from '../scoring/order-changes';
import { hostName } from '../enrich/host-name';
import { loadStoryEnrichment, type StoryEnrichment } from '../investigation/enrichment';
import { listSuspicious } from '../scoring/suspicious-list';

export function triageHandlers(ctx: CoreContext): HandlersOf<typeof triageOps> {
  const triage = () => ctx.cache.triage;
  // The network context and geolocation the import enriches with (loaded on first use; broken files leave it
  // empty, as the settings view reports).
  let enrichment: Promise<StoryEnrichment> | null = null;
  const enriched = () => (enrichment ??= loadStoryEnrichment(ctx.paths.settings, ctx.paths.sampleRoot));
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
    'suspicious.changes': async ({ pipeline, date }) => {
      requireDay(pipeline, date);
      const importedAt = ctx.cache.read.listDays(pipeline).find((d) => d.date === date)!.importedAt;
      const previous = ctx.cache.read.orderSnapshot(pipeline, date);
      const changes = previous
        ? orderChanges(
            previous.rows,
            snapshotRows(
              pipeline,
              ctx.cache.analystRead.dayRows(pipeline, date),
              ctx.cache.read.explanations(pipeline, date),
            ),
            previous.importedAt,
          )
        : null;
      // Standing rules score right after the import (scoring/service.ts applyStandingRules), by "… (standing rule #n)".
      const applied = ctx.cache.analystRead
        .audit(pipeline, date)
        .filter(
          (a) =>
            a.action === 'score' && a.undone_by === null && a.at >= importedAt && /\(standing rule #\d+\)$/.test(a.by),
        );
      const rows = applied.reduce((n, a) => n + (JSON.parse(a.changes_json) as unknown[]).length, 0);
      return { importedAt, changes, standing: { rules: applied.length, rows } };
    },
    'details.rows': async ({ pipeline, date, row }) => asApiError(() => triage().details(pipeline, date, row)),
    'chords.get': async ({ date, ip }) => triage().chords(date, ip),
    'dendro.get': async ({ date, ip }) => triage().dendro(date, ip),
    'dns.answers': async ({ date, rows }) => {
      requireDay('dns', date);
      return triage().dnsAnswers(date, rows);
    },
    'hosts.names': async ({ ips }) => {
      const { context, geo } = await enriched();
      const names: Record<string, ReturnType<typeof hostName>> = {};
      for (const ip of new Set(ips)) names[ip] = hostName(context, geo, ip);
      return names;
    },
    'graph.neighbours': async ({ pipeline, date, kind, value, limit }) => {
      try {
        const neighbours = triage().neighbours(pipeline, date, kind, value, limit);
        // An IP is drawn internal or external: an expansion must classify it as the import did.
        const { context } = await enriched();
        return neighbours.map((n) => (n.kind === 'ip' ? { ...n, internal: context.isInternal(n.value) } : n));
      } catch (err) {
        if (err instanceof TriageQueryError) throw new ApiError('bad-request', err.message);
        throw err;
      }
    },
  };
}
