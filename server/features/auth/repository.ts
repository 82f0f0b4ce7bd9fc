import { sql, type Kysely } from 'kysely';
import type { ApiTokenRow, Database, UserRow } from '../../db/types.ts';
import { invalidateCredentials } from './credential-cache.ts';
import type { UserRole } from '../../contract/auth.ts';
import type { CredentialOwner } from './principal.ts';

/** A user as the rest of the server sees it; the password hash stays in this module and the service. */
export interface User {
  id: number;
  username: string;
  role: UserRole;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserWithHash extends User {
  passwordHash: string;
}

export interface ApiToken {
  id: number;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

type Db = Kysely<Database>;

const USER_COLUMNS = ['id', 'username', 'role', 'disabled', 'created_at', 'updated_at', 'password_hash'] as const;

const TOKEN_COLUMNS = ['id', 'name', 'created_at', 'last_used_at', 'revoked_at'] as const;

function toUser(row: UserRow): UserWithHash {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    disabled: row.disabled,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    passwordHash: row.password_hash,
  };
}

function toApiToken(row: Pick<ApiTokenRow, (typeof TOKEN_COLUMNS)[number]>): ApiToken {
  return { id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at };
}

/** Drop the hash before a user leaves the auth feature. */
export function withoutHash({ passwordHash: _, ...user }: UserWithHash): User {
  return user;
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db.selectFrom('users').select(USER_COLUMNS).orderBy('id').execute();
  return rows.map((r) => withoutHash(toUser(r)));
}

export async function findUserById(db: Db, id: number): Promise<UserWithHash | undefined> {
  const row = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function findUserByUsername(db: Db, username: string): Promise<UserWithHash | undefined> {
  const row = await db.selectFrom('users').select(USER_COLUMNS).where('username', '=', username).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/** Insert a user; `undefined` when the username is taken (so a race on the first admin is harmless). */
export async function insertUser(
  db: Db,
  user: { username: string; passwordHash: string; role: UserRole },
): Promise<UserWithHash | undefined> {
  const row = await db
    .insertInto('users')
    .values({ username: user.username, password_hash: user.passwordHash, role: user.role, created_at: new Date(), updated_at: new Date() })
    .onConflict((oc) => oc.column('username').doNothing())
    .returning(USER_COLUMNS)
    .executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/**
 * The credential-changing functions below empty the process's credential cache right after their
 * statement (see credential-cache.ts), so the change applies to the next request. Call them outside
 * a transaction: inside one, a lookup between the statement and the commit could cache the old owner
 * for a few seconds.
 */
export async function updateUser(
  db: Db,
  id: number,
  changes: { passwordHash?: string; role?: UserRole; disabled?: boolean },
): Promise<UserWithHash | undefined> {
  const row = await db
    .updateTable('users')
    .set({
      ...(changes.passwordHash !== undefined ? { password_hash: changes.passwordHash } : {}),
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returning(USER_COLUMNS)
    .executeTakeFirst();
  invalidateCredentials();
  return row ? toUser(row) : undefined;
}

export async function deleteUser(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
  invalidateCredentials();
  return Number(result.numDeletedRows) > 0;
}

/** Enabled admins other than `exceptId`: the last one may not be removed, demoted or disabled. */
export async function countOtherActiveAdmins(db: Db, exceptId: number): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .where('id', '<>', exceptId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertSession(
  db: Db,
  session: { idHash: string; userId: number; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.idHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
      created_at: new Date(),
    })
    .execute();
}

/** The live session with this id hash and its enabled user (with its expiry, for callers that keep it). */
export async function findSession(db: Db, idHash: string): Promise<(CredentialOwner & { csrfToken: string; expiresAt: Date }) | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id as userId', 'users.username', 'users.role', 'sessions.csrf_token as csrfToken', 'sessions.expires_at as expiresAt'])
    .where('sessions.id', '=', idHash)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('users.disabled', '=', false)
    .executeTakeFirst();
  return row;
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', idHash).execute();
  invalidateCredentials();
}

/** End every session of a user except `keepIdHash` (password change or reset, disabling). */
export async function deleteUserSessions(db: Db, userId: number, keepIdHash?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepIdHash) query = query.where('id', '<>', keepIdHash);
  await query.execute();
  invalidateCredentials();
}

export async function deleteExpiredSessions(db: Db): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', sql<Date>`now()`).execute();
}

export async function insertApiToken(db: Db, token: { userId: number; name: string; tokenHash: string }): Promise<ApiToken> {
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: token.userId, name: token.name, token_hash: token.tokenHash, created_at: new Date() })
    .returning(TOKEN_COLUMNS)
    .executeTakeFirstOrThrow();
  return toApiToken(row);
}

export async function listApiTokens(db: Db, userId: number): Promise<ApiToken[]> {
  const rows = await db.selectFrom('api_tokens').select(TOKEN_COLUMNS).where('user_id', '=', userId).orderBy('id').execute();
  return rows.map(toApiToken);
}

/** Revoke a token of this user; false when the user has no such live token. */
export async function revokeApiToken(db: Db, userId: number, id: number): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  invalidateCredentials();
  return Number(result.numUpdatedRows) > 0;
}

/** Revoke every live token of a user (an admin's password reset); the number revoked. */
export async function revokeUserApiTokens(db: Db, userId: number): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  invalidateCredentials();
  return Number(result.numUpdatedRows);
}

/**
 * The live token with this hash and its enabled user; records the use at most once a minute.
 * Requests go through the credential cache, so this runs at most once per few seconds per token.
 */
export async function useApiToken(db: Db, tokenHash: string): Promise<(CredentialOwner & { tokenId: number }) | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['users.id as userId', 'users.username', 'users.role', 'api_tokens.id as tokenId', 'api_tokens.last_used_at as lastUsedAt'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.disabled', '=', false)
    .executeTakeFirst();
  if (!row) return undefined;
  const { lastUsedAt, ...owner } = row;
  // Most requests skip the write: one statement per request instead of two under load.
  if (lastUsedAt && Date.now() - lastUsedAt.getTime() < 60_000) return owner;
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: sql<Date>`now()` })
    .where('id', '=', row.tokenId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
    .execute();
  return owner;
}
