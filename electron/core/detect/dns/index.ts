/** The DNS detectors, in no particular order (findings are sorted by strength). */
import type { Detector } from '../types';

export const DNS_DETECTORS: readonly Detector[] = [];
