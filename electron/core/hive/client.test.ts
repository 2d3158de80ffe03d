import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHs2Server, type Hs2Server } from '../../../test/fixtures/hs2-server';
import { createRawTables } from '../../../test/fixtures/hs2/raw-tables';
import { validateSettings } from '../../../shared/settings';
import { connectHive, HiveError, testHiveConnection, type HiveConnection } from './client';
import { sqlIdent, sqlInt, sqlIp, sqlList, sqlString } from './sql';

/** 2500 flow rows on 2026-11-24, sip 10.0.<i/250>.<i%250>, plus one row whose sip holds an injection attempt. */
async function loadFlow(server: { duckdb: Hs2Server['duckdb'] } | Hs2Server['duckdb']) {
  const db = 'duckdb' in server ? server.duckdb : server;
  await createRawTables(db);
  await db.run(`INSERT INTO spot.flow (treceived, unix_tstamp, tryear, trmonth, trday, trhour, trminute, trsec, sip, dip, ibyt, ipkt, tdur, y, m, d, h)
    SELECT '2026-11-24 01:02:03', 1795000000 + i, 2026, 11, 24, 1, 2, 3,
           '10.0.' || (i // 250) || '.' || (i % 250), '192.168.1.1', 5000000000 + i, i, 0.5, 2026, 11, 24, 1
    FROM range(2500) t(i)`);
  await db.run(`INSERT INTO spot.flow (sip, dip, y, m, d, h) VALUES ('x'' OR 1=1 --', '1.1.1.1', 2026, 11, 24, 1)`);
}

