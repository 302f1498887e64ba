import { isIP } from 'node:net';
import type { Request } from 'express';

/**
 * The address a request came from, as the audit trail records it and rate limits count it.
 *
 * It is Express's `req.ip`: the socket's peer address, unless the deployment declares trusted
 * reverse proxies with TRUST_PROXY (Express's `trust proxy`), in which case it is the first
 * address in `X-Forwarded-For` not added by a trusted proxy. By default no proxy is trusted, so a
 * client cannot choose its own address by sending the header. IPv4-mapped IPv6 addresses
 * (`::ffff:1.2.3.4`) are given as plain IPv4. Null only when Express has no address at all.
 */
export function clientAddress(req: Pick<Request, 'ip' | 'socket'>): string | null {
  const raw = req.ip ?? req.socket?.remoteAddress;
  if (!raw) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(raw);
  const address = mapped ? mapped[1]! : raw;
  return isIP(address) ? address.toLowerCase() : null;
}

/**
 * The part of an address that identifies one client for counting: an IPv4 address whole, an IPv6
 * address by its /64 (one subscriber's prefix: a host picks any address in it at will).
 */
export function clientKey(address: string | null): string {
  if (!address) return 'unknown';
  if (isIP(address) !== 6) return address;
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
