/**
 * The feedback outbox: one entry per (pipeline, day) whose ml_feedback.csv must reach the ML node, with
 * retries and backoff. States: saved (scores stored locally, no push asked) → queued → sending → sent, or
 * failed(reason) — retried automatically when the cause may go away (node down, connection dropped), left for
 * the analyst when it will not (host key, authentication, permissions).
 *
 * The outbox never holds file content: each attempt asks `send` to regenerate the whole file from the audit
 * log, so the last push always carries the latest scores and a retry can neither duplicate nor lose rows.
 * Storage is an interface so the integrator can back it with SQLite (MemoryOutboxStore is for tests/tools).
 */
import type { Pipeline } from '../../../shared/schema';
import { CancelledError } from '../errors';

export type OutboxState = 'saved' | 'queued' | 'sending' | 'sent' | 'failed';

export interface OutboxEntry {
  pipeline: Pipeline;
  /** YYYY-MM-DD */
  date: string;
  state: OutboxState;
  /** Why the last attempt failed (secret-free text), else null. */
  reason: string | null;
  /** Consecutive failed attempts since the last success. */
  attempts: number;
  /** Epoch ms of the next automatic attempt; null = none scheduled (saved, sent, or needs the analyst). */
  nextAttemptAt: number | null;
  /** Bumped on every change of the day's scores; "sent" means this generation reached the node. */
  generation: number;
  sentGeneration: number | null;
  /** Where and what was last pushed successfully. */
  sentPath: string | null;
  sentHash: string | null;
  sentAt: number | null;
  updatedAt: number;
}

/** Persistence for outbox entries, keyed by (pipeline, date). Synchronous, like better-sqlite3. */
export interface OutboxStore {
  get(pipeline: Pipeline, date: string): OutboxEntry | undefined;
  put(entry: OutboxEntry): void;
  list(): OutboxEntry[];
}

export class MemoryOutboxStore implements OutboxStore {
  private readonly entries = new Map<string, OutboxEntry>();
  get(pipeline: Pipeline, date: string): OutboxEntry | undefined {
    const e = this.entries.get(`${pipeline}/${date}`);
    return e ? { ...e } : undefined;
  }
  put(entry: OutboxEntry): void {
    this.entries.set(`${entry.pipeline}/${entry.date}`, { ...entry });
  }
  list(): OutboxEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }
}

export interface RetryPolicy {
  /** First retry delay (default 5 s). */
  baseMs: number;
  /** Cap (default 15 min). */
  maxMs: number;
  /** ± fraction of the delay randomised so many desks do not retry in step (default 0.2). */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 5_000, maxMs: 15 * 60_000, jitter: 0.2 };

/**
 * Delay before attempt `attempt + 1` after `attempt` consecutive failures (attempt >= 1): exponential,
 * base·2^(attempt−1), capped, then spread by ±jitter using `random` ∈ [0, 1) (0.5 = no spread).
 * 5 s, 10 s, 20 s, 40 s, … 15 min with the defaults.
 */
export function nextAttemptDelay(attempt: number, random = 0.5, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2^(n-1) overflows to Infinity long after the cap; Math.min handles it
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** (n - 1));
  const spread = 1 + policy.jitter * (2 * Math.min(Math.max(random, 0), 1) - 1);
  return Math.round(raw * spread);
}

/** Whether a failure may go away by itself. SshError carries `retryable`; anything else is treated as a
 * problem the analyst must fix (a bad setting, a bug), so it is not retried in a loop. */
export function isRetryable(err: unknown): boolean {
  return (err as { retryable?: unknown } | null)?.retryable === true;
}

export interface SendResult {
  path: string;
  /** e.g. sha256 of the pushed file, shown in the status and used to tell "already up to date" */
  hash?: string;
}

/** Regenerates the day's file from the audit log and pushes it. */
export type OutboxSender = (pipeline: Pipeline, date: string, signal: AbortSignal) => Promise<SendResult>;

export interface OutboxOptions {
  now?: () => number;
  random?: () => number;
  policy?: RetryPolicy;
  /** Stop retrying automatically after this many consecutive failures (default 50, ~12 h with the defaults). */
  maxAttempts?: number;
  onChange?: (entry: OutboxEntry) => void;
  /** An attempt still running after this long is aborted and retried (default 10 min): a safety net
   * against a connection that hangs without dropping. */
  attemptTimeoutMs?: number;
}

