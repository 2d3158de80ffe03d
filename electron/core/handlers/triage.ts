import type { Database } from 'better-sqlite3';
import { ApiError } from '../../../shared/api';
import type { triageOps } from '../../../shared/ops/triage';
import type { Cache } from '../cache/index';
import { TriageQueryError, TriageReader } from '../cache/read-triage';
import type { CoreContext, HandlersOf } from '../context';

/** The cache's read-only connection. Cache does not expose it yet, so reach it through its reader (a request to
 * the integrator: add `readDb` to Cache). */
function readDbOf(cache: Cache): Database {
  const db = (cache.read as unknown as { db?: Database }).db;
  if (!db || typeof db.prepare !== 'function') throw new Error('the cache reader has no database handle');
  return db;
}

export function triageHandlers(ctx: CoreContext): HandlersOf<typeof triageOps> {
  let reader: TriageReader | null = null;
  const triage = () => (reader ??= new TriageReader(readDbOf(ctx.cache)));
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
