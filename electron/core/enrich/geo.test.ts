import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { createGeo, flowGeolocString, loadBundledGeo, loadIploc, type GeoDb } from './geo';
import { splitCsvLine } from './csv-line';
import { tempFolder } from './test-files';

const files = tempFolder();
const opened: GeoDb[] = [];
afterAll(() => opened.forEach((db) => db.close?.()));

// 10.180.88.23 → 179591191. Ranges with a gap between 179591199 and 179591300.
const IPLOC = [
  '"16777216","16777471","AU","Australia","Queensland","Brisbane","-27.4679","153.0281","APNIC Research","apnic.net"',
  '"179591168","179591199","US","United States","California","Santa Clara","37.3541","-121.9552","Intel, Corp","intel.com"',
  '"179591300","179591400","DE","Germany","Hessen","Frankfurt","50.1109","8.6821","Some ""quoted"" ISP","isp.de"',
].join('\r\n');

describe('loadIploc', () => {
  it('finds the range containing the IP and reads its row back', async () => {
    const db = await loadIploc(files.write('iploc.csv', IPLOC + '\n'));
    opened.push(db);
    expect(db.size).toBe(3);
    const rec = db.lookup('10.180.88.23');
    expect(rec).toEqual({
      countryCode: 'US',
      country: 'United States',
      state: 'California',
      city: 'Santa Clara',
      lat: 37.3541,
      lon: -121.9552,
      owner: 'Intel, Corp',
      domain: 'intel.com',
    });
    expect(flowGeolocString(rec)).toBe('California;Santa Clara Intel, Corp');
    expect(db.lookup('1.0.0.0')?.city).toBe('Brisbane'); // first start, inclusive
    expect(db.lookup('1.0.0.255')?.city).toBe('Brisbane'); // end, inclusive
    expect(db.lookup('10.180.88.200')?.owner).toBe('Some "quoted" ISP'); // 179591368
  });

  it('returns null in gaps, below the first start and above the last end (Spot returned the previous row)', async () => {
    const db = await loadIploc(files.write('iploc-gaps.csv', IPLOC));
    opened.push(db);
    expect(db.lookup('1.0.1.0')).toBeNull(); // just past the first range
    expect(db.lookup('10.180.88.32')).toBeNull(); // 179591200: in the gap
    expect(db.lookup('0.255.255.255')).toBeNull(); // below the first start (Spot crashed)
    expect(db.lookup('10.180.89.145')).toBeNull(); // 179591569: past the last end
    expect(db.lookup('255.255.255.255')).toBeNull();
    expect(db.lookup('2001:db8::1')).toBeNull();
    expect(db.lookup('garbage')).toBeNull();
    expect(flowGeolocString(null)).toBe('');
  });

  it('sorts an unsorted file', async () => {
    const lines = IPLOC.split('\r\n');
    const db = await loadIploc(files.write('iploc-unsorted.csv', [lines[2], lines[0], lines[1]].join('\n')));
    opened.push(db);
    expect(db.lookup('10.180.88.23')?.city).toBe('Santa Clara');
    expect(db.lookup('10.180.88.200')?.city).toBe('Frankfurt'); // 179591368
    expect(db.lookup('1.0.0.7')?.city).toBe('Brisbane');
  });

  it('names file, line and field on bad rows', async () => {
    const bad = (name: string, text: string) => loadIploc(files.write(name, text));
    const p1 = files.write('x1.csv', `${IPLOC}\n"abc","1","US","United States","","","0","0","o","d"\n`);
    await expect(loadIploc(p1)).rejects.toThrow(
      `${p1}, line 4, field start: "abc" is not an IPv4 integer (0–4294967295)`,
    );
    const p2 = files.write('x2.csv', '"10","5","US","US","","","0","0","o","d"\n');
    await expect(loadIploc(p2)).rejects.toThrow(`${p2}, line 1, field end: 5 is lower than start 10`);
    const p3 = files.write('x3.csv', '"1","5","US","US"\n');
    await expect(loadIploc(p3)).rejects.toThrow(
      `${p3}, line 1: expected 10 fields (start, end, country_code, country, state, city, latitude, longitude, owner, domain), found 4`,
    );
    const p4 = files.write('x4.csv', '"1","5","US","US","","","north","0","o","d"\n');
    await expect(loadIploc(p4)).rejects.toThrow(
      `${p4}, line 1, field latitude: "north" is not a number between -90 and 90`,
    );
    const p5 = files.write(
      'x5.csv',
      '"1","50","US","US","","","0","0","o","d"\n"40","60","US","US","","","0","0","o","d"\n',
    );
    await expect(loadIploc(p5)).rejects.toThrow(`${p5}, line 2, field start: range overlaps the range on line 1`);
    const p6 = files.write('x6.csv', '"1","5","US","US","","","0","0","o","d\n');
    await expect(loadIploc(p6)).rejects.toThrow(`${p6}, line 1: a quoted field is not closed`);
    await expect(bad('x7.csv', '"99999999999","1","US","US","","","0","0","o","d"\n')).rejects.toThrow(InputError);
    await expect(loadIploc(`${files.dir}/missing.csv`)).rejects.toThrow(`${files.dir}/missing.csv: file not found`);
  });

  it('createGeo prefers the user file, can turn the bundled database off', async () => {
    const path = files.write('iploc-create.csv', IPLOC);
    const db = await createGeo({ iplocPath: path });
    expect(db?.lookup('10.180.88.23')?.domain).toBe('intel.com');
    expect(await createGeo({ useBundled: false })).toBeNull();
  });

  it('createGeo loads a file once and again when it changes', async () => {
    const path = files.write('iploc-reload.csv', IPLOC);
    const first = await createGeo({ iplocPath: path });
    expect(await createGeo({ iplocPath: path })).toBe(first);
    writeFileSync(path, IPLOC.replace('Santa Clara', 'San Jose'));
    const second = await createGeo({ iplocPath: path });
    expect(second).not.toBe(first);
    expect(second?.lookup('10.180.88.23')?.city).toBe('San Jose');
    writeFileSync(path, 'broken\n');
    await expect(createGeo({ iplocPath: path })).rejects.toThrow(`${path}, line 1: expected 10 fields`);
  });

  it('returns null rather than garbage when the file was cut after loading', async () => {
    const path = files.write('iploc-cut.csv', IPLOC);
    const db = await loadIploc(path);
    opened.push(db);
    writeFileSync(path, '"1","2"\n');
    expect(db.lookup('10.180.88.23')).toBeNull();
  });
});

