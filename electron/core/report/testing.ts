/** A report input for tests: a flow threat with hostile and non-Latin text everywhere an analyst can type. */
import type { StoryboardDetail } from '../../../shared/ops/investigation';
import type { ReportInput } from './model';

export const HOSTILE = `<script>alert("x")</script> & 'quoted' "title" =cmd|' /C calc'!A0`;
export const IDN_DOMAIN = 'пример.испытание';
export const CYRILLIC_NOTE = 'Хост связывался с сервером управления каждые пять минут.';
export const CHINESE_NOTE = '该主机每五分钟连接一次命令与控制服务器。';

export const C2 = '10.10.7.43';
export const PEER = '203.0.113.77';

export function flowDetail(): StoryboardDetail {
  return {
    entry: {
      anchor: C2,
      kind: 'ip',
      title: `C2 "beacon" <b>O'Brien</b> to ${IDN_DOMAIN}`,
      text: `${CYRILLIC_NOTE}\n${CHINESE_NOTE}\n\n${HOSTILE}`,
    },
    tree: {
      name: C2,
      value: 25,
      children: [
        {
          name: 'Outbound Only',
          value: 12,
          children: [{ name: '<img src=x onerror=alert(1)>', value: 12, children: [] }],
        },
        { name: 'two way', value: 13, children: [{ name: PEER, value: 13, children: [] }] },
      ],
    },
    progression: null,
    impact: {
      name: 'Connections',
      value: 25,
      children: [{ name: 'Outbound Only', value: 25, children: [{ name: 'DMZ', value: 25, children: [] }] }],
    },
    globe: {
      available: true,
      points: [
        { ip: C2, lat: 52.37, lon: 4.9, country: 'Netherlands', city: 'Amsterdam', owner: 'internal', role: 'anchor' },
        { ip: PEER, lat: 55.75, lon: 37.62, country: 'Narnia <x>', city: '', owner: '', role: 'outbound' },
      ],
      arcs: [{ from: C2, to: PEER, startLat: 52.37, startLon: 4.9, endLat: 55.75, endLon: 37.62, connections: 25 }],
      unlocated: 0,
      unlocatedIps: [],
    },
    timeline: [
      ...Array.from({ length: 12 }, (_, i) => ({
        lane: PEER,
        minute: `2026-11-24 00:${String(i * 5).padStart(2, '0')}`,
        count: 2,
        detail: { '443': 2 },
      })),
      { lane: '10.1.0.10', minute: '2026-11-24 03:00', count: 1, detail: { '445': 1 } },
    ],
  };
}

export function reportInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    pipeline: 'flow',
    date: '2026-11-24',
    generatedAt: '2026-11-25 12:00:00 UTC',
    analyst: 'Аня 分析员',
    tlp: 'AMBER',
    sources: ['netflow (nfdump) records of 2026-11-24'],
    threats: [
      {
        detail: flowDetail(),
        evidence: {
          columns: ['srcIp', 'dstIp', 'srcPort', 'dstPort', 'proto', 'firstSeen', 'lastSeen', 'connections'],
          rows: Array.from({ length: 40 }, (_, i) => [
            C2,
            i === 0 ? PEER : `198.51.100.${i}`,
            50000 + i,
            443,
            'TCP',
            '2026-11-24 00:00:11',
            '2026-11-24 00:55:12',
            i === 0 ? 24 : 1,
          ]),
          total: 4321,
        },
      },
    ],
    ...overrides,
  };
}
