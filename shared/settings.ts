/**
 * Spot Desk settings: one typed, validated document with defaults (spec config.md §4).
 * Pure (no Node): the renderer's settings form and the main process share it.
 * Secrets are never part of it: the database password is a `passwordRef` the app resolves
 * (Electron safeStorage, or a prompt), so settings.json can be copied and shared safely.
 */
import { z } from 'zod';
import { domainProblem, normaliseDomain, subnetProblem } from './net-syntax';
import type { Pipeline } from './schema';

export const SOURCE_KINDS = ['local', 'ssh', 'hive'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Default ports of the two engines (HiveServer2 and impalad's HS2 endpoint). */
export const DEFAULT_DB_PORT = { hive: 10000, impala: 21050 } as const;

/**
 * Path templates use `{field}` placeholders, filled by `renderPathTemplate`:
 * {huser} {luser} {type} {yyyymmdd} {yyyy} {mm} {dd} (zero-padded) {m} {d} (unpadded).
 * spot.conf's ${DSOURCE} ${FDATE} ${YR} ${MH} ${DY} map to {type} {yyyymmdd} {yyyy} {mm} {dd}.
 */
export const TEMPLATE_FIELDS = ['huser', 'luser', 'type', 'yyyymmdd', 'yyyy', 'mm', 'dd', 'm', 'd'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

const nonEmpty = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be text`) })
    .trim()
    .min(1, `${what} must not be empty`);
const optionalPath = (what: string) =>
  z
    .string({ error: `${what} must be a path (text) or null` })
    .trim()
    .min(1, `${what} must not be empty; use null for none`)
    .nullable()
    .default(null);
const port = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(1, `${what} must be between 1 and 65535`)
    .max(65535, `${what} must be between 1 and 65535`);

const templateString = (what: string) =>
  nonEmpty(what).refine((value) => unknownTemplateFields(value).length === 0, {
    error: (issue) =>
      `${what} uses unknown field(s) ${unknownTemplateFields(String(issue.input))
        .map((f) => `{${f}}`)
        .join(', ')}; known: ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(' ')}`,
  });

const pipelineSettings = z
  .strictObject({
    enabled: z.boolean({ error: 'enabled must be true or false' }).default(true),
    source: z.enum(SOURCE_KINDS, { error: `source must be one of ${SOURCE_KINDS.join(', ')}` }).default('local'),
  })
  .prefault({});

const localSettings = z
  .strictObject({
    /** Root of the local tree `<root>/<type>/scored_results/...` and `<root>/<type>/hive/...` (CONVENTIONS.md). */
    root: optionalPath('local.root'),
    /** Optional separate root for raw days; defaults to `root`. */
    rawRoot: optionalPath('local.rawRoot'),
  })
  .prefault({});

const mlNodeSettings = z
  .strictObject({
    host: z.string({ error: 'mlNode.host must be text' }).trim().default(''),
    port: port('mlNode.port').default(22),
    user: z.string({ error: 'mlNode.user must be text' }).trim().default(''),
    /** Private key file; null with useAgent=true uses $SSH_AUTH_SOCK. */
    keyPath: optionalPath('mlNode.keyPath'),
    useAgent: z.boolean({ error: 'mlNode.useAgent must be true or false' }).default(false),
    knownHostsPath: optionalPath('mlNode.knownHostsPath'),
    /** HDFS base path (spot.conf HUSER); its last component is the WebHDFS user. */
    huser: nonEmpty('mlNode.huser').default('/user/spot'),
    /** Local home on the ML node (spot.conf LUSER). */
    luser: nonEmpty('mlNode.luser').default('/home/spot'),
    /** spot.conf LPATH: pre-1.0 local feedback folder on the ML node; target of `feedbackTarget: 'local'`. */
    lpathTemplate: templateString('mlNode.lpathTemplate').default('{luser}/ml/{type}/{yyyymmdd}'),
    /** spot.conf HPATH: the day's ML output root; `/scores/<type>_results.csv` and `/feedback/ml_feedback.csv`. */
    hpathTemplate: templateString('mlNode.hpathTemplate').default('{huser}/{type}/scored_results/{yyyymmdd}'),
    /** spot.conf FLOW_PATH/DNS_PATH/PROXY_PATH: the raw day on HDFS (ML input). */
    rawPathTemplate: templateString('mlNode.rawPathTemplate').default('{huser}/{type}/hive/y={yyyy}/m={m}/d={d}/'),
    /** Where ml_feedback.csv goes: HDFS (`hdfs dfs -put -f` over SSH, Spot 1.0) or a local folder on the node. */
    feedbackTarget: z.enum(['hdfs', 'local'], { error: 'mlNode.feedbackTarget must be hdfs or local' }).default('hdfs'),
  })
  .prefault({});

const databaseAuth = z.discriminatedUnion(
  'mode',
  [
    z.strictObject({ mode: z.literal('NOSASL') }),
    z.strictObject({
      mode: z.literal('PLAIN'),
      user: nonEmpty('database.auth.user'),
      /** Key under which the app keeps the password (safeStorage); never the password itself. */
      passwordRef: z
        .string({ error: 'database.auth.passwordRef must be text or null' })
        .trim()
        .min(1, 'database.auth.passwordRef must not be empty; use null to be asked')
        .nullable()
        .default(null),
    }),
  ],
  { error: 'database.auth.mode must be NOSASL or PLAIN' },
);

const databaseSettings = z
  .strictObject({
    engine: z.enum(['hive', 'impala'], { error: 'database.engine must be hive or impala' }).default('impala'),
    host: z.string({ error: 'database.host must be text' }).trim().default(''),
    /** null = the engine's default port (hive 10000, impala 21050). */
    port: port('database.port').nullable().default(null),
    database: z
      .string({ error: 'database.database must be text' })
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'database.database must be a plain identifier (letters, digits, _)')
      .default('spot'),
    auth: databaseAuth.default({ mode: 'NOSASL' }),
    tls: z
      .strictObject({
        enabled: z.boolean({ error: 'database.tls.enabled must be true or false' }).default(false),
        caPath: optionalPath('database.tls.caPath'),
      })
      .prefault({}),
    /** Per-RPC timeout; a query's fetch loop restarts it on every batch. */
    queryTimeoutMs: z
      .number({ error: 'database.queryTimeoutMs must be a number' })
      .int('database.queryTimeoutMs must be a whole number')
      .min(1000, 'database.queryTimeoutMs must be at least 1000')
      .default(300_000),
  })
  .prefault({});

const oaSettings = z
  .strictObject({
    /** Rows imported per day (start_oa.py -l). */
    topN: z
      .number({ error: 'oa.topN must be a number' })
      .int('oa.topN must be a whole number')
      .min(1, 'oa.topN must be at least 1')
      .default(3000),
    /** Rows the suspicious view shows at once (MAX_SUSPICIOUS_ROWS). */
    displayCap: z
      .number({ error: 'oa.displayCap must be a number' })
      .int('oa.displayCap must be a whole number')
      .min(1, 'oa.displayCap must be at least 1')
      .default(250),
  })
  .prefault({});

const localMlSettings = z
  .strictObject({
    topics: z
      .number({ error: 'localMl.topics must be a number' })
      .int('localMl.topics must be a whole number')
      .min(2, 'localMl.topics must be at least 2')
      .default(20),
    alpha: z.number({ error: 'localMl.alpha must be a number' }).positive('localMl.alpha must be > 0').default(1.02),
    beta: z.number({ error: 'localMl.beta must be a number' }).positive('localMl.beta must be > 0').default(1.001),
    iterations: z
      .number({ error: 'localMl.iterations must be a number' })
      .int('localMl.iterations must be a whole number')
      .min(1, 'localMl.iterations must be at least 1')
      .default(20),
    seed: z
      .number({ error: 'localMl.seed must be a number' })
      .int('localMl.seed must be a whole number')
      // The scorer's own default (electron/core/ml/lda.ts LDA_DEFAULTS), which also scored the bundled sample.
      .default(1),
    /** Suspicion threshold: keep rows with score <= tol (spot.conf TOL). Spot's 1e-6 suits a cluster-sized day;
     * on a laptop-sized day no event scores that low (docs/ml.md), so the local default keeps the lowest
     * `maxResults` instead. Importing a spot.conf brings its TOL. */
    tol: z
      .number({ error: 'localMl.tol must be a number' })
      .min(0, 'localMl.tol must be >= 0')
      .max(1, 'localMl.tol must be <= 1')
      .default(1),
    /** -1 = no limit (ml_ops.sh MAXRESULTS). */
    maxResults: z
      .number({ error: 'localMl.maxResults must be a number' })
      .int('localMl.maxResults must be a whole number')
      .min(-1, 'localMl.maxResults must be -1 (no limit) or more')
      .default(5000),
    dupFactor: z
      .number({ error: 'localMl.dupFactor must be a number' })
      .int('localMl.dupFactor must be a whole number')
      .min(0, 'localMl.dupFactor must be >= 0')
      .default(1000),
    /** Bare labels of the organisation's domains (spot.conf USER_DOMAIN), e.g. ['intel']. */
    userDomains: z.array(nonEmpty('localMl.userDomains[]')).default([]),
    proxySafeDomains: z.array(nonEmpty('localMl.proxySafeDomains[]')).default(['intel']),
    /** Days of earlier feedback the next run also reads; 0 = only the scored day. */
    feedbackWindowDays: z
      .number({ error: 'localMl.feedbackWindowDays must be a number' })
      .int('localMl.feedbackWindowDays must be a whole number')
      .min(0, 'localMl.feedbackWindowDays must be >= 0')
      .default(0),
  })
  .prefault({});

const contextSettings = z
  .strictObject({
    /** Network-context tables (ipranges.csv / networkcontext_1.csv shapes), applied in order. */
    networkContextPaths: z.array(nonEmpty('context.networkContextPaths[]')).default([]),
    /** iploc.csv-shaped geolocation file. */
    iplocPath: optionalPath('context.iplocPath'),
  })
  .prefault({});

const reputationSettings = z
  .strictObject({
    /** Local reputation list files (one provider each). */
    filePaths: z.array(nonEmpty('reputation.filePaths[]')).default([]),
    cacheTtlHours: z
      .number({ error: 'reputation.cacheTtlHours must be a number' })
      .min(0, 'reputation.cacheTtlHours must be >= 0')
      .default(24),
  })
  .prefault({});

/**
 * The organisation's address space by default: RFC 1918, CGNAT, link-local and unique-local IPv6. Defined once here;
 * the detectors' defaults (detect/network.ts DEFAULT_NETWORK) use it.
 */
export const DEFAULT_INTERNAL_SUBNETS: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '169.254.0.0/16',
  'fc00::/7',
  'fe80::/10',
];

const entryText = (what: string) =>
  z
    .string({ error: `${what} entries must be text` })
    .trim()
    .min(1, { error: `${what} entries must not be empty`, abort: true });

/** IPv4 addresses and CIDRs, IPv6 prefixes of at most 16 bits (net-syntax.ts subnetProblem). */
const subnetList = (what: string, defaults: readonly string[] = []) =>
  z
    .array(
      entryText(what).refine((value) => subnetProblem(value) === null, {
        error: (issue) => `${what}: "${String(issue.input)}" ${subnetProblem(String(issue.input))}`,
      }),
      { error: `${what} must be a list of addresses or CIDRs` },
    )
    .default(() => [...defaults]);

/** Domain names, each matching itself and its subdomains; kept lower case without a final dot. */
const domainList = (what: string) =>
  z
    .array(
      entryText(what)
        .refine((value) => domainProblem(value) === null, {
          error: (issue) => `${what}: "${String(issue.input)}" ${domainProblem(String(issue.input))}`,
        })
        .overwrite(normaliseDomain),
      { error: `${what} must be a list of domain names` },
    )
    .default(() => []);

/**
 * What the detectors know of the network (electron/core/detect types.ts NetworkSettings; RITA's `filtering` block
 * is the anchor). The defaults need no configuration; every scoring run of a configured tree reads these.
 */
const detectionSettings = z
  .strictObject({
    /** The organisation's address space (RITA internal_subnets). */
    internalSubnets: subnetList('detection.internalSubnets', DEFAULT_INTERNAL_SUBNETS),
    /** Resolvers, gateways, NTP and DHCP servers, proxies: traffic to them is background. */
    infrastructureHosts: subnetList('detection.infrastructureHosts'),
    /** Never make a finding involving these (RITA never_included_subnets / never_included_domains). */
    neverIncludedSubnets: subnetList('detection.neverIncludedSubnets'),
    neverIncludedDomains: domainList('detection.neverIncludedDomains'),
    /** Always evaluate these, even when never-included, background or common (RITA always_included_*). */
    alwaysIncludedSubnets: subnetList('detection.alwaysIncludedSubnets'),
    alwaysIncludedDomains: domainList('detection.alwaysIncludedDomains'),
  })
  .prefault({});

export const settingsSchema = z.strictObject({
  version: z.literal(1, { error: 'version must be 1' }).default(1),
  /** null = $SPOT_DESK_DATA, else the platform default (Electron userData). */
  dataDir: optionalPath('dataDir'),
  pipelines: z.strictObject({ flow: pipelineSettings, dns: pipelineSettings, proxy: pipelineSettings }).prefault({}),
  local: localSettings,
  mlNode: mlNodeSettings,
  database: databaseSettings,
  oa: oaSettings,
  localMl: localMlSettings,
  context: contextSettings,
  reputation: reputationSettings,
  detection: detectionSettings,
});

export type Settings = z.output<typeof settingsSchema>;
/** What a settings file may hold: every field optional (defaults fill the rest). */
export type SettingsInput = z.input<typeof settingsSchema>;

export interface SettingsError {
  /** Dotted path of the field, e.g. `database.port` or `localMl.userDomains.0`; `(root)` for the document. */
  path: string;
  message: string;
}

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}

export function validateSettings(
  input: unknown,
): { ok: true; settings: Settings } | { ok: false; errors: SettingsError[] } {
  const result = settingsSchema.safeParse(input);
  if (result.success) return { ok: true, settings: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      let message = issue.message;
      if (issue.code === 'unrecognized_keys') message = `unknown setting(s): ${issue.keys.join(', ')}`;
      else if (issue.code === 'invalid_type' && /^Invalid input/.test(message))
        message = `${path || 'settings'} must be ${issue.expected}`;
      return { path: path || '(root)', message };
    }),
  };
}

/** The database port in effect: the explicit one, else the engine's default. */
export function databasePort(settings: Settings): number {
  return settings.database.port ?? DEFAULT_DB_PORT[settings.database.engine];
}

export function unknownTemplateFields(template: string): string[] {
  const known = new Set<string>(TEMPLATE_FIELDS);
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '').filter((name) => !known.has(name));
}

/** Fills a path template for one pipeline and day (`YYYY-MM-DD`). */
export function renderPathTemplate(
  template: string,
  values: { huser: string; luser: string; type: Pipeline; date: string },
): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(values.date);
  if (!match) throw new Error(`date ${values.date} is not YYYY-MM-DD`);
  const [, yyyy = '', mm = '', dd = ''] = match;
  const fields: Record<TemplateField, string> = {
    huser: values.huser.replace(/\/+$/, ''),
    luser: values.luser.replace(/\/+$/, ''),
    type: values.type,
    yyyymmdd: `${yyyy}${mm}${dd}`,
    yyyy,
    mm,
    dd,
    m: String(Number(mm)),
    d: String(Number(dd)),
  };
  return template.replace(/\{([^{}]*)\}/g, (whole, name: string) =>
    name in fields ? fields[name as TemplateField] : whole,
  );
}

/** `<HPATH>/scores/<type>_results.csv` on the ML node's HDFS. */
export function resultsPathFor(settings: Settings, type: Pipeline, date: string): string {
  const { huser, luser, hpathTemplate } = settings.mlNode;
  return `${renderPathTemplate(hpathTemplate, { huser, luser, type, date }).replace(/\/+$/, '')}/scores/${type}_results.csv`;
}

/** Where ml_feedback.csv goes: `<HPATH>/feedback/ml_feedback.csv` (hdfs) or `<LPATH>/ml_feedback.csv` (local). */
export function feedbackPathFor(settings: Settings, type: Pipeline, date: string): string {
  const { huser, luser, hpathTemplate, lpathTemplate, feedbackTarget } = settings.mlNode;
  const values = { huser, luser, type, date };
  if (feedbackTarget === 'local')
    return `${renderPathTemplate(lpathTemplate, values).replace(/\/+$/, '')}/ml_feedback.csv`;
  return `${renderPathTemplate(hpathTemplate, values).replace(/\/+$/, '')}/feedback/ml_feedback.csv`;
}
