// The investigation operations end to end through the real core: raw CSV on disk, DuckDB, SQLite, jobs.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobState } from '../../../shared/api';
import { stixBundleProblems } from '../report/stix-schema';
import { searchFile } from './search-cache';
import { dnsRow, flowRow, proxyRow, writeRawDay } from './test-tree';
import { useTestCore } from '../test-core';

const D = '2026-11-24';
const C2 = '10.10.7.43';
const DNS_CLIENT = '10.10.5.120';

async function finished(job: JobState | null): Promise<void> {
  if (!job) return;
  for (;;) {
    const state = t.core.jobs.list().find((j) => j.id === job.id)!;
    if (state.status !== 'running') {
      expect(state.error ?? state.status).toBe('done');
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

const t = useTestCore({
  per: 'file',
  prefix: 'spot-desk-inv-',
  prepare: (dir) => {
    const sample = join(dir, 'sample');
    const rows = [];
    for (let i = 0; i < 12; i++) {
      const mm = String(i * 5).padStart(2, '0');
      rows.push(flowRow(`${D} 00:${mm}:11`, C2, '203.0.113.77', 50000 + i, 443, 4, 320));
      rows.push(flowRow(`${D} 00:${mm}:12`, '203.0.113.77', C2, 443, 50000 + i, 3, 190));
    }
    rows.push(flowRow(`${D} 03:00:00`, C2, '10.1.0.10', 51000, 445, 5, 400));
    writeRawDay(sample, 'flow', D, rows);
    writeRawDay(sample, 'proxy', D, [proxyRow(D, '10:00:00', '10.0.0.5', 'evil.com/x', 'google.com/')]);
    const midnight = Date.parse(`${D}T00:00:00Z`) / 1000;
    writeRawDay(
      sample,
      'dns',
      D,
      Array.from({ length: 6 }, (_, i) => dnsRow(midnight + 600 * i, DNS_CLIENT, `q${i}.tunnel.example.com`)),
    );
  },
});

describe('investigation operations', () => {
  it('searches as a job, caches the result, saves, re-saves without duplicates, and builds the storyboard', async () => {
    const h = t.core.handlers;
    expect(await h['investigation.result']({ pipeline: 'flow', date: D, anchor: C2 })).toBeNull();
    await expect(
      h['investigation.save']({ pipeline: 'flow', date: D, anchor: C2, title: 't', text: '' }),
    ).rejects.toThrow(/run the expanded search/);
    const started = await h['investigation.search']({ pipeline: 'flow', date: D, anchor: C2, refresh: false });
    expect(started.cached).toBe(false);
    await finished(started.job);
    const again = await h['investigation.search']({ pipeline: 'flow', date: D, anchor: C2, refresh: false });
    expect(again).toEqual({ job: null, cached: true });
    const result = (await h['investigation.result']({ pipeline: 'flow', date: D, anchor: C2 }))!;
    expect(result.total).toBe(25);

    const title = `C2 beacon to "203.0.113.77" (O'Brien)`;
    await h['investigation.save']({ pipeline: 'flow', date: D, anchor: C2, title: 'first', text: 'x' });
    await h['investigation.save']({ pipeline: 'flow', date: D, anchor: C2, title, text: 'every 5 minutes' });
    expect(await h['storyboard.list']({ pipeline: 'flow', date: D })).toEqual([
      { anchor: C2, kind: 'ip', title, text: 'every 5 minutes' },
    ]);
    const timeline = await h['table.rows']({ table: 'flow_timeline', date: D, limit: 100, offset: 0 });
    expect(timeline.total).toBe(25);

    const detail = await h['storyboard.detail']({ pipeline: 'flow', date: D, anchor: C2 });
    expect(detail.tree!.children.map((c) => [c.name, c.value])).toEqual([
      ['Inbound Only', 0],
      ['Outbound Only', 1],
      ['two way', 1],
    ]);
    expect(detail.impact!.value).toBe(25);
    expect(detail.timeline.filter((c) => c.lane === '203.0.113.77')).toHaveLength(12);
    expect(detail.globe).not.toBeNull();

    const candidates = await h['investigation.candidates']({ pipeline: 'flow', date: D });
    expect(candidates.scored.find((c) => c.anchor === C2)?.saved).toBe(true);

    const pdf = await h['export.storyboard']({ pipeline: 'flow', date: D, format: 'pdf', tlp: 'AMBER' });
    expect(pdf.mimeType).toBe('application/pdf');
    if (existsSync('/usr/bin/pdftotext')) {
      const file = join(t.dir, pdf.filename);
      writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      expect(text).toContain(title);
      expect(text).toContain('TLP:AMBER');
    }
    const html = Buffer.from(
      (await h['export.storyboard']({ pipeline: 'flow', date: D, anchor: C2, format: 'html', tlp: 'AMBER' })).base64,
      'base64',
    ).toString();
    expect(html).toContain('C2 beacon to &quot;203.0.113.77&quot; (O&#39;Brien)');
    expect(html).toContain('25 of 25 evidence row(s) shown'); // the cached search's rows

    const iocs = await h['export.storyboard']({ pipeline: 'flow', date: D, format: 'csv', tlp: 'AMBER' });
    expect(iocs).toMatchObject({ filename: 'flow-iocs-2026-11-24.csv', mimeType: 'text/csv' });
    const csv = Buffer.from(iocs.base64, 'base64').toString();
    expect(csv.split('\r\n')[0]).toBe('type,value,threat,anchor,count,first_seen,last_seen');
    // The external peer is an indicator; the internal anchor and internal peer are victims, not indicators.
    expect(csv).toContain(`ipv4-addr,203.0.113.77,`);
    expect(csv).not.toContain('ipv4-addr,10.');
    const stix = await h['export.storyboard']({
      pipeline: 'flow',
      date: D,
      anchor: C2,
      format: 'stix',
      tlp: 'GREEN',
      analyst: 'Ана',
    });
    expect(stix.filename).toBe('flow-iocs-2026-11-24-10.10.7.43.json');
    const bundle = JSON.parse(Buffer.from(stix.base64, 'base64').toString()) as {
      objects: Array<Record<string, unknown>>;
    };
    expect(stixBundleProblems(bundle)).toEqual([]);
    expect(bundle.objects.filter((o) => o.type === 'indicator').map((o) => o.pattern)).toEqual([
      "[ipv4-addr:value = '203.0.113.77']",
    ]);
    expect(bundle.objects.find((o) => o.type === 'identity')).toMatchObject({ name: 'Ана' });
    expect(bundle.objects.find((o) => o.type === 'marking-definition')).toMatchObject({ name: 'TLP:GREEN' });

    expect(await h['storyboard.delete']({ pipeline: 'flow', date: D, anchor: C2 })).toEqual({ deleted: true });
    expect((await h['table.rows']({ table: 'flow_timeline', date: D, limit: 100, offset: 0 })).total).toBe(0);
  });

  it('saves a proxy threat with its timeline and progression', async () => {
    const h = t.core.handlers;
    const started = await h['investigation.search']({
      pipeline: 'proxy',
      date: D,
      anchor: 'evil.com/x',
      refresh: false,
    });
    await finished(started.job);
    await h['investigation.save']({ pipeline: 'proxy', date: D, anchor: 'evil.com/x', title: 'drive-by', text: '' });
    const detail = await h['storyboard.detail']({ pipeline: 'proxy', date: D, anchor: 'evil.com/x' });
    expect(detail.progression!.columns[0]).toEqual({ name: 'Referer', values: ['google.com/'] });
    expect(detail.timeline).toEqual([{ lane: '10.0.0.5', minute: `${D} 10:00`, count: 1, detail: { '200': 1 } }]);
  });

  it('a DNS threat whose search was cached before maps and timelines existed is searched again for them', async () => {
    const h = t.core.handlers;
    const started = await h['investigation.search']({ pipeline: 'dns', date: D, anchor: DNS_CLIENT, refresh: false });
    await finished(started.job);
    await h['investigation.save']({ pipeline: 'dns', date: D, anchor: DNS_CLIENT, title: 'tunnel', text: '' });
    const current = await h['storyboard.detail']({ pipeline: 'dns', date: D, anchor: DNS_CLIENT });
    expect(current.timeline.length).toBeGreaterThan(0);
    // The same search as an older version cached it: no per-minute timeline.
    const file = searchFile(join(t.dataDir, 'investigation'), {
      pipeline: 'dns',
      start: D,
      end: D,
      anchor: DNS_CLIENT,
    });
    const { timeline, ...old } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(timeline).toBeDefined();
    writeFileSync(file, JSON.stringify(old));
    const detail = await h['storyboard.detail']({ pipeline: 'dns', date: D, anchor: DNS_CLIENT });
    expect(detail.timeline).toEqual(current.timeline);
    expect(detail.globe).toEqual(current.globe);
    // The refreshed search is cached: the next read needs no search.
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('timeline');
    expect(t.core.jobs.list().filter((j) => j.title.includes(DNS_CLIENT))).toHaveLength(2);
  });

  it("keeps the storyboard's High mark when the analyst scores an unrelated row, and after undo", async () => {
    const h = t.core.handlers;
    const uri = 'evil.com/x';
    // The proxy day in the cache: the saved threat's URI is not among its rows; one unrelated row is.
    t.core.cache.write.replaceDay({
      pipeline: 'proxy',
      date: D,
      source: 'test',
      tables: { proxy_scores: [{ tdate: D, time: '11:00:00', clientip: '10.0.0.9', fulluri: 'intranet.acme.com/' }] },
    });
    const marked = async (): Promise<string[]> =>
      (await h['table.rows']({ table: 'proxy_threat_investigation', date: D, limit: 100, offset: 0 })).rows
        .filter((r) => r[2] === 1)
        .map((r) => String(r[1]));
    await finished((await h['investigation.search']({ pipeline: 'proxy', date: D, anchor: uri, refresh: false })).job);
    await h['investigation.save']({ pipeline: 'proxy', date: D, anchor: uri, title: 'drive-by', text: '' });
    expect(await marked()).toEqual([uri]);

    const scored = await h['scores.apply']({ pipeline: 'proxy', date: D, target: { rows: [0] }, score: 3, note: '' });
    expect(await marked()).toEqual([uri]);
    expect((await h['investigation.candidates']({ pipeline: 'proxy', date: D })).scored).toEqual([
      {
        anchor: uri,
        kind: 'uri',
        origin: 'scored',
        saved: true,
        rows: 1,
        reason: 'High (1) by the analyst: 1 row scored 1 or saved as a threat',
      },
    ]);
    const high = await h['scores.apply']({
      pipeline: 'proxy',
      date: D,
      target: { rows: [0] },
      score: 1,
      note: 'escalated',
    });
    expect((await marked()).sort()).toEqual(['evil.com/x', 'intranet.acme.com/']);
    await h['scores.undo']({ auditId: high.id });
    await h['scores.undo']({ auditId: scored.id });
    expect(await marked()).toEqual([uri]);
    // Saving the threat again does not mark it twice.
    await h['investigation.save']({ pipeline: 'proxy', date: D, anchor: uri, title: 'drive-by 2', text: '' });
    expect(await marked()).toEqual([uri]);
  });

  it('exports any table as CSV', async () => {
    const file = await t.core.handlers['export.csv']({ name: 'rows', columns: ['a'], rows: [['=1+1']] });
    expect(Buffer.from(file.base64, 'base64').toString()).toBe("a\r\n'=1+1\r\n");
  });
});
