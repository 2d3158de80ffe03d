import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/settings';
import { InputError } from '../errors';
import { importSpotConf, importSpotConfFile, parseSpotConf } from './spot-conf';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'spot.conf');

describe('spot.conf parsing', () => {
  it('strips quotes and comments, expands earlier keys and keeps per-run fields as template fields', () => {
    const { entries, errors } = parseSpotConf(
      [
        '# comment',
        "HUSER='/user/spot'   # trailing comment",
        'export LUSER="/home/${NAME:-x}"'.replace('${NAME:-x}', 'spot'),
        'HPATH=${HUSER}/${DSOURCE}/scored_results/${FDATE}',
        'RAW="$HUSER/${DSOURCE}/hive/y=${YR}/m=${MH}/d=${DY}/"',
        "LIT='${HUSER} stays # literal'",
        'EMPTY=',
      ].join('\n'),
      'spot.conf',
    );
    expect(errors).toEqual([]);
    expect(Object.fromEntries(entries.map((e) => [e.key, e.value]))).toEqual({
      HUSER: '/user/spot',
      LUSER: '/home/spot',
      HPATH: '/user/spot/{type}/scored_results/{yyyymmdd}',
      RAW: '/user/spot/{type}/hive/y={yyyy}/m={mm}/d={dd}/',
      LIT: '${HUSER} stays # literal',
      EMPTY: '',
    });
    expect(entries.find((e) => e.key === 'HPATH')?.line).toBe(4);
  });

  it('reports each bad line with file, line and key, and goes on', () => {
    const { entries, errors } = parseSpotConf(
      ['A=1', 'this is not an assignment', "B='unterminated", 'C=${NOPE}/x', 'D=two words', 'E=2'].join('\n'),
      '/etc/spot.conf',
    );
    expect(entries.map((e) => e.key)).toEqual(['A', 'E']);
    expect(errors.map((e) => e.message)).toEqual([
      '/etc/spot.conf, line 2, field this: expected KEY=value, found "this is not an assignment"',
      '/etc/spot.conf, line 3, field B: unterminated single quote',
      '/etc/spot.conf, line 4, field C: refers to ${NOPE}, which is not defined on an earlier line',
      '/etc/spot.conf, line 5, field D: unquoted value contains spaces (the shell would not read it as one value)',
    ]);
    expect(errors.every((e) => e instanceof InputError)).toBe(true);
  });
});

describe('spot.conf import', () => {
  it('maps the stock spot.conf to settings', async () => {
    const result = await importSpotConfFile(FIXTURE);
    expect(result.errors).toEqual([]);
    const s = result.settings;
    expect(s.mlNode).toMatchObject({
      host: 'node04',
      user: 'spot',
      huser: '/user/spot',
      luser: '/home/spot',
      hpathTemplate: '/user/spot/{type}/scored_results/{yyyymmdd}',
      lpathTemplate: '/home/spot/ml/{type}/{yyyymmdd}',
      rawPathTemplate: '/user/spot/{type}/hive/y={yyyy}/m={mm}/d={dd}/',
    });
    expect(s.database).toMatchObject({ engine: 'impala', host: 'node04', port: 21050, database: 'spot' });
    expect(s.database.tls).toEqual({ enabled: false, caPath: null });
    expect(s.localMl).toMatchObject({
      tol: 1e-6,
      topics: 20,
      dupFactor: 1000,
      alpha: 1.02,
      beta: 1.001,
      userDomains: [],
    });
    const appliedKeys = result.applied.map((a) => a.key);
    expect(appliedKeys).toEqual(
      expect.arrayContaining(['MLNODE', 'HUSER', 'HPATH', 'IMPALA_DEM', 'IMPALA_PORT', 'TOL']),
    );
    const ignored = Object.fromEntries(result.ignored.map((i) => [i.key, i.reason]));
    expect(ignored['SPK_EXEC']).toBe('Spark settings of the cluster');
    expect(ignored['KEYTAB']).toBe('Kerberos is not supported by Spot Desk');
    expect(ignored['USER_DOMAIN']).toBe('empty: the default is kept');
    // Every non-empty line of the fixture is accounted for.
    const lines = readFileSync(FIXTURE, 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z0-9_]+=/.test(l)).length;
    expect(result.applied.length + result.ignored.length).toBe(lines);
  });

  it('uses HS2 when no impalad is set, and TLS with a CA', () => {
    const result = importSpotConf(
      [
        "IMPALA_DEM=''",
        'HS2_HOST=hs2.example',
        'HS2_PORT=10001',
        "SSL='true'",
        'CA_LOCATION=/etc/ca.pem',
        "USER_DOMAIN='intel'",
      ].join('\n'),
      'spot.conf',
    );
    expect(result.errors).toEqual([]);
    expect(result.settings.database).toMatchObject({ engine: 'hive', host: 'hs2.example', port: 10001 });
    expect(result.settings.database.tls).toEqual({ enabled: true, caPath: '/etc/ca.pem' });
    expect(result.settings.localMl.userDomains).toEqual(['intel']);
  });

  it('reports bad values on their line and keeps the rest of the import', () => {
    const base = defaultSettings();
    const result = importSpotConf(
      [
        'MLNODE=ml01',
        'TOL=abc',
        'TOPIC_COUNT=1',
        "KERBEROS='true'",
        'IMPALA_DEM=imp01',
        'IMPALA_PORT=99999',
        'DNS_PATH=/other/${DSOURCE}',
        'FLOW_PATH=/x/${DSOURCE}',
      ].join('\n'),
      'spot.conf',
      base,
    );
    expect(result.errors.map((e) => e.message)).toEqual([
      'spot.conf, line 2, field TOL: "abc" is not a number',
      'spot.conf, line 3, field TOPIC_COUNT: localMl.topics must be at least 2',
      'spot.conf, line 4, field KERBEROS: Kerberos is not supported by Spot Desk; use LDAP (PLAIN) or NOSASL, or a local/SSH raw-day source',
      'spot.conf, line 6, field IMPALA_PORT: database.port must be between 1 and 65535',
      'spot.conf, line 7, field DNS_PATH: differs from FLOW_PATH (line 8); Spot Desk keeps one raw path template with {type}',
    ]);
    expect(result.settings.mlNode.host).toBe('ml01');
    expect(result.settings.database.host).toBe('imp01');
    expect(result.settings.database.port).toBeNull();
    expect(result.settings.localMl.topics).toBe(20);
    expect(result.settings.mlNode.rawPathTemplate).toBe('/x/{type}');
  });

  it('names the file when it cannot be read', async () => {
    await expect(importSpotConfFile('/nonexistent/spot.conf')).rejects.toThrow(
      '/nonexistent/spot.conf: cannot read: ENOENT',
    );
  });
});
