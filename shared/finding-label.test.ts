import { describe, expect, it } from 'vitest';
import { FINDING_LABEL_MAX, findingShortLabel, labelledFindings } from './finding-label';

describe('finding short labels', () => {
  it('reads the stored name (spaces) and the detector name (underscores) alike', () => {
    expect(findingShortLabel('long connection')).toBe('long conn.');
    expect(findingShortLabel('long_connection')).toBe('long conn.');
    expect(findingShortLabel('rare external contact')).toBe('rare ext.');
    expect(findingShortLabel('dns tunnelling')).toBe('tunnel');
  });
  it('writes a finding it does not know (a detections file of another tool) as it is', () => {
    expect(findingShortLabel('lateral movement')).toBe('lateral movement');
  });
  it('every label fits the badge', () => {
    for (const name of labelledFindings()) {
      expect(findingShortLabel(name).length, name).toBeLessThanOrEqual(FINDING_LABEL_MAX);
    }
  });
});
