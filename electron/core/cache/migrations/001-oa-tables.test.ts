import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { OA_TABLES } from '../../../../shared/schema';
import { FROZEN_COLUMNS, migration } from './001-oa-tables';

describe('migration 001 oa-tables', () => {
  it('creates every Spot OA table with the columns of shared/schema.ts, in order', () => {
    const db = new Database(':memory:');
    migration.up(db);
    for (const [table, columns] of Object.entries(OA_TABLES)) {
      const info = db.pragma(`table_info(${table})`) as Array<{ name: string; type: string }>;
      expect(info.map((c) => c.name)).toEqual(['row_id', 'day', ...columns.map((c) => c.name)]);
      for (const column of columns) {
        const type = info.find((c) => c.name === column.name)?.type;
        expect(type, `${table}.${column.name}`).toBe(
          column.type === 'string' ? 'TEXT' : column.type === 'float' ? 'REAL' : 'INTEGER',
        );
      }
    }
    expect(Object.keys(FROZEN_COLUMNS).sort()).toEqual(Object.keys(OA_TABLES).sort());
    expect(db.prepare(`SELECT name FROM sqlite_schema WHERE name IN ('days','explanations')`).all()).toHaveLength(2);
  });
});
