/**
 * LDA benchmark: `npx tsx bench/lda.ts [events]` (default 1,000,000 flow events).
 *
 * 1. Generates a day of flow events in memory (seeded), builds spot-ml's bag of words (IP documents × flow words).
 * 2. Fits our EM LDA (K = 20, 20 iterations, α = 1.02, β = 1.001).
 * 3. Writes the same doc-word matrix to a temp folder and runs scikit-learn's LatentDirichletAllocation
 *    (batch VB, same K, iterations and priors) through /usr/bin/python3 bench/lda_sklearn.py.
 * 4. Computes both training-set perplexities the same way — exp(−Σ n_dw ln Σ_k θ_dk φ_kw / Σ n_dw) over the
 *    same matrix (electron/core/ml/lda.ts `perplexity`), from each model's normalised θ and φ.
 * 5. Also times the whole scoreDay() on the same day written as a raw CSV (DuckDB read, words, LDA, output).
 * Writes bench/results/lda.json.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RAW_COLUMNS, columnNames } from '../shared/schema';
import { CorpusBuilder, Interner } from '../electron/core/ml/corpus';
import { fitLda, LDA_DEFAULTS, perplexity, type SparseCorpus } from '../electron/core/ml/lda';
import { mulberry32 } from '../electron/core/ml/random';
import type { FlowRecord } from '../electron/core/ml/records';
import { rawDayDir } from '../electron/core/sources/local';
import { scoreDay } from '../electron/core/ml/score-day';
import { flowWords } from '../electron/core/ml/words';

const here = dirname(fileURLToPath(import.meta.url));
const EVENTS = Number(process.argv[2] ?? 1_000_000);
const DATE = '2026-11-24';
const SEED = 7;

/** A generated flow event, as the scorer's records hold it. */
type Flow = FlowRecord;

/** A plausible enterprise day: 3,000 internal hosts, 15,000 external peers, diurnal load, common services. */
function* generateFlows(n: number, seed: number): Generator<Flow> {
  const random = mulberry32(seed);
  const services = [443, 443, 443, 443, 80, 80, 53, 53, 123, 22, 25, 993, 3389, 445, 8080, 1433, 389, 636, 5222, 8443];
  const internal = (k: number) => `10.${(k >> 8) & 255}.${k & 255}.${1 + (k % 250)}`;
  const external = (k: number) => `${23 + (k % 180)}.${(k * 7) & 255}.${(k * 13) & 255}.${1 + (k % 253)}`;
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  for (let i = 0; i < n; i++) {
    // Office hours carry most of the load.
    const hour = random() < 0.75 ? 8 + Math.floor(random() * 10) : Math.floor(random() * 24);
    const client = internal(Math.floor(Math.pow(random(), 1.5) * 3000));
    const server =
      random() < 0.3
        ? internal(3000 + Math.floor(random() * 200))
        : external(Math.floor(Math.pow(random(), 2) * 15000));
    const dport = services[Math.floor(random() * services.length)] as number;
    const sport = 1025 + Math.floor(random() * 64000);
    const ipkt = Math.max(1, Math.round(Math.exp(2 + 1.2 * gauss())));
    const ibyt = Math.max(40, Math.round(ipkt * Math.exp(6 + 0.8 * gauss())));
    const outbound = random() < 0.85;
    yield {
      hour,
      minute: Math.floor(random() * 60),
      second: Math.floor(random() * 60),
      sip: outbound ? client : server,
      dip: outbound ? server : client,
      sport: outbound ? sport : dport,
      dport: outbound ? dport : sport,
      proto: dport === 53 || dport === 123 ? 'UDP' : 'TCP',
      ibyt,
      ipkt,
    };
  }
}

/** Wall-clock and CPU seconds of a synchronous step (CPU time is robust to other load on the machine). */
function time<T>(work: () => T): [T, number, number] {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(cpu);
  return [value, Number(process.hrtime.bigint() - start) / 1e9, (used.user + used.system) / 1e6];
}