describe('bundled country + ASN database', () => {
  it('gives country, centroid and AS owner for public IPs, null for private space', async () => {
    const db = await loadBundledGeo();
    expect(db).not.toBeNull();
    const cloudflare = db?.lookup('1.1.1.1');
    expect(cloudflare?.owner).toMatch(/cloudflare/i);
    const google = db?.lookup('8.8.8.8');
    expect(google?.countryCode).toBe('US');
    expect(google?.country).toBe('United States of America');
    expect(google?.owner).toMatch(/google/i);
    expect(google?.lat).toBeCloseTo(39.9, 0);
    expect(google?.lon).toBeCloseTo(-98.8, 0);
    expect(flowGeolocString(google ?? null)).toMatch(/^United States of America; .*Google/i);
    expect(db?.lookup('10.1.2.3')).toBeNull();
    expect(db?.lookup('192.168.1.1')).toBeNull(); // the raw data says AU: special-purpose space is skipped
    expect(db?.lookup('100.64.0.1')).toBeNull();
    expect(db?.lookup('127.0.0.1')).toBeNull();
    expect(await loadBundledGeo()).toBe(db); // loaded once
    expect(await createGeo({})).toBe(db);
  });
});

describe('splitCsvLine', () => {
  it('handles quotes, doubled quotes, empty fields and unclosed quotes', () => {
    expect(splitCsvLine('"a","b,c",,"d""e"')).toEqual(['a', 'b,c', '', 'd"e']);
    expect(splitCsvLine('1,2,3')).toEqual(['1', '2', '3']);
    expect(splitCsvLine('')).toEqual(['']);
    expect(splitCsvLine('a,"b')).toBeNull();
  });
});
