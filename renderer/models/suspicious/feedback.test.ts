import { describe, expect, it } from 'vitest';
import type { JobState } from '../../../shared/api';
import type { FeedbackStatus } from '../../../shared/ops/feedback';
import { feedbackLine, sendOutcome, tailOfPath } from './feedback';

const status = (change: Partial<FeedbackStatus>): FeedbackStatus => ({
  pipeline: 'flow',
  date: '2026-11-24',
  state: 'saved',
  scoredRows: 6,
  attempts: 0,
  lastError: null,
  updatedAt: '2026-12-03T10:00:00.000Z',
  target: null,
  file: '/data/feedback/flow/20261124/ml_feedback.csv',
  ...change,
});

describe('feedbackLine', () => {
  it('says a failed send in the error tone with its reason, never as queued', () => {
    expect(feedbackLine(status({ state: 'failed', lastError: 'the ML node is not configured' }))).toEqual({
      text: '6 scored rows · not sent: the ML node is not configured',
      tone: 'error',
      file: '/data/feedback/flow/20261124/ml_feedback.csv',
    });
    expect(feedbackLine(status({ state: 'queued', lastError: 'timeout' })).tone).toBe('error');
  });
  it('queued without an error is pending, sent is ok, saved is neutral', () => {
    expect(feedbackLine(status({ state: 'queued', target: 'spot@ml' })).text).toBe('6 scored rows · queued to spot@ml');
    expect(feedbackLine(status({ state: 'queued' })).tone).toBe('pending');
    expect(feedbackLine(status({ state: 'sent', target: 'ml:/x.csv' }))).toMatchObject({ tone: 'ok' });
    expect(feedbackLine(status({}))).toMatchObject({ text: '6 scored rows · saved, not sent', tone: 'neutral' });
    expect(feedbackLine(null)).toEqual({ text: 'nothing scored yet', tone: 'neutral', file: null });
  });
});

describe('sendOutcome', () => {
  const job = (change: Partial<JobState>): JobState => ({
    id: 'j1',
    kind: 'push',
    title: 'Send flow 2026-11-24 feedback',
    status: 'running',
    progress: 0.1,
    message: '',
    startedAt: '2026-12-03T10:00:00.000Z',
    ...change,
  });
  it('waits while running, then says sent where or why not', () => {
    expect(sendOutcome(job({}))).toBeNull();
    expect(sendOutcome(job({ status: 'done', message: 'sent to ml:/f.csv' }))).toEqual({
      ok: true,
      text: 'Feedback sent to ml:/f.csv.',
    });
    expect(sendOutcome(job({ status: 'failed', error: 'no route' }))).toEqual({
      ok: false,
      text: 'Feedback not sent: no route',
    });
  });
});

describe('tailOfPath', () => {
  it('keeps the end of a long path', () => {
    expect(tailOfPath('/a/b.csv')).toBe('/a/b.csv');
    expect(tailOfPath('/home/analyst/.local/share/spot-desk/feedback/flow/20261124/ml_feedback.csv', 30)).toBe(
      '…flow/20261124/ml_feedback.csv',
    );
  });
});
