import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.ts';
import { AppError, NotFoundError } from '../../errors.ts';
import { UNKNOWN_USER_HASH, checkPasswordPolicy, hashPassword, verifyPassword } from './password.ts';
import * as repo from './repository.ts';
import { newApiToken, randomSecret, secretHash } from './secrets.ts';

type Db = Kysely<Database>;

export const SESSION_COOKIE = 'cp_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;


export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

export function unauthenticated(message = 'authentication required'): AppError {
  return new AppError('unauthenticated', 401, message);
}

/**
 * The enabled user with this username and password, or undefined. Always runs one scrypt
 * verification, so the answer time does not tell whether the username exists.
 */
export async function checkCredentials(db: Db, username: string, password: string): Promise<repo.UserWithHash | undefined> {
  const user = await repo.findUserByUsername(db, normaliseUsername(username));
  const ok = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
  return ok && user && !user.disabled ? user : undefined;
}

/** Open a browser session: returns the cookie value (shown once) and the CSRF token the client echoes. */
export async function startSession(db: Db, userId: number, ttlMs = SESSION_TTL_MS): Promise<{ cookieValue: string; csrfToken: string; expiresAt: Date }> {
  await repo.deleteExpiredSessions(db);
  const cookieValue = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = new Date(Date.now() + ttlMs);
  await repo.insertSession(db, { idHash: secretHash(cookieValue), userId, csrfToken, expiresAt });
  return { cookieValue, csrfToken, expiresAt };
}

/** Change one's own password after checking the current one; other sessions of the user end. */
export async function changeOwnPassword(db: Db, userId: number, current: string, next: string, keepSessionIdHash?: string): Promise<void> {
  const user = await repo.findUserById(db, userId);
  if (!user || !(await verifyPassword(current, user.passwordHash))) {
    throw new AppError('invalid_password', 422, '/body/currentPassword: does not match', [{ field: '/body/currentPassword', message: 'does not match' }]);
  }
  checkPasswordPolicy(next, user.username, '/body/newPassword');
  await repo.updateUser(db, userId, { passwordHash: await hashPassword(next) });
  await repo.deleteUserSessions(db, userId, keepSessionIdHash);
}

/** Create an API token for a user: the token is returned once, only its hash is stored. */
export async function createApiToken(db: Db, userId: number, name: string): Promise<repo.ApiToken & { token: string }> {
  const token = newApiToken();
  const row = await repo.insertApiToken(db, { userId, name, tokenHash: secretHash(token) });
  return { ...row, token };
}

export async function revokeApiToken(db: Db, userId: number, id: number): Promise<void> {
  if (!(await repo.revokeApiToken(db, userId, id))) throw new NotFoundError('token', id);
}
