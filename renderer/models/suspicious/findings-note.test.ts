import { describe, expect, it } from 'vitest';
import { findingsNote } from './findings-note';

describe('findingsNote', () => {
  it('says how many findings from how many detectors, and where they were computed', () => {
    const note = findingsNote({
      findings: {
        computed: true,
        origin: "the embedded scorer's flow_detections.json",
        findings: 1204,
        detectorsRun: 5,
        detectorsAsked: 5,
        missing: [],
      },
    });
    expect(note).toEqual({
      brief: '1,204 findings · 5 of 5 detectors',
      full: "Named detections: 1,204 findings from 5 of 5 detectors — the embedded scorer's flow_detections.json.",
      warn: false,
    });
  });

  it('warns, naming them, when detectors did not run', () => {
    const note = findingsNote({
      findings: {
        computed: true,
        origin: 'pushed down to Impala at ml-node:21050',
        findings: 1,
        detectorsRun: 3,
        detectorsAsked: 5,
        missing: [
          { detector: 'flow/scan', why: 'query cancelled' },
          { detector: 'flow/flood', why: 'AnalysisException: memory limit' },
        ],
      },
    });
    expect(note?.warn).toBe(true);
    expect(note?.brief).toBe('1 finding · 3 of 5 detectors');
    expect(note?.full).toBe(
      'Named detections: 1 finding from 3 of 5 detectors — pushed down to Impala at ml-node:21050. Not run: ' +
        'flow/scan (query cancelled), flow/flood (AnalysisException: memory limit); what they would find is missing ' +
        'from this list.',
    );
  });

  it('warns when the day has LDA scores only, and says why and what would add them', () => {
    const note = findingsNote({ findings: { computed: false, why: 'the results come without a detections file' } });
    expect(note?.warn).toBe(true);
    expect(note?.brief).toBe('no named detections');
    expect(note?.full).toMatch(/^No named detections for this day: the results come without a detections file\. /);
    expect(note?.full).toContain('Score this day');
  });

  it('says nothing for a day imported before findings were kept', () => {
    expect(findingsNote({ findings: null })).toBeNull();
    expect(findingsNote(undefined)).toBeNull();
  });
});
