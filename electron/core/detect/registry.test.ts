import { describe, expect, it } from 'vitest';
import { findingShortLabel, labelledFindings } from '../../../shared/finding-label';
import { PIPELINES } from '../../../shared/schema';
import { DETECTORS } from './registry';

describe('detector registry', () => {
  it('every detector has a short label for the tables, distinct within its pipeline', () => {
    const labelled = new Set(labelledFindings());
    for (const pipeline of PIPELINES) {
      const names = [...new Set(DETECTORS[pipeline].map((d) => d.name))];
      for (const name of names) expect(labelled.has(name), `${pipeline} ${name}`).toBe(true);
      const labels = names.map(findingShortLabel);
      expect(new Set(labels).size, pipeline).toBe(labels.length);
    }
  });
});
