/** Undo and redo of scoring actions, several steps deep. Pure: the state applies each step through the API (an undo
 * restores the rows' previous scores server-side; a redo scores the same target again, under a new audit id). */
import type { ScoreTarget } from '../../../shared/ops/feedback';
import type { Severity } from '../../../shared/schema';

export interface ScoreAction {
  auditId: number;
  target: ScoreTarget;
  score: Severity;
  note: string;
  /** How the action was described to the analyst ("6 rows", "row #12", "“10.0.0.1”"). */
  what: string;
}

export interface ScoreHistory {
  /** Applied actions, oldest first. */
  done: readonly ScoreAction[];
  /** Undone actions, most recently undone last. */
  undone: readonly ScoreAction[];
}

export const EMPTY_HISTORY: ScoreHistory = { done: [], undone: [] };

/** Steps kept: older ones can still be undone through the audit log, not from the view. */
export const HISTORY_DEPTH = 50;

/** A new action: it can be undone; what was undone before can no longer be redone. */
export function recorded(history: ScoreHistory, action: ScoreAction): ScoreHistory {
  return { done: [...history.done, action].slice(-HISTORY_DEPTH), undone: [] };
}

/** The action to undo next and the history once it is undone, or null. */
export function undoStep(history: ScoreHistory): { action: ScoreAction; history: ScoreHistory } | null {
  const action = history.done[history.done.length - 1];
  if (!action) return null;
  return { action, history: { done: history.done.slice(0, -1), undone: [...history.undone, action] } };
}

/** The action to redo next, and the history once it is applied again under `newAuditId`. */
export function redoStep(history: ScoreHistory): {
  action: ScoreAction;
  history: (newAuditId: number) => ScoreHistory;
} | null {
  const action = history.undone[history.undone.length - 1];
  if (!action) return null;
  return {
    action,
    history: (newAuditId) => ({
      done: [...history.done, { ...action, auditId: newAuditId }].slice(-HISTORY_DEPTH),
      undone: history.undone.slice(0, -1),
    }),
  };
}
