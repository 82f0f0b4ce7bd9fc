import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BlockList, isIP } from 'node:net';
import type { TrustProxy } from '../config.ts';

/** Whether a peer address is a trusted proxy (Fastify's trustProxy function form). */
export type TrustFunction = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY as a function, given to Fastify (request.ip, request.protocol) and used for links alike:
 * every peer (true), none (false: null), or the listed addresses and CIDR ranges (IPv4-mapped IPv6
 * peers match their IPv4 entries).
 */
export function trustFunction(trust: TrustProxy | undefined): TrustFunction | null {
  if (trust === true) return () => true;
  if (!trust || trust.length === 0) return null;
  const list = new BlockList();
  for (const item of trust) {
    const [address, bits] = item.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return (address) => {
    const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  };
}

export interface PublicUrlOptions {
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl?: string;
  trust: TrustFunction | null;
}

const FORWARDED_HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin (and path prefix) the absolute links of an answer start with, never taken from the Host
 * header (a client could make the service hand out links to any host): PUBLIC_URL when set; else,
 * when the peer is a trusted proxy (TRUST_PROXY) that sent X-Forwarded-Host, that host with
 * X-Forwarded-Proto (last values, well-formed only); else the address the server listens on
 * (`http://localhost` when it listens on all interfaces or not at all, e.g. under app.inject).
 */
export function publicBase(app: FastifyInstance, request: FastifyRequest, options: PublicUrlOptions): string {
  if (options.publicUrl) return options.publicUrl;
  const forwarded = options.trust ? forwardedOrigin(request, options.trust) : null;
  return forwarded ?? listenOrigin(app);
}

function forwardedOrigin(request: FastifyRequest, trust: TrustFunction): string | null {
  const peer = request.raw.socket?.remoteAddress;
  const host = lastValue(request.headers['x-forwarded-host']);
  if (!peer || !host || !trust(peer, 0) || !FORWARDED_HOST.test(host)) return null;
  const proto = lastValue(request.headers['x-forwarded-proto'])?.toLowerCase() ?? 'http';
  return proto === 'http' || proto === 'https' ? `${proto}://${host}` : null;
}

function lastValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[header.length - 1] : header;
  return value?.split(',').pop()?.trim() || undefined;
}

function listenOrigin(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') return 'http://localhost';
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
