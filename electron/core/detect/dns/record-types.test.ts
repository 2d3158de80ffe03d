import { describe, expect, it } from 'vitest';
import { detectOn } from '../testing';
import { CLIENTS, MAIL, T0, benignDay, dns, dnscat2, iodine, mailServer } from './fixtures';
import { unusualRecordTypes } from './record-types';

describe('dns/unusual_record_type', () => {
  it('finds NULL and TXT/CNAME/MX volume to one domain, once per domain and type', async () => {
    const findings = await detectOn([unusualRecordTypes], 'dns', [
      ...benignDay(),
      ...iodine('10.0.1.50'),
      ...dnscat2('10.0.1.51'),
    ]);
    expect(findings.map((f) => f.keys)).toEqual([
      { domain: 'evil-tunnel.com', qtype: 10 },
      { domain: 'bad-updates.net', qtype: 16 },
      { domain: 'bad-updates.net', qtype: 5 },
      { domain: 'bad-updates.net', qtype: 15 },
    ]);
    expect(findings[0]!.strength).toBeGreaterThanOrEqual(0.8);
    expect(findings[0]!.evidence).toBe(
      '300 NULL queries for 300 distinct names under evil-tunnel.com from 1 client(s) (10.0.1.50)',
    );
  });

  it('finds zone transfer attempts and an ANY flood from one workstation', async () => {
    const rows = [
      ...benignDay(),
      ...Array.from({ length: 6 }, (_, i) =>
        dns(CLIENTS[6]!, 'corp.example.com', { ts: T0 + i * 10, qtype: 252, rcode: 5 }),
      ),
      ...Array.from({ length: 40 }, (_, i) =>
        dns(CLIENTS[7]!, `host${i % 30}.example${i % 3}.org`, { ts: T0 + i, qtype: 255 }),
      ),
    ];
    const findings = await detectOn([unusualRecordTypes], 'dns', rows);
    expect(findings.map((f) => f.keys)).toEqual([
      { clientip: CLIENTS[6], qtype: 252 },
      { clientip: CLIENTS[7], qtype: 255 },
    ]);
    expect(findings[0]!.evidence).toBe(
      `${CLIENTS[6]} sent 6 AXFR queries for 1 distinct names under 1 base domain(s) (example.com)`,
    );
  });

  it('does not fire on SPF/DKIM/DMARC TXT from mail servers, ACME challenges, AD SRV, mDNS ANY probes', async () => {
    const mdnsAny = CLIENTS.flatMap((c, i) =>
      Array.from({ length: 25 }, (_, k) =>
        dns(c, `host-${i}.local`, { ts: T0 + k, qtype: 255, server: '224.0.0.251' }),
      ),
    );
    const moreMail = mailServer().map((r) => ({ ...r, client: MAIL.replace('.25', '.26') }));
    expect(await detectOn([unusualRecordTypes], 'dns', [...benignDay(), ...moreMail, ...mdnsAny])).toEqual([]);
  });

  it('a resolver transferring zones (a secondary) makes no finding', async () => {
    const rows = [
      ...Array.from({ length: 10 }, (_, i) => dns('10.0.0.54', 'corp.example.com', { ts: T0 + i * 900, qtype: 251 })),
      ...CLIENTS.slice(0, 3).map((c) => dns(c, 'www.example.com', { server: '10.0.0.54' })),
    ];
    expect(await detectOn([unusualRecordTypes], 'dns', rows)).toEqual([]);
  });
});
