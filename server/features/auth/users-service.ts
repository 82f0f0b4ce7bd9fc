import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.ts';
import { ConfigError } from '../../config.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { normaliseUsername } from './auth-service.ts';
import { checkPasswordPolicy, hashPassword, passwordProblem } from './password.ts';
import * as repo from './repository.ts';
import type { UserRole } from '../../contract/auth.ts';
import { randomSecret } from './secrets.ts';

type Db = Kysely<Database>;

export const INITIAL_ADMIN = 'admin';

/**
 * On first start (no user at all) create the `admin` user, with `password` or a random one that is
 * printed once through `print`. Harmless when two instances start at once (insert-if-absent).
 * A configured password that breaks the policy (too short, too easy to guess) throws a ConfigError
 * naming ADMIN_PASSWORD, so the service does not start.
 */
export async function ensureInitialAdmin(db: Db, password: string | undefined, print: (line: string) => void = console.log): Promise<void> {
  if ((await repo.countUsers(db)) > 0) return;
  if (password !== undefined) {
    const problem = await passwordProblem(password, INITIAL_ADMIN);
    if (problem !== undefined) throw new ConfigError('ADMIN_PASSWORD', problem);
  }
  // 24 random base64url characters (144 bits): strong by construction.
  const chosen = password ?? randomSecret().slice(0, 24);
  const created = await repo.insertUser(db, { username: INITIAL_ADMIN, passwordHash: await hashPassword(chosen), role: 'admin' });
  if (created && password === undefined) {
    print(
      [
        '',
        '================================================================',
        ' Coverage Planner: created the first user',
        `   username: ${INITIAL_ADMIN}`,
        `   password: ${chosen}`,
        ' It is shown only this once. Sign in and change it',
        ' (POST /api/v1/auth/password), or set ADMIN_PASSWORD before the first start.',
        '================================================================',
        '',
      ].join('\n'),
    );
  }
}

export async function createUser(db: Db, input: { username: string; password: string; role: UserRole }): Promise<repo.User> {
  const username = normaliseUsername(input.username);
  await checkPasswordPolicy(input.password, username, '/body/password');
  const created = await repo.insertUser(db, { username, passwordHash: await hashPassword(input.password), role: input.role });
  if (!created)
    throw new ConflictError(`username "${username}" already exists`, [
      { field: '/body/username', message: 'already exists', value: username },
    ]);
  return repo.withoutHash(created);
}

export async function getUser(db: Db, id: number): Promise<repo.User> {
  const user = await repo.findUserById(db, id);
  if (!user) throw new NotFoundError('user', id);
  return repo.withoutHash(user);
}

/**
 * Change a user's role, password or disabled flag; the last enabled admin cannot be demoted or
 * disabled. A password reset ends every session of the user and revokes every API token of theirs
 * (whoever knew the old password may have made one); disabling ends the sessions.
 */
export async function updateUser(
  db: Db,
  id: number,
  changes: { password?: string; role?: UserRole; disabled?: boolean },
): Promise<repo.User> {
  const user = await repo.findUserById(db, id);
  if (!user) throw new NotFoundError('user', id);
  const losesAdmin =
    user.role === 'admin' && !user.disabled && ((changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true);
  if (losesAdmin) await requireAnotherAdmin(db, user);
  if (changes.password !== undefined) await checkPasswordPolicy(changes.password, user.username, '/body/password');
  const passwordHash = changes.password !== undefined ? await hashPassword(changes.password) : undefined;
  const updated = await repo.updateUser(db, id, { passwordHash, role: changes.role, disabled: changes.disabled });
  if (!updated) throw new NotFoundError('user', id);
  if (passwordHash !== undefined || changes.disabled === true) await repo.deleteUserSessions(db, id);
  if (passwordHash !== undefined) await repo.revokeUserApiTokens(db, id);
  return repo.withoutHash(updated);
}

export async function deleteUser(db: Db, id: number): Promise<void> {
  const user = await repo.findUserById(db, id);
  if (!user) throw new NotFoundError('user', id);
  if (user.role === 'admin' && !user.disabled) await requireAnotherAdmin(db, user);
  await repo.deleteUser(db, id);
}

async function requireAnotherAdmin(db: Db, user: repo.UserWithHash): Promise<void> {
  if ((await repo.countOtherActiveAdmins(db, user.id)) === 0) {
    throw new ConflictError(`"${user.username}" is the last enabled admin; create another admin first`, [
      { field: '/params/id', message: 'last enabled admin', value: user.id },
    ]);
  }
}
