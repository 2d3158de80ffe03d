/**
 * `<type>_detections.json`, which the embedded scorer writes beside `<type>_results.csv` (docs/ml.md §5): the
 * day's named detections (beaconing, DNS tunnelling, DGA, port scan, long connection, large upload), the keys of
 * the rows each covers and a few example rows in results-file columns with their LDA score. The OA import adds
 * the examples that are not among the top N results rows, so a detection is on screen even when LDA alone ranks
 * its rows low. Parsed strictly: an error names the file, the line (for JSON syntax) and the field path.
 */
import { RESULTS_COLUMNS, type Pipeline } from '../../../shared/schema';
import { InputError } from '../errors';
import type { FindingKeys } from '../detect/types';
import { parseResultsFields, type ResultsRow } from './results';

/** A finding as the scorer wrote it, with the rows it covers parsed and checked like results-file lines (`line` is
 * null: they are not in the file). */
export interface StoredDetection {
  name: string;
  strength: number;
  evidence: string;
  keys: FindingKeys;
  /** The detector's id (files from before detectors had ids leave it out). */
  detector?: string;
  events?: number;
  /** Events of the day the keys cover; more than `examples` when the scorer kept only the rarest. */
  covered?: number;
  examples: ResultsRow[];
  /** Where the finding was computed when not by the embedded scorer (e.g. pushed down to Hive). */
  origin?: string;
}

const STRING_KEYS = ['srcip', 'dstip', 'clientip', 'domain', 'host', 'proto', 'useragent'] as const;
const INTEGER_KEYS = { dport: [0, 65535], rcode: [0, 65535], qtype: [0, 65535] } as const;

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** 1-based line of a character offset, for JSON syntax errors ("… at position 123"). */
function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function parseJson(fileName: string, text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    throw new InputError(fileName, position ? lineAt(text, Number(position[1])) : null, null, `not JSON: ${message}`);
  }
}

function parseKeys(fileName: string, value: Json, path: string): FindingKeys {
  if (!isObject(value)) throw new InputError(fileName, null, path, 'expected an object of row keys');
  const keys: FindingKeys = {};
  for (const [name, key] of Object.entries(value)) {
    if ((STRING_KEYS as readonly string[]).includes(name)) {
      if (typeof key !== 'string' || key === '')
        throw new InputError(fileName, null, `${path}.${name}`, 'expected a non-empty string');
      keys[name as (typeof STRING_KEYS)[number]] = key;
    } else if (name in INTEGER_KEYS) {
      const [low, high] = INTEGER_KEYS[name as keyof typeof INTEGER_KEYS];
      if (typeof key !== 'number' || !Number.isInteger(key) || key < low || key > high)
        throw new InputError(
          fileName,
          null,
          `${path}.${name}`,
          `expected an integer ${low}–${high}, got ${JSON.stringify(key)}`,
        );
      keys[name as keyof typeof INTEGER_KEYS] = key;
    } else if (name === 'uriPattern') {
      if (typeof key !== 'string' || key === '')
        throw new InputError(fileName, null, `${path}.${name}`, 'expected a pattern');
      try {
        new RegExp(key, 'i');
      } catch (error) {
        throw new InputError(
          fileName,
          null,
          `${path}.${name}`,
          `not a regular expression: ${(error as Error).message}`,
        );
      }
      keys.uriPattern = key;
    } else {
      throw new InputError(fileName, null, `${path}.${name}`, 'unknown row key');
    }
  }
  if (Object.keys(keys).length === 0) throw new InputError(fileName, null, path, 'a detection must name a row key');
  return keys;
}

function parseExample(pipeline: Pipeline, fileName: string, value: Json, path: string): ResultsRow {
  if (!isObject(value)) throw new InputError(fileName, null, path, 'expected an object of results columns');
  const fields = RESULTS_COLUMNS[pipeline].map(({ name }) => {
    const field = value[name];
    if (typeof field !== 'string') {
      throw new InputError(fileName, null, `${path}.${name}`, field === undefined ? 'missing' : 'expected a string');
    }
    return field;
  });
  try {
    return { line: null, row: parseResultsFields(pipeline, fields, fileName, null) };
  } catch (error) {
    // Say which example: the results parser only knows the column.
    if (error instanceof InputError) throw new InputError(fileName, null, `${path}.${error.field}`, error.problem);
    throw error;
  }
}

export interface DetectionsFileContent {
  detections: StoredDetection[];
  /**
   * True when the file names the sha256 of the results file it was computed with and the results file has changed
   * since (e.g. results copied in from the cluster): its detections are then left out, not shown against rows of
   * another run. A file without `resultsSha256` (written by hand or by an older version) is taken as it is.
   */
  stale: boolean;
  /** Detectors the scorer could not run, and why (`failedDetectors`; files from before it leave it out). */
  failed: { detector: string; error: string }[];
}

