/**
 * Bringing days into the cache: the OA pipeline for one (pipeline, day) from the configured source, and the
 * bundled sample day (generated on first use, then imported for every pipeline). Both run as jobs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/api';
import { PIPELINES, type Pipeline } from '../../shared/schema';
import type { Settings } from '../../shared/settings';
import type { Cache } from './cache/index';
import { withAnalystWork } from './scoring/reimport';
import { createEnrichment, type EnrichmentConfig } from './enrich/index';
import type { JobContext } from './jobs';
import { scoreDayInWorker } from './ml/score-day-in-worker';
import { runPipeline } from './pipeline/index';
import type { DnsWordContext } from './detect/explanations';
import { loadTopDomains } from './ml/top-domains';
import { networkSettingsFrom } from './settings/network';
import type { ScoreDayOptions } from './ml/score-day';
import { ensureSampleDay, SAMPLE_ML } from './sample/generate';
import { SAMPLE_DATE } from './sample/scenarios';
import { createLocalSource } from './sources/local';
import type { DaySource } from './sources/types';
import { writeFileAtomicSync } from './write-file-atomic';
import { compactDay } from '../../shared/spot-date';

export { SAMPLE_DATE };

/** Spot keeps context files beside the data (spot-oa/context/); a local tree may carry them in `context/`. */
function contextFilesIn(root: string): EnrichmentConfig {
  const dir = path.join(root, 'context');
  const file = (name: string) => (fs.existsSync(path.join(dir, name)) ? path.join(dir, name) : undefined);
  const reputation = file('reputation.csv');
  return {
    iprangesPath: file('ipranges.csv'),
    iplocPath: file('iploc.csv'),
    contextPaths: [file('networkcontext.csv'), file('networkcontext_1.csv')].filter((p): p is string => !!p),
    reputationLists: reputation ? [{ name: 'local', path: reputation }] : [],
  };
}

/** The enrichment config: the settings' files win; otherwise the files the data tree carries. */
export function enrichmentConfig(settings: Settings, root: string | null): EnrichmentConfig {
  const fromTree = root ? contextFilesIn(root) : {};
  const reputationFiles = settings.reputation.filePaths.map((p, i) => ({
    name: i === 0 ? 'list' : `list${i + 1}`,
    path: p,
  }));
  return {
    iprangesPath: fromTree.iprangesPath,
    iplocPath: settings.context.iplocPath ?? fromTree.iplocPath,
    contextPaths: settings.context.networkContextPaths.length
      ? settings.context.networkContextPaths
      : fromTree.contextPaths,
    reputationLists: reputationFiles.length ? reputationFiles : fromTree.reputationLists,
    reputationTtlMs: settings.reputation.cacheTtlHours * 3_600_000,
  };
}

export interface DayServiceDeps {
  cache: Cache;
  sampleRoot: string;
  loadSettings(): Promise<Settings>;
  /** A remote source for a pipeline whose settings say ssh or hive (null: not configured). */
  remoteSource?(settings: Settings, pipeline: Pipeline): DaySource | null;
  /** The compiled scoring worker of a bundled build (undefined under tsx/vitest, which run the .ts entry). */
  scoreWorkerPath?(): string | undefined;
  /** The compiled LDA sweep worker of a bundled build (undefined under tsx/vitest, as above). */
  ldaWorkerPath?(): string | undefined;
  /**
   * The analyst's scores of a day (and of the feedback window before it) as the ml_feedback.csv spot-ml reads
   * (scoring/service.ts), so the next local run learns from them; `rows` counts its data lines.
   */
  analystFeedback?(pipeline: Pipeline, date: string, windowDays: number): { content: string; rows: number };
  /** Right after a day is written: the analyst's standing rules score the rows they match (scoring/service.ts). */
  applyStandingRules?(pipeline: Pipeline, date: string): { rules: number; rows: number };
  /** Where the feedback a local run read is kept (the data directory's feedback folder). */
  feedbackDir?: string;
}

/** The context DNS words are rebuilt with at import (the scorer's): none when the top-domains list is unreadable. */
function dnsWordContext(userDomain: string): DnsWordContext | undefined {
  try {
    return { userDomain, topDomains: loadTopDomains() };
  } catch {
    return undefined;
  }
}

export class DayService {
  constructor(private readonly deps: DayServiceDeps) {}

