import { ApiError } from '../../../shared/api';
import type { AllowRule, FeedbackStatus, feedbackOps } from '../../../shared/ops/feedback';
import type { AllowRuleRow, OutboxRow } from '../cache/analyst';
import type { CoreContext, HandlersOf } from '../context';
import { allowListMatches } from '../feedback/allow-list';
import { ScoringService } from '../scoring/service';

const toRule = (r: AllowRuleRow): AllowRule => ({
  id: r.id,
  kind: r.kind,
  pattern: r.pattern,
  reason: r.reason,
  createdAt: r.created_at,
});

const toStatus = (o: OutboxRow): FeedbackStatus => ({
  pipeline: o.pipeline,
  date: o.day,
  state: o.state,
  scoredRows: o.scored_rows,
  attempts: o.attempts,
  lastError: o.last_error,
  updatedAt: o.updated_at,
  target: o.target,
});

export function feedbackHandlers(ctx: CoreContext): HandlersOf<typeof feedbackOps> {
  const scoring = new ScoringService(ctx.cache, { feedbackDir: ctx.paths.feedback });
  return {
    'scores.preview': async ({ pipeline, date, target }) => scoring.preview(pipeline, date, target),
    'scores.apply': async ({ pipeline, date, target, score, note }) => {
      const entry = scoring.apply(pipeline, date, target, score, note);
      return entry;
    },
    'scores.list': async ({ pipeline, date }) => scoring.list(pipeline, date),
    'scores.undo': async ({ auditId }) => scoring.undo(auditId),
    'scores.audit': async ({ pipeline, date }) => scoring.audit(pipeline, date),
    'feedback.status': async ({ pipeline, date }) => ctx.cache.analystRead.outbox(pipeline, date).map(toStatus),
    'feedback.send': async () => {
      throw new ApiError('internal', 'feedback push is not wired yet');
    },
    'allowlist.list': async () => ctx.cache.analystRead.allowRules().map(toRule),
    'allowlist.add': async ({ kind, pattern, reason }) =>
      toRule(ctx.cache.analystWrite.addAllowRule(kind, pattern.trim(), reason)),
    'allowlist.remove': async ({ id }) => ({ removed: ctx.cache.analystWrite.removeAllowRule(id) }),
    'allowlist.hidden': async ({ pipeline, date }) => {
      const rules = ctx.cache.analystRead.allowRules();
      const rows = ctx.cache.analystRead.dayRows(pipeline, date);
      const hidden: number[] = [];
      rows.forEach((row, index) => {
        if (rules.some((rule) => allowListMatches(pipeline, rule, row))) hidden.push(index);
      });
      return { rows: hidden };
    },
  };
}
