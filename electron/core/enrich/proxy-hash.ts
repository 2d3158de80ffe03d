// The proxy row hash (enrichment.md §6): md5hex(utf8(clientip + fulluri)) + HH, HH the hour of p_time.
// Pre-1.0 Spot used it as the details dedupe key (one query per client + URI + hour).
import { createHash } from 'node:crypto';

/** `HH` of `HH:MM[:SS]` (one-digit hours are padded); throws a RangeError naming the bad value. */
export function hourOf(pTime: string): string {
  const match = /^\s*(\d{1,2}):\d{2}/.exec(pTime);
  const hour = match === null ? NaN : Number(match[1]);
  if (!(hour >= 0 && hour <= 23)) throw new RangeError(`p_time "${pTime}" is not a time of day (HH:MM:SS)`);
  return String(hour).padStart(2, '0');
}

export function proxyHash(clientip: string, fulluri: string, pTime: string): string {
  return (
    createHash('md5')
      .update(clientip + fulluri, 'utf8')
      .digest('hex') + hourOf(pTime)
  );
}