async function main(): Promise<void> {
  const options = { ...LDA_DEFAULTS, seed: SEED };
  console.log(`generating ${EVENTS.toLocaleString()} flow events and their words…`);
  const [corpus, bowSeconds] = time(() => {
    const ips = new Interner();
    const words = new Interner();
    const builder = new CorpusBuilder();
    for (const f of generateFlows(EVENTS, SEED)) {
      const w = flowWords(f);
      builder.add(ips.id(f.sip), words.id(w.src));
      builder.add(ips.id(f.dip), words.id(w.dst));
    }
    return builder.build(ips.size, words.size);
  });
  const tokens = corpus.count.reduce((a, b) => a + b, 0);
  console.log(
    `bag of words: ${corpus.numDocs} docs × ${corpus.numWords} words, ${corpus.doc.length} non-zero, ${tokens} tokens (${bowSeconds.toFixed(2)} s)`,
  );

  const [model, oursSeconds, oursCpuSeconds] = time(() => fitLda(corpus, options));
  const oursPerplexity = perplexity(corpus, model.theta, model.phi, model.topics);
  console.log(
    `ours (EM MAP): ${oursSeconds.toFixed(2)} s (cpu ${oursCpuSeconds.toFixed(2)} s), perplexity ${oursPerplexity.toFixed(2)}`,
  );

  const exchange = mkdtempSync(join(tmpdir(), 'spot-desk-lda-bench-'));
  // SKIP_SKLEARN=1 measures only our side (the sklearn runs take minutes).
  const sk = process.env.SKIP_SKLEARN ? null : runSklearn(exchange, corpus, options);
  rmSync(exchange, { recursive: true, force: true });
  for (const run of sk?.runs ?? []) {
    console.log(
      `sklearn batch VB [${run.setting}]: ${run.seconds.toFixed(2)} s (cpu ${run.cpuSeconds.toFixed(2)} s), perplexity ${run.perplexity.toFixed(2)}`,
    );
  }

  console.log('writing the same day as raw CSV and timing scoreDay()…');
  const root = mkdtempSync(join(tmpdir(), 'spot-desk-lda-day-'));
  await writeFlowDay(root, EVENTS);
  const dayStart = process.hrtime.bigint();
  const dayCpu = process.cpuUsage();
  const phases: Record<string, number> = {};
  let phaseStart = Date.now();
  let phase = '';
  const scored = await scoreDay({
    root,
    pipeline: 'flow',
    date: DATE,
    seed: SEED,
    maxResults: 3000,
    tol: 1,
    onProgress: (_f, message) => {
      const name = message.replace(/[\d,]+/g, '#');
      if (name === phase) return;
      if (phase) phases[phase] = (phases[phase] ?? 0) + (Date.now() - phaseStart) / 1000;
      phase = name;
      phaseStart = Date.now();
    },
  });
  const scoreDaySeconds = Number(process.hrtime.bigint() - dayStart) / 1e9;
  const dayCpuUsed = process.cpuUsage(dayCpu);
  const scoreDayCpuSeconds = (dayCpuUsed.user + dayCpuUsed.system) / 1e6;
  const rssMB = process.memoryUsage().rss / 2 ** 20;
  rmSync(root, { recursive: true, force: true });
  console.log(
    `scoreDay: ${scored.events} events in ${scoreDaySeconds.toFixed(2)} s (cpu ${scoreDayCpuSeconds.toFixed(2)} s, ` +
      `main thread + DuckDB threads), rss ${rssMB.toFixed(0)} MB, ${scored.detections.length} detections`,
  );
  console.log(`  phases (wall s): ${JSON.stringify(phases)}`);

  const result = {
    date: new Date().toISOString(),
    machine: { node: process.version, cpus: 2, loadAverageAtEnd: loadavg() },
    events: EVENTS,
    corpus: { docs: corpus.numDocs, words: corpus.numWords, nonZero: corpus.doc.length, tokens },
    settings: {
      topics: options.topics,
      iterations: options.iterations,
      alpha: options.alpha,
      beta: options.beta,
      seed: SEED,
    },
    bagOfWordsSeconds: bowSeconds,
    ours: {
      algorithm: 'EM MAP (Spark EMLDAOptimizer)',
      seconds: oursSeconds,
      cpuSeconds: oursCpuSeconds,
      perplexity: oursPerplexity,
    },
    sklearn: sk
      ? {
          algorithm: 'LatentDirichletAllocation, learning_method=batch (variational Bayes)',
          version: sk.version,
          runs: sk.runs.map((run) => ({
            ...run,
            timeRatio: oursSeconds / run.seconds,
            cpuTimeRatio: oursCpuSeconds / run.cpuSeconds,
            perplexityRatio: oursPerplexity / run.perplexity,
          })),
        }
      : null,
    scoreDay: { seconds: scoreDaySeconds, cpuSeconds: scoreDayCpuSeconds, phases, events: scored.events, rssMB },
    perplexityDefinition:
      'exp(-sum n_dw ln(sum_k theta_dk phi_kw) / sum n_dw) over the training matrix, from each model',
  };
  for (const run of result.sklearn?.runs ?? []) {
    console.log(
      `ours / sklearn [${run.setting}]: time ${run.timeRatio.toFixed(3)}× (cpu ${run.cpuTimeRatio.toFixed(3)}×), ` +
        `perplexity ${run.perplexityRatio.toFixed(4)}×`,
    );
  }
  if (!sk) {
    console.log('no sklearn figures: bench/results/lda.json left as it was');
    return;
  }
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'lda.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log('wrote bench/results/lda.json');
}

