import { describe, expect, it } from 'vitest';
import {
  createListProvider,
  gtiVerdict,
  normalizeUrl,
  ReputationService,
  threatExchangeVerdict,
  urlHost,
  type ReputationKind,
  type ReputationProvider,
  type ReputationVerdict,
} from './reputation';
import { tempFolder } from './test-files';

const files = tempFolder();

const LIST = [
  'indicator,severity,text,categories',
  '198.51.100.7,3,Known C2,Botnet|Security',
  '198.51.100.0/24,2,Bad neighbourhood',
  'evil.example,3,Phishing kit',
  'cdn.evil.example,1,',
  '*.ads.test,2,Adware',
  'http://Shop.Example.com/pay/,3,Card skimmer',
  '203.0.113.1-203.0.113.9,0,Partner',
].join('\n');

/** A provider that records its calls, to see batching. */
class RecordingProvider implements ReputationProvider {
  calls: string[][] = [];
  constructor(
    readonly name: string,
    private readonly known: Record<string, ReputationVerdict>,
    readonly batchSize?: number,
    private readonly failing = false,
  ) {}
  async check(values: string[], _kind: ReputationKind): Promise<Map<string, ReputationVerdict>> {
    this.calls.push(values);
    if (this.failing) throw new Error('service down');
    return new Map(
      values.filter((v) => this.known[v] !== undefined).map((v) => [v, this.known[v] as ReputationVerdict]),
    );
  }
}

describe('createListProvider', () => {
  it('matches IPs by exact, CIDR and range, most specific first', async () => {
    const list = await createListProvider('local', files.write('list.csv', LIST));
    const found = await list.check(['198.51.100.7', '198.51.100.8', '203.0.113.5', '8.8.8.8', 'nonsense'], 'ip');
    expect(found.get('198.51.100.7')).toEqual({ text: 'Known C2', value: 3, categories: 'Botnet|Security' });
    expect(found.get('198.51.100.8')).toEqual({ text: 'Bad neighbourhood', value: 2 });
    expect(found.get('203.0.113.5')).toEqual({ text: 'Partner', value: 0 });
    expect(found.has('8.8.8.8')).toBe(false);
    expect(found.has('nonsense')).toBe(false);
  });

  it('matches a domain and its subdomains, the most specific entry first', async () => {
    const list = await createListProvider('local', files.write('list2.csv', LIST));
    const found = await list.check(
      [
        'evil.example',
        'a.b.evil.example',
        'cdn.evil.example',
        'x.cdn.evil.example.',
        'notevil.example',
        'ads.test',
        'x.ads.test',
      ],
      'domain',
    );
    expect(found.get('evil.example')?.text).toBe('Phishing kit');
    expect(found.get('a.b.evil.example')?.text).toBe('Phishing kit');
    expect(found.get('cdn.evil.example')).toEqual({ text: 'MINIMAL', value: 1 }); // empty text → severity name
    expect(found.get('x.cdn.evil.example.')?.value).toBe(1);
    expect(found.has('notevil.example')).toBe(false);
    expect(found.get('ads.test')?.text).toBe('Adware');
    expect(found.get('x.ads.test')?.text).toBe('Adware');
  });

  it('matches URLs exactly, else by their host', async () => {
    const list = await createListProvider('local', files.write('list3.csv', LIST));
    const found = await list.check(
      [
        'http://shop.example.com/pay',
        'http://shop.example.com/other',
        'https://login.evil.example:8443/x?y=1',
        'cdn.evil.example:443',
        'http://198.51.100.7/gate.php',
      ],
      'url',
    );
    expect(found.get('http://shop.example.com/pay')?.text).toBe('Card skimmer');
    expect(found.has('http://shop.example.com/other')).toBe(false);
    expect(found.get('https://login.evil.example:8443/x?y=1')?.text).toBe('Phishing kit');
    expect(found.get('cdn.evil.example:443')?.value).toBe(1);
    expect(found.get('http://198.51.100.7/gate.php')?.text).toBe('Known C2');
  });

  it('names file, line and field on bad input', async () => {
    const noHeader = files.write('nohdr.csv', '1.2.3.4,3,x\n');
    await expect(createListProvider('l', noHeader)).rejects.toThrow(
      `${noHeader}, line 1: expected the header "indicator,severity,text"`,
    );
    const badSeverity = files.write('badsev.csv', 'indicator,severity,text\n1.2.3.4,3,x\n1.2.3.5,high,x\n');
    await expect(createListProvider('l', badSeverity)).rejects.toThrow(
      `${badSeverity}, line 3, field severity: "high" is not one of -1, 0, 1, 2, 3`,
    );
    const badIndicator = files.write('badind.csv', 'indicator,severity,text\n"bad host!",3,x\n');
    await expect(createListProvider('l', badIndicator)).rejects.toThrow(
      `${badIndicator}, line 2, field indicator: "bad host!" is not an IP, CIDR, range, domain or URL`,
    );
    await expect(createListProvider('a:b', files.write('ok.csv', LIST))).rejects.toThrow('must be letters');
  });
});

