import { describe, expect, it } from 'vitest';
import { SshError } from '../ssh/errors';
import { MemoryOutboxStore, Outbox, nextAttemptDelay, type OutboxSender } from './outbox';

describe('nextAttemptDelay', () => {
  it('doubles from 5 s and caps at 15 min', () => {
    expect([1, 2, 3, 4, 5].map((n) => nextAttemptDelay(n))).toEqual([5_000, 10_000, 20_000, 40_000, 80_000]);
    expect(nextAttemptDelay(9)).toBe(900_000);
    expect(nextAttemptDelay(10_000)).toBe(900_000);
    expect(nextAttemptDelay(0)).toBe(5_000);
  });

  it('spreads by ±20 % with the random value', () => {
    expect(nextAttemptDelay(1, 0)).toBe(4_000);
    expect(nextAttemptDelay(1, 0.999999)).toBe(6_000);
    expect(nextAttemptDelay(3, 0.25, { baseMs: 100, maxMs: 1_000, jitter: 0.5 })).toBe(300);
  });
});

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('Outbox', () => {
  it('queued → sending → sent, and records where it went', async () => {
    const c = clock();
    const states: string[] = [];
    const sent: string[] = [];
    const sender: OutboxSender = async (p, d) => {
      sent.push(`${p}/${d}`);
      return { path: `/user/spot/${p}/x`, hash: 'h1' };
    };
    const outbox = new Outbox(new MemoryOutboxStore(), sender, { now: c.now, onChange: (e) => states.push(e.state) });
    outbox.enqueue('flow', '2016-07-08');
    expect(outbox.due().map((e) => e.date)).toEqual(['2016-07-08']);
    await outbox.runDue();
    expect(sent).toEqual(['flow/2016-07-08']);
    expect(states).toEqual(['queued', 'sending', 'sent']);
    const entry = outbox.get('flow', '2016-07-08')!;
    expect(entry).toMatchObject({ state: 'sent', sentPath: '/user/spot/flow/x', sentHash: 'h1', attempts: 0 });
    expect(outbox.due()).toEqual([]);
  });

  it('retries a retryable failure with backoff, then succeeds', async () => {
    const c = clock();
    let failures = 2;
    const sender: OutboxSender = async () => {
      if (failures-- > 0) throw new SshError('connect-refused', 'node04', 22, 'SSH: connection to node04 refused');
      return { path: 'p' };
    };
    const outbox = new Outbox(new MemoryOutboxStore(), sender, { now: c.now, random: () => 0.5 });
    outbox.enqueue('dns', '2016-07-08');
    await outbox.runDue();
    let e = outbox.get('dns', '2016-07-08')!;
    expect(e).toMatchObject({ state: 'failed', attempts: 1, reason: 'SSH: connection to node04 refused' });
    expect(e.nextAttemptAt! - c.now()).toBe(5_000);
    c.advance(4_999);
    expect(outbox.due()).toEqual([]);
    c.advance(1);
    await outbox.runDue();
    e = outbox.get('dns', '2016-07-08')!;
    expect(e).toMatchObject({ state: 'failed', attempts: 2 });
    expect(e.nextAttemptAt! - c.now()).toBe(10_000);
    c.advance(10_000);
    await outbox.runDue();
    expect(outbox.get('dns', '2016-07-08')).toMatchObject({ state: 'sent', attempts: 0, reason: null });
  });

  it('does not loop on a failure the analyst must fix; retryNow tries again', async () => {
    const c = clock();
    let denied = true;
    const sender: OutboxSender = async () => {
      if (denied) throw new SshError('auth-failed', 'node04', 22, 'SSH: authentication as spot on node04 failed');
      return { path: 'p' };
    };
    const outbox = new Outbox(new MemoryOutboxStore(), sender, { now: c.now });
    outbox.enqueue('proxy', '2016-07-08');
    await outbox.runDue();
    expect(outbox.get('proxy', '2016-07-08')).toMatchObject({ state: 'failed', nextAttemptAt: null });
    c.advance(86_400_000);
    expect(outbox.due()).toEqual([]);
    denied = false;
    outbox.retryNow('proxy', '2016-07-08');
    await outbox.runDue();
    expect(outbox.get('proxy', '2016-07-08')!.state).toBe('sent');
  });

  it('scores changed during a push: pushes again afterwards', async () => {
    const c = clock();
    let release!: () => void;
    let calls = 0;
    const sender: OutboxSender = () => {
      calls++;
      return calls === 1
        ? new Promise((resolve) => (release = () => resolve({ path: 'p' })))
        : Promise.resolve({ path: 'p' });
    };
    const outbox = new Outbox(new MemoryOutboxStore(), sender, { now: c.now });
    outbox.enqueue('flow', '2016-07-08');
    const first = outbox.sendNow('flow', '2016-07-08');
    expect(outbox.get('flow', '2016-07-08')!.state).toBe('sending');
    outbox.enqueue('flow', '2016-07-08'); // a new score while sending
    expect(outbox.get('flow', '2016-07-08')!.state).toBe('sending');
    release();
    expect((await first).state).toBe('queued');
    await outbox.runDue();
    expect(calls).toBe(2);
    expect(outbox.get('flow', '2016-07-08')).toMatchObject({ state: 'sent', generation: 2, sentGeneration: 2 });
  });

  it('saved entries wait for a push; a crash mid-send is recovered as queued', async () => {
    const store = new MemoryOutboxStore();
    const outbox = new Outbox(store, async () => ({ path: 'p' }));
    outbox.markSaved('dns', '2016-07-09');
    expect(outbox.due()).toEqual([]);
    expect(outbox.get('dns', '2016-07-09')!.state).toBe('saved');
    store.put({ ...store.get('dns', '2016-07-09')!, state: 'sending' });
    const restarted = new Outbox(store, async () => ({ path: 'p' }));
    restarted.recover();
    expect(restarted.get('dns', '2016-07-09')!.state).toBe('queued');
    await restarted.runDue();
    expect(restarted.get('dns', '2016-07-09')!.state).toBe('sent');
  });

  it('gives up automatic retries after maxAttempts', async () => {
    const c = clock();
    const sender: OutboxSender = async () => {
      throw new SshError('timeout', 'node04', 22, 'SSH: node04 did not answer in time');
    };
    const outbox = new Outbox(new MemoryOutboxStore(), sender, { now: c.now, maxAttempts: 3 });
    outbox.enqueue('flow', '2016-07-08');
    for (let i = 0; i < 3; i++) {
      await outbox.runDue();
      c.advance(3_600_000);
    }
    const e = outbox.get('flow', '2016-07-08')!;
    expect(e).toMatchObject({ state: 'failed', attempts: 3, nextAttemptAt: null });
    expect(e.reason).toMatch(/gave up after 3 attempts/);
  });

  it('runs in the background and drains', async () => {
    let n = 0;
    const outbox = new Outbox(
      new MemoryOutboxStore(),
      async () => {
        n++;
        if (n === 1) throw new SshError('connection-lost', 'h', 22, 'lost');
        return { path: 'p' };
      },
      { policy: { baseMs: 20, maxMs: 100, jitter: 0 } },
    );
    outbox.start(10);
    outbox.enqueue('flow', '2016-07-08');
    outbox.enqueue('dns', '2016-07-08');
    await outbox.drain();
    await outbox.stop();
    expect(outbox.list().map((e) => e.state)).toEqual(['sent', 'sent']);
  });
});

