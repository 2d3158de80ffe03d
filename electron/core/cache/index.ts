import { AnalystReader, AnalystWriter } from './analyst';
import { CacheNotWritableError, openCache } from './db';
import { CacheReader } from './read';
import { InvestigationReader } from './read-investigation';
import { TriageReader } from './read-triage';
import { CacheWriter } from './write';
import { InvestigationWriter } from './write-investigation';

export interface Cache {
  readonly file: string;
  /** Set when the cache's folder or file cannot be written: reads work, every write throws this error. */
  readonly readOnly: CacheNotWritableError | null;
  readonly read: CacheReader;
  readonly write: CacheWriter;
  /** The analyst's threat-investigation and storyboard tables (read-investigation.ts, write-investigation.ts). */
  readonly investigation: { read: InvestigationReader; write: InvestigationWriter };
  /** The suspicious views' reads (read-triage.ts). */
  readonly triage: TriageReader;
  readonly analystRead: AnalystReader;
  readonly analystWrite: AnalystWriter;
  close(): void;
}

/** Opens (creating or migrating) the cache file; see db.ts for what is refused. */
/** A writer on the read-only connection of a cache that cannot be written: reads (some writers also read) work,
 * and the error SQLite gives for a write becomes one that names what is not writable and what to do. */
function refusing<T extends object>(writer: T, error: CacheNotWritableError): T {
  return new Proxy(writer, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        try {
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (err) {
          const code = (err as { code?: unknown }).code;
          if (typeof code === 'string' && code.startsWith('SQLITE_READONLY')) {
            throw new CacheNotWritableError(error.target, error.code, true);
          }
          throw err;
        }
      };
    },
  });
}

export function createCache(file: string): Cache {
  const handles = openCache(file);
  const guard = <T extends object>(writer: T): T => (handles.readOnly ? refusing(writer, handles.readOnly) : writer);
  return {
    file,
    readOnly: handles.readOnly,
    read: new CacheReader(handles.readDb),
    write: guard(new CacheWriter(handles.writeDb)),
    investigation: {
      read: new InvestigationReader(handles.readDb),
      write: guard(new InvestigationWriter(handles.writeDb)),
    },
    triage: new TriageReader(handles.readDb),
    analystRead: new AnalystReader(handles.readDb),
    analystWrite: guard(new AnalystWriter(handles.writeDb)),
    close: () => handles.close(),
  };
}

export { CacheFileError, CacheNotWritableError } from './db';
export type { DayImport, OaRow } from './types';
