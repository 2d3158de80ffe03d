import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { contextNameOf, emptyNetworkContext, loadNetworkContext } from './network-context';
import { parseIpKey } from './ip-key';
import { tempFolder } from './test-files';

const files = tempFolder();

describe('parseIpKey', () => {
  it('masks a CIDR start to its network (Spot kept the unmasked start)', () => {
    expect(parseIpKey('10.1.2.3/8')).toEqual({ family: 4, start: 0x0a000000n, end: 0x0affffffn });
    expect(parseIpKey('192.168.1.77/32')).toEqual({ family: 4, start: 0xc0a8014dn, end: 0xc0a8014dn });
    expect(parseIpKey('0.0.0.0/0')).toEqual({ family: 4, start: 0n, end: 0xffffffffn });
    expect(parseIpKey('2001:db8::1/32')).toEqual({
      family: 6,
      start: 0x20010db8n << 96n,
      end: (0x20010db8n << 96n) | ((1n << 96n) - 1n),
    });
  });
  it('reads ranges and single IPs, and explains bad keys', () => {
    expect(parseIpKey('10.0.0.1 - 10.0.0.9')).toEqual({ family: 4, start: 0x0a000001n, end: 0x0a000009n });
    expect(parseIpKey(' 10.0.0.1 ')).toEqual({ family: 4, start: 0x0a000001n, end: 0x0a000001n });
    expect(parseIpKey('10.0.0.1/33')).toBe('"10.0.0.1/33": prefix length must be 0–32');
    expect(parseIpKey('10.0.0.9-10.0.0.1')).toBe('"10.0.0.9-10.0.0.1": the range starts after it ends');
    expect(parseIpKey('host-a')).toBe('"host-a": a range must be two IP addresses of the same family, "first-last"');
    expect(parseIpKey('web01')).toBe('"web01" is not an IP address, CIDR block (a.b.c.d/n) or range (a-b)');
  });
});

