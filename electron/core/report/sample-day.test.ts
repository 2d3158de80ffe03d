/**
 * The DNS and proxy storyboard reports of the sample day, through the core API on a real data directory: threats
 * saved from real expanded searches, exported as the analyst would (IOC CSV, STIX 2.1, PDF printed by Chromium).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../../shared/schema';
import { createCore, type Core } from '../api';
import { registeredDomain } from '../enrich/domain';
import {
  DGA_CLIENT,
  MALWARE_SERVER,
  MALWARE_URI,
  MALWARE_CLIENT,
  SAMPLE_DATE,
  TUNNEL_CLIENT,
  TUNNEL_DOMAIN,
} from '../sample/scenarios';
import { stixBundleProblems } from './stix-schema';

let dir: string;
let core: Core;

async function runJob(start: Promise<{ id: string }>): Promise<void> {
  const job = await core.jobs.wait((await start).id);
  if (job.status !== 'done') throw new Error(`${job.title}: ${job.status} ${job.error ?? ''}`);
}

async function save(pipeline: Pipeline, anchor: string, title: string): Promise<void> {
  const started = await core.handlers['investigation.search']({ pipeline, date: SAMPLE_DATE, anchor, refresh: false });
  if (started.job) await runJob(Promise.resolve(started.job));
  await core.handlers['investigation.save']({ pipeline, date: SAMPLE_DATE, anchor, title, text: `${title}.` });
}

async function exported(pipeline: Pipeline, format: 'csv' | 'stix' | 'pdf', anchor?: string): Promise<Buffer> {
  const file = await core.handlers['export.storyboard']({
    pipeline,
    date: SAMPLE_DATE,
    format,
    anchor,
    tlp: 'AMBER',
    analyst: 'Ольга',
  });
  return Buffer.from(file.base64, 'base64');
}

/** The IOC CSV's domain-name values. */
function domainsOf(csv: string): string[] {
  return csv
    .split('\r\n')
    .filter((l) => l.startsWith('domain-name,'))
    .map((l) => l.split(',')[1]!);
}

/** Every DNS name the client queried on the day (its expanded search). */
async function queriesOf(client: string): Promise<string[]> {
  const search = (await core.handlers['investigation.result']({ pipeline: 'dns', date: SAMPLE_DATE, anchor: client }))!;
  const q = search.columns.indexOf('dnsQuery');
  return search.rows.map((r) => String(r[q]).replace(/\.$/, '').toLowerCase());
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-report-sample-'));
  core = createCore({ dataDir: dir, mode: 'browser', version: 'test' });
  await runJob(core.handlers['sample.load']({}));
  await save('dns', TUNNEL_CLIENT, 'DNS tunnel');
  await save('dns', DGA_CLIENT, 'DGA malware');
  await save('proxy', MALWARE_URI, 'Fake Flash update');
}, 900_000);

