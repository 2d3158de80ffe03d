/** What the feedback state of a day says to the analyst, given what is true now (not only when it was last sent). */
import type { FeedbackStatus } from '../../../shared/ops/feedback';

/** The reason a send fails when the ML node has no host or user (not retried: nothing to retry against). */
export const ML_NODE_NOT_CONFIGURED =
  'the ML node is not configured: set its host and user in Settings, then Send again';

/**
 * A send that failed only because no ML node was set is no longer true once one is: the day is then shown as
 * saved (ready to Send), without the stale error. Any other failure stays as it is.
 */
export function currentStatus(status: FeedbackStatus, mlNodeConfigured: boolean): FeedbackStatus {
  if (status.state !== 'failed' || status.lastError !== ML_NODE_NOT_CONFIGURED || !mlNodeConfigured) return status;
  return { ...status, state: 'saved', lastError: null };
}
