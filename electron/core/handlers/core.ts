import type { coreOps } from '../../../shared/ops/core';
import type { CoreContext, HandlersOf } from '../context';
import { DIALECTS } from '../detect/dialect';
import { planPushdown } from '../detect/pushdown';
import { DayService, SAMPLE_DATE } from '../days';
import { findingRows } from '../detect/finding-rows';
import { ingestSeries } from '../investigation/ingest';
import { networkSettingsFrom } from '../settings/network';
import { remoteSourceFor } from '../sources/remote';
import { ScoringService } from '../scoring/service';
import { loadSettings } from '../settings/store';

export { SAMPLE_DATE };

export function coreHandlers(ctx: CoreContext): HandlersOf<typeof coreOps> {
  const { cache, jobs, paths } = ctx;
  // Reads the analyst's scores as ml_feedback.csv for local scoring runs, and applies the standing rules after an
  // import (the analyst's own scoring goes through handlers/feedback.ts).
  const feedbackReader = new ScoringService(cache, { feedbackDir: paths.feedback });
  const days = new DayService({
    cache,
    sampleRoot: paths.sampleRoot,
    loadSettings: () => loadSettings(paths.dataDir),
    remoteSource: (settings, pipeline) => remoteSourceFor(settings, pipeline, paths, ctx.secrets),
    scoreWorkerPath: () => ctx.workerPath?.('score-worker'),
    ldaWorkerPath: () => ctx.workerPath?.('lda-worker'),
    analystFeedback: (pipeline, date, windowDays) => feedbackReader.feedbackFile(pipeline, date, windowDays),
    applyStandingRules: (pipeline, date) => feedbackReader.applyStandingRules(pipeline, date),
    feedbackDir: paths.feedback,
  });
  const afterImport = () => ctx.emit({ type: 'days-changed' });
  return {
    'app.info': async () => ({
      name: 'Spot Desk',
      version: ctx.version,
      mode: ctx.mode,
      dataDir: paths.dataDir,
      sampleDate: SAMPLE_DATE,
      readOnly: cache.readOnly?.message ?? null,
    }),
    'days.list': async ({ pipeline }) => cache.read.listDays(pipeline),
    'table.rows': async ({ table, date, limit, offset }) => cache.read.tableRows(table, date, limit, offset),
    'ingest.summary': async ({ pipeline, start, end }) => {
      const [from, to] = start <= end ? [start, end] : [end, start];
      return ingestSeries(cache.read.ingestSummary(pipeline, from, to));
    },
    'pipeline.run': async ({ pipeline, date, top, source }) =>
      jobs.start('pipeline', `OA ${pipeline} ${date}`, async (job) => {
        const summary = await days.importDay(pipeline, date, { top, root: source }, job);
        afterImport();
        return summary;
      }),
    'ml.score': async ({ pipeline, date }) =>
      jobs.start('score', `Score ${pipeline} ${date}`, async (job) => {
        const summary = await days.scoreAndImport(pipeline, date, job);
        afterImport();
        return summary;
      }),
    'detect.plan': async ({ pipeline, date, engine }) => {
      const settings = await loadSettings(paths.dataDir);
      const chosen = engine ?? settings.database.engine;
      const database = settings.database.database;
      const network = networkSettingsFrom(settings);
      return {
        engine: chosen,
        database,
        statements: planPushdown({ pipeline, date, database, network }, DIALECTS[chosen]),
      };
    },
    'source.dates': async ({ pipeline }) => {
      const { source, root, settings } = await days.sourceFor(pipeline);
      const kind = settings.pipelines[pipeline].source;
      const label =
        kind === 'local'
          ? (root ?? 'sample')
          : kind === 'ssh'
            ? `ML node ${settings.mlNode.host}`
            : `${settings.database.engine} ${settings.database.host}`;
      const dates = await source.listDates(pipeline);
      // Raw days of the local tree that no model has scored yet: "Score and import" runs the embedded scorer.
      const raw = kind === 'local' ? ((await source.listRawDates?.(pipeline)) ?? []) : [];
      return { source: label, dates, unscored: raw.filter((date) => !dates.includes(date)) };
    },
    'sample.load': async () => {
      // One sample import at a time: a second request joins the running one.
      const running = jobs.list().find((j) => j.kind === 'sample' && j.status === 'running');
      if (running) return running;
      return jobs.start('sample', 'Sample day', async (job) => {
        const summary = await days.loadSample(job);
        afterImport();
        return summary;
      });
    },
    'jobs.list': async () => jobs.list(),
    'jobs.cancel': async ({ id }) => ({ cancelled: jobs.cancel(id) }),
    'cache.check': async () => cache.read.integrityCheck(),
    'finding.rows': async ({ pipeline, date, keys, offset, limit }) => {
      const { source } = await days.sourceFor(pipeline);
      const raw = await source.rawDay(pipeline, date, {});
      return findingRows(raw, pipeline, keys, { offset, limit });
    },
  };
}
