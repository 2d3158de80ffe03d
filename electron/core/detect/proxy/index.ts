/** The proxy detectors, in no particular order (findings are sorted by strength). */
import type { Detector } from '../types';
import { beaconing } from './beaconing';
import { largeUpload } from './large-upload';
import { maliciousUrl } from './malicious-url';
import { rareHost } from './rare-host';
import { uriAttack } from './uri-attack';
import { userAgent } from './user-agent';
import { webScan } from './web-scan';

export const PROXY_DETECTORS: readonly Detector[] = [
  uriAttack,
  maliciousUrl,
  beaconing,
  largeUpload,
  userAgent,
  webScan,
  rareHost,
];
