import { describe, expect, it } from 'vitest';
import { describeWordBriefly, explainWord } from './lda-word';

const asMap = (features: { feature: string; value: string }[]) =>
  Object.fromEntries(features.map((f) => [f.feature, f.value]));

describe('explainWord', () => {
  it('decodes the flow test vector', () => {
    expect(asMap(explainWord('flow', '23_UDP_12_8_2'))).toEqual({
      'service port': '23 (Telnet)',
      'role of this IP': 'it contacted the service port (client side)',
      protocol: 'UDP',
      hour: '12:00–12:59',
      'bytes in': '128–255 bytes',
      'packets in': '2–3 packets',
    });
    expect(asMap(explainWord('flow', '-1_23_UDP_12_8_2'))['role of this IP']).toBe(
      'it used the service port (server side)',
    );
    expect(asMap(explainWord('flow', '333333_TCP_3_0_1'))).toMatchObject({
      ports: expect.stringContaining('> 1024'),
      'bytes in': '0 bytes',
      'packets in': '1 packet',
    });
  });

  it('decodes the DNS test vector', () => {
    expect(asMap(explainWord('dns', '2_7_11_2_10_1_1_0'))).toEqual({
      domain: "the organisation's own domain (USER_DOMAIN)",
      'frame length': '128–255 bytes',
      hour: '11:00–11:59',
      'subdomain length': '4–7 characters',
      'subdomain entropy': '2.7–3 bits (moderate)',
      'labels in the name': '2–3 labels',
      'query type': 'A (1)',
      'response code': 'NoError (0)',
    });
    expect(asMap(explainWord('dns', '0_6_4_0_0_2_16_3'))).toMatchObject({
      'query type': 'TXT (16)',
      'response code': 'NXDomain (name does not exist) (3)',
    });
  });

  it('decodes the proxy test vectors', () => {
    expect(asMap(explainWord('proxy', '1_11_GET_16_binary_3_4_206'))).toEqual({
      host: 'a popular domain (top-domains list)',
      hour: '11:00–11:59',
      method: 'GET',
      'URI entropy': '4.5–4.8 bits (very high, random-looking)',
      'content type': 'binary',
      'user agent': 'seen in 8–15 requests of the day',
      'URI length': '16–31 characters',
      response: '206 Partial Content',
    });
    expect(asMap(explainWord('proxy', '2_0_PUT_4_text_0_1_202'))).toMatchObject({
      host: 'a safe domain (configured)',
      'user agent': 'seen in 1 request of the day (rare)',
    });
    expect(asMap(explainWord('proxy', '0_7_GET_9_-_0_2_unknown_response_code'))).toMatchObject({
      response: 'unknown (no response code)',
      'content type': 'none',
    });
  });

  it('passes unknown shapes through', () => {
    expect(explainWord('dns', 'garbage')).toEqual([{ feature: 'word', value: 'garbage' }]);
    expect(explainWord('flow', 'word_error')[0]?.value).toMatch(/could not/);
  });
});

describe('describeWordBriefly', () => {
  it('flow: protocol, the service port and side, hour, bytes and packets', () => {
    expect(describeWordBriefly('flow', '23_UDP_12_8_2')).toBe(
      'UDP to port 23 (Telnet) at 12h, 128–255 bytes in 2–3 packets',
    );
    expect(describeWordBriefly('flow', '-1_443_TCP_9_11_4')).toBe(
      'TCP served on port 443 (HTTPS) at 09h, 1,024–2,047 bytes in 8–15 packets',
    );
    expect(describeWordBriefly('flow', '333333_TCP_3_0_1')).toBe(
      'TCP between two high ports at 03h, 0 bytes in 1 packet',
    );
    expect(describeWordBriefly('flow', '111111_TCP_3_1_1')).toBe(
      'TCP between two ports ≤ 1024 at 03h, 1 byte in 1 packet',
    );
    expect(describeWordBriefly('flow', '0_ICMP_0_7_1')).toBe('ICMP without ports at 00h, 64–127 bytes in 1 packet');
  });

  it('dns: type, response, domain, subdomain length and entropy, hour', () => {
    expect(describeWordBriefly('dns', '1_6_5_2_9_2_1_0')).toBe(
      'A → NoError, popular domain, 4–7-character subdomain of moderate entropy, at 05h',
    );
    expect(describeWordBriefly('dns', '0_7_23_5_16_3_16_3')).toBe(
      'TXT → NXDomain, unpopular domain, 32–63-character subdomain of very high, random-looking entropy, at 23h',
    );
    expect(describeWordBriefly('dns', '2_6_8_0_0_1_28_0')).toBe('AAAA → NoError, own domain, no subdomain, at 08h');
  });

  it('proxy: method, response, content type, host, URI, user agent, hour', () => {
    expect(describeWordBriefly('proxy', '0_14_GET_12_text/html_3_6_200')).toBe(
      'GET → 200 OK, text/html, unpopular host, 64–127-character URI of high entropy, user agent in 8–15 requests, at 14h',
    );
    expect(describeWordBriefly('proxy', '1_2_POST_15_-_0_5_unknown_response_code')).toBe(
      'POST → no response code, no content type, popular host, 32–63-character URI of very high, random-looking entropy, user agent in 1 request (rare), at 02h',
    );
  });

  it('a word it cannot read is itself', () => {
    expect(describeWordBriefly('dns', 'odd')).toBe('odd');
    expect(describeWordBriefly('flow', '1_2')).toBe('1_2');
    expect(describeWordBriefly('proxy', 'word_error')).toBe('word_error');
  });
});
