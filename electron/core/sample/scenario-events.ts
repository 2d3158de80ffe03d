/**
 * When each injected scenario event happens, decided once per day from its own random stream so the flow, DNS
 * and proxy generators agree (the proxy's upstream flows for the malware beacons happen at the proxy log times).
 */
import type { Prng } from './prng';
import { C2_INTERVAL_SECONDS, MALWARE_BEACON_INTERVAL_SECONDS } from './scenarios';

export interface C2Event {
  t: number;
  /** beacon: the routine check-in; interactive: the operator drives a shell over the channel (many tiny
   * packets); unreachable: the C2 server is down and the host's SYNs go unanswered. */
  kind: 'beacon' | 'interactive' | 'unreachable';
}

export interface ProxyScenarioEvent {
  t: number;
  kind: 'lure' | 'download' | 'beacon' | 'exfil-session' | 'exfil' | 'exfil-retry' | 'exfil-complete';
  seq: number;
}

export interface DnsScenarioEvent {
  t: number;
  kind: 'tunnel' | 'dga';
}

export interface ScenarioSchedule {
  c2: readonly C2Event[];
  proxy: readonly ProxyScenarioEvent[];
  dns: readonly DnsScenarioEvent[];
  scanStart: number;
}

const at = (h: number, m: number, s: number): number => h * 3600 + m * 60 + s;
const C2_INTERACTIVE_BEACONS = new Set([23, 71, 118, 150, 201, 260]);
/** The C2 server is down 14:00–14:40. */
const C2_OUTAGE = [14 * 3600, 14 * 3600 + 40 * 60];

export function scenarioSchedule(rng: Prng): ScenarioSchedule {
  const c2: C2Event[] = [];
  for (let k = 0; ; k++) {
    const t = at(0, 2, 11) + k * C2_INTERVAL_SECONDS + (rng.next() * 4 - 2);
    if (t >= 86400 - 60) break;
    const down = t >= (C2_OUTAGE[0] as number) && t < (C2_OUTAGE[1] as number);
    c2.push({ t, kind: down ? 'unreachable' : C2_INTERACTIVE_BEACONS.has(k) ? 'interactive' : 'beacon' });
  }

  const proxy: ProxyScenarioEvent[] = [
    { t: at(9, 40, 52) + 0.31, kind: 'lure', seq: 0 },
    { t: at(9, 41, 17) + 0.52, kind: 'download', seq: 0 },
  ];
  for (let seq = 1; ; seq++) {
    const t = at(9, 41, 17) + seq * MALWARE_BEACON_INTERVAL_SECONDS + (rng.next() * 10 - 5);
    if (t >= 86400 - 30) break;
    proxy.push({ t, kind: 'beacon', seq });
  }
  // The exfil tool opens an upload session, sends 48 chunks (two are rejected as too large and re-sent in
  // halves), then closes the session.
  let t = at(21, 12, 3);
  proxy.push({ t, kind: 'exfil-session', seq: 0 });
  for (let part = 1; part <= 48; part++) {
    t += 45 + rng.next() * 12;
    if (part === 17 || part === 33) {
      proxy.push({ t, kind: 'exfil-retry', seq: part });
      t += 3 + rng.next() * 2;
    }
    proxy.push({ t, kind: 'exfil', seq: part });
  }
  proxy.push({ t: t + 20 + rng.next() * 5, kind: 'exfil-complete', seq: 48 });

  const dns: DnsScenarioEvent[] = [];
  for (let s = at(1, 10, 0); s < at(3, 40, 0); s += 5 + rng.next() * 3) dns.push({ t: s, kind: 'tunnel' });
  for (let s = at(13, 20, 0); s < at(13, 50, 0); s += 6 + rng.next() * 4) dns.push({ t: s, kind: 'tunnel' });
  for (let burst = at(0, 7, 0); burst < 86400; burst += 1800) {
    for (let i = 0; i < 10; i++) dns.push({ t: burst + i * 2.5 + rng.next(), kind: 'dga' });
  }

  const byTime = (a: { t: number }, b: { t: number }): number => a.t - b.t;
  return { c2, proxy: proxy.sort(byTime), dns: dns.sort(byTime), scanStart: at(11, 14, 5) };
}
