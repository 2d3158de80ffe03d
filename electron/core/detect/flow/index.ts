/** The flow detectors, in no particular order (findings are sorted by strength). */
import type { Detector } from '../types';
import { beaconing } from './beaconing';
import { flood } from './flood';
import { longConnection } from './long-connection';
import { rareExternal } from './rare-external';
import { scan } from './scan';

export const FLOW_DETECTORS: readonly Detector[] = [beaconing, flood, longConnection, rareExternal, scan];
