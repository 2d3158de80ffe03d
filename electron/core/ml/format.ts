/** Text forms of spot-ml's results files (data-formats.md §3). Pure. */

/** Java/Scala `Double.toString`: plain decimal in [1e-3, 1e7) with at least one fraction digit, else `d.dddE±n`. */
export function scalaDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa = '', exponent = ''] = x.toExponential().split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${exponent.replace('+', '')}`;
}

/** A value as one TAB-separated field: null → "", TAB/CR/LF → space (keeps one row per line). */
export function field(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return /[\t\r\n]/.test(value) ? value.replace(/[\t\r\n]/g, ' ') : value;
}
