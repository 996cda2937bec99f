import { clientKeyOf } from './client-key.js';

describe('clientKeyOf', () => {
  it.each([
    ['203.0.113.7', 'ip:203.0.113.7'],
    ['::ffff:127.0.0.1', 'ip:127.0.0.1'],
    ['::FFFF:198.51.100.2', 'ip:198.51.100.2'],
    ['2001:db8:0:1::1', 'ip:2001:db8:0:1/64'],
    ['2001:0db8:0000:0001:ffff:ffff:ffff:ffff', 'ip:2001:db8:0:1/64'],
    ['2001:db8::', 'ip:2001:db8:0:0/64'],
    ['::1', 'ip:0:0:0:0/64'],
    ['fe80::1%eth0', 'ip:fe80:0:0:0/64'],
  ])('keys %s as %s', (ip, key) => {
    expect(clientKeyOf(ip)).toBe(key);
  });

  it('keys every address of one /64 alike and another /64 apart', () => {
    expect(clientKeyOf('2001:db8:1:2:aaaa::1')).toBe(clientKeyOf('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(clientKeyOf('2001:db8:1:3::1')).not.toBe(clientKeyOf('2001:db8:1:2::1'));
  });

  it('never produces a key an e-mail key could collide with', () => {
    for (const ip of ['203.0.113.7', '2001:db8::1', '', null, undefined, 'weird', 'a@b']) expect(clientKeyOf(ip)).not.toContain('@');
  });
});