  /** The source a pipeline reads: an explicit local folder, else the settings' source, else the sample tree. */
  async sourceFor(
    pipeline: Pipeline,
    explicitRoot?: string,
  ): Promise<{ source: DaySource; root: string | null; settings: Settings }> {
    const settings = await this.deps.loadSettings();
    if (explicitRoot) {
      if (!fs.existsSync(explicitRoot)) throw new ApiError('input', `${explicitRoot}: no such folder`);
      return { source: createLocalSource(explicitRoot), root: explicitRoot, settings };
    }
    const kind = settings.pipelines[pipeline].source;
    if (kind !== 'local') {
      const remote = this.deps.remoteSource?.(settings, pipeline);
      if (!remote) throw new ApiError('input', `${pipeline} reads from ${kind}, which is not configured: see Settings`);
      return { source: remote, root: settings.local.root, settings };
    }
    const { root, rawRoot } = this.localTree(settings);
    return { source: createLocalSource(root, { rawRoot }), root, settings };
  }

  /** The local tree: the settings' folder (raw days under its rawRoot when set), else the sample. */
  private localTree(settings: Settings): { root: string; rawRoot?: string } {
    const { root, rawRoot } = settings.local;
    if (!root) return { root: this.deps.sampleRoot };
    return rawRoot ? { root, rawRoot } : { root };
  }

  /** USER_DOMAIN of DNS words: the settings' first, else the sample organisation's for the sample tree. */
  private userDomainFor(settings: Settings, root: string): string {
    return settings.localMl.userDomains[0] ?? (root === this.deps.sampleRoot ? SAMPLE_ML.userDomain : '');
  }

  /** Runs one pipeline for one day and writes it to the cache in one transaction. */
  async importDay(
    pipeline: Pipeline,
    date: string,
    options: { top?: number; root?: string },
    job: Pick<JobContext, 'progress' | 'signal'>,
    band: [number, number] = [0, 1],
  ): Promise<string> {
    const [from, to] = band;
    const at = (f: number) => from + (to - from) * f;
    const { source, root, settings } = await this.sourceFor(pipeline, options.root);
    const enrichment = await createEnrichment(enrichmentConfig(settings, root));
    const top = options.top ?? settings.oa.topN;
    const day = await runPipeline({
      source,
      pipeline,
      date,
      top,
      enrichment,
      dnsWords: dnsWordContext(this.userDomainFor(settings, root ?? '')),
      signal: job.signal,
      onProgress: (fraction, message) => job.progress(at(fraction * 0.9), message),
    });
    job.progress(at(0.9), `writing ${pipeline} ${date} to the cache`);
    // A re-import of a labelled day keeps the scored rows and caps the other rows' LDA risk (scoring/reimport.ts).
    this.deps.cache.write.replaceDay(withAnalystWork(this.deps.cache, day), (written, total) =>
      job.progress(
        at(0.9 + 0.1 * (total ? written / total : 1)),
        `writing ${pipeline} ${date}: ${written}/${total} rows`,
      ),
    );
    const rows = day.tables[`${pipeline}_scores`]?.length ?? 0;
    const standing = this.deps.applyStandingRules?.(pipeline, date);
    const ruled = standing?.rows
      ? `; ${standing.rows} row${standing.rows === 1 ? '' : 's'} scored by ${standing.rules} standing rule${standing.rules === 1 ? '' : 's'}`
      : '';
    const notes = day.notes?.length ? ` (${day.notes.join('; ')})` : '';
    const raw = day.rawRows
      ? `; raw day: ${day.rawRows.read} rows read, ${day.rawRows.accepted} accepted, ${day.rawRows.rejected} rejected`
      : '';
    return `${pipeline} ${date}: ${rows} suspicious rows imported${raw}${ruled}${notes}`;
  }

  /** Runs the embedded scorer in a worker thread, so the main process (UI, HTTP) stays responsive. */
  private scoreInWorker(opts: ScoreDayOptions) {
    const workerPath = this.deps.scoreWorkerPath?.();
    const ldaWorkerPath = this.deps.ldaWorkerPath?.();
    return scoreDayInWorker({
      ...opts,
      ...(workerPath ? { workerPath } : {}),
      ...(ldaWorkerPath ? { ldaWorkerPath } : {}),
    });
  }

