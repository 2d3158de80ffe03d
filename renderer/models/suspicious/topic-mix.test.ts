import { describe, expect, it } from 'vitest';
import { percent, probability, topicMixLines } from './topic-mix';

const end = (
  document: string,
  word: string,
  p: number,
  shares: Array<[number, number, number]>,
  typicalWords = ['80_TCP_9_10_4', '-1_443_TCP_10_12_5'],
) => ({
  document,
  word,
  probability: p,
  topics: shares.map(([topic, share, wordProbability]) => ({ topic, share, wordProbability, typicalWords })),
});
const texts = (lines: Array<{ text: string }>) => lines.map((l) => l.text);

describe('topic mix in plain words', () => {
  it('says the client’s mix, each topic’s typical words in an analyst’s terms and the word’s probability', () => {
    const lines = topicMixLines('dns', {
      topicCount: 20,
      ends: [
        end(
          '10.0.0.5',
          '0_7_3_5_15_3_16_0',
          2.1e-5,
          [
            [4, 0.7, 1e-5],
            [9, 0.2, 3e-5],
          ],
          ['1_6_5_2_9_2_1_0', '2_6_8_0_0_1_28_0'],
        ),
      ],
    });
    expect(texts(lines)).toEqual([
      "The model sees client 10.0.0.5's day as 70 % topic 4, 20 % topic 9 and 10 % the other 18 topics.",
      'Topic 4 is typically: A → NoError, popular domain, 4–7-character subdomain of moderate entropy, at 05h; ' +
        'AAAA → NoError, own domain, no subdomain, at 08h.',
      'Topic 9 is typically: A → NoError, popular domain, 4–7-character subdomain of moderate entropy, at 05h; ' +
        'AAAA → NoError, own domain, no subdomain, at 08h.',
      'The word “0_7_3_5_15_3_16_0” has probability 1.00e-5 under topic 4 and 3.00e-5 under topic 9; ' +
        "over this client's whole mix 2.10e-5.",
    ]);
    // The raw word stays one hover away on its description.
    expect(lines[1]!.parts.filter((p) => p.title).map((p) => p.title)).toEqual([
      'LDA word “1_6_5_2_9_2_1_0”',
      'LDA word “2_6_8_0_0_1_28_0”',
    ]);
    expect(
      lines.flatMap((l) => l.parts).some((p) => !p.title && /\d_\d+_\d/.test(p.text) && !p.text.startsWith('The word')),
    ).toBe(false);
  });

  it('puts the flow end that set the score first, its typical words described', () => {
    const lines = texts(
      topicMixLines('flow', {
        topicCount: 3,
        ends: [end('10.0.0.7', 'a', 0.2, [[1, 1, 0.2]]), end('203.0.113.9', 'b', 0.001, [[2, 1, 0.001]])],
      }),
    );
    expect(lines[0]).toBe("The model sees host 203.0.113.9's day (the end that set the score) as 100 % topic 2.");
    expect(lines[1]).toBe(
      'Topic 2 is typically: TCP to port 80 (HTTP) at 09h, 512–1,023 bytes in 8–15 packets; ' +
        'TCP served on port 443 (HTTPS) at 10h, 2,048–4,095 bytes in 16–31 packets.',
    );
    expect(lines[2]).toBe(
      "The word “b” has probability 1.00e-3 under topic 2; over this host's whole mix 1.00e-3, the row’s score.",
    );
    expect(lines[3]).toMatch(/^The model sees host 10\.0\.0\.7's day \(the other end\) as 100 % topic 1/);
    expect(lines).toHaveLength(6);
  });

  it('says nothing for a missing or malformed fact', () => {
    expect(topicMixLines('proxy', undefined)).toEqual([]);
    expect(topicMixLines('proxy', { topicCount: 20, ends: [{ document: 1 }] })).toEqual([]);
  });

  it('formats shares and probabilities', () => {
    expect([percent(0.7), percent(0.046), percent(0.0004), percent(0.1)]).toEqual(['70 %', '4.6 %', '< 0.1 %', '10 %']);
    expect([probability(0.25), probability(0.0012)]).toEqual(['0.25', '1.20e-3']);
  });
});