describe('ReputationService', () => {
  it('joins every provider’s label with :: (Spot’s flow kept one service per IP)', async () => {
    const list = await createListProvider('local', files.write('list4.csv', LIST));
    const fb = new RecordingProvider('fb', { '198.51.100.7': { text: 'MALICIOUS', value: 3 } });
    const service = new ReputationService([list, fb]);
    const labels = await service.lookup(['198.51.100.7', '198.51.100.9', '10.0.0.1', '198.51.100.7'], 'ip');
    expect(labels.get('198.51.100.7')).toBe('local:Known C2:3:Botnet|Security::fb:MALICIOUS:3');
    expect(labels.get('198.51.100.9')).toBe('local:Bad neighbourhood:2');
    expect(labels.get('10.0.0.1')).toBe('');
    expect(labels.size).toBe(3);
    expect(fb.calls).toEqual([['198.51.100.7', '198.51.100.9', '10.0.0.1']]); // one batch, deduplicated
  });

  it('batches by the provider’s batchSize and caches per value until the TTL runs out', async () => {
    let clock = 1000;
    const provider = new RecordingProvider('svc', { a: { text: 'High', value: 3 } }, 2);
    const service = new ReputationService([provider], { ttlMs: 100, now: () => clock });
    await service.lookup(['a', 'b', 'c'], 'domain');
    expect(provider.calls).toEqual([['a', 'b'], ['c']]);
    provider.calls = [];
    expect((await service.lookup(['a', 'b', 'd'], 'domain')).get('a')).toBe('svc:High:3');
    expect(provider.calls).toEqual([['d']]); // a and b came from the cache, including the '' of b
    await service.lookup(['a'], 'url');
    expect(provider.calls).toEqual([['d'], ['a']]); // the cache is per kind
    provider.calls = [];
    clock += 101;
    await service.lookup(['a', 'b'], 'domain');
    expect(provider.calls).toEqual([['a', 'b']]);
  });

  it('keeps the other providers’ answers when one fails, and does not cache the failed values', async () => {
    const good = new RecordingProvider('good', { x: { text: 'Medium', value: 2 } });
    const bad = new RecordingProvider('bad', {}, undefined, true);
    const service = new ReputationService([bad, good]);
    expect((await service.lookup(['x'], 'ip')).get('x')).toBe('good:Medium:2');
    expect(service.lastFailures.map((f) => [f.provider, (f.error as Error).message])).toEqual([
      ['bad', 'service down'],
    ]);
    await service.lookup(['x'], 'ip');
    expect(bad.calls.length).toBe(2);
  });

  it('without providers every label is empty', async () => {
    const labels = await new ReputationService([]).lookup(['1.2.3.4'], 'ip');
    expect(labels.get('1.2.3.4')).toBe('');
  });
});

describe('URL helpers and online verdict mappings', () => {
  it('extracts hosts and normalises URLs', () => {
    expect(urlHost('HTTP://User:pw@Example.COM:8080/a')).toBe('example.com');
    expect(urlHost('example.com/path')).toBe('example.com');
    expect(urlHost('http://[2001:db8::1]:80/')).toBe('2001:db8::1');
    expect(normalizeUrl('HTTP://Example.COM/')).toBe('http://example.com');
    expect(normalizeUrl('http://Example.com/Path/')).toBe('http://example.com/Path');
    expect(normalizeUrl('http://example.com/a?b=/')).toBe('http://example.com/a?b=/');
  });
  it('maps GTI scores and ThreatExchange statuses as Spot did', () => {
    expect([0, 14, 15, 29, 30, 49, 50, 16].map((rep) => gtiVerdict(rep).text + ':' + gtiVerdict(rep).value)).toEqual([
      'Minimal:1',
      'Minimal:1',
      'Unverified:-1',
      'Unverified:-1',
      'Medium:2',
      'Medium:2',
      'High:3',
      'Unverified:-1',
    ]);
    expect(threatExchangeVerdict('MALICIOUS')).toEqual({ text: 'MALICIOUS', value: 3 });
    expect(threatExchangeVerdict('NON_MALICIOUS')).toEqual({ text: 'NON_MALICIOUS', value: 0 });
    expect(threatExchangeVerdict('whatever')).toEqual({ text: 'UNKNOWN', value: -1 });
  });
});
