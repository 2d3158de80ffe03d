/**
 * Checks of the STIX 2.1 objects this app emits, written from the STIX 2.1 specification (OASIS, 2021):
 * §3 common properties, §2.7 identifiers, §3.2 timestamps, §4 bundle, §4.7 indicator, §4.14 observed-data,
 * §4.16 report, §5 relationship, §6 SCOs, §7.2 marking definitions, §9 patterning. JSON Schema (ajv) for the
 * shapes; code for what a schema cannot say (references resolve, times ordered, pattern syntax).
 */
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}';
const identifier = (type = '[a-z0-9][a-z0-9-]*[a-z0-9]') => ({ type: 'string', pattern: `^${type}--${UUID}$` });
const timestamp = {
  type: 'string',
  format: 'date-time',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$',
};
const nonEmpty = { type: 'string', minLength: 1 };
const stringList = { type: 'array', items: nonEmpty, minItems: 1 };

/** §3.1 common properties of SDOs and SROs. */
const sdoCommon = {
  type: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$' },
  spec_version: { const: '2.1' },
  id: identifier(),
  created_by_ref: identifier('identity'),
  created: timestamp,
  modified: timestamp,
  revoked: { type: 'boolean' },
  labels: stringList,
  confidence: { type: 'integer', minimum: 0, maximum: 100 },
  lang: { type: 'string' },
  external_references: { type: 'array', minItems: 1, items: { type: 'object', required: ['source_name'] } },
  object_marking_refs: { type: 'array', minItems: 1, items: identifier('marking-definition') },
  granular_markings: { type: 'array', minItems: 1 },
};
const sdoRequired = ['type', 'spec_version', 'id', 'created', 'modified'];

function sdo(type: string, properties: Record<string, unknown>, required: string[]) {
  return {
    type: 'object',
    properties: { ...sdoCommon, ...properties, type: { const: type }, id: identifier(type) },
    required: [...sdoRequired, ...required],
    additionalProperties: false,
  };
}

function sco(type: string, properties: Record<string, unknown>, required: string[]) {
  return {
    type: 'object',
    properties: {
      type: { const: type },
      spec_version: { const: '2.1' },
      id: identifier(type),
      object_marking_refs: { type: 'array', minItems: 1, items: identifier('marking-definition') },
      defanged: { type: 'boolean' },
      ...properties,
    },
    required: ['type', 'id', ...required],
    additionalProperties: false,
  };
}

