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

/** Steps kept across reloads, per (pipeline, day): the latest applied and the latest undone. */
export const STORED_STEPS = 20;

/** Where a day's history is kept (the renderer's storage, beside its other preferences). */
export function historyKey(pipeline: string, date: string): string {
  return `spot-desk.undo.${pipeline}.${date}`;
}

/** The history as stored: the latest STORED_STEPS applied and undone actions. */
export function serializeHistory(history: ScoreHistory): string {
  return JSON.stringify({ done: history.done.slice(-STORED_STEPS), undone: history.undone.slice(-STORED_STEPS) });
}

const isAction = (a: unknown): a is ScoreAction => {
  if (!a || typeof a !== 'object') return false;
  const x = a as Record<string, unknown>;
  return (
    Number.isInteger(x.auditId) &&
    (x.score === 1 || x.score === 2 || x.score === 3) &&
    typeof x.note === 'string' &&
    typeof x.what === 'string' &&
    !!x.target &&
    typeof x.target === 'object'
  );
};

/** A stored history; anything unreadable (another version, a broken write) is an empty one. */
export function parseHistory(text: string | null): ScoreHistory {
  if (!text) return EMPTY_HISTORY;
  try {
    const value = JSON.parse(text) as { done?: unknown; undone?: unknown };
    const done = Array.isArray(value.done) ? value.done.filter(isAction) : [];
    const undone = Array.isArray(value.undone) ? value.undone.filter(isAction) : [];
    return { done: done.slice(-STORED_STEPS), undone: undone.slice(-STORED_STEPS) };
  } catch {
    return EMPTY_HISTORY;
  }
}

/**
 * A stored history checked against the day's audit log, so an undo after a reload restores exactly what the log
 * says: an applied step stays only while its audit entry is not undone, an undone step only while it is undone
 * (another window, or the CLI, may have changed either since).
 */
export function reconciled(
  history: ScoreHistory,
  audit: ReadonlyArray<{ id: number; action: string; undoneBy: number | null }>,
): ScoreHistory {
  const byId = new Map(audit.filter((a) => a.action === 'score').map((a) => [a.id, a]));
  return {
    done: history.done.filter((a) => byId.get(a.auditId)?.undoneBy === null),
    undone: history.undone.filter((a) => {
      const entry = byId.get(a.auditId);
      return entry !== undefined && entry.undoneBy !== null;
    }),
  };
}
