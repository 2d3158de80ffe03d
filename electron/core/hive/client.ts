/**
 * A small HiveServer2 / Impala client over hive-driver: connect (NOSASL or SASL PLAIN, optional TLS),
 * run a parameterised query (sql.ts renders it; user data is never concatenated into HiveQL) and stream
 * the result in batches. Every RPC is bounded by a timeout and fails fast when the server drops the
 * connection (hive-driver alone would wait forever). Errors say what failed and where, never a password.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { HiveClient, HiveUtils, auth as hiveAuth, connections, thrift as hiveThrift } from 'hive-driver';
import type IHiveSession from 'hive-driver/dist/contracts/IHiveSession';
import type IOperation from 'hive-driver/dist/contracts/IOperation';
import { databasePort, type Settings } from '../../../shared/settings';
import { CancelledError } from '../errors';
import { renderSql, type SqlParam } from './sql';

/* eslint-disable @typescript-eslint/no-explicit-any -- the generated Thrift types are untyped JavaScript */
const TCLIService: any = hiveThrift.TCLIService;
const T: any = hiveThrift.TCLIService_types;
/* eslint-enable @typescript-eslint/no-explicit-any */

export type HiveAuth = { mode: 'NOSASL' } | { mode: 'PLAIN'; user: string; password: string };

export interface HiveConnectOptions {
  host: string;
  port: number;
  /** Default database of the session (`use:database`); queries still name their tables fully. */
  database: string;
  auth: HiveAuth;
  /** TLS on when given; `ca` is the PEM of the CA that signed the server certificate. */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean } | null;
  /** Upper bound of one RPC (execute, status, one fetch). */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  /**
   * Rows asked for per FetchResults (default 1000). thrift's unframed (NOSASL) receiver re-parses a reply
   * from its start on every TCP chunk, so one huge batch costs quadratic CPU; 1000 rows keeps it linear.
   */
  fetchSize?: number;
}

export type HiveErrorKind = 'auth' | 'connect' | 'dropped' | 'timeout' | 'missing-table' | 'query';

export class HiveError extends Error {
  constructor(
    readonly kind: HiveErrorKind,
    readonly endpoint: string,
    message: string,
  ) {
    super(message);
    this.name = 'HiveError';
  }
}

export type HiveValue = string | number | bigint | boolean | null;

export interface HiveColumn {
  name: string;
  /** Hive type name without `_TYPE`, e.g. STRING, INT, BIGINT, FLOAT. */
  type: string;
}

export interface HiveBatch {
  columns: HiveColumn[];
  rows: HiveValue[][];
}

export interface HiveQueryOptions {
  /** What the query is for, used in error messages (e.g. "raw flow rows of 2026-11-24"). */
  label?: string;
  /** Aborting cancels the operation on the server (CancelOperation) and rejects with CancelledError. */
  signal?: AbortSignal;
}

export interface HiveConnection {
  readonly endpoint: string;
  /** False once the server closed the connection or it failed; such a connection cannot be used again. */
  isOpen(): boolean;
  serverVersion(): Promise<string>;
  /** Runs one statement and yields its rows in batches of at most `fetchSize`. */
  query(
    template: string,
    params?: Readonly<Record<string, SqlParam>>,
    options?: HiveQueryOptions,
  ): AsyncGenerator<HiveBatch>;
  /** The whole (small) result as objects keyed by column name. */
  queryAll(
    template: string,
    params?: Readonly<Record<string, SqlParam>>,
    options?: HiveQueryOptions,
  ): Promise<Array<Record<string, HiveValue>>>;
  close(): Promise<void>;
}

const TYPE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(T.TTypeId as Record<string, number>).map(([name, id]) => [id, name.replace(/_TYPE$/, '')]),
);

