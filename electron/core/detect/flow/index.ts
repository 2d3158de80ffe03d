/** The flow detectors, in no particular order (findings are sorted by strength). */
import type { Detector } from '../types';
import { longConnection } from './long-connection';

export const FLOW_DETECTORS: readonly Detector[] = [longConnection];
