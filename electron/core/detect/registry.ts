/**
 * Every detector, per pipeline: the one list the scorer (and later the cluster push-down) reads. Adding a
 * detector = one module in detect/<pipeline>/ with its fixtures beside it, plus one line in that folder's index.
 */
import type { Pipeline } from '../../../shared/schema';
import { DNS_DETECTORS } from './dns';
import { FLOW_DETECTORS } from './flow';
import { PROXY_DETECTORS } from './proxy';
import type { Detector } from './types';

export const DETECTORS: Readonly<Record<Pipeline, readonly Detector[]>> = {
  flow: FLOW_DETECTORS,
  dns: DNS_DETECTORS,
  proxy: PROXY_DETECTORS,
};
