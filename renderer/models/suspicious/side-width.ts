/**
 * The width of the Suspicious view's side panels (network view over details), when the analyst drags the splitter
 * beside the table. At 1366×768 the default layout gives them ~390 px, too little for the proxy tree; the analyst
 * widens them (the table scrolls sideways, its identity columns pinned) and the choice is remembered. No choice:
 * the default layout, the table sized by its default columns.
 */

/** The narrowest side panel: the network view's controls and the details' tabs in one line. */
export const SIDE_MIN = 340;
/** The narrowest table: the pinned time and IP columns and a little more. */
export const TABLE_MIN = 420;
/** One arrow key press. */
export const SIDE_STEP = 40;
/** Larger than any screen: a stored value beyond it is not a width. */
const SIDE_MAX_STORED = 10_000;

/** `width` within [SIDE_MIN, viewWidth − TABLE_MIN] (SIDE_MIN when the view is narrower than both). */
export function clampSide(width: number, viewWidth: number): number {
  return Math.round(Math.max(SIDE_MIN, Math.min(width, viewWidth - TABLE_MIN)));
}

/** The width after dragging the splitter from `startX` (at `startWidth`) to `x`: left widens the side panel. */
export function sideAfterDrag(startWidth: number, startX: number, x: number, viewWidth: number): number {
  return clampSide(startWidth - (x - startX), viewWidth);
}

/** The width after a key on the focused splitter, or null when the key does not move it. */
export function sideAfterKey(width: number, key: string, viewWidth: number): number | null {
  switch (key) {
    case 'ArrowLeft':
      return clampSide(width + SIDE_STEP, viewWidth);
    case 'ArrowRight':
      return clampSide(width - SIDE_STEP, viewWidth);
    case 'Home':
      return clampSide(Number.POSITIVE_INFINITY, viewWidth);
    case 'End':
      return SIDE_MIN;
    default:
      return null;
  }
}

/** A remembered width, or null when there is none or it is not a width. */
export function parseSideWidth(text: string | null): number | null {
  if (text === null || !/^\d+$/.test(text.trim())) return null;
  const width = Number(text);
  return width > 0 && width <= SIDE_MAX_STORED ? width : null;
}

const KEY = 'spot-desk.suspicious.side-width';

export function loadSideWidth(): number | null {
  try {
    return parseSideWidth(globalThis.localStorage?.getItem(KEY) ?? null);
  } catch {
    return null;
  }
}

/** Remembers the width; null forgets it (back to the default layout). */
export function saveSideWidth(width: number | null): void {
  try {
    if (width === null) globalThis.localStorage?.removeItem(KEY);
    else globalThis.localStorage?.setItem(KEY, String(Math.round(width)));
  } catch {
    // storage full or disabled: the width lasts this session only
  }
}