describe('loadNetworkContext', () => {
  it('reads Spot’s ipranges.csv for the internal flags (inclusive ends, label optional)', async () => {
    const ipranges = files.write(
      'ipranges.csv',
      '10.0.0.1,10.255.255.255,Internal\n172.16.0.0,172.31.255.255\n192.168.0.0,192.168.255.255,Lab\n',
    );
    const ctx = await loadNetworkContext({ ipranges });
    expect(ctx.isInternal('10.0.0.1')).toBe(true);
    expect(ctx.isInternal('10.255.255.255')).toBe(true);
    expect(ctx.isInternal('10.0.0.0')).toBe(false); // below the first start
    expect(ctx.isInternal('11.0.0.0')).toBe(false);
    expect(ctx.isInternal('172.20.1.1')).toBe(true);
    expect(ctx.isInternal('8.8.8.8')).toBe(false);
    expect(ctx.isInternal('not an ip')).toBe(false);
    expect(ctx.label('10.1.1.1')).toBe('Internal');
    expect(ctx.label('172.20.1.1')).toBe(''); // no label on that row
    expect(ctx.label('192.168.3.4')).toBe('Lab');
  });

  it('reads 2-column context files (Spot dropped them), trims descriptions, skips the header', async () => {
    const context = files.write(
      'nc.csv',
      'ip,description\n10.192.180.150, AnyMachine\n10.0.0.0/8, Corporate network. VPN pool is elsewhere\n' +
        '10.1.0.0-10.1.255.255,VPN concentrators\n10.1.2.3,Proxy box, behind the FW\n',
    );
    const ctx = await loadNetworkContext({ context: [context] });
    expect(ctx.size).toBe(4);
    expect(ctx.label('10.192.180.150')).toBe('AnyMachine');
    expect(ctx.label('10.9.9.9')).toBe('Corporate network. VPN pool is elsewhere');
    // Most specific wins: the exact IP over the /16 range over the /8.
    expect(ctx.label('10.1.2.3')).toBe('Proxy box, behind the FW');
    expect(ctx.label('10.1.2.4')).toBe('VPN concentrators');
    expect(ctx.label('11.0.0.1')).toBe('');
    expect(ctx.contextName('10.1.2.4')).toBe('VPN');
    expect(ctx.contextName('10.1.2.3')).toBe('Proxy');
    expect(ctx.contextName('10.9.9.9')).toBe('DMZ'); // "VPN" only after the first dot → Spot’s default
    expect(ctx.contextName('11.0.0.1')).toBe('');
    expect(ctx.isInternal('10.1.2.3')).toBe(false); // internal flags come from ipranges only
  });

  it('serves all three uses from one table; a context file beats an ipranges label of the same width', async () => {
    const ipranges = files.write('ipranges2.csv', '10.0.0.0,10.255.255.255,Internal\n');
    const a = files.write('a.csv', '10.0.0.0/8,Corp\n10.5.5.5,Old name\n');
    const b = files.write('b.csv', 'ip,description\n10.5.5.5,New name\n2001:db8::/32,IPv6 lab\n');
    const ctx = await loadNetworkContext({ ipranges, context: [a, b] });
    expect(ctx.label('10.4.4.4')).toBe('Corp');
    expect(ctx.label('10.5.5.5')).toBe('New name'); // later file wins a tie
    expect(ctx.label('2001:db8::42')).toBe('IPv6 lab');
    expect(ctx.isInternal('10.5.5.5')).toBe(true);
    expect(ctx.isInternal('2001:db8::42')).toBe(false);
  });

  it('handles the first line: a header is skipped only when its key does not parse', async () => {
    const noHeader = files.write('noheader.csv', '10.0.0.7,First row is data\n');
    expect((await loadNetworkContext({ context: [noHeader] })).label('10.0.0.7')).toBe('First row is data');
  });

  it('names file, line and field on bad input', async () => {
    const badKey = files.write('badkey.csv', 'ip,description\n10.0.0.1,ok\n\n10.0.0.300,broken\n');
    await expect(loadNetworkContext({ context: [badKey] })).rejects.toThrow(
      `${badKey}, line 4, field ip: "10.0.0.300" is not an IP address, CIDR block (a.b.c.d/n) or range (a-b)`,
    );
    const noDesc = files.write('nodesc.csv', 'ip,description\n10.0.0.1\n');
    await expect(loadNetworkContext({ context: [noDesc] })).rejects.toThrow(
      `${noDesc}, line 2, field description: missing`,
    );
    const badEnd = files.write('badend.csv', '10.0.0.9,10.0.0.1,x\n');
    await expect(loadNetworkContext({ ipranges: badEnd })).rejects.toThrow(
      `${badEnd}, line 1, field end_ip: "10.0.0.1" is lower than start_ip "10.0.0.9"`,
    );
    const badStart = files.write('badstart.csv', '10.0.0.1,10.0.0.2\nfoo,10.0.0.3\n');
    await expect(loadNetworkContext({ ipranges: badStart })).rejects.toThrow(
      `${badStart}, line 2, field start_ip: "foo" is not an IP address`,
    );
    const missing = `${files.dir}/nope.csv`;
    await expect(loadNetworkContext({ context: [missing] })).rejects.toThrow(InputError);
    await expect(loadNetworkContext({ context: [missing] })).rejects.toThrow(`${missing}: file not found`);
    const quote = files.write('quote.csv', 'ip,description\n10.0.0.1,"unterminated\n');
    await expect(loadNetworkContext({ context: [quote] })).rejects.toThrow(InputError);
  });

  it('emptyNetworkContext knows nothing', () => {
    const ctx = emptyNetworkContext();
    expect(ctx.isInternal('10.0.0.1')).toBe(false);
    expect(ctx.label('10.0.0.1')).toBe('');
    expect(ctx.contextName('10.0.0.1')).toBe('');
  });

  it('contextNameOf follows Spot’s order VPN, DMZ, Proxy, FW with DMZ as default', () => {
    expect(contextNameOf('Edge FW and VPN')).toBe('VPN');
    expect(contextNameOf('proxy farm')).toBe('Proxy');
    expect(contextNameOf('fw cluster')).toBe('FW');
    expect(contextNameOf('Printers')).toBe('DMZ');
    expect(contextNameOf('')).toBe('');
  });
});
