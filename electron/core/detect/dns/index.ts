/** The DNS detectors, in no particular order (findings are sorted by strength). */
import type { Detector } from '../types';
import { dga } from './dga';
import { nxdomainBurst } from './nxdomain';
import { highQueryRate } from './query-rate';
import { unusualRecordTypes } from './record-types';
import { dnsTunnelling } from './tunnelling';

export const DNS_DETECTORS: readonly Detector[] = [
  dnsTunnelling,
  dga,
  nxdomainBurst,
  unusualRecordTypes,
  highQueryRate,
];
