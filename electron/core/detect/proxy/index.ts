/** The proxy detectors, in no particular order (findings are sorted by strength). */
import type { Detector } from '../types';
import { maliciousUrl } from './malicious-url';
import { uriAttack } from './uri-attack';

export const PROXY_DETECTORS: readonly Detector[] = [uriAttack, maliciousUrl];
