import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNetworkContext, type NetworkContext } from './network-context';
import { hostName, shortName } from './host-name';
import type { GeoDb } from './geo';

let dir: string;
let context: NetworkContext;
const geo: GeoDb = {
  lookup: (ip) =>
    ip === '203.0.113.77'
      ? { countryCode: 'NL', country: 'Netherlands', state: '', city: '', lat: 0, lon: 0, owner: '', domain: '' }
      : null,
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-desk-host-name-'));
  fs.writeFileSync(path.join(dir, 'ipranges.csv'), '10.0.0.0,10.255.255.255,Internal\n');
  fs.writeFileSync(
    path.join(dir, 'context.csv'),
    'ip,description\n10.1.0.20,proxy01 - Proxy (Blue Coat) egress web proxy\n10.10.0.0/16,HQ workstations\n',
  );
  context = await loadNetworkContext({
    ipranges: path.join(dir, 'ipranges.csv'),
    context: [path.join(dir, 'context.csv')],
  });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('hostName', () => {
  it('names internal hosts by their context and outside hosts by their country', () => {
    expect(hostName(context, geo, '10.1.0.20')).toEqual({
      name: 'proxy01',
      label: 'proxy01 - Proxy (Blue Coat) egress web proxy',
      internal: true,
      country: '',
    });
    expect(hostName(context, geo, '10.10.7.43')).toMatchObject({ name: 'HQ workstations', internal: true });
    expect(hostName(context, geo, '203.0.113.77')).toEqual({
      name: '',
      label: '',
      internal: false,
      country: 'Netherlands',
    });
    expect(hostName(context, null, '198.51.100.1')).toMatchObject({ country: '', internal: false });
  });
  it('keeps a label without " - " whole', () => {
    expect(shortName('DMZ partner API gateway')).toBe('DMZ partner API gateway');
    expect(shortName('a - b - c')).toBe('a');
  });
});
