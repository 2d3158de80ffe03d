/**
 * Fixture rows for the DNS detectors' tests (normalised `events` columns): a deterministic benign network — browsing,
 * CDNs and clouds, antivirus and block-list look-ups, mail servers' SPF/DKIM/DMARC, reverse lookups, AD SRV, mDNS and
 * DNS-SD, Chrome's start-up probes, search-suffix appends, typos — and the malicious shapes the detectors must find.
 * Test support only (imported by *.test.ts).
 */
import { mulberry32 } from '../../ml/random';
import type { EventRow } from '../testing';

export const T0 = 1_767_225_600; // 2026-01-01 00:00 UTC
export const RESOLVER = '10.0.0.53';
export const MAIL = '10.0.0.25';
export const CLIENTS = Array.from({ length: 24 }, (_, i) => `10.0.1.${i + 10}`);

/** A small deterministic PRNG so fixtures are the same on every run (the scorer's own). */
export const rng = mulberry32;

export function randomString(next: () => number, length: number, alphabet: string): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}

export const HEX = '0123456789abcdef';
export const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
export const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export interface DnsOptions {
  ts?: number;
  qtype?: number;
  rcode?: number;
  frame_len?: number;
  answers?: string;
  server?: string;
}

export function dns(client: string, qname: string, o: DnsOptions = {}): EventRow {
  return {
    ts: o.ts ?? T0 + 3600,
    client,
    server: o.server ?? RESOLVER,
    qname,
    qclass: '0x00000001',
    qtype: o.qtype ?? 1,
    rcode: o.rcode ?? 0,
    frame_len: o.frame_len ?? 120,
    answers: o.answers ?? (o.rcode === 3 ? '' : '93.184.216.34'),
  };
}

const POPULAR = [
  'www.google.com',
  'www.youtube.com',
  'outlook.office365.com',
  'login.microsoftonline.com',
  'www.bbc.co.uk',
  'github.com',
  'api.github.com',
  'slack.com',
  'app.slack.com',
  'www.wikipedia.org',
  'update.microsoft.com',
  'time.windows.com',
  'pool.ntp.org',
  'ocsp.digicert.com',
  'www.amazon.com',
];

/** Ordinary browsing: every client resolves popular names through the day (A and AAAA). */
export function browsing(): EventRow[] {
  const rows: EventRow[] = [];
  CLIENTS.forEach((client, c) => {
    for (let h = 0; h < 10; h++)
      POPULAR.forEach((name, i) => {
        if ((i + c + h) % 3 === 0) return;
        rows.push(dns(client, name, { ts: T0 + 8 * 3600 + h * 1800 + i * 7 + c }));
        rows.push(dns(client, name, { ts: T0 + 8 * 3600 + h * 1800 + i * 7 + c + 1, qtype: 28 }));
      });
  });
  return rows;
}

/** CDN and cloud names with hashed labels; one heavy video watcher resolves 150 googlevideo hosts. */
export function cdns(): EventRow[] {
  const next = rng(7);
  const rows: EventRow[] = [];
  CLIENTS.forEach((client, c) => {
    for (let i = 0; i < 25; i++) {
      const t = T0 + 9 * 3600 + c * 60 + i * 13;
      rows.push(dns(client, `d${randomString(next, 13, BASE32)}.cloudfront.net`, { ts: t }));
      rows.push(dns(client, `e${Math.floor(next() * 99999)}.dsca.akamaiedge.net`, { ts: t + 1 }));
      rows.push(dns(client, `${randomString(next, 24, HEX)}.blob.core.windows.net`, { ts: t + 2 }));
      rows.push(dns(client, `cs${randomString(next, 12, HEX)}.azureedge.net`, { ts: t + 3 }));
    }
  });
  for (let i = 0; i < 150; i++)
    rows.push(
      dns(CLIENTS[3]!, `rr${1 + (i % 8)}---sn-${randomString(next, 8, BASE32)}n${i}.googlevideo.com`, {
        ts: T0 + 20 * 3600 + i * 11,
      }),
    );
  return rows;
}

