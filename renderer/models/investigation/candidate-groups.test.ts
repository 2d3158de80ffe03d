import { describe, expect, it } from 'vitest';
import type { ThreatCandidate } from '../../../shared/ops/investigation';
import { groupCandidates, memberLabel } from './candidate-groups';

const c = (anchor: string, kind: ThreatCandidate['kind'], rows: number, reason: string, group?: string) => ({
  anchor,
  kind,
  origin: 'suspicious' as const,
  saved: false,
  rows,
  reason,
  ...(group ? { group } : {}),
});

describe('Most suspicious as items', () => {
  it('folds a host’s URIs into one item with their rows and the strongest evidence, in list order', () => {
    const items = groupCandidates([
      c('http://evil.example/a?1', 'uri', 40, 'large upload: 5 MB (strength 0.90)', 'evil.example'),
      c('http://cdn.example/x', 'uri', 3, 'LDA: row 9', 'cdn.example'),
      c('http://evil.example/a?2', 'uri', 12, 'LDA: row 12', 'evil.example'),
      { ...c('http://evil.example/b', 'uri', 1, 'LDA: row 30', 'evil.example'), saved: true },
    ]);
    expect(items.map((i) => i.type)).toEqual(['group', 'single']);
    const [group, single] = items;
    expect(group).toMatchObject({
      type: 'group',
      name: 'evil.example',
      what: 'host',
      memberNoun: 'URIs',
      rows: 53,
      reason: 'large upload: 5 MB (strength 0.90)',
      saved: 1,
    });
    expect(group!.type === 'group' && group!.members.map((m) => m.anchor)).toEqual([
      'http://evil.example/a?1',
      'http://evil.example/a?2',
      'http://evil.example/b',
    ]);
    // A host with one suspicious URI is that URI's own item.
    expect(single).toMatchObject({ type: 'single', candidate: { anchor: 'http://cdn.example/x' } });
  });

  it('keeps IPs as items and folds queries by base domain', () => {
    const items = groupCandidates([
      c('10.10.5.120', 'ip', 300, 'dns tunnelling'),
      c('a1.t.tunnel.net', 'query', 1, 'dns tunnelling', 'tunnel.net'),
      c('a2.t.tunnel.net', 'query', 1, 'dns tunnelling', 'tunnel.net'),
    ]);
    expect(
      items.map((i) => (i.type === 'group' ? `${i.what} ${i.name} ${i.members.length}` : i.candidate.anchor)),
    ).toEqual(['10.10.5.120', 'domain tunnel.net 2']);
  });

  it("names a group of one finding's lone names after the finding", () => {
    const items = groupCandidates([
      c('10.47.2.100', 'ip', 728, 'dga'),
      { ...c('abtsvqibkovt.com', 'query', 1, 'dga', 'dga · 10.47.2.100'), groupBy: 'finding' as const },
      { ...c('crmfhknrjexuvy.co.uk', 'query', 1, 'dga', 'dga · 10.47.2.100'), groupBy: 'finding' as const },
    ]);
    expect(
      items.map((i) => (i.type === 'group' ? `${i.what} ${i.name} ${i.members.length}` : i.candidate.anchor)),
    ).toEqual(['10.47.2.100', 'finding dga · 10.47.2.100 2']);
  });

  it('writes a member URI without the host its group names', () => {
    expect(memberLabel(c('http://evil.example/a?1', 'uri', 1, '', 'evil.example'))).toBe('/a?1');
    expect(memberLabel(c('https://evil.example:8443', 'uri', 1, '', 'evil.example'))).toBe('/');
    expect(memberLabel(c('evil.example/a', 'uri', 1, '', 'evil.example'))).toBe('/a');
    expect(memberLabel(c('EVIL.example:80/b?x=1', 'uri', 1, '', 'evil.example'))).toBe('/b?x=1');
    // A URI whose host is not the group's exactly keeps its whole text.
    expect(memberLabel(c('cdn.evil.example/a', 'uri', 1, '', 'evil.example'))).toBe('cdn.evil.example/a');
    expect(memberLabel(c('a1.t.tunnel.net', 'query', 1, '', 'tunnel.net'))).toBe('a1.t.tunnel.net');
  });
});
