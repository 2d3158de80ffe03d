/** Time helpers for one UTC day and the sample's diurnal load curve. */
import { splitDay } from '../../../shared/spot-date';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface DayClock {
  year: number;
  month: number;
  day: number;
  /** Unix seconds of 00:00:00 UTC. */
  epoch: number;
}

export function dayClock(date: string): DayClock {
  const { y: year, m: month, d: day } = splitDay(date);
  return { year, month, day, epoch: Date.UTC(year, month - 1, day) / 1000 };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `HH:MM:SS` of a second of the day. */
export function clockTime(secondOfDay: number): string {
  const s = Math.floor(secondOfDay);
  return `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`;
}

export function isoDate(clock: DayClock): string {
  return `${clock.year}-${pad2(clock.month)}-${pad2(clock.day)}`;
}

/** tshark's frame.time as Spot ingests it: `Nov 24, 2026 14:03:22.123456000 UTC` (day space-padded). */
export function tsharkTime(clock: DayClock, secondOfDay: number): string {
  const micros = Math.floor((secondOfDay - Math.floor(secondOfDay)) * 1e6);
  const day = String(clock.day).padStart(2, ' ');
  return `${MONTHS[clock.month - 1]} ${day}, ${clock.year} ${clockTime(secondOfDay)}.${String(micros).padStart(6, '0')}000 UTC`;
}

const gauss = (x: number, mu: number, sigma: number): number => Math.exp(-0.5 * ((x - mu) / sigma) ** 2);

/**
 * Relative user activity for each minute of a weekday, normalised to sum 1: quiet nights, a ramp from 07:00,
 * a morning peak near 10:30, a lunch dip, an afternoon peak near 14:30 and a small VPN evening bump.
 */
export function userLoadCurve(): Float64Array {
  const w = new Float64Array(1440);
  let sum = 0;
  for (let m = 0; m < 1440; m++) {
    const h = m / 60;
    const v =
      0.035 + gauss(h, 10.4, 1.6) + 0.9 * gauss(h, 14.6, 1.8) - 0.25 * gauss(h, 12.5, 0.5) + 0.12 * gauss(h, 20.5, 1.5);
    w[m] = Math.max(0.02, v);
    sum += w[m] as number;
  }
  for (let m = 0; m < 1440; m++) w[m] = (w[m] as number) / sum;
  return w;
}

/** Server-to-server load: almost flat, slightly busier in office hours. */
export function serverLoadCurve(): Float64Array {
  const w = new Float64Array(1440);
  let sum = 0;
  for (let m = 0; m < 1440; m++) {
    w[m] = 1 + 0.6 * gauss(m / 60, 12.5, 4);
    sum += w[m] as number;
  }
  for (let m = 0; m < 1440; m++) w[m] = (w[m] as number) / sum;
  return w;
}
