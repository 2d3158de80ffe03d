import { describe, expect, it } from 'vitest';
import { dendroTree } from './dendro';

describe('dendroTree', () => {
  const data = {
    ip: '10.10.5.120',
    queries: [
      { name: 'a.t.net', answers: [], count: 5, base: 't.net' },
      { name: 'b.t.net', answers: [], count: 3, base: 't.net' },
      { name: 'c.t.net', answers: [], count: 1, base: 't.net' },
      { name: 'www.example.com', answers: ['1.1.1.1', '2.2.2.2', '3.3.3.3'], count: 2, base: 'example.com' },
      { name: 'localhost', answers: [], count: 1, base: 'None' },
      { name: 'x.other.org', answers: [], count: 1, base: 'other.org' },
    ],
  };

  it('groups names by base domain, busiest first, ending each capped list with "N more"', () => {
    const tree = dendroTree(data, { domains: 3, namesPerDomain: 2, answersPerName: 2 });
    expect(tree.children!.map((c) => c.name)).toEqual(['t.net', 'example.com', 'localhost', '1 more domains']);
    const tnet = tree.children![0]!;
    expect(tnet).toMatchObject({ kind: 'domain', count: 9 });
    expect(tnet.children!.map((c) => c.name)).toEqual(['a.t.net', 'b.t.net', '1 more names']);
    const www = tree.children![1]!.children![0]!;
    expect(www.children!.map((c) => c.name)).toEqual(['1.1.1.1', '2.2.2.2', '1 more answers']);
  });
  it('shows everything under the caps', () => {
    const tree = dendroTree(data);
    expect(tree.children).toHaveLength(4);
    expect(JSON.stringify(tree)).not.toContain('more');
  });
});
