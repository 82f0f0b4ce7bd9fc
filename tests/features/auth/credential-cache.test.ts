import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CREDENTIAL_CACHE_TTL_MS, credentialCaches } from '../../../server/features/auth/credential-cache.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { TEST_ADMIN_PASSWORD, buildTestApp, type TestApp } from '../../helpers/app.ts';

/**
 * The owner of a token or session is cached a few seconds; every change of credentials through the
 * service applies to the very next request, and a change written by someone else (here: straight into
 * the database) after at most CREDENTIAL_CACHE_TTL_MS.
 */
describe.each(TEST_DATABASES)('credential cache on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(target);
  });
  afterAll(async () => t.close());
  afterEach(() => vi.useRealTimers());

  const bearer = (token: string, url = '/api/v1/auth/me') =>
    t.anonymousInject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const userId = async (username: string) =>
    (await t.app.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

  it('serves repeated requests from the cache and rejects a revoked token at once', async () => {
    const viewer = await t.createUser('viewer');
    const created = await t.anonymousInject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { authorization: `Bearer ${viewer.token}` },
      payload: { name: 'second' },
    });
    const { id, token } = created.json();
    expect((await bearer(token)).statusCode).toBe(200);
    expect(credentialCaches(t.app.db).tokens.size).toBeGreaterThan(0);
    expect((await bearer(token)).statusCode).toBe(200);
    const revoke = await t.anonymousInject({
      method: 'DELETE',
      url: `/api/v1/auth/tokens/${id}`,
      headers: { authorization: `Bearer ${viewer.token}` },
    });
    expect(revoke.statusCode).toBe(204);
    expect((await bearer(token)).statusCode).toBe(401);
    // The user's other token is unaffected.
    expect((await bearer(viewer.token)).statusCode).toBe(200);
  });

  it('applies a role change to the next request, both ways', async () => {
    const user = await t.createUser('viewer');
    const id = await userId(user.username);
    expect((await bearer(user.token)).json().role).toBe('viewer');
    expect((await bearer(user.token, '/api/v1/users')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { role: 'admin' } })).statusCode).toBe(200);
    expect((await bearer(user.token)).json().role).toBe('admin');
    expect((await bearer(user.token, '/api/v1/users')).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { role: 'viewer' } })).statusCode).toBe(200);
    expect((await bearer(user.token, '/api/v1/users')).statusCode).toBe(403);
    expect((await bearer(user.token)).json().role).toBe('viewer');
  });

  it('rejects the tokens of a disabled or deleted user at once', async () => {
    const user = await t.createUser('planner');
    const id = await userId(user.username);
    expect((await bearer(user.token)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { disabled: true } })).statusCode).toBe(200);
    expect((await bearer(user.token)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { disabled: false } })).statusCode).toBe(200);
    expect((await bearer(user.token)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/users/${id}` })).statusCode).toBe(204);
    expect((await bearer(user.token)).statusCode).toBe(401);
  });

  it('ends a cached session at once on sign-out, on disabling and on a password reset', async () => {
    const user = await t.createUser('viewer');
    const id = await userId(user.username);
    const signIn = async () => {
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
    const me = (cookie: string) => t.anonymousInject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });

    const first = await signIn();
    expect((await me(first.cookie)).statusCode).toBe(200);
    expect(
      (
        await t.anonymousInject({
          method: 'POST',
          url: '/api/v1/auth/logout',
          headers: { cookie: first.cookie, 'x-csrf-token': first.csrf },
        })
      ).statusCode,
    ).toBe(204);
    expect((await me(first.cookie)).statusCode).toBe(401);

    const second = await signIn();
    expect((await me(second.cookie)).statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { password: 'a-new-long-password' } })).statusCode,
    ).toBe(200);
    expect((await me(second.cookie)).statusCode).toBe(401);

    user.password = 'a-new-long-password';
    const third = await signIn();
    expect((await me(third.cookie)).json().role).toBe('viewer');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { role: 'planner' } })).statusCode).toBe(200);
    expect((await me(third.cookie)).json().role).toBe('planner');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { disabled: true } })).statusCode).toBe(200);
    expect((await me(third.cookie)).statusCode).toBe(401);
  });

  it('sees a change written by another process after at most the cache time', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const user = await t.createUser('viewer');
    expect((await bearer(user.token)).statusCode).toBe(200);
    // Not through the service: as a second instance or a hand-written SQL statement would.
    await t.app.db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', await userId(user.username))
      .execute();
    expect((await bearer(user.token)).statusCode).toBe(200);
    vi.advanceTimersByTime(CREDENTIAL_CACHE_TTL_MS);
    expect((await bearer(user.token)).statusCode).toBe(401);
  });

  it('still records a token’s last use (at most once a minute)', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const user = await t.createUser('viewer');
    const lastUsed = async () =>
      (
        await t.app.db
          .selectFrom('api_tokens')
          .innerJoin('users', 'users.id', 'api_tokens.user_id')
          .select('api_tokens.last_used_at')
          .where('users.username', '=', user.username)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    expect(await lastUsed()).toBeNull();
    await bearer(user.token);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    vi.advanceTimersByTime(CREDENTIAL_CACHE_TTL_MS);
    await bearer(user.token);
    expect(await lastUsed()).toEqual(first);
  });

  it('keeps the admin signed in with a password (sessions are cached too)', async () => {
    const res = await t.anonymousInject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: TEST_ADMIN_PASSWORD },
    });
    const cookie = [res.headers['set-cookie'] ?? []]
      .flat()
      .find((c) => c.startsWith('cp_session='))!
      .split(';')[0];
    for (let i = 0; i < 3; i++)
      expect((await t.anonymousInject({ method: 'GET', url: '/api/v1/areas', headers: { cookie } })).statusCode).toBe(200);
    expect(credentialCaches(t.app.db).sessions.size).toBeGreaterThan(0);
  });
});
