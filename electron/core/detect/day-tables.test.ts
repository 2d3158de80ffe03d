import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../../../shared/schema';
import { Duck } from '../pipeline/duck';
import { createDayTables } from './day-tables';
import { benignDay, dnscat2, iodine } from './dns/fixtures';
import { networkSettings } from './network';
import { DETECTORS } from './registry';
import { runDetectors } from './run';
import { loadEvents, type EventRow } from './testing';

async function findings(pipeline: Pipeline, rows: readonly EventRow[], dayTables: boolean) {
  const duck = await Duck.open({ memoryLimit: '512MB', threads: 1 });
  try {
    await loadEvents(duck, pipeline, rows);
    const network = networkSettings({});
    const made = dayTables ? await createDayTables(duck, pipeline, network) : false;
    expect(made).toBe(dayTables);
    const run = await runDetectors(duck, DETECTORS[pipeline], { pipeline, date: '2026-01-01', network, dayTables });
    expect(run.failed).toEqual([]);
    return run.findings;
  } finally {
    duck.close();
  }
}

const T = 1_764_547_200;
const flow = (ts: number, sip: string, dip: string, dport: number, extra: EventRow = {}): EventRow => ({
  ts,
  sip,
  dip,
  sport: 40000 + (Math.floor(ts) % 20000),
  dport,
  proto: 'TCP',
  flag: '.AP.SF',
  ipkt: 10,
  ibyt: 1500,
  opkt: 12,
  obyt: 20000,
  tdur: 1.5,
  ...extra,
});

/** Twelve hosts browsing common servers, with DNS to the gateway; a beacon every 300 s, a sweep, a flood. */
function flowDay(): EventRow[] {
  const rows: EventRow[] = [];
  for (let h = 0; h < 12; h++)
    for (let i = 0; i < 40; i++) {
      rows.push(flow(T + h * 97 + i * 613, `10.0.0.${h + 10}`, `203.0.113.${(i % 5) + 1}`, 443));
      rows.push(flow(T + h * 89 + i * 601, `10.0.0.${h + 10}`, '10.0.0.1', 53, { proto: 'UDP', flag: '' }));
    }
  for (let i = 0; i < 200; i++)
    rows.push(flow(T + i * 300 + (i % 3), '10.0.0.30', '198.51.100.9', 8443, { ibyt: 400, obyt: 900 }));
  for (let i = 0; i < 40; i++)
    rows.push(
      flow(T + 5000 + i, '10.0.0.31', `10.0.5.${i + 1}`, 22, {
        flag: '....S.',
        ipkt: 1,
        ibyt: 44,
        opkt: 0,
        obyt: 0,
        tdur: 0,
      }),
    );
  for (let i = 0; i < 3000; i++)
    rows.push(
      flow(T + 9000 + i * 0.05, `198.18.${i % 50}.${i % 200}`, '10.0.0.80', 80, {
        flag: '....S.',
        ipkt: 1,
        ibyt: 60,
        opkt: 0,
        obyt: 0,
        tdur: 0,
      }),
    );
  return rows;
}

describe('day tables', () => {
  it('DNS detectors find the same reading the day tables as computing the query rows themselves', async () => {
    const rows = [...benignDay(), ...iodine('10.0.1.50'), ...dnscat2('10.0.1.51')];
    const alone = await findings('dns', rows, false);
    expect(alone.length).toBeGreaterThan(0);
    expect(await findings('dns', rows, true)).toEqual(alone);
  });

  it('flow detectors find the same reading the day table as computing flowKnowledge themselves', async () => {
    const rows = flowDay();
    const alone = await findings('flow', rows, false);
    expect(alone.length).toBeGreaterThan(0);
    expect(await findings('flow', rows, true)).toEqual(alone);
  });
});
