import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The prefix of API tokens, so that a leaked token is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'cpt_';

/** 32 random bytes, base64url (43 characters). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function newApiToken(): string {
  return API_TOKEN_PREFIX + randomSecret();
}

/** SHA-256 (hex) of a high-entropy secret: what the database stores instead of the secret. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compare two strings in time that depends only on their length. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
