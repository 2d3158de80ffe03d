import { describe, expect, it } from 'vitest';
import { parseDetectionsFile } from './detections';

const FILE = '/data/flow/scored_results/20261124/scores/flow_detections.json';
const EXAMPLE = {
  treceived: '2026-11-24 00:02:11',
  tryear: '2026',
  trmonth: '11',
  trday: '24',
  trhour: '0',
  trminute: '2',
  trsec: '11',
  tdur: '0.2',
  sip: '10.10.7.43',
  dip: '203.0.113.77',
  sport: '51000',
  dport: '443',
  proto: 'TCP',
  ipkt: '4',
  ibyt: '320',
  opkt: '3',
  obyt: '190',
  score: '3.1E-4',
};
const beacon = (extra: Record<string, unknown> = {}) => ({
  name: 'beaconing',
  strength: 0.92,
  evidence: '288 connections every 300 s',
  keys: { srcip: '10.10.7.43', dstip: '203.0.113.77' },
  events: 288,
  examples: [EXAMPLE],
  ...extra,
});
const parse = (document: unknown) => parseDetectionsFile('flow', FILE, JSON.stringify(document, null, 1)).detections;

describe('parseDetectionsFile', () => {
  it('reads detections and types their example rows like results lines', () => {
    const [d] = parse({ pipeline: 'flow', date: '2026-11-24', detections: [beacon()] });
    expect(d).toMatchObject({
      name: 'beaconing',
      strength: 0.92,
      keys: { srcip: '10.10.7.43', dstip: '203.0.113.77' },
    });
    expect(d!.examples).toEqual([
      { line: null, row: expect.objectContaining({ sip: '10.10.7.43', dport: 443, ibyt: 320, score: 3.1e-4 }) },
    ]);
    expect(parse({ detections: [] })).toEqual([]);
  });

  it('leaves out detections computed for another results file', () => {
    const document = JSON.stringify({ resultsSha256: 'aa11', detections: [beacon()] });
    expect(parseDetectionsFile('flow', FILE, document, 'aa11')).toMatchObject({ stale: false, detections: [{}] });
    expect(parseDetectionsFile('flow', FILE, document, 'bb22')).toEqual({ stale: true, detections: [], failed: [] });
    // Without a recorded hash (hand-written, older files) the detections are taken as they are.
    expect(parseDetectionsFile('flow', FILE, JSON.stringify({ detections: [beacon()] }), 'bb22').stale).toBe(false);
    expect(() => parseDetectionsFile('flow', FILE, JSON.stringify({ resultsSha256: 7, detections: [] }))).toThrow(
      `${FILE}, field resultsSha256: expected a hex string`,
    );
  });

  it('reads the detectors the scorer could not run, and why', () => {
    const failed = [{ detector: 'flow/scan', error: 'Out of Memory Error' }];
    expect(
      parseDetectionsFile('flow', FILE, JSON.stringify({ failedDetectors: failed, detections: [] })).failed,
    ).toEqual(failed);
    // Files from before the list leave it out: nothing is known to have failed.
    expect(parseDetectionsFile('flow', FILE, JSON.stringify({ detections: [] })).failed).toEqual([]);
    expect(() => parseDetectionsFile('flow', FILE, JSON.stringify({ failedDetectors: {}, detections: [] }))).toThrow(
      `${FILE}, field failedDetectors: expected a list`,
    );
    expect(() =>
      parseDetectionsFile(
        'flow',
        FILE,
        JSON.stringify({ failedDetectors: [{ detector: 'flow/scan' }], detections: [] }),
      ),
    ).toThrow(`${FILE}, field failedDetectors[0]: expected { detector, error } strings`);
  });

  it('names the line of a JSON syntax error', () => {
    expect(() => parseDetectionsFile('flow', FILE, '{\n "detections": [\n  {,\n ]\n}')).toThrow(
      new RegExp(`^${FILE}, line 3: not JSON`),
    );
  });

  it('names the field of a bad detection or example', () => {
    expect(() => parse({})).toThrow(`${FILE}, field detections: expected a list`);
    expect(() => parse({ pipeline: 'dns', detections: [] })).toThrow(`${FILE}, field pipeline: holds dns detections`);
    expect(() => parse({ detections: [beacon({ keys: { sip: '1.2.3.4' } })] })).toThrow(
      `${FILE}, field detections[0].keys.sip: unknown row key`,
    );
    expect(() => parse({ detections: [beacon({ keys: { dport: 70000 } })] })).toThrow(
      `${FILE}, field detections[0].keys.dport: expected an integer 0–65535, got 70000`,
    );
    expect(() => parse({ detections: [beacon({ keys: {} })] })).toThrow('a detection must name a row key');
    const { ibyt: _ibyt, ...missing } = EXAMPLE;
    expect(() => parse({ detections: [beacon({ examples: [EXAMPLE, missing] })] })).toThrow(
      `${FILE}, field detections[0].examples[1].ibyt: missing`,
    );
    expect(() => parse({ detections: [beacon({ examples: [{ ...EXAMPLE, dport: 'https' }] })] })).toThrow(
      `${FILE}, field detections[0].examples[0].dport: not an integer: "https"`,
    );
    expect(() => parse({ detections: [beacon({ name: '<img>' })] })).toThrow(
      `${FILE}, field detections[0].name: expected a detection name, got "<img>"`,
    );
  });
});
