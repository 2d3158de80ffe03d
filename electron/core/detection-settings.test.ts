/**
 * The detection settings reach the detectors: a small raw flow day in a local tree, scored through the core API
 * ("Score this day", the worker the app and the CLI use) with the saved settings. A long connection to an outside
 * host is a finding; once the settings name that host as infrastructure, the same day scores without it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowRow, officeFlows, writeRawDay } from './ml/test-day';
import { resultsPath } from './sources/local';
import { useTestCore } from './test-core';

const DATE = '2026-03-05';
const LONG = { sip: '10.0.0.7', dip: '203.0.113.9' };

let root: string;

async function scoreFlowDay(): Promise<{ message: string; findings: { detector: string; keys: object }[] }> {
  const job = await t.core.jobs.wait((await t.core.handlers['ml.score']({ pipeline: 'flow', date: DATE })).id);
  if (job.status !== 'done') throw new Error(`${job.title}: ${job.status} ${job.error ?? ''}`);
  const file = path.join(path.dirname(resultsPath(root, 'flow', DATE)), 'flow_detections.json');
  const document = JSON.parse(fs.readFileSync(file, 'utf8')) as { detections: { detector: string; keys: object }[] };
  return { message: job.message, findings: document.detections };
}

async function saveSettings(settings: object): Promise<void> {
  const saved = await t.core.handlers['settings.save']({ settings });
  if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
}

const t = useTestCore({
  per: 'file',
  prefix: 'spot-detection-settings-',
  dataSubdir: 'data',
  prepare: (dir) => {
    root = path.join(dir, 'tree');
    writeRawDay(root, 'flow', DATE, [
      ...officeFlows(DATE, 400),
      flowRow(DATE, { ...LONG, sport: 50123, dport: 8443, hour: 2, ibyt: 90_000, ipkt: 400, tdur: 5 * 3600 }),
    ]);
  },
});

describe('detection settings in a scoring run', () => {
  it('an infrastructure host in the settings silences the finding on it', async () => {
    await saveSettings({ local: { root } });
    const before = await scoreFlowDay();
    expect(before.findings).toContainEqual(
      expect.objectContaining({ detector: 'flow/long_connection', keys: { srcip: LONG.sip, dstip: LONG.dip } }),
    );
    expect(before.message).toMatch(/flow 2026-03-05: \d+ suspicious rows imported/);

    await saveSettings({ local: { root }, detection: { infrastructureHosts: [LONG.dip] } });
    const after = await scoreFlowDay();
    expect(after.findings.filter((f) => f.detector === 'flow/long_connection')).toEqual([]);
  }, 120_000);

  it('a never-included subnet does too, and an always-included address brings it back', async () => {
    await saveSettings({ local: { root }, detection: { neverIncludedSubnets: ['10.0.0.0/24'] } });
    expect((await scoreFlowDay()).findings.filter((f) => f.detector === 'flow/long_connection')).toEqual([]);

    await saveSettings({
      local: { root },
      detection: { neverIncludedSubnets: ['10.0.0.0/24'], alwaysIncludedSubnets: [LONG.sip] },
    });
    expect((await scoreFlowDay()).findings).toContainEqual(
      expect.objectContaining({ detector: 'flow/long_connection', keys: { srcip: LONG.sip, dstip: LONG.dip } }),
    );
  }, 120_000);
});
