/**
 * Feedback soak: 100 pushes of ml_feedback.csv through the outbox to a real sshd (with the fake `hdfs`),
 * while sshd is killed and restarted at random moments (aimed inside pushes, so every phase gets hit). Afterwards every day's file on the node is compared
 * with the audit log: rows scored, rows on the node, duplicates, losses (goal: 0 and 0).
 *
 *   npx tsx scripts/feedback-soak.ts [--pushes 100] [--seed 42] [--min-kills 0]
 *
 * --min-kills N: after the pushes, keep pushing until sshd has been killed at least N times (at most 20 × --pushes
 * pushes in all), so a short run still gets its kills whatever the timing of this machine.
 *
 * Exits non-zero on any duplicate, loss, wrong score or a day not pushed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pipeline } from '../shared/schema';
import { sshSettingsFor, startSshd } from '../test/fixtures/sshd';
import type { OaRow } from '../electron/core/cache/types';
import {
  buildFeedbackFile,
  readFeedbackFileAsSpotMl,
  type FeedbackEntry,
} from '../electron/core/feedback/feedback-file';
import { MemoryOutboxStore, Outbox } from '../electron/core/feedback/outbox';
import { rowKey } from '../electron/core/feedback/rules';
import { feedbackRemotePath, pushFeedback, type FeedbackTarget } from '../electron/core/ssh/push';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const PUSHES = arg('pushes', 100);
const MIN_KILLS = arg('min-kills', 0);
let seed = arg('seed', 42);
/** mulberry32: a seeded generator, so a failing run can be repeated. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function makeRow(pipeline: Pipeline, date: string, n: number): OaRow {
  const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const time = `${String(n % 24).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:${String((n * 7) % 60).padStart(2, '0')}`;
  if (pipeline === 'flow') {
    return {
      tstart: `${date} ${time}`,
      srcip: ip,
      dstip: '192.168.0.1',
      sport: 1024 + (n % 60000),
      dport: 443,
      proto: 'TCP',
      ipkt: n,
      ibyt: n * 40,
      opkt: 0,
      obyt: 0,
      ml_score: 1e-9,
    };
  }
  if (pipeline === 'dns') {
    return {
      frame_time: `Jul  8, 2016 ${time}.000000000 UTC`,
      unix_tstamp: 1467936000 + n,
      frame_len: 80 + (n % 50),
      ip_dst: ip,
      dns_qry_name: `host${n}.example.com`,
      dns_qry_class: '0x00000001',
      dns_qry_type: 1,
      dns_qry_rcode: 0,
      ml_score: 1e-8,
      tld: 'example.com',
      query_rep: '',
      hh: n % 24,
      dns_qry_class_name: 'IN',
      dns_qry_type_name: 'A',
      dns_qry_rcode_name: 'NoError',
      network_context: '',
    };
  }
  return {
    tdate: date,
    time,
    clientip: ip,
    host: `site${n % 97}.example.org`,
    reqmethod: 'GET',
    useragent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64), like Gecko',
    resconttype: 'text/html',
    duration: n % 900,
    username: '-',
    webcat: 'Business',
    referer: '-',
    respcode: 200,
    uriport: 80,
    uripath: `/p/${n}`,
    uriquery: 'a=1',
    serverip: '93.184.216.34',
    scbytes: n,
    csbytes: 300,
    fulluri: `http://site${n % 97}.example.org/p/${n}?a=1`,
    word: '3_2_1',
    ml_score: 1e-7,
    uri_rep: '',
    respcode_name: 'OK',
    network_context: '',
  };
}

async function main(): Promise<void> {
  const sshd = await startSshd();
  try {
    await soak(sshd);
  } finally {
    await sshd.cleanup();
  }
}

async function soak(sshd: Awaited<ReturnType<typeof startSshd>>): Promise<void> {
  const settings = sshSettingsFor(sshd, { connectTimeoutMs: 3_000, keepaliveIntervalMs: 1_000 });
  const target: FeedbackTarget = { kind: 'hdfs', huser: '/user/spot', stagingDir: join(sshd.remoteDir, 'staging') };
  const days: Array<{ pipeline: Pipeline; date: string }> = [
    { pipeline: 'flow', date: '2016-07-08' },
    { pipeline: 'flow', date: '2016-07-09' },
    { pipeline: 'dns', date: '2016-07-08' },
    { pipeline: 'proxy', date: '2016-07-08' },
  ];
  const audit = new Map<string, FeedbackEntry[]>(days.map((d) => [`${d.pipeline}/${d.date}`, []]));
  const counter = new Map<string, number>();

  let attempts = 0;
  let failures = 0;
  let restarts = 0;
  let restarting: Promise<void> = Promise.resolve();
  /** Running mean of a successful push's duration: kills are aimed at random moments inside a push. */
  let pushMs = 500;
  const reasons = new Map<string, number>();
  const restartSshd = (): void => {
    restarting = restarting.then(async () => {
      if (!sshd.running()) return;
      await sshd.stop();
      restarts++;
      await sleep(random() * 300);
      await sshd.start();
    });
  };
  const outbox = new Outbox(
    new MemoryOutboxStore(),
    async (pipeline, date, signal) => {
      attempts++;
      // chaos: most attempts get sshd (listener and every session) killed at a random moment of the push —
      // during connect, the SFTP upload, `hdfs dfs -mkdir`, `-put` or the cleanup — and restarted
      const killer = random() < 0.6 ? setTimeout(restartSshd, random() * pushMs) : null;
      const started = Date.now();
      try {
        // regenerated from the audit log at send time, as the app does
        const content = buildFeedbackFile(pipeline, audit.get(`${pipeline}/${date}`)!);
        const result = await pushFeedback(settings, pipeline, date, content, target, signal);
        pushMs = 0.8 * pushMs + 0.2 * (Date.now() - started);
        return { path: result.path };
      } finally {
        if (killer) clearTimeout(killer);
        await restarting;
      }
    },
    {
      policy: { baseMs: 100, maxMs: 1_000, jitter: 0.2 },
      maxAttempts: 1_000,
      onChange: (e) => {
        if (process.env.SOAK_VERBOSE === '2') {
          const next = e.nextAttemptAt ? e.nextAttemptAt - Date.now() : '-';
          console.error(`${e.pipeline}/${e.date} ${e.state} next=${next} ${e.reason ?? ''}`);
        }
        if (e.state === 'failed') {
          failures++;
          const kind = (e.reason ?? '').replace(/\d+/g, 'N').slice(0, 90);
          reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
        }
      },
    },
  );

  outbox.start(50);
  const started = Date.now();
  let pushes = 0;
  for (let push = 0; push < PUSHES || (restarts < MIN_KILLS && push < PUSHES * 20); push++) {
    pushes++;
    const day = pick(days);
    const key = `${day.pipeline}/${day.date}`;
    const entries = audit.get(key)!;
    // the analyst scores a batch: new rows, and some re-scores of rows already scored (latest wins)
    const fresh = 50 + Math.floor(random() * 400);
    for (let i = 0; i < fresh; i++) {
      const n = counter.get(key) ?? 0;
      counter.set(key, n + 1);
      entries.push({ score: pick([1, 2, 3] as const), row: makeRow(day.pipeline, day.date, n) });
    }
    for (let i = 0; i < 20 && entries.length > 0; i++) {
      entries.push({ score: pick([1, 2, 3] as const), row: pick(entries).row });
    }
    outbox.enqueue(day.pipeline, day.date);
    // wait until this push has landed (possibly after retries) before the next batch
    for (let waited = 0; outbox.get(day.pipeline, day.date)!.state !== 'sent'; waited += 20) {
      const entry = outbox.get(day.pipeline, day.date)!;
      if (entry.state === 'failed' && entry.nextAttemptAt === null) {
        throw new Error(`push ${push} of ${key} stopped retrying: ${entry.reason}`);
      }
      if (waited > 600_000) throw new Error(`push ${push} of ${key} stuck in ${entry.state}: ${entry.reason}`);
      await sleep(20);
    }
    if (process.env.SOAK_VERBOSE)
      console.error(`push ${push + 1}/${PUSHES} ${key}: sent (${attempts} attempts so far)`);
  }
  await restarting;
  if (!sshd.running()) await sshd.start();
  await outbox.drain();
  await outbox.stop();
  const seconds = (Date.now() - started) / 1000;

  let scored = 0;
  let onNode = 0;
  let duplicates = 0;
  let losses = 0;
  let extras = 0;
  let benignExpected = 0;
  let benignRead = 0;
  let notSent = 0;
  for (const day of days) {
    const entries = audit.get(`${day.pipeline}/${day.date}`)!;
    if (entries.length === 0) continue;
    if (outbox.get(day.pipeline, day.date)?.state !== 'sent') notSent++;
    const latest = new Map<string, number>();
    for (const e of entries) latest.set(rowKey(day.pipeline, e.row), e.score);
    scored += latest.size;
    benignExpected += [...latest.values()].filter((s) => s === 3).length;
    const text = readFileSync(join(sshd.hdfsRoot, feedbackRemotePath(day.pipeline, day.date, target)), 'utf8');
    benignRead += readFeedbackFileAsSpotMl(day.pipeline, text).length;
    // the expected line of every row, to recognise lines on the node
    const expectedLines = new Map<string, { key: string; score: number }>();
    const body = buildFeedbackFile(day.pipeline, entries).split('\n').slice(1, -1);
    const keys = [...latest.keys()];
    body.forEach((line, i) => expectedLines.set(line, { key: keys[i]!, score: latest.get(keys[i]!)! }));
    const seen = new Map<string, number>();
    const lines = text.split('\n').slice(1, -1);
    onNode += lines.length;
    for (const line of lines) {
      const hit = expectedLines.get(line);
      if (!hit) {
        extras++;
        continue;
      }
      seen.set(hit.key, (seen.get(hit.key) ?? 0) + 1);
    }
    for (const n of seen.values()) if (n > 1) duplicates += n - 1;
    for (const key of keys) if (!seen.has(key)) losses++;
  }

  const figures = {
    pushes,
    attempts,
    failedAttempts: failures,
    sshdRestarts: restarts,
    seconds: Number(seconds.toFixed(1)),
    rowsScored: scored,
    rowsOnNode: onNode,
    duplicates,
    losses,
    // a line that is not the latest line of a scored row (a stale score, a corrupt or foreign line)
    staleOrUnknownLines: extras,
    benignRowsExpected: benignExpected,
    benignRowsSpotMlReads: benignRead,
    daysNotSent: notSent,
  };
  console.log(JSON.stringify(figures, null, 2));
  console.log('failure reasons:');
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${n}\t${reason}`);
  const ok =
    duplicates === 0 &&
    losses === 0 &&
    extras === 0 &&
    notSent === 0 &&
    scored === onNode &&
    benignRead === benignExpected;
  console.log(ok ? 'OK: 0 duplicates, 0 losses' : 'FAILED');
  process.exitCode = ok ? 0 : 1;
}

main().then(
  () => process.exit(),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
