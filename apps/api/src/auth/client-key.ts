import { isIPv4, isIPv6 } from 'node:net';

/**
 * The login-throttle key of a client address (`req.ip`, which honours TRUST_PROXY). IPv4 (and
 * IPv4-mapped IPv6) counts per address; IPv6 per /64, the block one subscriber usually holds, so
 * rotating through one's own addresses does not reset the count. Keys start with `ip:`, which no
 * e-mail key can (e-mail keys always contain `@`, client keys never do).
 */
export function clientKeyOf(ip: string | null | undefined): string {
  if (!ip) return 'ip:unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped && isIPv4(mapped[1]!)) return `ip:${mapped[1]}`;
  if (isIPv4(ip)) return `ip:${ip}`;
  const bare = ip.replace(/%.*$/, '');
  if (isIPv6(bare)) return `ip:${ipv6Prefix64(bare)}/64`;
  return `ip:${ip.slice(0, 100).replace(/[^0-9A-Za-z.:_-]/g, '_')}`;
}

/** The first four groups of an IPv6 address, expanded and lower-cased: `2001:db8:0:1`. */
function ipv6Prefix64(address: string): string {
  const [head = '', tail] = address.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail === undefined ? [] : tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:a.b.c.d is handled above) counts as two groups.
  const count = (groups: string[]) => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const missing = 8 - count(headGroups) - count(tailGroups);
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups];
  return groups
    .slice(0, 4)
    .map((g) => (g.includes('.') ? g : parseInt(g, 16).toString(16)))
    .join(':');
}