  /**
   * The feedback file the next local run reads: the analyst's scores of the day (and of the settings' feedback
   * window), written to `<feedback>/<type>/<YYYYMMDD>/local-ml-input.csv` so what the run learned from stays
   * visible; with no scores, undefined (the scorer then reads the tree's own
   * `<type>/scored_results/YYYYMMDD/feedback/ml_feedback.csv`, as spot-ml does).
   */
  private feedbackForRun(pipeline: Pipeline, date: string, windowDays: number): { path?: string; rows: number } {
    const feedback = this.deps.analystFeedback?.(pipeline, date, windowDays);
    if (!feedback || feedback.rows === 0 || !this.deps.feedbackDir) return { rows: 0 };
    const file = path.join(this.deps.feedbackDir, pipeline, compactDay(date), 'local-ml-input.csv');
    writeFileAtomicSync(file, feedback.content);
    return { path: file, rows: feedback.rows };
  }

  /**
   * Scores the raw day with the embedded LDA in a worker thread (cancellable), learning from the analyst's
   * feedback, writes `<type>_results.csv` and `<type>_detections.json` into the local tree (the settings' folder,
   * else the sample), then imports it like any other results file.
   */
  async scoreAndImport(
    pipeline: Pipeline,
    date: string,
    job: Pick<JobContext, 'progress' | 'signal'>,
  ): Promise<string> {
    const settings = await this.deps.loadSettings();
    const kind = settings.pipelines[pipeline].source;
    if (kind !== 'local') {
      throw new ApiError(
        'input',
        `Score this day reads the raw day from a local folder, but ${pipeline} reads from ${kind}: set the ${pipeline} ` +
          'source to the local folder in Settings (its <type>/hive/y=/m=/d= tree), or score on the ML node',
      );
    }
    const { root, rawRoot } = this.localTree(settings);
    const ml = settings.localMl;
    // The sample's organisation has its own USER_DOMAIN; the settings' list wins when it names one.
    const userDomain = this.userDomainFor(settings, root);
    const feedback = this.feedbackForRun(pipeline, date, ml.feedbackWindowDays);
    const scored = await this.scoreInWorker({
      root,
      rawRoot,
      pipeline,
      date,
      topics: ml.topics,
      iterations: ml.iterations,
      alpha: ml.alpha,
      beta: ml.beta,
      seed: ml.seed,
      tol: ml.tol,
      maxResults: ml.maxResults,
      dupFactor: ml.dupFactor,
      userDomain,
      proxySafeDomains: ml.proxySafeDomains,
      // What the detectors know of the network: the settings' detection block (defaults: detect/network.ts).
      network: networkSettingsFrom(settings),
      ...(feedback.path ? { feedbackPath: feedback.path } : {}),
      signal: job.signal,
      onProgress: (fraction, message) => job.progress(0.7 * fraction, message),
    });
    if (scored.kept === 0) {
      throw new ApiError(
        'input',
        `no ${pipeline} event of ${date} scored at or below TOL ${ml.tol}: raise TOL (Settings, Local ML) or set a max results cap`,
      );
    }
    // The settings' local source: the same root, and the raw days where rawRoot says.
    const imported = await this.importDay(pipeline, date, {}, job, [0.7, 1]);
    const learned = scored.feedbackRows > 0 ? `, learning from ${scored.feedbackRows} low-risk feedback rows` : '';
    // The scorer reads every value as text: its rejected lines are the structurally broken ones.
    const rejected =
      scored.rows.rejected > 0 ? `, ${scored.rows.rejected} of ${scored.rows.read} raw rows rejected` : '';
    return `scored ${scored.events} events${rejected} (${scored.detections.length} named detections${learned}); ${imported}`;
  }

  /** Generates the sample tree when missing, then imports each pipeline not yet cached from it. */
  async loadSample(job: Pick<JobContext, 'progress' | 'signal'>): Promise<string> {
    const root = this.deps.sampleRoot;
    // The bundled sample is generated with the scorer's defaults (its network is the default private space), not
    // the analyst's settings, so that it is the same day everywhere.
    await ensureSampleDay(
      root,
      (fraction, message) => job.progress(0.6 * fraction, message),
      (opts) => this.scoreInWorker(opts),
    );
    const cached = new Set(
      this.deps.cache.read
        .listDays()
        .filter((d) => d.date === SAMPLE_DATE && d.source.startsWith(root))
        .map((d) => d.pipeline),
    );
    const todo = PIPELINES.filter((p) => !cached.has(p));
    for (const [i, pipeline] of todo.entries()) {
      const band: [number, number] = [0.6 + (0.4 * i) / todo.length, 0.6 + (0.4 * (i + 1)) / todo.length];
      await this.importDay(pipeline, SAMPLE_DATE, { root }, job, band);
    }
    return todo.length
      ? `sample day ${SAMPLE_DATE} imported (${todo.join(', ')})`
      : `sample day ${SAMPLE_DATE} already cached`;
  }
}
