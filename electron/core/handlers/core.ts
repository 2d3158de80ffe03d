import { ApiError } from '../../../shared/api';
import type { coreOps } from '../../../shared/ops/core';
import type { CoreContext, HandlersOf } from '../context';

export const SAMPLE_DATE = '2026-11-24';

export function coreHandlers(ctx: CoreContext): HandlersOf<typeof coreOps> {
  const { cache, jobs, paths } = ctx;
  return {
    'app.info': async () => ({
      name: 'Spot Desk',
      version: ctx.version,
      mode: ctx.mode,
      dataDir: paths.dataDir,
      sampleDate: SAMPLE_DATE,
    }),
    'days.list': async ({ pipeline }) => cache.read.listDays(pipeline),
    'table.rows': async ({ table, date, limit, offset }) => cache.read.tableRows(table, date, limit, offset),
    'ingest.summary': async ({ pipeline, start, end }) => {
      const [from, to] = start <= end ? [start, end] : [end, start];
      return cache.read.ingestSummary(pipeline, from, to);
    },
    'pipeline.run': async () => {
      throw new ApiError('internal', 'the OA pipeline is not wired yet');
    },
    'sample.load': async () => {
      throw new ApiError('internal', 'the sample day is not wired yet');
    },
    'jobs.list': async () => jobs.list(),
    'jobs.cancel': async ({ id }) => ({ cancelled: jobs.cancel(id) }),
    'cache.check': async () => cache.read.integrityCheck(),
  };
}