export const STIX_SCHEMAS: Record<string, object> = {
  identity: sdo(
    'identity',
    {
      name: nonEmpty,
      description: { type: 'string' },
      roles: stringList,
      identity_class: { enum: ['individual', 'group', 'system', 'organization', 'class', 'unknown'] },
      sectors: stringList,
      contact_information: { type: 'string' },
    },
    ['name'],
  ),
  indicator: sdo(
    'indicator',
    {
      name: { type: 'string' },
      description: { type: 'string' },
      indicator_types: stringList,
      pattern: nonEmpty,
      pattern_type: nonEmpty,
      pattern_version: { type: 'string' },
      valid_from: timestamp,
      valid_until: timestamp,
      kill_chain_phases: { type: 'array', minItems: 1 },
    },
    ['pattern', 'pattern_type', 'valid_from'],
  ),
  'observed-data': sdo(
    'observed-data',
    {
      first_observed: timestamp,
      last_observed: timestamp,
      number_observed: { type: 'integer', minimum: 1, maximum: 999_999_999 },
      object_refs: { type: 'array', minItems: 1, items: identifier() },
    },
    ['first_observed', 'last_observed', 'number_observed', 'object_refs'],
  ),
  report: sdo(
    'report',
    {
      name: nonEmpty,
      description: { type: 'string' },
      report_types: stringList,
      published: timestamp,
      object_refs: { type: 'array', minItems: 1, items: identifier() },
    },
    ['name', 'published', 'object_refs'],
  ),
  relationship: sdo(
    'relationship',
    {
      relationship_type: { type: 'string', pattern: '^[a-z0-9-]+$' },
      description: { type: 'string' },
      source_ref: identifier(),
      target_ref: identifier(),
      start_time: timestamp,
      stop_time: timestamp,
    },
    ['relationship_type', 'source_ref', 'target_ref'],
  ),
  'marking-definition': {
    type: 'object',
    properties: {
      type: { const: 'marking-definition' },
      spec_version: { const: '2.1' },
      id: identifier('marking-definition'),
      created_by_ref: identifier('identity'),
      created: timestamp,
      name: { type: 'string' },
      definition_type: { enum: ['statement', 'tlp'] },
      definition: { type: 'object' },
      external_references: { type: 'array' },
      object_marking_refs: { type: 'array' },
    },
    required: ['type', 'spec_version', 'id', 'created'],
    additionalProperties: false,
    if: { properties: { definition_type: { const: 'tlp' } }, required: ['definition_type'] },
    then: {
      required: ['definition'],
      properties: {
        definition: {
          type: 'object',
          properties: { tlp: { enum: ['white', 'green', 'amber', 'red'] } },
          required: ['tlp'],
          additionalProperties: false,
        },
      },
    },
  },
  'ipv4-addr': sco(
    'ipv4-addr',
    {
      value: { type: 'string', pattern: '^\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?$' },
      resolves_to_refs: { type: 'array' },
    },
    ['value'],
  ),
  'ipv6-addr': sco('ipv6-addr', { value: { type: 'string', pattern: '^[0-9a-fA-F:.]+(/\\d{1,3})?$' } }, ['value']),
  'domain-name': sco(
    'domain-name',
    { value: { type: 'string', minLength: 1, pattern: '^[^\\s/]+$' }, resolves_to_refs: { type: 'array' } },
    ['value'],
  ),
  url: sco('url', { value: { type: 'string', format: 'uri' } }, ['value']),
  file: sco('file', { name: nonEmpty, hashes: { type: 'object' }, size: { type: 'integer', minimum: 0 } }, ['name']),
};

const bundleSchema = {
  type: 'object',
  properties: {
    type: { const: 'bundle' },
    id: identifier('bundle'),
    objects: { type: 'array', minItems: 1, items: { type: 'object', required: ['type', 'id'] } },
  },
  required: ['type', 'id'],
  additionalProperties: false,
};

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validateBundleShape = ajv.compile(bundleSchema);
const validators = new Map(Object.entries(STIX_SCHEMAS).map(([type, schema]) => [type, ajv.compile(schema)]));

