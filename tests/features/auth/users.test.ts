import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../server/config.ts';
import { openDatabase, type DatabaseHandle } from '../../../server/db/database.ts';
import { migrateToLatest } from '../../../server/db/migrate.ts';
import { checkCredentials } from '../../../server/features/auth/auth-service.ts';
import { ensureInitialAdmin } from '../../../server/features/auth/users-service.ts';
import { TEST_DATABASES, type TestDatabase } from '../../helpers/databases.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';

describe.each(TEST_DATABASES)('user administration on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(target);
  });
  afterAll(async () => t.close());

  const json = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, payload });
    return { status: res.statusCode, body: res.body ? res.json() : null, raw: res.body };
  };

  it('creates, lists, changes and deletes users without ever showing a hash', async () => {
    const created = await json('POST', '/api/v1/users', { username: 'Li.Wei', password: 'a-long-password', role: 'planner' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'li.wei', role: 'planner', disabled: false });
    expect(Object.keys(created.body).sort()).toEqual(['createdAt', 'disabled', 'id', 'role', 'updatedAt', 'username']);
    const list = await json('GET', '/api/v1/users');
    expect(list.body.items.map((u: { username: string }) => u.username)).toEqual(['admin', 'li.wei']);
    expect(list.raw).not.toMatch(/scrypt|password/i);
    const id = created.body.id;
    expect((await json('PATCH', `/api/v1/users/${id}`, { role: 'viewer' })).body.role).toBe('viewer');
    const repassword = await json('PATCH', `/api/v1/users/${id}`, { password: 'another-long-one' });
    expect(repassword.status).toBe(200);
    expect(repassword.raw).not.toMatch(/scrypt|another-long-one/);
    expect(await checkCredentials(t.app.db, 'li.wei', 'another-long-one')).toBeDefined();
    expect(await checkCredentials(t.app.db, 'li.wei', 'a-long-password')).toBeUndefined();
    expect((await json('DELETE', `/api/v1/users/${id}`)).status).toBe(204);
    expect((await json('GET', `/api/v1/users/${id}`)).status).toBe(404);
  });

  it('stores passwords as salted scrypt hashes', async () => {
    await json('POST', '/api/v1/users', { username: 'twin-a', password: 'same-password-1', role: 'viewer' });
    await json('POST', '/api/v1/users', { username: 'twin-b', password: 'same-password-1', role: 'viewer' });
    const rows = await t.app.db
      .selectFrom('users')
      .select(['username', 'password_hash'])
      .where('username', 'in', ['twin-a', 'twin-b'])
      .execute();
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.password_hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(rows[0].password_hash).not.toBe(rows[1].password_hash);
    expect(JSON.stringify(rows)).not.toContain('same-password-1');
  });

  it('enforces the password policy and unique usernames, naming the field', async () => {
    const short = await json('POST', '/api/v1/users', { username: 'shorty', password: 'nine-char', role: 'viewer' });
    expect(short.status).toBe(422);
    expect(short.body.details[0].field).toBe('/body/password');
    expect(short.body.message).toMatch(/at least 10/);
    const sameAsName = await json('POST', '/api/v1/users', { username: 'abcdefghijk', password: 'ABCDEFGHIJK', role: 'viewer' });
    expect(sameAsName.status).toBe(422);
    expect((await json('POST', '/api/v1/users', { username: 'x', password: 'long-enough-1', role: 'root' })).body.details[0].field).toBe(
      '/body/role',
    );
    expect((await json('POST', '/api/v1/users', { username: 'bad name', password: 'long-enough-1', role: 'viewer' })).status).toBe(400);
    expect((await json('POST', '/api/v1/users', { username: 'dup', password: 'long-enough-1', role: 'viewer' })).status).toBe(201);
    const dup = await json('POST', '/api/v1/users', { username: 'DUP', password: 'long-enough-1', role: 'viewer' });
    expect(dup.status).toBe(409);
    expect(dup.body.details[0].field).toBe('/body/username');
  });

  it('refuses common and trivial passwords on creation, reset and own change, saying why', async () => {
    const user = await t.createUser('viewer');
    const id = (await t.app.db.selectFrom('users').select('id').where('username', '=', user.username).executeTakeFirstOrThrow()).id;
    for (const weak of ['aaaaaaaaaa', '1234567890', 'password123']) {
      const created = await json('POST', '/api/v1/users', { username: 'weak-one', password: weak, role: 'viewer' });
      expect(created.status).toBe(422);
      expect(created.body.details[0].field).toBe('/body/password');
      expect(created.body.message).toMatch(/^\/body\/password: is too easy to guess \(strength \d of 4, at least 3 needed\): \S/);
      expect(created.raw).not.toContain(weak);
      const reset = await json('PATCH', `/api/v1/users/${id}`, { password: weak });
      expect(reset.status).toBe(422);
      expect(reset.body.details[0].field).toBe('/body/password');
      const own = await t.anonymousInject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { authorization: `Bearer ${user.token}` },
        payload: { currentPassword: user.password, newPassword: weak },
      });
      expect(own.statusCode).toBe(422);
      expect(own.json().details[0].field).toBe('/body/newPassword');
      expect(own.json().message).toMatch(/too easy to guess/);
    }
    expect((await json('POST', '/api/v1/users', { username: 'weak-one', password: 'weak-one-2006', role: 'viewer' })).body.message).toMatch(
      /too easy to guess/,
    );
    expect(
      (await json('POST', '/api/v1/users', { username: 'weak-one', password: 'Songnen-plain-oilfield-42', role: 'viewer' })).status,
    ).toBe(201);
    // Nothing was changed by the refused attempts: the token and the old password still work.
    expect(await checkCredentials(t.app.db, user.username, user.password)).toBeDefined();
  });

  it('keeps at least one enabled admin', async () => {
    const admin = (await json('GET', '/api/v1/users')).body.items.find((u: { username: string }) => u.username === 'admin');
    expect((await json('PATCH', `/api/v1/users/${admin.id}`, { role: 'planner' })).status).toBe(409);
    expect((await json('PATCH', `/api/v1/users/${admin.id}`, { disabled: true })).status).toBe(409);
    expect((await json('DELETE', `/api/v1/users/${admin.id}`)).status).toBe(409);
    const second = await json('POST', '/api/v1/users', { username: 'second-admin', password: 'long-enough-2', role: 'admin' });
    expect((await json('PATCH', `/api/v1/users/${second.body.id}`, { disabled: true })).status).toBe(200);
    expect((await json('DELETE', `/api/v1/users/${admin.id}`)).status).toBe(409);
    expect((await json('PATCH', `/api/v1/users/${second.body.id}`, { disabled: false })).status).toBe(200);
    expect((await json('PATCH', `/api/v1/users/${second.body.id}`, { role: 'viewer' })).status).toBe(200);
  });
});