/** hive-driver's StatusError is not an Error; take its message either way. */
function messageOf(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

function isMissingTable(message: string): boolean {
  return /table not found|could not resolve table reference|table or view not found|does not exist/i.test(message);
}

interface FetchedColumn {
  values: unknown[];
  nulls: Buffer;
}

/** One TRowSet (columnar, protocol V6+) → rows; BIGINT stays exact as bigint. */
export function decodeRowSet(
  columns: HiveColumn[],
  rowSet: { columns?: Array<Record<string, FetchedColumn | null>> | null },
): HiveValue[][] {
  const decoded = columns.map((column, index) => {
    const thriftColumn = rowSet.columns?.[index];
    const kind = thriftColumn
      ? (['boolVal', 'byteVal', 'i16Val', 'i32Val', 'i64Val', 'doubleVal', 'stringVal', 'binaryVal'].find(
          (key) => thriftColumn[key],
        ) ?? null)
      : null;
    if (!thriftColumn || !kind) return [] as HiveValue[];
    const { values, nulls } = thriftColumn[kind] as FetchedColumn;
    return values.map((value, i): HiveValue => {
      if (nulls && nulls.length > i >> 3 && ((nulls[i >> 3] ?? 0) & (1 << (i & 7))) !== 0) return null;
      if (kind === 'i64Val') {
        const i64 = value as { buffer: Buffer; offset?: number };
        return i64.buffer.readBigInt64BE(i64.offset ?? 0);
      }
      if (kind === 'binaryVal') return Buffer.from(value as Buffer).toString('utf8');
      if (column.type === 'DECIMAL') return Number(value);
      return value as HiveValue;
    });
  });
  const rowCount = Math.max(0, ...decoded.map((values) => values.length));
  const rows: HiveValue[][] = [];
  for (let r = 0; r < rowCount; r++) rows.push(decoded.map((values) => values[r] ?? null));
  return rows;
}

export async function connectHive(options: HiveConnectOptions): Promise<HiveConnection> {
  const endpoint = `${options.host}:${options.port}`;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
  const fetchSize = options.fetchSize ?? 1000;
  const who = options.auth.mode === 'PLAIN' ? ` as ${options.auth.user}` : '';

  const client = new HiveClient(TCLIService, T);
  let lost: HiveError | null = null;
  let closing = false;
  const waiters = new Set<(err: HiveError) => void>();
  const loseConnection = (err: HiveError) => {
    if (lost) return;
    lost = err;
    for (const reject of waiters) reject(err);
    waiters.clear();
  };
  client.on('error', (err: unknown) => {
    const code = (err as { code?: string }).code;
    const problem = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' ? 'connect' : 'dropped';
    loseConnection(
      new HiveError(
        problem,
        endpoint,
        problem === 'connect'
          ? `cannot reach Hive at ${endpoint}: ${code ?? messageOf(err)}`
          : `the connection to Hive at ${endpoint} failed: ${code ?? messageOf(err)}`,
      ),
    );
  });
  client.on('close', () => {
    if (!closing) loseConnection(new HiveError('dropped', endpoint, `Hive at ${endpoint} closed the connection`));
  });

  /** Races one RPC against the connection dropping and the timeout. */
  function guard<R>(what: string, work: () => Promise<R>, limitMs = timeoutMs): Promise<R> {
    if (lost) return Promise.reject(lost);
    return new Promise<R>((resolve, reject) => {
      const onLost = (err: HiveError) => {
        clearTimeout(timer);
        reject(new HiveError(err.kind, endpoint, `${what}: ${err.message}`));
      };
      const timer = setTimeout(() => {
        waiters.delete(onLost);
        reject(new HiveError('timeout', endpoint, `${what}: no answer from Hive at ${endpoint} within ${limitMs} ms`));
      }, limitMs);
      waiters.add(onLost);
      // A synchronous throw must also clear the timer, or it would hold the process open.
      Promise.resolve()
        .then(work)
        .then(
          (value) => {
            clearTimeout(timer);
            waiters.delete(onLost);
            resolve(value);
          },
          (err: unknown) => {
            clearTimeout(timer);
            waiters.delete(onLost);
            reject(err);
          },
        );
    });
  }

  const tlsOptions = options.tls
    ? {
        ssl: true,
        ca: options.tls.ca,
        rejectUnauthorized: options.tls.rejectUnauthorized ?? options.tls.ca !== undefined,
        ...(isIP(options.host) === 0 ? { servername: options.host } : {}),
      }
    : undefined;
  const authProvider =
    options.auth.mode === 'PLAIN'
      ? new hiveAuth.PlainTcpAuthentication({ username: options.auth.user, password: options.auth.password })
      : new hiveAuth.NoSaslAuthentication();

  let session: IHiveSession;
  try {
    await guard(
      `connecting to Hive at ${endpoint}`,
      () =>
        client.connect(
          { host: options.host, port: options.port, options: tlsOptions },
          new connections.TcpConnection(),
          authProvider,
        ) as Promise<unknown>,
      connectTimeoutMs,
    );
    session = await guard(
      `opening a session on ${endpoint}${who}`,
      () =>
        client.openSession({
          client_protocol: T.TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10,
          ...(options.auth.mode === 'PLAIN' ? { username: options.auth.user } : {}),
          configuration: { 'use:database': options.database },
        }),
      connectTimeoutMs,
    );
  } catch (err) {
    closing = true;
    client.close();
    if (err instanceof HiveError && (err.kind === 'dropped' || err.kind === 'timeout'))
      // A SASL server closes on (or ignores) a NOSASL client, and the other way round.
      throw new HiveError(
        err.kind,
        endpoint,
        `${err.message} (check the authentication mode: the server may expect ${options.auth.mode === 'NOSASL' ? 'PLAIN (LDAP)' : 'NOSASL'})`,
      );
    if (err instanceof HiveError) throw err;
    const message = messageOf(err);
    if (/authentication/i.test((err as { name?: string }).name ?? '') || /^Authentication error/i.test(message))
      throw new HiveError(
        'auth',
        endpoint,
        `Hive at ${endpoint} refused the login${who}: ${message.replace(/^Authentication error:\s*/i, '')}`,
      );
    const code = (err as { code?: string }).code;
    throw new HiveError('connect', endpoint, `cannot open a Hive session on ${endpoint}${who}: ${code ?? message}`);
  }

  const utils = new HiveUtils(T);

  async function* query(
    template: string,
    params: Readonly<Record<string, SqlParam>> = {},
    queryOptions: HiveQueryOptions = {},
  ): AsyncGenerator<HiveBatch> {
    const sql = renderSql(template, params);
    const label = queryOptions.label ?? 'Hive query';
    const fail = (err: unknown): never => {
      if (err instanceof HiveError) throw err;
      const message = messageOf(err);
      throw new HiveError(
        isMissingTable(message) ? 'missing-table' : 'query',
        endpoint,
        `${label} failed on ${endpoint}: ${message}`,
      );
    };
    const signal = queryOptions.signal;
    if (signal?.aborted) throw new CancelledError();
    let operation: IOperation | null = null;
    let cancelled = false;
    /** One RPC, given up at once when the signal aborts (the server is then told to cancel, below). */
    const step = <R>(what: string, work: () => Promise<R>): Promise<R> => {
      const rpc = guard(what, work).catch(fail);
      if (!signal) return rpc;
      return new Promise<R>((resolve, reject) => {
        const onAbort = () => {
          cancelled = true;
          reject(new CancelledError());
        };
        signal.addEventListener('abort', onAbort, { once: true });
        rpc.then(
          (value) => {
            signal.removeEventListener('abort', onAbort);
            if (signal.aborted) onAbort();
            else resolve(value);
          },
          (err: unknown) => {
            signal.removeEventListener('abort', onAbort);
            reject(signal.aborted ? new CancelledError() : err);
          },
        );
      });
    };
    // Kept so that an abort while the statement is being submitted still cancels it once the handle arrives.
    let executing: Promise<IOperation> | null = null;
    try {
      operation = await step(`${label}: executing`, () => {
        executing = session.executeStatement(sql, { runAsync: true });
        return executing;
      });
      const op = operation;
      await step(`${label}: waiting for the result`, () => utils.waitUntilReady(op, false, () => undefined));
      op.setMaxRows(fetchSize);
      let columns: HiveColumn[] | null = null;
      for (;;) {
        await step(`${label}: fetching rows`, () => op.fetch());
        if (!columns) {
          const schema = op.getSchema() as {
            columns?: Array<{
              columnName: string;
              position: number;
              typeDesc: { types: Array<{ primitiveEntry?: { type: number } }> };
            }>;
          } | null;
          columns = [...(schema?.columns ?? [])]
            .sort((a, b) => a.position - b.position)
            .map((c) => ({
              name: c.columnName.split('.').pop() ?? c.columnName,
              type: TYPE_NAMES[c.typeDesc.types[0]?.primitiveEntry?.type ?? T.TTypeId.STRING_TYPE] ?? 'STRING',
            }));
        }
        const data = op.getData() as Array<{ columns?: Array<Record<string, FetchedColumn | null>> | null }>;
        op.flush();
        const rows = data.flatMap((rowSet) => decodeRowSet(columns as HiveColumn[], rowSet));
        if (rows.length > 0) yield { columns, rows };
        if (!op.hasMoreRows()) break;
      }
    } finally {
      if (!operation && executing && (cancelled || signal?.aborted) && !lost) {
        const submitted: Promise<IOperation> = executing;
        operation = await guard(`${label}: submitting`, () => submitted, 10_000).catch(() => null);
      }
      if (operation && !lost) {
        const op = operation;
        // A cancelled query stops on the cluster too, not only in this process.
        if (cancelled || signal?.aborted)
          await guard(`${label}: cancelling`, () => op.cancel(), 10_000).catch(() => undefined);
        await guard(`${label}: closing`, () => op.close(), 10_000).catch(() => undefined);
      }
    }
  }

  return {
    endpoint,
    isOpen: () => lost === null && !closing,
    async serverVersion() {
      const info = await guard('asking the server version', () => session.getInfo(T.TGetInfoType.CLI_DBMS_VER));
      return String(info.getValue());
    },
    query,
    async queryAll(template, params, queryOptions) {
      const out: Array<Record<string, HiveValue>> = [];
      for await (const batch of query(template, params, queryOptions))
        for (const row of batch.rows)
          out.push(Object.fromEntries(batch.columns.map((c, i) => [c.name, row[i] ?? null])));
      return out;
    },
    async close() {
      if (!lost) await guard('closing the session', () => session.close(), 10_000).catch(() => undefined);
      closing = true;
      client.close();
    },
  };
}

/** Connection options from settings; the password comes from the caller (safeStorage or a prompt), never settings. */
export function hiveOptionsFromSettings(settings: Settings, password?: string): HiveConnectOptions {
  const db = settings.database;
  if (!db.host) throw new Error('settings database.host is empty: set the Hive/Impala host first');
  let auth: HiveAuth;
  if (db.auth.mode === 'PLAIN') {
    if (password === undefined)
      throw new Error(
        `settings database.auth: a password for ${db.auth.user} is needed (stored under passwordRef or asked)`,
      );
    auth = { mode: 'PLAIN', user: db.auth.user, password };
  } else auth = { mode: 'NOSASL' };
  let tls: HiveConnectOptions['tls'] = null;
  if (db.tls.enabled) {
    tls = {};
    if (db.tls.caPath) {
      try {
        tls = { ca: readFileSync(db.tls.caPath) };
      } catch (err) {
        throw new Error(
          `settings database.tls.caPath: cannot read ${db.tls.caPath}: ${(err as NodeJS.ErrnoException).code ?? messageOf(err)}`,
          { cause: err },
        );
      }
    }
  }
  return {
    host: db.host,
    port: databasePort(settings),
    database: db.database,
    auth,
    tls,
    timeoutMs: db.queryTimeoutMs,
  };
}

/** "Test connection" for the settings form: open a session, ask the version, check the database's raw tables. */
export async function testHiveConnection(
  settings: Settings,
  password?: string,
): Promise<{ ok: boolean; message: string }> {
  let connection: HiveConnection | null = null;
  try {
    const options = hiveOptionsFromSettings(settings, password);
    connection = await connectHive({ ...options, connectTimeoutMs: 10_000 });
    const version = await connection.serverVersion();
    const missing: string[] = [];
    for (const table of ['flow', 'dns', 'proxy'] as const) {
      if (!settings.pipelines[table].enabled || settings.pipelines[table].source !== 'hive') continue;
      try {
        await connection.queryAll('SELECT * FROM :db.:table LIMIT 0', {
          db: { kind: 'ident', name: options.database },
          table: { kind: 'ident', name: table },
        });
      } catch (err) {
        if (err instanceof HiveError && err.kind === 'missing-table') missing.push(`${options.database}.${table}`);
        else throw err;
      }
    }
    if (missing.length > 0)
      return {
        ok: false,
        message: `connected to ${connection.endpoint} (${version}), but table(s) ${missing.join(', ')} do not exist`,
      };
    return { ok: true, message: `connected to ${connection.endpoint} (${version}), database ${options.database}` };
  } catch (err) {
    return { ok: false, message: messageOf(err) };
  } finally {
    await connection?.close();
  }
}
