import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { createEnrichment } from './index';
import { tempFolder } from './test-files';

const files = tempFolder();

describe('createEnrichment', () => {
  it('gives an empty enrichment when nothing is configured', async () => {
    const enrichment = await createEnrichment({ useBundledGeo: false });
    expect(enrichment.context.isInternal('10.0.0.1')).toBe(false);
    expect(enrichment.context.label('10.0.0.1')).toBe('');
    expect(enrichment.geo).toBeNull();
    expect((await enrichment.reputation.lookup(['10.0.0.1'], 'ip')).get('10.0.0.1')).toBe('');
  });

  it('wires every configured file', async () => {
    const enrichment = await createEnrichment({
      iprangesPath: files.write('ipranges.csv', '10.0.0.0,10.255.255.255,Internal\n'),
      contextPaths: [files.write('ctx.csv', 'ip,description\n10.1.1.1,VPN gateway\n')],
      iplocPath: files.write(
        'iploc.csv',
        '"167837952","167903231","US","United States","CA","Palo Alto","37.4","-122.1","Corp","corp.com"\n',
      ),
      reputationLists: [
        { name: 'a', path: files.write('a.csv', 'indicator,severity,text\n10.1.1.1,2,Scanner\n') },
        { name: 'b', path: files.write('b.csv', 'indicator,severity,text\n10.0.0.0/8,0,Ours\n') },
      ],
    });
    expect(enrichment.context.isInternal('10.1.1.1')).toBe(true);
    expect(enrichment.context.label('10.1.1.1')).toBe('VPN gateway');
    expect(enrichment.context.label('10.2.2.2')).toBe('Internal');
    expect(enrichment.context.contextName('10.1.1.1')).toBe('VPN');
    expect(enrichment.geo?.lookup('10.1.1.1')?.city).toBe('Palo Alto'); // 167837952 = 10.1.1.0
    expect((await enrichment.reputation.lookup(['10.1.1.1'], 'ip')).get('10.1.1.1')).toBe('a:Scanner:2::b:Ours:0');
  });

  it('refuses a named file that does not exist or is malformed', async () => {
    await expect(createEnrichment({ iprangesPath: `${files.dir}/none.csv` })).rejects.toThrow(InputError);
    await expect(createEnrichment({ iplocPath: `${files.dir}/none.csv` })).rejects.toThrow(
      `${files.dir}/none.csv: file not found`,
    );
    const bad = files.write('bad-list.csv', 'indicator,severity,text\n1.2.3.4,9,x\n');
    await expect(createEnrichment({ reputationLists: [{ name: 'x', path: bad }] })).rejects.toThrow(
      `${bad}, line 2, field severity: "9" is not one of -1, 0, 1, 2, 3`,
    );
    // Empty strings mean "not set", as a settings form leaves them.
    await expect(
      createEnrichment({ iplocPath: '', iprangesPath: '', contextPaths: [''], useBundledGeo: false }),
    ).resolves.toBeTruthy();
  });
});
