import { AnalystReader, AnalystWriter } from './analyst';
import { openCache } from './db';
import { CacheReader } from './read';
import { CacheWriter } from './write';

export interface Cache {
  readonly file: string;
  readonly read: CacheReader;
  readonly write: CacheWriter;
  readonly analystRead: AnalystReader;
  readonly analystWrite: AnalystWriter;
  close(): void;
}

/** Opens (creating or migrating) the cache file; see db.ts for what is refused. */
export function createCache(file: string): Cache {
  const handles = openCache(file);
  return {
    file,
    read: new CacheReader(handles.readDb),
    write: new CacheWriter(handles.writeDb),
    analystRead: new AnalystReader(handles.readDb),
    analystWrite: new AnalystWriter(handles.writeDb),
    close: () => handles.close(),
  };
}

export { CacheFileError } from './db';
export type { DayImport, OaRow } from './types';
