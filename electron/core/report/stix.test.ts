import { describe, expect, it } from 'vitest';
import type { Ioc } from './iocs';
import { patternString, stixBundle, uuidV5, type StixBundle, type StixObject } from './stix';
import { patternProblem, stixBundleProblems } from './stix-schema';
import { HOSTILE, IDN_DOMAIN } from './testing';

const ioc = (type: Ioc['type'], value: string, count = 3): Ioc => ({
  type,
  value,
  threat: HOSTILE,
  anchor: 'evil.example/x',
  count,
  firstSeen: '2026-11-24 00:05',
  lastSeen: '2026-11-24 03:00:59',
});

const IOCS: Ioc[] = [
  ioc('ipv4-addr', '203.0.113.77'),
  ioc('ipv6-addr', '2001:db8::7'),
  ioc('domain-name', IDN_DOMAIN),
  ioc('url', `${IDN_DOMAIN}/a b/it's.exe`),
  ioc('file-name', `it's \\ "bad".exe`),
  ioc('user-agent', `Mozilla/5.0 ' OR 1=1 ]`),
];

function bundle(): StixBundle {
  let n = 0;
  return stixBundle({
    title: 'Proxy incident report · 2026-11-24',
    description: HOSTILE,
    date: '2026-11-24',
    analyst: 'Аня',
    tlp: 'AMBER+STRICT',
    iocs: IOCS,
    now: new Date('2026-11-25T12:00:00Z'),
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  });
}

const clone = (b: StixBundle): StixBundle => JSON.parse(JSON.stringify(b)) as StixBundle;
const first = (b: StixBundle, type: string): StixObject => b.objects.find((o) => o.type === type)!;

describe('STIX 2.1 bundle', () => {
  it('holds an indicator per IOC, observed-data with its SCO, a report linking them, identity and TLP marking', () => {
    const b = bundle();
    expect(stixBundleProblems(b)).toEqual([]);
    const count = (type: string) => b.objects.filter((o) => o.type === type).length;
    expect(count('indicator')).toBe(6);
    expect(count('observed-data')).toBe(5); // a user agent has no SCO of its own
    expect(count('report')).toBe(1);
    expect(first(b, 'marking-definition')).toMatchObject({ definition: { tlp: 'amber' }, name: 'TLP:AMBER' });
    const report = first(b, 'report');
    const indicators = b.objects.filter((o) => o.type === 'indicator').map((o) => o.id);
    expect(report.object_refs).toEqual(expect.arrayContaining(indicators));
    expect(b.objects.find((o) => o.type === 'url')).toMatchObject({
      value: `http://xn--e1afmkfd.xn--80akhbyknj4f/a%20b/it's.exe`,
    });
  });

  it('writes patterns whose literals survive quotes, backslashes and brackets', () => {
    const patterns = bundle()
      .objects.filter((o) => o.type === 'indicator')
      .map((o) => String(o.pattern));
    for (const p of patterns) expect(patternProblem(p), p).toBeNull();
    expect(patterns).toContain(`[file:name = 'it\\'s \\\\ "bad".exe']`);
    expect(patternString(`a'b\\c`)).toBe(`'a\\'b\\\\c'`);
  });

  it('gives an SCO the deterministic UUIDv5 id of STIX §2.9 (RFC 4122 test vector for the algorithm)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    const a = bundle().objects.find((o) => o.type === 'ipv4-addr')!;
    const b = bundle().objects.find((o) => o.type === 'ipv4-addr')!;
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^ipv4-addr--[0-9a-f]{8}-[0-9a-f]{4}-5/);
  });

  it('refuses broken bundles, naming the object and the fault', () => {
    const broken: Array<[string, (b: StixBundle) => void, RegExp]> = [
      ['no pattern', (b) => delete first(b, 'indicator').pattern, /indicator.*pattern/],
      ['bad id', (b) => (first(b, 'indicator').id = 'indicator--not-a-uuid'), /indicator\)\/id must match pattern/],
      ['bad timestamp', (b) => (first(b, 'indicator').valid_from = '2026-11-24 00:05'), /valid_from must match/],
      [
        'wrong spec_version',
        (b) => (first(b, 'report').spec_version = '2.0'),
        /spec_version must be equal to constant/,
      ],
      [
        'dangling reference',
        (b) =>
          ((first(b, 'report').object_refs as string[])[0] =
            `indicator--${'1'.repeat(8)}-1111-4111-8111-${'1'.repeat(12)}`),
        /is not in the bundle/,
      ],
      [
        'unbalanced pattern',
        (b) => (first(b, 'indicator').pattern = "[ipv4-addr:value = '1.2.3.4'"),
        /pattern expected \]/,
      ],
      ['unquoted literal', (b) => (first(b, 'indicator').pattern = '[ipv4-addr:value = 1.2.3.4.5]'), /pattern/],
      ['unknown property', (b) => (first(b, 'report').colour = 'red'), /must NOT have additional properties/],
      ['zero observations', (b) => (first(b, 'observed-data').number_observed = 0), /number_observed must be >= 1/],
      [
        'observed backwards',
        (b) => (first(b, 'observed-data').last_observed = '2000-01-01T00:00:00Z'),
        /last_observed is before/,
      ],
      [
        'bundle with spec_version',
        (b) => ((b as unknown as Record<string, unknown>).spec_version = '2.1'),
        /bundle must NOT have additional/,
      ],
      ['duplicate id', (b) => b.objects.push(first(b, 'report')), /duplicate id/],
      [
        'tlp of another name',
        (b) => (first(b, 'marking-definition').definition = { tlp: 'purple' }),
        /must be equal to one of the allowed values/,
      ],
    ];
    for (const [name, breakIt, problem] of broken) {
      const b = clone(bundle());
      breakIt(b);
      const problems = stixBundleProblems(b);
      expect(problems.join('\n'), name).toMatch(problem);
    }
    expect(stixBundleProblems({ type: 'bundle', id: 'bundle--x' })).not.toEqual([]);
    expect(stixBundleProblems('not json')).not.toEqual([]);
  });
});