export class Outbox {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly policy: RetryPolicy;
  private readonly maxAttempts: number;
  private readonly inFlight = new Map<string, Promise<OutboxEntry>>();
  private timer: NodeJS.Timeout | null = null;
  private loopAbort: AbortController | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly store: OutboxStore,
    private readonly send: OutboxSender,
    private readonly options: OutboxOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.policy = options.policy ?? DEFAULT_RETRY_POLICY;
    this.maxAttempts = options.maxAttempts ?? 50;
  }

  get(pipeline: Pipeline, date: string): OutboxEntry | undefined {
    return this.store.get(pipeline, date);
  }

  list(): OutboxEntry[] {
    return this.store.list();
  }

  private blank(pipeline: Pipeline, date: string): OutboxEntry {
    return {
      pipeline,
      date,
      state: 'saved',
      reason: null,
      attempts: 0,
      nextAttemptAt: null,
      generation: 0,
      sentGeneration: null,
      sentPath: null,
      sentHash: null,
      sentAt: null,
      updatedAt: this.now(),
    };
  }

  private write(entry: OutboxEntry): OutboxEntry {
    entry.updatedAt = this.now();
    this.store.put(entry);
    this.options.onChange?.({ ...entry });
    return entry;
  }

  /** The day's scores changed and are stored locally; no push requested (auto-push off). */
  markSaved(pipeline: Pipeline, date: string): OutboxEntry {
    const entry = this.store.get(pipeline, date) ?? this.blank(pipeline, date);
    entry.generation++;
    // A running send finishes first and then sees the newer generation; a push already queued or awaiting a
    // retry stays so (it regenerates the file, so it carries these scores too).
    if (entry.state === 'sent' || entry.state === 'saved') {
      entry.state = 'saved';
      entry.nextAttemptAt = null;
    }
    return this.write(entry);
  }

  /** The day's scores changed (or the analyst clicked Push): push the regenerated file as soon as possible. */
  enqueue(pipeline: Pipeline, date: string): OutboxEntry {
    const entry = this.store.get(pipeline, date) ?? this.blank(pipeline, date);
    entry.generation++;
    if (entry.state !== 'sending') {
      entry.state = 'queued';
      entry.attempts = 0;
      entry.reason = null;
      entry.nextAttemptAt = this.now();
    }
    const written = this.write(entry);
    this.kick();
    return written;
  }

  /** After the analyst fixed the cause (trusted a key, fixed permissions): try again now. */
  retryNow(pipeline: Pipeline, date: string): OutboxEntry | undefined {
    const entry = this.store.get(pipeline, date);
    if (!entry || entry.state === 'sending') return entry;
    entry.state = 'queued';
    entry.attempts = 0;
    entry.nextAttemptAt = this.now();
    const written = this.write(entry);
    this.kick();
    return written;
  }

  /** At start-up: a push that was running when the app stopped is queued again (its file may be half-sent on
   * the node's staging side, never in the target, and the next push rewrites it whole). */
  recover(): void {
    for (const entry of this.store.list()) {
      if (entry.state === 'sending') {
        entry.state = 'queued';
        entry.nextAttemptAt = this.now();
        this.write(entry);
      }
    }
  }

  /** Entries whose automatic attempt is due at `now`. */
  due(now = this.now()): OutboxEntry[] {
    return this.store
      .list()
      .filter(
        (e) => (e.state === 'queued' || e.state === 'failed') && e.nextAttemptAt !== null && e.nextAttemptAt <= now,
      )
      .sort((a, b) => a.nextAttemptAt! - b.nextAttemptAt!);
  }

  /** Pushes one day now, whatever its schedule; concurrent calls for the same day share one attempt. */
  sendNow(pipeline: Pipeline, date: string, signal?: AbortSignal): Promise<OutboxEntry> {
    const key = `${pipeline}/${date}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const attempt = this.attempt(pipeline, date, signal ?? new AbortController().signal).finally(() =>
      this.inFlight.delete(key),
    );
    this.inFlight.set(key, attempt);
    return attempt;
  }

  private async attempt(pipeline: Pipeline, date: string, outer: AbortSignal): Promise<OutboxEntry> {
    const limit = this.options.attemptTimeoutMs ?? 10 * 60_000;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), limit);
    try {
      return await this.attemptWithin(pipeline, date, outer, AbortSignal.any([outer, timeout.signal]), limit);
    } finally {
      clearTimeout(timer);
    }
  }

  private async attemptWithin(
    pipeline: Pipeline,
    date: string,
    outer: AbortSignal,
    signal: AbortSignal,
    limit: number,
  ): Promise<OutboxEntry> {
    const start = this.store.get(pipeline, date) ?? this.blank(pipeline, date);
    const generation = start.generation;
    start.state = 'sending';
    start.nextAttemptAt = null;
    this.write(start);
    try {
      // the race makes a sender that ignores the signal still give up at the limit
      const result = await Promise.race([
        this.send(pipeline, date, signal),
        new Promise<never>((_, reject) => {
          const onAbort = (): void => reject(signal.reason ?? new CancelledError());
          if (signal.aborted) onAbort();
          else signal.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
      const entry = this.store.get(pipeline, date) ?? start;
      entry.sentGeneration = generation;
      entry.sentPath = result.path;
      entry.sentHash = result.hash ?? null;
      entry.sentAt = this.now();
      entry.attempts = 0;
      entry.reason = null;
      if (entry.generation === generation) {
        entry.state = 'sent';
        entry.nextAttemptAt = null;
      } else {
        // scores changed while we were sending: push again with the newer file
        entry.state = 'queued';
        entry.nextAttemptAt = this.now();
      }
      return this.write(entry);
    } catch (err) {
      const entry = this.store.get(pipeline, date) ?? start;
      if (outer.aborted || (err instanceof CancelledError && !signal.aborted)) {
        entry.state = 'queued';
        entry.nextAttemptAt = this.now();
        return this.write(entry);
      }
      const timedOut = signal.aborted;
      entry.attempts++;
      entry.state = 'failed';
      entry.reason = timedOut
        ? `push timed out after ${limit / 1000} s`
        : err instanceof Error
          ? err.message
          : String(err);
      const retryable = timedOut || isRetryable(err);
      const retry = retryable && entry.attempts < this.maxAttempts;
      entry.nextAttemptAt = retry ? this.now() + nextAttemptDelay(entry.attempts, this.random(), this.policy) : null;
      if (retryable && !retry) entry.reason += ` (gave up after ${entry.attempts} attempts; retry by hand)`;
      return this.write(entry);
    }
  }

  /** Attempts every due entry, one at a time. */
  async runDue(signal?: AbortSignal): Promise<OutboxEntry[]> {
    const done: OutboxEntry[] = [];
    for (const entry of this.due()) {
      if (signal?.aborted) break;
      done.push(await this.sendNow(entry.pipeline, entry.date, signal));
    }
    return done;
  }

  /** Runs due pushes in the background, checking every `pollMs` and right after enqueue/retryNow. */
  start(pollMs = 1_000): void {
    if (this.loopAbort) return;
    this.loopAbort = new AbortController();
    this.recover();
    const tick = (): void => {
      if (!this.loopAbort) return;
      this.timer = null;
      const signal = this.loopAbort.signal;
      this.running = this.runDue(signal)
        .then(() => undefined)
        .catch(() => undefined)
        .finally(() => {
          this.running = null;
          if (this.loopAbort && !this.timer) this.timer = setTimeout(tick, pollMs);
        });
    };
    this.tick = tick;
    tick();
  }

  private tick: (() => void) | null = null;

  private kick(): void {
    if (!this.loopAbort || this.running || !this.tick) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.tick();
  }

  /** Stops the background loop and cancels a running push (it goes back to queued). */
  async stop(): Promise<void> {
    this.loopAbort?.abort();
    this.loopAbort = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Resolves once no entry is queued, sending or due for an automatic retry (tests, the soak script). */
  async drain(): Promise<void> {
    for (;;) {
      const pending = this.store
        .list()
        .filter(
          (e) => e.state === 'queued' || e.state === 'sending' || (e.state === 'failed' && e.nextAttemptAt !== null),
        );
      if (pending.length === 0) return;
      const wait = Math.min(
        ...pending.map((e) => (e.state === 'sending' ? 50 : Math.max(0, (e.nextAttemptAt ?? 0) - this.now()))),
      );
      await new Promise((resolve) => setTimeout(resolve, Math.max(10, Math.min(wait, 1_000))));
      if (!this.loopAbort) await this.runDue();
    }
  }
}
