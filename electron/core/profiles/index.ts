import type { AnchorKind } from '../../../shared/ops/investigation';
import type { Pipeline } from '../../../shared/schema';
import { dnsProfile } from './dns';
import { flowProfile } from './flow';
import { proxyProfile } from './proxy';
import type { PipelineProfile } from './types';

export type { MarkedEvent, PipelineProfile, RawDayFacts, ThreatInvestigationRow } from './types';

/** Every telemetry type's profile. */
export const PROFILES: Readonly<Record<Pipeline, PipelineProfile>> = {
  flow: flowProfile,
  dns: dnsProfile,
  proxy: proxyProfile,
};

export function profileOf(pipeline: Pipeline): PipelineProfile {
  return PROFILES[pipeline];
}

/** The storyboard column that holds an anchor of this kind (a type with one anchor column: that one). */
export function storyboardColumn(pipeline: Pipeline, kind: AnchorKind): string {
  const anchors = PROFILES[pipeline].storyboardAnchors;
  return (anchors.find((a) => a.kind === kind) ?? anchors[0]!).column;
}
