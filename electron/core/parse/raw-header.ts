/**
 * The header line of a raw CSV day: which of Spot's raw schemas it names (flow has Spot 1.0's 28 columns or the
 * seed's 27, without unix_tstamp). The local source checks every file against it; the pipeline and the expanded
 * search pick the column types from it.
 */
import { open } from 'node:fs/promises';
import type { Column, Pipeline } from '../../../shared/schema';
import { InputError } from '../errors';
import { profileOf } from '../profiles/index';

/** Reads the first line of a file (its header) without reading the rest. */
export async function readFirstLine(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const end = text.search(/\r?\n/);
    return end === -1 ? text : text.slice(0, end);
  } finally {
    await handle.close();
  }
}

/** The raw schemas a pipeline's CSV header may name, the current one first. */
export function acceptedRawSchemas(pipeline: Pipeline): ReadonlyArray<readonly Column[]> {
  return profileOf(pipeline).rawSchemas;
}

function headerNames(headerLine: string): string[] {
  return headerLine.split(',').map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
}

function matches(schema: readonly Column[], names: readonly string[]): boolean {
  return schema.length === names.length && schema.every((column, i) => column.name === names[i]);
}

/** The schema a raw CSV header names; otherwise an error naming the file and the first column that differs. */
export function rawSchemaOfHeader(pipeline: Pipeline, file: string, headerLine: string): readonly Column[] {
  const names = headerNames(headerLine);
  const accepted = acceptedRawSchemas(pipeline);
  const match = accepted.find((schema) => matches(schema, names));
  if (match) return match;
  const closest = accepted.find((schema) => schema.length === names.length);
  if (!closest) {
    const counts = accepted.map((schema) => schema.length).join(' or ');
    throw new InputError(file, 1, null, `raw ${pipeline} CSV header has ${names.length} columns, expected ${counts}`);
  }
  const index = closest.findIndex((column, i) => column.name !== names[i]);
  throw new InputError(
    file,
    1,
    closest[index]?.name ?? null,
    `raw ${pipeline} CSV header names "${names[index]}" here`,
  );
}

/** The schema the header of a raw CSV file names (read from the file's first line). */
export async function rawSchemaOfFile(pipeline: Pipeline, file: string): Promise<readonly Column[]> {
  return rawSchemaOfHeader(pipeline, file, await readFirstLine(file));
}
