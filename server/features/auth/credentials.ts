import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.ts';
import { SESSION_COOKIE, checkCredentials, unauthenticated } from './auth-service.ts';
import { credentialCaches } from './credential-cache.ts';
import type { PasswordAttempts } from './password-attempts.ts';
import type { Principal } from './principal.ts';
import { findSession, useApiToken } from './repository.ts';
import { API_TOKEN_PREFIX, secretHash } from './secrets.ts';

export interface CredentialOptions {
  /** Accept `Authorization: Basic` (user:password, or any-user:token) on this request. */
  basicAllowed: boolean;
  /** The budget a Basic user:password takes a slot from before it is checked. */
  passwordAttempts: PasswordAttempts;
}

/**
 * The caller of `request`, from `Authorization: Bearer <token>`, `Authorization: Basic` (where
 * allowed) or the session cookie, in that order. Null when no credentials were sent; throws 401
 * when credentials were sent but are not valid (expired, revoked, wrong, disabled user).
 */
export async function authenticateRequest(
  db: Kysely<Database>,
  request: FastifyRequest,
  options: CredentialOptions,
): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const bearer = /^Bearer +([\x21-\x7e]+) *$/i.exec(header);
    if (bearer) return tokenPrincipal(db, bearer[1], 'token');
    const basic = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header);
    if (basic) {
      if (!options.basicAllowed)
        throw unauthenticated('HTTP Basic authentication is accepted only for reads under /ogc; use a Bearer token');
      return basicPrincipal(db, Buffer.from(basic[1], 'base64').toString('utf8'), request.ip, options.passwordAttempts);
    }
    throw unauthenticated('unsupported Authorization scheme; use Bearer <token>');
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (cookie) {
    const idHash = secretHash(cookie);
    const session = await credentialCaches(db).sessions.fetch(idHash, () => findSession(db, idHash));
    if (!session || session.expiresAt.getTime() <= Date.now()) throw unauthenticated('session expired or signed out; sign in again');
    return {
      userId: session.userId,
      username: session.username,
      role: session.role,
      via: 'session',
      sessionIdHash: idHash,
      csrfToken: session.csrfToken,
    };
  }
  return null;
}

async function tokenPrincipal(db: Kysely<Database>, token: string, via: 'token' | 'basic'): Promise<Principal> {
  const hash = token.startsWith(API_TOKEN_PREFIX) ? secretHash(token) : undefined;
  // Cached a few seconds per token hash; revoking or any user change through this process clears it.
  const owner = hash ? await credentialCaches(db).tokens.fetch(hash, () => useApiToken(db, hash)) : undefined;
  if (!owner) throw unauthenticated('invalid or revoked token');
  return { userId: owner.userId, username: owner.username, role: owner.role, via, tokenId: owner.tokenId };
}

async function basicPrincipal(db: Kysely<Database>, decoded: string, ip: string, attempts: PasswordAttempts): Promise<Principal> {
  const colon = decoded.indexOf(':');
  const username = colon < 0 ? decoded : decoded.slice(0, colon);
  const secret = colon < 0 ? '' : decoded.slice(colon + 1);
  // A token as the password (any user name): no password hashing per request, and revocable.
  if (secret.startsWith(API_TOKEN_PREFIX)) return tokenPrincipal(db, secret, 'basic');
  // Reserve-then-verify: a slot is taken before the scrypt check, so a burst cannot outrun the limit.
  const user = await attempts.attempt(
    ip,
    username,
    async () => (secret.length <= 256 ? checkCredentials(db, username, secret) : undefined),
    'basic',
  );
  if (!user) throw unauthenticated('invalid username or password');
  return { userId: user.id, username: user.username, role: user.role, via: 'basic' };
}