afterAll(async () => {
  await core?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('DNS client threat indicators on the sample day', () => {
  it("lists the tunnel's zone and the DGA names, and none of the clients' benign queries", async () => {
    const tunnel = domainsOf((await exported('dns', 'csv', TUNNEL_CLIENT)).toString('utf8'));
    expect(tunnel).toContain(TUNNEL_DOMAIN);
    const dga = domainsOf((await exported('dns', 'csv', DGA_CLIENT)).toString('utf8'));
    expect(dga.length).toBeGreaterThan(5);
    for (const [client, domains] of [
      [TUNNEL_CLIENT, tunnel],
      [DGA_CLIENT, dga],
    ] as const) {
      const queried = await queriesOf(client);
      const benign = queried.filter((q) => !domains.includes(registeredDomain(q)) && !domains.includes(q));
      // Each client made ordinary queries too: they stay out of the block list.
      expect(benign.length, client).toBeGreaterThan(0);
      for (const d of domains)
        expect(
          queried.some((q) => q === d || q.endsWith(`.${d}`)),
          d,
        ).toBe(true);
    }
  });

  it('puts them in a STIX bundle that validates', async () => {
    const bundle = JSON.parse((await exported('dns', 'stix')).toString('utf8')) as {
      objects: Array<Record<string, unknown>>;
    };
    expect(stixBundleProblems(bundle)).toEqual([]);
    expect(bundle.objects.map((o) => o.pattern)).toContain(`[domain-name:value = '${TUNNEL_DOMAIN}']`);
  });
});

/** The PDF's text (content order, spaces folded) and the most vector paths on one page (the map's countries). */
function readPdf(pdf: Buffer, name: string): { text: string; maxPaths: number; file: string } {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  let maxPaths = 0;
  for (let p = 1; p <= pages; p++) {
    const svg = path.join(dir, `${name}-${p}.svg`);
    execFileSync('pdftocairo', ['-svg', '-f', String(p), '-l', String(p), file, svg]);
    maxPaths = Math.max(maxPaths, (fs.readFileSync(svg, 'utf8').match(/<path /g) ?? []).length);
  }
  // The pages as pictures, to look at (SPOT_DESK_REPORT_SHOTS=folder).
  const shots = process.env.SPOT_DESK_REPORT_SHOTS;
  if (shots) execFileSync('pdftoppm', ['-r', '60', '-png', file, path.join(shots, name)]);
  return { text, maxPaths, file };
}

describe('DNS and proxy storyboard reports of the sample day', () => {
  it('DNS: a map of the resolved servers and a timeline of the queries with key events, per threat', async () => {
    const { text, maxPaths } = readPdf(await exported('dns', 'pdf'), 'dns-report');
    // One map and one timeline per threat, and the key events under each timeline.
    expect(text.match(/Map /g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(text).toContain('Timeline (UTC, one lane per domain');
    expect(text).toContain(`First activity: 10 queries with ${TUNNEL_DOMAIN}`);
    expect(text).toContain('First contact with domain northwindtraders.com');
    // The DGA's hundreds of one-off names are one lane of the chart, not an "others" lane.
    expect(text).toContain('First activity: 10 queries with NXDOMAIN names (NXDomain×10)');
    // Where the clients' ordinary names resolved is context on the map, not hosts of the incident.
    expect(text).toMatch(/Hosts 2 internal hosts \(10\.10\.5\.120, 192\.168\.20\.57\); 0 external addresses/);
    expect(text).toMatch(/located endpoint\(s\)/);
    expect(maxPaths).toBeGreaterThan(150);
  });

  it("proxy: a map of the server and the clients, and the requests' timeline", async () => {
    const { text, maxPaths } = readPdf(await exported('proxy', 'pdf'), 'proxy-report');
    expect(text).toMatch(/Map \d+ located endpoint\(s\)/);
    expect(text).toContain(MALWARE_SERVER);
    expect(text).toContain('Timeline (UTC, one lane per client');
    expect(text).toContain(MALWARE_CLIENT);
    expect(maxPaths).toBeGreaterThan(150);
  });
});

describe('internal hosts under the analyst’s home location (issue #16)', () => {
  // The sample's iploc.csv places the organisation's 10/8 in Seattle; the analyst placed the network in Spain.
  const spain = { lat: 40.2, lon: -3.6, label: 'Spain' };

  it('the proxy storyboard map and the HTML report count the internal client in Spain, not where iploc put it', async () => {
    const detail = await core.handlers['storyboard.detail']({
      pipeline: 'proxy',
      date: SAMPLE_DATE,
      anchor: MALWARE_URI,
      home: spain,
    });
    const client = detail.globe?.points.find((p) => p.ip === MALWARE_CLIENT);
    expect(client).toMatchObject({ country: 'Spain', lat: spain.lat, lon: spain.lon });
    expect(detail.globe?.points.find((p) => p.ip === MALWARE_SERVER)?.country).not.toBe('Spain');

    const file = await core.handlers['export.storyboard']({
      pipeline: 'proxy',
      date: SAMPLE_DATE,
      format: 'html',
      anchor: MALWARE_URI,
      tlp: 'AMBER',
      home: spain,
    });
    const html = Buffer.from(file.base64, 'base64').toString('utf8');
    // The map's legend row of the client: its IP, its place and its role.
    expect(html).toMatch(new RegExp(`<code>${MALWARE_CLIENT.replace(/\./g, '\\.')}</code></td><td>Spain</td>`));
  });
});
