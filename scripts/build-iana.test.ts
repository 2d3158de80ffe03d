import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildIanaTables, formatTable, IANA_FILES } from './build-iana';

describe('resources/iana', () => {
  it('is what scripts/build-iana.ts builds from dns-packet, Node and the IANA extract', () => {
    const tables = buildIanaTables();
    for (const key of Object.keys(IANA_FILES) as Array<keyof typeof IANA_FILES>) {
      expect(
        readFileSync(IANA_FILES[key], 'utf8'),
        `${IANA_FILES[key]} is stale: run npx tsx scripts/build-iana.ts`,
      ).toBe(formatTable(tables[key]));
    }
  });
});
