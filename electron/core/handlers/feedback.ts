import { ApiError } from '../../../shared/api';
import type { feedbackOps } from '../../../shared/ops/feedback';
import type { CoreContext, HandlersOf } from '../context';

// Scoring, allow-list and feedback push: the analyst tables and the outbox land in the next cache migration.
export function feedbackHandlers(_ctx: CoreContext): HandlersOf<typeof feedbackOps> {
  const pending = async (): Promise<never> => {
    throw new ApiError('internal', 'scoring is not wired yet');
  };
  return {
    'scores.preview': pending,
    'scores.apply': pending,
    'scores.list': async () => [],
    'scores.undo': pending,
    'scores.audit': async () => [],
    'feedback.status': async () => [],
    'feedback.send': pending,
    'allowlist.list': async () => [],
    'allowlist.add': pending,
    'allowlist.remove': pending,
    'allowlist.hidden': async () => ({ rows: [] }),
  };
}
