import { describe, expect, it } from 'vitest';
import { suspiciousColumns } from './columns';

describe('suspicious columns', () => {
  it('DNS: time, client, query, type, rcode and answers fit the 720 px a 1366×768 window gives the table', () => {
    const columns = suspiciousColumns('dns');
    const decisive = ['frame_time', 'ip_dst', 'dns_qry_name', 'dns_qry_type_name', 'dns_qry_rcode_name', 'answers'];
    // They are the first columns shown, in this order (the identity columns pinned).
    expect(columns.slice(0, decisive.length).map((c) => c.key)).toEqual(decisive);
    expect(columns.slice(0, decisive.length).every((c) => c.visible)).toBe(true);
    const width = columns.slice(0, decisive.length).reduce((sum, c) => sum + c.width, 0);
    expect(width).toBeLessThanOrEqual(720);
  });

  it('flow: time, both hosts with their names, both ports and the protocol fit the same 720 px', () => {
    const columns = suspiciousColumns('flow');
    const decisive = ['tstart', 'srcip', 'dstip', 'sport', 'dport', 'proto'];
    expect(columns.slice(0, decisive.length).map((c) => c.key)).toEqual(decisive);
    expect(columns.slice(0, decisive.length).every((c) => c.visible)).toBe(true);
    const width = columns.slice(0, decisive.length).reduce((sum, c) => sum + c.width, 0);
    expect(width).toBeLessThanOrEqual(720);
  });
});
