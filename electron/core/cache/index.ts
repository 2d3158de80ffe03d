import { AnalystReader, AnalystWriter } from './analyst';
import { openCache } from './db';
import { CacheReader } from './read';
import { InvestigationReader } from './read-investigation';
import { TriageReader } from './read-triage';
import { CacheWriter } from './write';
import { InvestigationWriter } from './write-investigation';

export interface Cache {
  readonly file: string;
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
export function createCache(file: string): Cache {
  const handles = openCache(file);
  return {
    file,
    read: new CacheReader(handles.readDb),
    write: new CacheWriter(handles.writeDb),
    investigation: {
      read: new InvestigationReader(handles.readDb),
      write: new InvestigationWriter(handles.writeDb),
    },
    triage: new TriageReader(handles.readDb),
    analystRead: new AnalystReader(handles.readDb),
    analystWrite: new AnalystWriter(handles.writeDb),
    close: () => handles.close(),
  };
}

export { CacheFileError } from './db';
export type { DayImport, OaRow } from './types';
