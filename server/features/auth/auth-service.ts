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
export async function startSession(
  db: Db,
  userId: number,
  ttlMs = SESSION_TTL_MS,
): Promise<{ cookieValue: string; csrfToken: string; expiresAt: Date }> {
  await repo.deleteExpiredSessions(db);
  const cookieValue = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = new Date(Date.now() + ttlMs);
  await repo.insertSession(db, { idHash: secretHash(cookieValue), userId, csrfToken, expiresAt });
  return { cookieValue, csrfToken, expiresAt };
}

/** Runs a password check under the caller's budget of attempts (reserve-then-verify, PasswordAttempts). */
export type PasswordCheckGuard = <T>(username: string, check: () => Promise<T | undefined>) => Promise<T | undefined>;

/**
 * Change one's own password after checking the current one (under `guard`): the user's other
 * sessions end (`keepSessionIdHash` is the one making the change); with `revokeTokens` the user's API
 * tokens are revoked too. An admin's reset (users-service `updateUser`) ends every session and revokes
 * every token.
 */
export async function changeOwnPassword(
  db: Db,
  userId: number,
  change: { currentPassword: string; newPassword: string; revokeTokens?: boolean },
  options: { guard: PasswordCheckGuard; keepSessionIdHash?: string },
): Promise<void> {
  const user = await repo.findUserById(db, userId);
  if (!user) throw unauthenticated('the signed-in user no longer exists');
  const matches = await options.guard(user.username, async () =>
    (await verifyPassword(change.currentPassword, user.passwordHash)) ? true : undefined,
  );
  if (!matches) {
    throw new AppError('invalid_password', 422, '/body/currentPassword: does not match', [
      { field: '/body/currentPassword', message: 'does not match' },
    ]);
  }
  await checkPasswordPolicy(change.newPassword, user.username, '/body/newPassword');
  await repo.updateUser(db, userId, { passwordHash: await hashPassword(change.newPassword) });
  await repo.deleteUserSessions(db, userId, options.keepSessionIdHash);
  if (change.revokeTokens) await repo.revokeUserApiTokens(db, userId);
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
