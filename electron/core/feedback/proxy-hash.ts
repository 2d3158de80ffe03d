/**
 * The proxy feedback `hash` column: md5hex(utf8(clientip + fulluri)) + HH, HH being the hour of p_time
 * (enrichment.md "Proxy hash"; Spot 1.0 wrote md5 + clientip as a Python list, feedback.md §6.3).
 * Written here because electron/core/enrich/proxy-hash.ts did not exist when this module was written; the
 * formula is the same, so either can replace the other.
 */
import { createHash } from 'node:crypto';

export function proxyFeedbackHash(clientip: string, fulluri: string, time: string): string {
  const hour = (time.trim().split(':')[0] ?? '').padStart(2, '0');
  return createHash('md5').update(`${clientip}${fulluri}`, 'utf8').digest('hex') + hour;
}
