import type { Database } from 'better-sqlite3';
import { migration as m001 } from './001-oa-tables';
import { migration as m002 } from './002-analyst';
import { migration as m003 } from './003-outbox-generations';
import { migration as m004 } from './004-detail-indexes';
import { migration as m005 } from './005-threat-marks';
import { migration as m006 } from './006-raw-rows';
import { migration as m007 } from './007-standing-rules';
import { migration as m008 } from './008-day-findings';

export interface Migration {
  /** Consecutive from 1; PRAGMA user_version holds the last applied. */
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}

/** Every migration, in order. Add a new file NNN-name.ts (with its test) and list it here; never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008];
