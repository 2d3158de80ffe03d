/**
 * Spot's DNS `frame_time`, tshark's frame.time text, in the two forms Spot's data and tests use:
 * `Jan  4, 2017 04:41:06.337519000 UTC` (tshark ≥ 1.x, comma after the space-padded day) and
 * `May 20 2016 02:10:25.970987000 PDT` (no comma, as in spot-ml's test fixtures). The one parser of it: the
 * embedded scorer takes its word's hour from here and the OA import validates the column and takes `hh` from
 * here, so a row the scorer writes is a row the import accepts. Pure.
 */

export interface FrameTime {
  /** As written: `Jan` … `Dec` (not checked against a list, as Spot never parses it). */
  month: string;
  day: number;
  year: number;
  hour: number;
  minute: number;
  second: number;
  /** The zone abbreviation (`UTC`, `PDT`), or null when absent. */
  zone: string | null;
}

// Month, day with an optional comma, year, H:MM:SS with an optional fraction, an optional zone; runs of spaces
// anywhere between the parts (tshark pads the day; spot-ml splits on " +").
const FRAME_TIME_RE = /^([A-Z][a-z]{2}) +(\d{1,2}),? +(\d{4}) +(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?(?: +([A-Z]+))?$/;

/** The parts of a frame_time, or null when it is not one (including an hour > 23, a minute > 59 or a second > 60). */
export function parseFrameTime(text: string): FrameTime | null {
  const m = FRAME_TIME_RE.exec(text);
  if (!m) return null;
  const parts: FrameTime = {
    month: m[1] ?? '',
    day: Number(m[2]),
    year: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    zone: m[7] ?? null,
  };
  if (parts.day < 1 || parts.day > 31 || parts.hour > 23 || parts.minute > 59 || parts.second > 60) return null;
  return parts;
}

/** The hour of a frame_time (Spot's dns `hh`, the hour of the scorer's DNS word); NaN when it is not one. */
export function frameTimeHour(text: string): number {
  return parseFrameTime(text)?.hour ?? NaN;
}

/** What the import says it expects. */
export const FRAME_TIME_EXAMPLES = '"Jan  4, 2017 04:41:06.337519000 UTC" or "May 20 2016 02:10:25.970987000 PDT"';