function errorsText(prefix: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${prefix}${e.instancePath || ''} ${e.message ?? 'is invalid'}`.trim());
}

/**
 * §9 STIX patterning, the subset of comparison expressions: `[ obj:path OP value (AND|OR ...)* ]`, with
 * observation expressions joined by AND/OR/FOLLOWEDBY. Returns the problem, or null when the pattern parses.
 */
export function patternProblem(pattern: string): string | null {
  const tokens: string[] = [];
  const lexer =
    /\s*(\[|\]|\(|\)|'(?:[^'\\]|\\['\\])*'|-?\d+(?:\.\d+)?|true|false|AND|OR|FOLLOWEDBY|NOT|=|!=|<=|>=|<|>|LIKE|MATCHES|ISSUBSET|ISSUPERSET|[a-z0-9][a-z0-9-]*:[A-Za-z0-9_.'\-[\]*]+?(?=\s|$|=|!|<|>))/y;
  let at = 0;
  const text = pattern.trim();
  while (at < text.length) {
    lexer.lastIndex = at;
    const m = lexer.exec(text);
    if (!m || m[0].length === 0) return `unexpected text at ${at}: ${text.slice(at, at + 20)}`;
    tokens.push(m[1]!);
    at = lexer.lastIndex;
    while (text[at] === ' ') at++;
  }
  let i = 0;
  const peek = () => tokens[i];
  const isPath = (t: string | undefined) => t !== undefined && /^[a-z0-9][a-z0-9-]*:/.test(t);
  const isValue = (t: string | undefined) => t !== undefined && /^('.*'|-?\d+(\.\d+)?|true|false)$/s.test(t);
  const comparison = (): string | null => {
    if (peek() === 'NOT') i++;
    if (!isPath(peek())) return `expected an object path, got ${peek() ?? 'the end'}`;
    i++;
    const op = peek();
    if (!op || !['=', '!=', '<', '>', '<=', '>=', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'].includes(op)) {
      return `expected a comparison operator, got ${op ?? 'the end'}`;
    }
    i++;
    if (!isValue(peek())) return `expected a literal, got ${peek() ?? 'the end'}`;
    i++;
    return null;
  };
  const observation = (): string | null => {
    if (peek() === '(') {
      i++;
      const p = observations();
      if (p) return p;
      if (peek() !== ')') return 'unbalanced parenthesis';
      i++;
      return null;
    }
    if (peek() !== '[') return `expected [, got ${peek() ?? 'the end'}`;
    i++;
    for (;;) {
      const p = comparison();
      if (p) return p;
      if (peek() === 'AND' || peek() === 'OR') {
        i++;
        continue;
      }
      break;
    }
    if (peek() !== ']') return `expected ], got ${peek() ?? 'the end'}`;
    i++;
    return null;
  };
  const observations = (): string | null => {
    for (;;) {
      const p = observation();
      if (p) return p;
      if (peek() === 'AND' || peek() === 'OR' || peek() === 'FOLLOWEDBY') {
        i++;
        continue;
      }
      return null;
    }
  };
  const problem = observations();
  if (problem) return problem;
  return i === tokens.length ? null : `unexpected ${tokens[i]}`;
}

/** Every problem of a bundle (empty when it is valid STIX 2.1 as far as these checks go). */
export function stixBundleProblems(bundle: unknown): string[] {
  if (!validateBundleShape(bundle)) return errorsText('bundle', validateBundleShape.errors);
  const objects = (bundle as { objects?: Array<Record<string, unknown>> }).objects ?? [];
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const [n, obj] of objects.entries()) {
    const where = `objects[${n}] (${String(obj.type)})`;
    const validate = validators.get(String(obj.type));
    if (!validate) {
      problems.push(`${where}: type ${String(obj.type)} is not one this export emits`);
      continue;
    }
    if (!validate(obj)) problems.push(...errorsText(where, validate.errors));
    if (ids.has(String(obj.id))) problems.push(`${where}: duplicate id ${String(obj.id)}`);
    ids.add(String(obj.id));
    if (typeof obj.created === 'string' && typeof obj.modified === 'string' && obj.modified < obj.created) {
      problems.push(`${where}: modified is before created`);
    }
    if (obj.type === 'indicator') {
      if (obj.pattern_type === 'stix' && typeof obj.pattern === 'string') {
        const p = patternProblem(obj.pattern);
        if (p) problems.push(`${where}: pattern ${p}`);
      }
      if (
        typeof obj.valid_until === 'string' &&
        typeof obj.valid_from === 'string' &&
        obj.valid_until <= obj.valid_from
      ) {
        problems.push(`${where}: valid_until must be after valid_from`);
      }
    }
    if (
      obj.type === 'observed-data' &&
      typeof obj.first_observed === 'string' &&
      typeof obj.last_observed === 'string' &&
      obj.last_observed < obj.first_observed
    ) {
      problems.push(`${where}: last_observed is before first_observed`);
    }
  }
  // References resolve inside the bundle (the TLP markings are well known, but this export carries them too).
  for (const [n, obj] of objects.entries()) {
    const refs = [
      ...['created_by_ref', 'source_ref', 'target_ref'].map((k) => obj[k]),
      ...['object_refs', 'object_marking_refs'].flatMap((k) => (Array.isArray(obj[k]) ? (obj[k] as unknown[]) : [])),
    ].filter((r): r is string => typeof r === 'string');
    for (const ref of refs)
      if (!ids.has(ref)) problems.push(`objects[${n}] (${String(obj.type)}): ${ref} is not in the bundle`);
  }
  return problems;
}