interface SklearnRun {
  setting: string;
  docTopicPrior: number;
  topicWordPrior: number;
  seconds: number;
  cpuSeconds: number;
  perplexity: number;
}

function runSklearn(
  folder: string,
  corpus: SparseCorpus,
  options: { topics: number; iterations: number; alpha: number; beta: number; seed: number },
): { version: string; runs: SklearnRun[] } | null {
  writeFileSync(
    join(folder, 'meta.json'),
    JSON.stringify({ numDocs: corpus.numDocs, numWords: corpus.numWords, ...options }),
  );
  writeFileSync(join(folder, 'docs.i32'), corpus.doc);
  writeFileSync(join(folder, 'words.i32'), corpus.word);
  writeFileSync(join(folder, 'counts.f64'), corpus.count);
  try {
    // Debian's python3-sklearn; the python3 on PATH may be another interpreter.
    execFileSync('/usr/bin/python3', [join(here, 'lda_sklearn.py'), folder], { stdio: 'inherit' });
  } catch (err) {
    console.error(`sklearn run failed (apt-get install -y python3-sklearn): ${(err as Error).message}`);
    return null;
  }
  const info = JSON.parse(readFileSync(join(folder, 'sklearn.json'), 'utf8')) as {
    sklearn: string;
    runs: Record<string, { fitSeconds: number; fitCpuSeconds: number; docTopicPrior: number; topicWordPrior: number }>;
  };
  const toF64 = (name: string) => {
    const buf = readFileSync(join(folder, name));
    return new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
  };
  const runs = Object.entries(info.runs).map(([setting, run]) => ({
    setting,
    docTopicPrior: run.docTopicPrior,
    topicWordPrior: run.topicWordPrior,
    seconds: run.fitSeconds,
    cpuSeconds: run.fitCpuSeconds,
    perplexity: perplexity(corpus, toF64(`theta-${setting}.f64`), toF64(`phi-${setting}.f64`), options.topics),
  }));
  return { version: info.sklearn, runs };
}

async function writeFlowDay(root: string, n: number): Promise<void> {
  const dir = rawDayDir(root, 'flow', DATE);
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(join(dir, 'flows.csv'));
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(`${columnNames(RAW_COLUMNS.flow).join(',')}\n`);
  let batch: string[] = [];
  for (const f of generateFlows(n, SEED)) {
    const hh = String(f.hour).padStart(2, '0');
    const mm = String(f.minute).padStart(2, '0');
    const ss = String(f.second).padStart(2, '0');
    batch.push(
      `${DATE} ${hh}:${mm}:${ss},0,2026,11,24,${f.hour},${f.minute},${f.second},0.5,${f.sip},${f.dip},${f.sport},${f.dport},` +
        `${f.proto},.A....,0,0,${f.ipkt},${f.ibyt},${f.ipkt},${f.ibyt},1,2,0,0,0,0,10.0.0.1\n`,
    );
    if (batch.length === 10000) {
      await write(batch.join(''));
      batch = [];
    }
  }
  await write(batch.join(''));
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

if (process.env.WRITE_DAY) {
  // WRITE_DAY=<root>: only write the generated day as a raw CSV tree (for profiling scoreDay alone).
  await writeFlowDay(process.env.WRITE_DAY, EVENTS);
} else {
  await main();
}
