import { clientAddress, clientKey } from './client-address';

const req = (ip: string | undefined, remoteAddress?: string) =>
  ({ ip, socket: { remoteAddress } }) as unknown as Parameters<typeof clientAddress>[0];

describe('the client address', () => {
  it('is Express’s req.ip, with IPv4-mapped IPv6 written as IPv4', () => {
    expect(clientAddress(req('203.0.113.7'))).toBe('203.0.113.7');
    expect(clientAddress(req('::ffff:203.0.113.7'))).toBe('203.0.113.7');
    expect(clientAddress(req('2001:DB8::1'))).toBe('2001:db8::1');
    expect(clientAddress(req(undefined, '198.51.100.1'))).toBe('198.51.100.1');
  });

  it('is null rather than anything that is not an address', () => {
    expect(clientAddress(req('not-an-ip'))).toBeNull();
    expect(clientAddress(req(undefined))).toBeNull();
  });

  it('counts an IPv4 client by its address and an IPv6 client by its /64', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64');
    expect(clientKey('2001:db8:0:1:bbbb:cccc:dddd:2')).toBe('2001:db8:0:1::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey(null)).toBe('unknown');
  });
});
