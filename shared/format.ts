/**
 * The one way numbers, byte sizes and event times are written in tables, details, investigation and exports.
 * Pure (no DOM, no Node): the renderer and the core's exports format the same value the same way.
 */

/** Where times are shown: the data's UTC or the analyst's local clock. */
export type TimeZoneChoice = 'utc' | 'local';

/** A whole count with thousands separators: 15214441 → "15,214,441". Non-numbers give ''. */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/** A byte size in decimal units (kB = 1000 B, as network tools count): 15214441 → "15.2 MB", 980 → "980 B". */
export function formatBytes(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const sign = value < 0 ? '-' : '';
  let size = Math.abs(value);
  let unit = 0;
  while (size >= 999.95 && unit < BYTE_UNITS.length - 1) {
    size /= 1000;
    unit += 1;
  }
  const shown = unit === 0 ? String(Math.round(size)) : size >= 100 ? size.toFixed(0) : size.toFixed(1);
  return `${sign}${shown} ${BYTE_UNITS[unit]}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * An instant (epoch milliseconds) as `YYYY-MM-DD HH:MM:SS` in UTC or local time: sortable, unambiguous (ISO
 * order), and the same in every view. Null or invalid gives ''.
 */
export function formatTime(ms: number | null | undefined, zone: TimeZoneChoice): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  return zone === 'utc'
    ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
        `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
    : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
        `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * An instant as ISO 8601 for exports: `2026-11-24T10:05:11Z` in UTC, or local time with its offset at that
 * instant (`2026-11-24T11:05:11+01:00`), so a spreadsheet or a SIEM reads it without knowing the analyst's zone.
 */
export function formatTimeIso(ms: number | null | undefined, zone: TimeZoneChoice): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  if (zone === 'utc') return `${formatTime(ms, 'utc').replace(' ', 'T')}Z`;
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${formatTime(ms, 'local').replace(' ', 'T')}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** What the zone is called beside a time column: "UTC", or the local offset at that instant ("UTC+01:00"). */
export function zoneLabel(zone: TimeZoneChoice, atMs: number = Date.now()): string {
  if (zone === 'utc') return 'UTC';
  const offset = -new Date(atMs).getTimezoneOffset();
  if (offset === 0) return 'local, UTC';
  const sign = offset > 0 ? '+' : '-';
  return `local, UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Reads the time texts Spot's tables hold, all UTC: `YYYY-MM-DD HH:MM[:SS[.fff]]` (flow tstart, proxy
 * tdate + time, ISO with T or Z) and tshark's `Mon DD, YYYY HH:MM:SS.fffffffff UTC` (dns frame_time).
 * Returns epoch milliseconds, or null when the text is not a time.
 */
export function parseUtcTime(text: string): number | null {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(?:Z|UTC)?$/i.exec(t);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0'] = iso;
    return Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, Math.floor(Number(`0.${frac}`) * 1000));
  }
  const tshark = /^([A-Za-z]{3})\s+(\d{1,2}),\s*(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:\s+UTC)?$/.exec(t);
  if (tshark) {
    const [, mon, d, y, h, mi, s, frac = '0'] = tshark;
    const month = MONTHS.indexOf(mon!.toLowerCase());
    if (month < 0) return null;
    return Date.UTC(+y!, month, +d!, +h!, +mi!, +s!, Math.floor(Number(`0.${frac}`) * 1000));
  }
  return null;
}

/** An instant from a cell: epoch seconds or milliseconds (numbers), or a UTC time text. */
export function cellTime(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number' || /^\d+(\.\d+)?$/.test(value)) {
    const n = Number(value);
    // Epoch seconds until the year 5138; larger numbers are milliseconds.
    return Number.isFinite(n) ? (n < 1e11 ? n * 1000 : n) : null;
  }
  return parseUtcTime(value);
}

/** A cell written in its column's format; a text that does not read as its format is shown as it is. */
export function formatCell(
  format: 'bytes' | 'count' | 'time' | 'score' | 'text',
  value: string | number | null | undefined,
  zone: TimeZoneChoice,
): string {
  if (value === null || value === undefined) return '';
  const n = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
  switch (format) {
    case 'bytes':
      return Number.isFinite(n) ? formatBytes(n) : String(value);
    case 'count':
      return Number.isFinite(n) ? formatCount(n) : String(value);
    case 'score':
      return Number.isFinite(n) ? n.toExponential(3) : String(value);
    case 'time': {
      const at = cellTime(value);
      return at === null ? String(value) : formatTime(at, zone);
    }
    default:
      return String(value);
  }
}