/** Antivirus cloud look-ups from every client (McAfee GTI, Sophos, ESET): long hashed labels, by design. */
export function antivirus(): EventRow[] {
  const next = rng(11);
  const rows: EventRow[] = [];
  CLIENTS.forEach((client, c) => {
    for (let i = 0; i < 40; i++) {
      const t = T0 + 7 * 3600 + c * 300 + i * 17;
      rows.push(
        dns(client, `0.0.0.0.1.0.0.4e.${randomString(next, 26, BASE32)}.avqs.mcafee.com`, {
          ts: t,
          answers: '127.0.0.1',
        }),
      );
      rows.push(dns(client, `${randomString(next, 32, HEX)}.v.sophosxl.net`, { ts: t + 2, answers: '127.0.0.2' }));
      rows.push(dns(client, `${randomString(next, 40, HEX)}.a.e5.sk`, { ts: t + 4, rcode: 3 }));
    }
  });
  return rows;
}

/** A mail server: DNSBL look-ups (NXDomain for clean senders), hashed DBL look-ups, SPF/DKIM/DMARC TXT, MX. */
export function mailServer(): EventRow[] {
  const next = rng(13);
  const rows: EventRow[] = [];
  for (let i = 0; i < 400; i++) {
    const t = T0 + 6 * 3600 + i * 61;
    const ip = Array.from({ length: 4 }, () => Math.floor(next() * 256)).join('.');
    const domain = `${randomString(next, 6 + Math.floor(next() * 8), LETTERS)}.com`;
    // a third of the senders' domains are made up (spam): NXDomain for all their look-ups
    const nx = i % 3 === 0 ? 3 : 0;
    rows.push(dns(MAIL, `${ip}.zen.spamhaus.org`, { ts: t, rcode: i % 10 === 0 ? 0 : 3, answers: '127.0.0.2' }));
    rows.push(dns(MAIL, `${randomString(next, 32, BASE32)}.dbl.spamhaus.org`, { ts: t + 1, rcode: 3 }));
    rows.push(dns(MAIL, domain, { ts: t + 2, qtype: 16, frame_len: 300, rcode: nx }));
    rows.push(dns(MAIL, `_dmarc.${domain}`, { ts: t + 3, qtype: 16, rcode: nx }));
    rows.push(dns(MAIL, `s${i % 3}._domainkey.${domain}`, { ts: t + 4, qtype: 16, frame_len: 600, rcode: nx }));
    rows.push(dns(MAIL, domain, { ts: t + 5, qtype: 15, rcode: nx }));
    rows.push(dns(MAIL, `mail.${domain}`, { ts: t + 6, rcode: nx }));
  }
  return rows;
}

/** Reverse lookups (most without PTR), AD SRV look-ups, mDNS/DNS-SD, ACME challenges, WPAD. */
export function background(): EventRow[] {
  const rows: EventRow[] = [];
  for (let i = 0; i < 600; i++)
    rows.push(
      dns(CLIENTS[0]!, `${i % 250}.${Math.floor(i / 250)}.16.172.in-addr.arpa`, {
        ts: T0 + 4 * 3600 + i,
        qtype: 12,
        rcode: i % 5 === 0 ? 0 : 3,
      }),
    );
  CLIENTS.forEach((client, c) => {
    for (let i = 0; i < 30; i++) {
      const t = T0 + 8 * 3600 + c * 100 + i * 200;
      rows.push(dns(client, '_ldap._tcp.dc._msdcs.corp.example.com', { ts: t, qtype: 33 }));
      rows.push(dns(client, '_kerberos._tcp.corp.example.com', { ts: t + 1, qtype: 33 }));
      rows.push(dns(client, '_services._dns-sd._udp.local', { ts: t + 2, qtype: 12, server: '224.0.0.251' }));
      rows.push(dns(client, `printer-${i % 4}.local`, { ts: t + 3, server: '224.0.0.251' }));
      rows.push(dns(client, 'wpad.corp.example.com', { ts: t + 4, rcode: 3 }));
    }
  });
  for (let i = 0; i < 60; i++)
    rows.push(dns(CLIENTS[5]!, `_acme-challenge.host${i}.example.org`, { ts: T0 + 5 * 3600 + i * 30, qtype: 16 }));
  return rows;
}

/**
 * Benign NXDomain: Chrome's random 7–15 letter start-up probes (single labels, and with the search suffixes
 * corp.example.com and corp appended), search-suffix appends for every name of one client, a handful of typos.
 */