describe('Outbox markSaved', () => {
  it('does not cancel a push that is already queued or waiting for a retry', async () => {
    const c = clock();
    let fail = true;
    const outbox = new Outbox(
      new MemoryOutboxStore(),
      async () => {
        if (fail) throw new SshError('connect-refused', 'h', 22, 'refused');
        return { path: 'p' };
      },
      { now: c.now, random: () => 0.5 },
    );
    outbox.enqueue('flow', '2016-07-08');
    await outbox.runDue();
    expect(outbox.markSaved('flow', '2016-07-08')).toMatchObject({ state: 'failed', generation: 2 });
    fail = false;
    c.advance(5_000);
    await outbox.runDue();
    expect(outbox.get('flow', '2016-07-08')).toMatchObject({ state: 'sent', sentGeneration: 2 });
    expect(outbox.markSaved('flow', '2016-07-08')).toMatchObject({ state: 'saved', generation: 3 });
  });
});

describe('Outbox attempt timeout', () => {
  it('a push that hangs is abandoned at the limit and retried', async () => {
    let calls = 0;
    const outbox = new Outbox(
      new MemoryOutboxStore(),
      (_p, _d, signal) => {
        calls++;
        if (calls === 1) return new Promise(() => void signal); // never settles, ignores the signal
        return Promise.resolve({ path: 'p' });
      },
      { attemptTimeoutMs: 50, policy: { baseMs: 10, maxMs: 10, jitter: 0 } },
    );
    outbox.enqueue('flow', '2016-07-08');
    await outbox.runDue();
    expect(outbox.get('flow', '2016-07-08')).toMatchObject({ state: 'failed', reason: 'push timed out after 0.05 s' });
    await outbox.drain();
    expect(outbox.get('flow', '2016-07-08')!.state).toBe('sent');
    expect(calls).toBe(2);
  });
});
