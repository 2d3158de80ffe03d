import { ApiError } from '../../../shared/api';
import type { triageOps } from '../../../shared/ops/triage';
import { TriageQueryError } from '../cache/read-triage';
import type { CoreContext, HandlersOf } from '../context';
import { listSuspicious } from '../scoring/suspicious-list';

export function triageHandlers(ctx: CoreContext): HandlersOf<typeof triageOps> {
  const triage = () => ctx.cache.triage;
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
        return triage().neighbours(pipeline, date, kind, value, limit);
      } catch (err) {
        if (err instanceof TriageQueryError) throw new ApiError('bad-request', err.message);
        throw err;
      }
    },
  };
}
