import { describe, expect, it } from 'vitest';
import { SIDE_MIN, TABLE_MIN, clampSide, parseSideWidth, sideAfterDrag, sideAfterKey } from './side-width';

describe('side panel width', () => {
  it('keeps the network and details panel between its minimum and what leaves the table its minimum', () => {
    expect(clampSide(200, 1354)).toBe(SIDE_MIN);
    expect(clampSide(600, 1354)).toBe(600);
    expect(clampSide(1200, 1354)).toBe(1354 - TABLE_MIN);
    // A window too narrow for both keeps the side panel readable; the table scrolls.
    expect(clampSide(600, 700)).toBe(SIDE_MIN);
  });
  it('grows when dragged left, shrinks when dragged right', () => {
    expect(sideAfterDrag(380, 980, 780, 1354)).toBe(580);
    expect(sideAfterDrag(580, 780, 900, 1354)).toBe(460);
    expect(sideAfterDrag(380, 980, 1300, 1354)).toBe(SIDE_MIN);
  });
  it('moves by keys: arrows by a step, Home the widest, End the narrowest; other keys do nothing', () => {
    expect(sideAfterKey(400, 'ArrowLeft', 1354)).toBe(440);
    expect(sideAfterKey(400, 'ArrowRight', 1354)).toBe(360);
    expect(sideAfterKey(360, 'ArrowRight', 1354)).toBe(SIDE_MIN);
    expect(sideAfterKey(400, 'Home', 1354)).toBe(1354 - TABLE_MIN);
    expect(sideAfterKey(400, 'End', 1354)).toBe(SIDE_MIN);
    expect(sideAfterKey(400, 'x', 1354)).toBeNull();
  });
  it('reads a remembered width; anything else is no choice (the default layout)', () => {
    expect(parseSideWidth('520')).toBe(520);
    expect(parseSideWidth(null)).toBeNull();
    expect(parseSideWidth('wide')).toBeNull();
    expect(parseSideWidth('-5')).toBeNull();
    expect(parseSideWidth('1e9')).toBeNull();
  });
});