describe.each(TEST_DATABASES)('first start on $name', (target: TestDatabase) => {
  let handle: DatabaseHandle;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await target.create();
    drop = db.drop;
    handle = await openDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle.close();
    await drop();
  });

  it('creates admin with a random password printed once, and never again', async () => {
    const printed: string[] = [];
    await ensureInitialAdmin(handle.db, undefined, (line) => printed.push(line));
    expect(printed).toHaveLength(1);
    const password = /password: (\S+)/.exec(printed[0])?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(printed[0]).toMatch(/username: admin/);
    expect(await checkCredentials(handle.db, 'admin', password)).toMatchObject({ username: 'admin', role: 'admin' });
    await ensureInitialAdmin(handle.db, undefined, (line) => printed.push(line));
    await ensureInitialAdmin(handle.db, 'configured-password', (line) => printed.push(line));
    expect(printed).toHaveLength(1);
    expect(await checkCredentials(handle.db, 'admin', 'configured-password')).toBeUndefined();
  });

  it('refuses a configured password that breaks the policy, naming the variable', async () => {
    await handle.db.deleteFrom('users').execute();
    await expect(ensureInitialAdmin(handle.db, 'short', () => {})).rejects.toThrow(/ADMIN_PASSWORD: must be at least 10/);
    for (const weak of ['aaaaaaaaaa', '1234567890', 'password123', 'admin-admin-1']) {
      const refused = ensureInitialAdmin(handle.db, weak, () => {});
      await expect(refused).rejects.toBeInstanceOf(ConfigError);
      await expect(refused).rejects.toThrow(
        /^invalid configuration: ADMIN_PASSWORD: is too easy to guess \(strength \d of 4, at least 3 needed\): \S/,
      );
    }
    expect(await handle.db.selectFrom('users').select('id').execute()).toEqual([]);
    await ensureInitialAdmin(handle.db, 'configured-password', () => {
      throw new Error('must not print a configured password');
    });
    expect(await checkCredentials(handle.db, 'admin', 'configured-password')).toBeDefined();
  });
});
