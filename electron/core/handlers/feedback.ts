import type { AllowRule, FeedbackStatus, feedbackOps } from '../../../shared/ops/feedback';
import type { AllowRuleRow, OutboxRow } from '../cache/analyst';
import type { CoreContext, HandlersOf } from '../context';
import { exportAllowList, parseAllowList } from '../feedback/allow-list';
import { allowListedRows } from '../scoring/suspicious-list';
import { sshSettingsFrom } from '../sources/remote';
import { FeedbackPush } from '../scoring/feedback-push';
import { currentStatus } from '../scoring/feedback-status';
import { ScoringService } from '../scoring/service';
import { loadSettings } from '../settings/store';

const toRule = (r: AllowRuleRow): AllowRule => ({
  id: r.id,
  kind: r.kind,
  pattern: r.pattern,
  reason: r.reason,
  createdAt: r.created_at,
});

const toStatus = (o: OutboxRow, file: string): FeedbackStatus => ({
  pipeline: o.pipeline,
  date: o.day,
  state: o.state,
  scoredRows: o.scored_rows,
  attempts: o.attempts,
  lastError: o.last_error,
  updatedAt: o.updated_at,
  target: o.target,
  file,
});

export function feedbackHandlers(ctx: CoreContext): HandlersOf<typeof feedbackOps> {
  const settings = () => loadSettings(ctx.paths.dataDir);
  const push: FeedbackPush = new FeedbackPush({
    cache: ctx.cache,
    scoring: () => scoring,
    settings,
    ssh: (s) => sshSettingsFrom(s, ctx.paths, ctx.secrets),
    onChange: (status) =>
      ctx.emit({ type: 'feedback', pipeline: status.pipeline, date: status.date, state: status.state }),
  });
  const scoring = new ScoringService(ctx.cache, { feedbackDir: ctx.paths.feedback, outbox: push });
  push.start();
  ctx.onClose(() => push.stop());
  const afterScoring = <T>(result: T): T => {
    push.flush();
    return result;
  };
  return {
    'scores.preview': async ({ pipeline, date, target }) => scoring.preview(pipeline, date, target),
    'scores.apply': async ({ pipeline, date, target, score, note }) =>
      afterScoring(scoring.apply(pipeline, date, target, score, note)),
    'scores.list': async ({ pipeline, date }) => scoring.list(pipeline, date),
    'scores.undo': async ({ auditId }) => afterScoring(scoring.undo(auditId)),
    'scores.audit': async ({ pipeline, date }) => scoring.audit(pipeline, date),
    'feedback.status': async ({ pipeline, date }) => {
      const configured = sshSettingsFrom(await settings(), ctx.paths, ctx.secrets) !== null;
      return ctx.cache.analystRead
        .outbox(pipeline, date)
        .map((o) => currentStatus(toStatus(o, scoring.feedbackFilePath(o.pipeline, o.day)), configured));
    },
    'feedback.send': async ({ pipeline, date }) =>
      ctx.jobs.start('push', `Send ${pipeline} ${date} feedback`, async (job) => {
        job.progress(0.1, 'connecting to the ML node');
        const entry = await push.sendNow(pipeline, date, job.signal);
        if (entry.state === 'sent') return `sent to ${entry.sentPath ?? 'the ML node'}`;
        const retry = entry.nextAttemptAt ? '; it stays queued and is retried automatically' : '';
        throw new Error(`${entry.reason ?? 'not sent'}${retry}`);
      }),
    'allowlist.list': async () => ctx.cache.analystRead.allowRules().map(toRule),
    'allowlist.add': async ({ kind, pattern, reason }) =>
      toRule(ctx.cache.analystWrite.addAllowRule(kind, pattern.trim(), reason)),
    'allowlist.import': async ({ text, fileName }) => {
      const rules = parseAllowList(fileName, text);
      ctx.cache.analystWrite.transaction(() => {
        for (const rule of rules) ctx.cache.analystWrite.addAllowRule(rule.kind, rule.pattern.trim(), rule.reason);
      });
      return { added: rules.length };
    },
    'allowlist.export': async ({ format }) => {
      const rules = ctx.cache.analystRead.allowRules();
      const text = exportAllowList(rules, format);
      return {
        filename: `spot-desk-allow-list.${format}`,
        mimeType: format === 'csv' ? 'text/csv' : 'application/json',
        base64: Buffer.from(text, 'utf8').toString('base64'),
      };
    },
    'allowlist.remove': async ({ id }) => ({ removed: ctx.cache.analystWrite.removeAllowRule(id) }),
    'allowlist.hidden': async ({ pipeline, date }) => ({ rows: allowListedRows(ctx.cache, pipeline, date) }),
  };
}