describe('Hive client against a real HS2 Thrift server (NOSASL)', () => {
  let server: Hs2Server;
  let hive: HiveConnection;
  beforeAll(async () => {
    server = await startHs2Server({ loader: loadFlow });
    hive = await connectHive({
      host: '127.0.0.1',
      port: server.port,
      database: 'spot',
      auth: { mode: 'NOSASL' },
      fetchSize: 1000,
    });
  });
  afterAll(async () => {
    await hive?.close();
    await server?.stop();
  });

  it('streams a result in batches of fetchSize with exact BIGINTs', async () => {
    const sizes: number[] = [];
    let total = 0n;
    for await (const batch of hive.query('SELECT sip, ibyt FROM :db.:t WHERE y = :y ORDER BY ibyt', {
      db: sqlIdent('spot'),
      t: sqlIdent('flow'),
      y: sqlInt(2026),
    })) {
      sizes.push(batch.rows.length);
      expect(batch.columns).toEqual([
        { name: 'sip', type: 'STRING' },
        { name: 'ibyt', type: 'BIGINT' },
      ]);
      for (const row of batch.rows) if (typeof row[1] === 'bigint') total += row[1];
    }
    expect(sizes).toEqual([1000, 1000, 501]);
    expect(total).toBe(BigInt(2500) * 5000000000n + BigInt((2499 * 2500) / 2));
  });

  it('binds IN lists and IPs as literals', async () => {
    const rows = await hive.queryAll('SELECT sip FROM :db.:t WHERE sip IN :ips ORDER BY sip', {
      db: sqlIdent('spot'),
      t: sqlIdent('flow'),
      ips: sqlList([sqlIp('10.0.0.1'), sqlIp('10.0.9.249'), sqlIp('10.9.9.9')]),
    });
    expect(rows).toEqual([{ sip: '10.0.0.1' }, { sip: '10.0.9.249' }]);
  });

  it('renders an injection attempt as a literal that matches nothing (or only itself)', async () => {
    const injected = await hive.queryAll('SELECT COUNT(*) AS n FROM :db.:t WHERE sip = :v', {
      db: sqlIdent('spot'),
      t: sqlIdent('flow'),
      v: sqlString("' OR 1=1 --"),
    });
    expect(injected).toEqual([{ n: 0n }]);
    const itself = await hive.queryAll('SELECT dip FROM :db.:t WHERE sip = :v', {
      db: sqlIdent('spot'),
      t: sqlIdent('flow'),
      v: sqlString("x' OR 1=1 --"),
    });
    expect(itself).toEqual([{ dip: '1.1.1.1' }]);
    // The same value concatenated naively is read by the server's Hive lexer as an injection: proof the test can fail.
    const naive = await hive.queryAll(`SELECT COUNT(*) AS n FROM spot.flow WHERE sip = '' OR 1=1 --'`);
    expect(naive).toEqual([{ n: 2501n }]);
  });

  it('refuses bad identifiers before anything is sent', async () => {
    const before = server.statements.length;
    await expect(
      hive.queryAll('SELECT * FROM :db.:t', { db: sqlIdent('spot'), t: sqlIdent('flow WHERE 1=1; --') }),
    ).rejects.toThrow(/parameter t: identifier/);
    expect(server.statements.length).toBe(before);
  });

  it('reports a missing table clearly', async () => {
    const err = await hive
      .queryAll('SELECT * FROM :db.:t', { db: sqlIdent('spot'), t: sqlIdent('flow2') }, { label: 'raw flow rows' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HiveError);
    expect((err as HiveError).kind).toBe('missing-table');
    expect((err as HiveError).message).toMatch(/^raw flow rows failed on 127\.0\.0\.1:\d+: .*Table not found 'flow2'/);
  });

  it('stays usable after a failed query', async () => {
    expect(await hive.queryAll('SELECT COUNT(*) AS n FROM spot.flow')).toEqual([{ n: 2501n }]);
    expect(await hive.serverVersion()).toMatch(/Spot Desk test server/);
  });
});

describe('Hive client: PLAIN auth, dropped connections, TLS', () => {
  let server: Hs2Server;
  beforeAll(async () => {
    server = await startHs2Server({ loader: loadFlow, auth: { mode: 'PLAIN', user: 'analyst', password: 's3cret' } });
  });
  afterAll(async () => server?.stop());

  it('logs in with the right password', async () => {
    const hive = await connectHive({
      host: '127.0.0.1',
      port: server.port,
      database: 'spot',
      auth: { mode: 'PLAIN', user: 'analyst', password: 's3cret' },
    });
    expect(await hive.queryAll('SELECT COUNT(*) AS n FROM spot.flow WHERE y = 2026')).toEqual([{ n: 2501n }]);
    await hive.close();
  });

  it('reports a refused login without the password', async () => {
    const err = await connectHive({
      host: '127.0.0.1',
      port: server.port,
      database: 'spot',
      auth: { mode: 'PLAIN', user: 'analyst', password: 'wrong-pass-123' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HiveError);
    expect((err as HiveError).kind).toBe('auth');
    expect((err as HiveError).message).toBe(
      `Hive at 127.0.0.1:${server.port} refused the login as analyst: Error validating the login`,
    );
    expect((err as HiveError).message).not.toContain('wrong-pass-123');
  });

  it('fails fast with a clear error when the server drops the connection mid-fetch', async () => {
    const hive = await connectHive({
      host: '127.0.0.1',
      port: server.port,
      database: 'spot',
      auth: { mode: 'PLAIN', user: 'analyst', password: 's3cret' },
      fetchSize: 100,
    });
    let batches = 0;
    const err = await (async () => {
      for await (const batch of hive.query('SELECT * FROM spot.flow', {}, { label: 'raw flow rows of 2026-11-24' })) {
        expect(batch.rows.length).toBe(100);
        batches += 1;
        if (batches === 2) server.dropConnections();
      }
    })().catch((e: unknown) => e);
    expect(batches).toBe(2);
    expect(err).toBeInstanceOf(HiveError);
    expect((err as HiveError).kind).toBe('dropped');
    expect((err as HiveError).message).toMatch(
      /^raw flow rows of 2026-11-24: fetching rows: Hive at 127\.0\.0\.1:\d+ closed the connection$/,
    );
    await hive.close();
  });

  it('hints at the auth mode when a PLAIN server closes on a NOSASL client', async () => {
    const err = await connectHive({
      host: '127.0.0.1',
      port: server.port,
      database: 'spot',
      auth: { mode: 'NOSASL' },
      connectTimeoutMs: 3000,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HiveError);
    expect((err as HiveError).message).toMatch(
      /check the authentication mode: the server may expect PLAIN \(LDAP\)\)$/,
    );
  });

  it('reports an unreachable server', async () => {
    const probe = await startHs2Server({});
    const port = probe.port;
    await probe.stop();
    const err = await connectHive({ host: '127.0.0.1', port, database: 'spot', auth: { mode: 'NOSASL' } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HiveError);
    expect((err as HiveError).message).toMatch(/ECONNREFUSED/);
  });

  it('speaks TLS with a CA file and refuses an unknown CA', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs2-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=DNS:localhost,IP:127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const tlsServer = await startHs2Server({
        loader: loadFlow,
        tls: { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      });
      try {
        const parsed = validateSettings({
          pipelines: { flow: { source: 'hive' } },
          database: {
            engine: 'hive',
            host: '127.0.0.1',
            port: tlsServer.port,
            tls: { enabled: true, caPath: join(dir, 'cert.pem') },
          },
        });
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
        const result = await testHiveConnection(parsed.settings);
        expect(result).toEqual({
          ok: true,
          message: expect.stringMatching(/^connected to 127\.0\.0\.1:\d+ \(2\.3\.9/),
        });
        // Another CA: the certificate check must fail.
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-days',
            '1',
            '-subj',
            '/CN=other',
            '-keyout',
            join(dir, 'k2.pem'),
            '-out',
            join(dir, 'other.pem'),
          ],
          { stdio: 'ignore' },
        );
        parsed.settings.database.tls.caPath = join(dir, 'other.pem');
        const refused = await testHiveConnection(parsed.settings);
        expect(refused.ok).toBe(false);
        expect(refused.message).toMatch(/self.signed|certificate|SELF_SIGNED|UNABLE_TO_VERIFY/i);
      } finally {
        await tlsServer.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
