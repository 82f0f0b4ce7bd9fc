import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialCaches } from '../../../server/features/auth/credential-cache.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';

const NEW_PASSWORD = 'Songnen-plain-oilfield-42';

/**
 * What a password change ends: the user's own change ends their other sessions (and, on request,
 * their API tokens); an admin's reset ends every session and revokes every token of the user, at once
 * even when the owner of the token or session is cached.
 */
describe.each(TEST_DATABASES)('sessions and tokens after a password change on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(target);
  });
  afterAll(async () => t.close());

  const userId = async (username: string) =>
    (await t.app.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const me = (authorization: { bearer?: string; cookie?: string }) =>
    t.anonymousInject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: authorization.bearer ? { authorization: `Bearer ${authorization.bearer}` } : { cookie: authorization.cookie ?? '' },
    });
  const signIn = async (user: TestUser) => {
    const res = await t.anonymousInject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password: user.password },
    });
    expect(res.statusCode).toBe(200);
    const cookie = [res.headers['set-cookie'] ?? []]
      .flat()
      .find((c) => c.startsWith('cp_session='))!
      .split(';')[0];
    return { cookie, csrf: res.json().csrfToken as string };
  };
  /** A second token of the user, made with their first, and used twice so that its owner is cached. */
  const cachedToken = async (user: TestUser) => {
    const created = await t.anonymousInject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { authorization: `Bearer ${user.token}` },
      payload: { name: 'script' },
    });
    const token = created.json().token as string;
    expect((await me({ bearer: token })).statusCode).toBe(200);
    expect((await me({ bearer: token })).statusCode).toBe(200);
    expect(credentialCaches(t.app.db).tokens.size).toBeGreaterThan(0);
    return token;
  };

  it('revokes every API token and ends every session of the user on an admin’s password reset', async () => {
    const user = await t.createUser('planner');
    const token = await cachedToken(user);
    const session = await signIn(user);
    expect((await me({ cookie: session.cookie })).statusCode).toBe(200);
    const reset = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${await userId(user.username)}`,
      payload: { password: NEW_PASSWORD },
    });
    expect(reset.statusCode).toBe(200);
    for (const bearer of [user.token, token]) {
      const refused = await me({ bearer });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().message).toBe('invalid or revoked token');
    }
    expect((await me({ cookie: session.cookie })).statusCode).toBe(401);
    const listed = await t.app.db
      .selectFrom('api_tokens')
      .select('revoked_at')
      .where('user_id', '=', await userId(user.username))
      .execute();
    expect(listed.length).toBe(2);
    expect(listed.every((row) => row.revoked_at !== null)).toBe(true);
    // The new password works, and a token made after the reset is good.
    const fresh = await signIn({ ...user, password: NEW_PASSWORD });
    const created = await t.anonymousInject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { cookie: fresh.cookie, 'x-csrf-token': fresh.csrf },
      payload: { name: 'after reset' },
    });
    expect((await me({ bearer: created.json().token })).statusCode).toBe(200);
  });

  it('leaves the tokens of other users alone, and changing only the role revokes nothing', async () => {
    const user = await t.createUser('viewer');
    const other = await t.createUser('viewer');
    expect(
      (await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${await userId(user.username)}`, payload: { role: 'planner' } }))
        .statusCode,
    ).toBe(200);
    expect((await me({ bearer: user.token })).statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${await userId(user.username)}`, payload: { password: NEW_PASSWORD } }))
        .statusCode,
    ).toBe(200);
    expect((await me({ bearer: other.token })).statusCode).toBe(200);
  });

  it('ends the other sessions on one’s own change; tokens stay unless revokeTokens is asked', async () => {
    const user = await t.createUser('viewer');
    const token = await cachedToken(user);
    const other = await signIn(user);
    const current = await signIn(user);
    const change = (currentPassword: string, newPassword: string, extra: object = {}) =>
      t.anonymousInject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { cookie: current.cookie, 'x-csrf-token': current.csrf },
        payload: { currentPassword, newPassword, ...extra },
      });
    expect((await change(user.password, NEW_PASSWORD)).statusCode).toBe(204);
    expect((await me({ cookie: other.cookie })).statusCode).toBe(401);
    expect((await me({ cookie: current.cookie })).statusCode).toBe(200);
    expect((await me({ bearer: token })).statusCode).toBe(200);
    expect((await me({ bearer: user.token })).statusCode).toBe(200);

    expect((await change(NEW_PASSWORD, 'Lamadian-north-fields-7', { revokeTokens: true })).statusCode).toBe(204);
    expect((await me({ bearer: token })).statusCode).toBe(401);
    expect((await me({ bearer: user.token })).statusCode).toBe(401);
    expect((await me({ cookie: current.cookie })).statusCode).toBe(200);
  });

  it('records the change and the reset in the audit log without the passwords', async () => {
    const user = await t.createUser('viewer');
    const session = await signIn(user);
    const own = await t.anonymousInject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      payload: { currentPassword: user.password, newPassword: NEW_PASSWORD },
    });
    expect(own.statusCode).toBe(204);
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${await userId(user.username)}`,
          payload: { password: 'Lamadian-north-fields-7' },
        })
      ).statusCode,
    ).toBe(200);
    const rows = await t.app.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    const text = JSON.stringify(rows);
    expect(rows.some((r) => r.username === user.username && r.action === 'password')).toBe(true);
    expect(rows.some((r) => r.username === 'admin' && r.entity === 'users' && r.method === 'PATCH')).toBe(true);
    expect(text).not.toContain(NEW_PASSWORD);
    expect(text).not.toContain('Lamadian-north-fields-7');
  });
});
