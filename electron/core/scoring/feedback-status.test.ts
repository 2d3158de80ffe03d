import { describe, expect, it } from 'vitest';
import type { FeedbackStatus } from '../../../shared/ops/feedback';
import { currentStatus, ML_NODE_NOT_CONFIGURED } from './feedback-status';

const failed: FeedbackStatus = {
  pipeline: 'flow',
  date: '2026-11-24',
  state: 'failed',
  scoredRows: 6,
  attempts: 1,
  lastError: ML_NODE_NOT_CONFIGURED,
  updatedAt: '2026-12-03T10:00:00.000Z',
  target: null,
  file: '/data/feedback/flow/20261124/ml_feedback.csv',
};

describe('currentStatus', () => {
  it('clears the not-configured failure once the ML node is configured', () => {
    expect(currentStatus(failed, true)).toEqual({ ...failed, state: 'saved', lastError: null });
  });
  it('keeps it while the node is still not configured', () => {
    expect(currentStatus(failed, false)).toBe(failed);
  });
  it('keeps every other failure', () => {
    const refused = { ...failed, lastError: 'connect ECONNREFUSED 127.0.0.1:2222' };
    expect(currentStatus(refused, true)).toBe(refused);
  });
});