function parseFailed(fileName: string, value: Json): DetectionsFileContent['failed'] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InputError(fileName, null, 'failedDetectors', 'expected a list');
  return value.map((item: Json, i) => {
    if (!isObject(item) || typeof item.detector !== 'string' || typeof item.error !== 'string')
      throw new InputError(fileName, null, `failedDetectors[${i}]`, 'expected { detector, error } strings');
    return { detector: item.detector, error: item.error };
  });
}

/**
 * Parses a detections file of `pipeline`; a missing `detections` list is an error. `resultsSha256` is the hash of
 * the results file as it is now.
 */
export function parseDetectionsFile(
  pipeline: Pipeline,
  fileName: string,
  text: string,
  resultsSha256?: string,
): DetectionsFileContent {
  const document = parseJson(fileName, text);
  if (!isObject(document)) throw new InputError(fileName, null, null, 'expected a JSON object');
  if (document.pipeline !== undefined && document.pipeline !== pipeline) {
    throw new InputError(fileName, null, 'pipeline', `holds ${String(document.pipeline)} detections, not ${pipeline}`);
  }
  const recorded = document.resultsSha256;
  if (recorded !== undefined && typeof recorded !== 'string')
    throw new InputError(fileName, null, 'resultsSha256', 'expected a hex string');
  if (recorded !== undefined && resultsSha256 !== undefined && recorded !== resultsSha256)
    return { detections: [], stale: true, failed: [] };
  const failed = parseFailed(fileName, document.failedDetectors);
  const list = document.detections;
  if (!Array.isArray(list)) throw new InputError(fileName, null, 'detections', 'expected a list');
  // Rows are listed once at the top level and named by index (older files hold `examples` per detection).
  const sharedRows = document.rows ?? [];
  if (!Array.isArray(sharedRows)) throw new InputError(fileName, null, 'rows', 'expected a list');
  const rows = sharedRows.map((row: Json, j) => ({ ...parseExample(pipeline, fileName, row, `rows[${j}]`), event: j }));
  const detections = list.map((item: Json, i): StoredDetection => {
    const path = `detections[${i}]`;
    if (!isObject(item)) throw new InputError(fileName, null, path, 'expected an object');
    const { name, strength, evidence } = item;
    if (typeof name !== 'string' || !/^[a-z_]{1,40}$/.test(name))
      throw new InputError(fileName, null, `${path}.name`, `expected a detection name, got ${JSON.stringify(name)}`);
    if (typeof strength !== 'number' || !(strength >= 0 && strength <= 1))
      throw new InputError(
        fileName,
        null,
        `${path}.strength`,
        `expected a number from 0 to 1, got ${String(strength)}`,
      );
    if (typeof evidence !== 'string') throw new InputError(fileName, null, `${path}.evidence`, 'expected a string');
    const examples = item.examples ?? [];
    if (!Array.isArray(examples)) throw new InputError(fileName, null, `${path}.examples`, 'expected a list');
    const indexes = item.rows ?? [];
    if (!Array.isArray(indexes)) throw new InputError(fileName, null, `${path}.rows`, 'expected a list of row indexes');
    const named = indexes.map((at: Json, j) => {
      if (typeof at !== 'number' || !Number.isInteger(at) || at < 0 || at >= rows.length)
        throw new InputError(
          fileName,
          null,
          `${path}.rows[${j}]`,
          `expected an index into rows, got ${JSON.stringify(at)}`,
        );
      return rows[at] as ResultsRow;
    });
    const count = (field: string): number | undefined => {
      const v = item[field];
      if (v === undefined) return undefined;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
        throw new InputError(fileName, null, `${path}.${field}`, `expected a count, got ${JSON.stringify(v)}`);
      return v;
    };
    const detector = item.detector;
    if (detector !== undefined && typeof detector !== 'string')
      throw new InputError(fileName, null, `${path}.detector`, 'expected a string');
    const events = count('events');
    const covered = count('covered');
    return {
      name,
      strength,
      evidence,
      keys: parseKeys(fileName, item.keys, `${path}.keys`),
      ...(detector !== undefined ? { detector } : {}),
      ...(events !== undefined ? { events } : {}),
      ...(covered !== undefined ? { covered } : {}),
      examples: [
        ...examples.map((example: Json, j) => parseExample(pipeline, fileName, example, `${path}.examples[${j}]`)),
        ...named,
      ],
    };
  });
  return { detections, stale: false, failed };
}
