import { describe, expect, it } from 'vitest';
import {
  bin,
  ceilLog2,
  dnsWord,
  ENTROPY_CUTS,
  entropy,
  flowWords,
  frameTimeHour,
  log2i,
  proxyWord,
  splitDomain,
} from './spot-words';

describe('spot-ml word helpers', () => {
  it('log2i and ceilLog2 follow spot-ml', () => {
    expect([0, 1, 2, 3, 4, 7, 213, 1024].map(log2i)).toEqual([0, 0, 1, 1, 2, 2, 7, 10]);
    expect([1, 2, 3, 4, 223, 1025].map(ceilLog2)).toEqual([0, 1, 2, 2, 8, 11]);
  });

  it('entropy is Shannon bits over characters', () => {
    expect(entropy('')).toBe(0);
    expect(entropy('aaaa')).toBe(0);
    expect(entropy('abcd')).toBeCloseTo(2, 12);
    expect(entropy('abcdefg')).toBeCloseTo(Math.log2(7), 12);
    expect(entropy('ünïcödé')).toBeCloseTo(Math.log2(7), 12);
  });

  it('bin returns the first cut >= value', () => {
    expect(bin(0, ENTROPY_CUTS)).toBe(0);
    expect(bin(0.31, ENTROPY_CUTS)).toBe(2);
    expect(bin(2.807, ENTROPY_CUTS)).toBe(10);
    expect(bin(9, ENTROPY_CUTS)).toBe(19);
  });

  it('splits domains like DomainProcessor', () => {
    expect(splitDomain('fatosdesconhecidos.com.br').domain).toBe('fatosdesconhecidos');
    expect(splitDomain('panasonic.jp').domain).toBe('panasonic');
    expect(splitDomain('abcdefg.apache.com')).toEqual({ domain: 'apache', subdomain: 'abcdefg', numParts: 3 });
    expect(splitDomain('www.bbc.co.uk')).toEqual({ domain: 'co', subdomain: 'www.bbc', numParts: 4 });
    expect(splitDomain('43.7.10.10.in-addr.arpa')).toEqual({ domain: 'None', subdomain: 'None', numParts: 6 });
    expect(splitDomain('localhost').domain).toBe('None');
  });

  it('reads the hour from both tshark time layouts', () => {
    expect(frameTimeHour('May  12 2015 11:32:45.543421000 UTC')).toBe(11);
    expect(frameTimeHour('Jan  4, 2017 04:41:06.337519000 UTC')).toBe(4);
  });
});

describe('spot-ml words (ml.md §2 test vectors)', () => {
  it('flow: hour 12, UDP, 222 bytes, 3 packets, 2132 -> 23', () => {
    const row = { trhour: 12, proto: 'UDP', ibyt: 222, ipkt: 3 };
    expect(flowWords({ ...row, sport: 2132, dport: 23 })).toEqual({ src: '23_UDP_12_8_2', dst: '-1_23_UDP_12_8_2' });
    expect(flowWords({ ...row, sport: 23, dport: 2132 })).toEqual({ src: '-1_23_UDP_12_8_2', dst: '23_UDP_12_8_2' });
  });

  it('flow: the port cases in order', () => {
    const tail = { trhour: 1, proto: 'TCP', ibyt: 0, ipkt: 0 };
    expect(flowWords({ ...tail, sport: 0, dport: 0 }).src).toBe('0_TCP_1_0_0');
    expect(flowWords({ ...tail, sport: 5, dport: 0 })).toEqual({ src: '-1_5_TCP_1_0_0', dst: '5_TCP_1_0_0' });
    expect(flowWords({ ...tail, sport: 0, dport: 2048 })).toEqual({ src: '2048_TCP_1_0_0', dst: '-1_2048_TCP_1_0_0' });
    expect(flowWords({ ...tail, sport: 123, dport: 123 }).src).toBe('111111_TCP_1_0_0');
    expect(flowWords({ ...tail, sport: 5000, dport: 6000 }).dst).toBe('333333_TCP_1_0_0');
  });

  it('dns: abcdefg.apache.com with USER_DOMAIN apache', () => {
    const word = dnsWord(
      {
        frameTime: 'May  12 2015 11:32:45.543421000 UTC',
        frameLen: 213,
        name: 'abcdefg.apache.com',
        qtype: 1,
        rcode: 0,
      },
      'apache',
      new Set(['google', 'youtube']),
    );
    expect(word).toBe('2_7_11_2_10_1_1_0');
  });

  it('proxy: topDomain, hour, method, entropy bin, content type, agent count, length, code', () => {
    const word = proxyWord(
      {
        host: 'www.google.com',
        pTime: '09:41:17',
        reqmethod: 'GET',
        fulluri: 'www.google.com/search?q=a',
        resconttype: 'text/html',
        userAgentCount: 1000,
        respcode: '200',
      },
      new Set(['google']),
    );
    const e = bin(entropy('www.google.com/search?q=a'), ENTROPY_CUTS);
    expect(word).toBe(`1_9_GET_${e}_text_9_4_200`);
    expect(
      proxyWord(
        {
          host: 'x.intel.com',
          pTime: '00:00:00',
          reqmethod: 'PUT',
          fulluri: 'x',
          resconttype: '-',
          userAgentCount: 1,
          respcode: null,
        },
        new Set(),
      ),
    ).toBe('2_0_PUT_0_-_0_0_unknown_response_code');
  });
});