export function benignNx(): EventRow[] {
  const next = rng(17);
  const rows: EventRow[] = [];
  CLIENTS.forEach((client, c) => {
    for (let k = 0; k < 4; k++) {
      for (let i = 0; i < 3; i++) {
        const probe = randomString(next, 7 + Math.floor(next() * 9), LETTERS);
        const t = T0 + 7 * 3600 + c * 1000 + k * 7200 + i;
        rows.push(dns(client, probe, { ts: t, rcode: 3 }));
        rows.push(dns(client, `${probe}.corp.example.com`, { ts: t + 0.2, rcode: 3 }));
        rows.push(dns(client, `${probe}.corp`, { ts: t + 0.4, rcode: 3 }));
      }
    }
  });
  for (let i = 0; i < 80; i++)
    rows.push(
      dns(CLIENTS[2]!, `${POPULAR[i % POPULAR.length]}.corp.example.com`, { ts: T0 + 10 * 3600 + i, rcode: 3 }),
    );
  for (const typo of ['gooogle.com', 'outlok.com', 'githib.com', 'wikipedai.org', 'amazom.com'])
    rows.push(dns(CLIENTS[4]!, typo, { ts: T0 + 11 * 3600, rcode: 3 }));
  return rows;
}

/** The whole benign network. */
export function benignDay(): EventRow[] {
  return [...browsing(), ...cdns(), ...antivirus(), ...mailServer(), ...background(), ...benignNx()];
}

/** iodine-shaped: NULL queries for long base32 labels under one zone, from one client. */
export function iodine(client: string, zone = 't.evil-tunnel.com', count = 300): EventRow[] {
  const next = rng(23);
  return Array.from({ length: count }, (_, i) =>
    dns(client, `${i % 7 === 0 ? 'p' + randomString(next, 7, LETTERS) : randomString(next, 50, BASE32)}.${zone}`, {
      ts: T0 + 2 * 3600 + i * 3,
      qtype: 10,
      frame_len: 400,
      answers: '',
    }),
  );
}

/** dnscat2-shaped: TXT/CNAME/MX queries for hex session data. */
export function dnscat2(client: string, zone = 'c2.bad-updates.net', count = 200): EventRow[] {
  const next = rng(29);
  const types = [16, 5, 15];
  return Array.from({ length: count }, (_, i) =>
    dns(client, `${randomString(next, 60, HEX)}.${randomString(next, 30, HEX)}.${zone}`, {
      ts: T0 + 14 * 3600 + i * 2,
      qtype: types[i % 3],
      frame_len: 340,
      answers: '',
    }),
  );
}

/** dns2tcp-shaped: short base64-ish labels, KEY (25) records, every name once. */
export function dns2tcp(client: string, zone = 'www.tcp-over-dns.xyz', count = 400): EventRow[] {
  const next = rng(31);
  return Array.from({ length: count }, (_, i) =>
    dns(client, `gq5${randomString(next, 5, BASE32)}ba.${zone}`, {
      ts: T0 + 16 * 3600 + i,
      qtype: 25,
      frame_len: 300,
      answers: '',
    }),
  );
}

/** DGA: random 10–18 letter names under several TLDs every half hour, all NXDomain. */
export function dgaLookups(client: string, count = 120): EventRow[] {
  const next = rng(37);
  const tlds = ['com', 'net', 'org', 'info', 'ru', 'co.uk', 'com.br'];
  return Array.from({ length: count }, (_, i) =>
    dns(client, `${randomString(next, 10 + Math.floor(next() * 9), LETTERS)}.${tlds[i % tlds.length]}`, {
      ts: T0 + Math.floor(i / 10) * 1800 + (i % 10),
      rcode: 3,
    }),
  );
}

/** Subdomain brute force: 80 distinct NXDomain names under one zone within two minutes. */
export function bruteForce(client: string, zone = 'target-corp.com'): EventRow[] {
  const words = ['admin', 'vpn', 'mail', 'dev', 'test', 'stage', 'portal', 'git', 'jira', 'wiki'];
  return Array.from({ length: 80 }, (_, i) =>
    dns(client, `${words[i % words.length]}${Math.floor(i / words.length) || ''}.${zone}`, {
      ts: T0 + 13 * 3600 + i * 1.5,
      rcode: i % 20 === 0 ? 0 : 3,
    }),
  );
}

/** Cobalt Strike DNS beacon-shaped: A queries for `api.<hex>.<hex>` and `post.<hex>.<hex>` names, answers 0.0.0.0. */
export function cobaltStrike(client: string, zone = 'dns.cdn-check.net', count = 240): EventRow[] {
  const next = rng(43);
  const id = randomString(next, 8, HEX);
  return Array.from({ length: count }, (_, i) =>
    dns(client, `${i % 4 ? 'post' : 'api'}.${randomString(next, 8, HEX)}${i}.${id}.${zone}`, {
      ts: T0 + i * 60,
      answers: '0.0.0.0',
    }),
  );
}
