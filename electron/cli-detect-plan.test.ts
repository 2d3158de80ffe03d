// The dry run (detect.plan, the CLI's `detect --dry-run`): each detector's statement for the settings' engine and
// database, nothing sent; bad input refused at the door naming the field.
import { describe, expect, it } from 'vitest';
import { formatPlan } from './cli';
import { DETECTORS } from './core/detect/registry';
import { useTestCore } from './core/test-core';

const t = useTestCore({ per: 'test', prefix: 'spot-plan-' });

type Plan = Parameters<typeof formatPlan>[0];

describe('detect.plan (dry run)', () => {
  it('prints one partition-pruned statement per detector for the settings’ engine, or why it cannot run', async () => {
    const result = await t.dispatch('detect.plan', { pipeline: 'proxy', date: '2026-03-07' });
    if (!result.ok) throw new Error(result.error.message);
    const plan = result.value as Plan;
    // Default settings: Impala, database spot.
    expect(plan.engine).toBe('impala');
    expect(plan.database).toBe('spot');
    expect(plan.statements.map((s) => s.detector)).toEqual(DETECTORS.proxy.map((d) => d.id));
    const text = formatPlan(plan, 'proxy', '2026-03-07');
    expect(text.split('\n')[0]).toBe(
      `-- ${DETECTORS.proxy.length} detector statement(s) for proxy 2026-03-07, impala, database spot; ` +
        `each reads spot.proxy only for the day's partition`,
    );
    // Every detector runs on Impala: beaconing's quantiles as ROW_NUMBER()/COUNT() OVER picks (detect/quantiles.ts).
    expect(text).not.toContain('not run on');
    const statements = text.split(/^-- proxy\/\w+\n/m).slice(1);
    expect(statements).toHaveLength(DETECTORS.proxy.length);
    expect(statements.filter((s) => s.includes('row_number() OVER (PARTITION BY client, host ORDER BY'))).toHaveLength(
      1,
    );
    for (const s of statements) expect(s).toContain("FROM `spot`.`proxy` WHERE y = '2026' AND m = '03' AND d = '07')");
  });

  it('renders Hive on request and refuses a bad date or engine naming the field', async () => {
    const hive = await t.dispatch('detect.plan', { pipeline: 'flow', date: '2026-03-07', engine: 'hive' });
    if (!hive.ok) throw new Error(hive.error.message);
    expect((hive.value as Plan).statements.every((s) => s.sql?.includes(' RLIKE '))).toBe(true);
    const badDate = await t.dispatch('detect.plan', { pipeline: 'flow', date: '2026-02-30' });
    expect(badDate.ok ? '' : badDate.error.message).toMatch(/date/);
    const badEngine = await t.dispatch('detect.plan', {
      pipeline: 'flow',
      date: '2026-03-07',
      engine: 'x',
    });
    expect(badEngine.ok ? '' : badEngine.error.message).toMatch(/engine/);
  });
});
