import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { TEST_ADMIN_PASSWORD, buildTestApp, type TestApp } from '../../helpers/app.ts';

type Inject = FastifyInstance['inject'];

/** The session cookie (`name=value`) and its attributes from a login answer. */
function sessionCookie(setCookie: string | string[] | undefined): { pair: string; attributes: string[] } {
  const line = [setCookie ?? []].flat().find((c) => c.startsWith('cp_session='));
  if (!line) throw new Error(`no session cookie in ${JSON.stringify(setCookie)}`);
  const [pair, ...attributes] = line.split(';').map((s) => s.trim());
  return { pair, attributes: attributes.map((a) => a.toLowerCase()) };
}

async function login(inject: Inject, username: string, password: string) {
  const res = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  return { res, body: res.json() };
}

describe.each(TEST_DATABASES)('sign-in on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(target);
  });
  afterAll(async () => t.close());

  it('signs in with a session cookie, answers /me, and signs out', async () => {
    const { res, body } = await login(t.anonymousInject, 'admin', TEST_ADMIN_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(body).toMatchObject({ username: 'admin', role: 'admin' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { pair } = sessionCookie(res.headers['set-cookie']);
    const me = await t.anonymousInject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: pair } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ username: 'admin', role: 'admin', via: 'session', csrfToken: body.csrfToken });

    const out = await t.anonymousInject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: pair, 'x-csrf-token': body.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/cp_session=;.*Expires=Thu, 01 Jan 1970/i);
    const after = await t.anonymousInject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: pair } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toBe('unauthenticated');
  });

  it('accepts the username in any case', async () => {
    expect((await login(t.anonymousInject, ' ADMIN ', TEST_ADMIN_PASSWORD)).res.statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown user identically with 401', async () => {
    const wrong = await login(t.anonymousInject, 'admin', 'not-the-password');
    const unknown = await login(t.anonymousInject, 'nobody-here', 'not-the-password');
    expect(wrong.res.statusCode).toBe(401);
    expect(unknown.res.statusCode).toBe(401);
    expect(wrong.body).toEqual({ error: 'unauthenticated', message: 'invalid username or password', details: [] });
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a disabled user with the same answer', async () => {
    const user = await t.createUser('planner');
    expect((await login(t.anonymousInject, user.username, user.password)).res.statusCode).toBe(200);
    const id = (await t.app.inject({ method: 'GET', url: '/api/v1/users' }))
      .json()
      .items.find((u: { username: string }) => u.username === user.username).id;
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { disabled: true } })).statusCode).toBe(200);
    const refused = await login(t.anonymousInject, user.username, user.password);
    expect(refused.res.statusCode).toBe(401);
    expect(refused.body.message).toBe('invalid username or password');
    // Their token stops working too.
    expect(
      (await t.anonymousInject({ method: 'GET', url: '/api/v1/areas', headers: { authorization: `Bearer ${user.token}` } })).statusCode,
    ).toBe(401);
  });

  it('sets the cookie httpOnly, SameSite=Strict, Path=/ and not Secure over plain http', async () => {
    const { res } = await login(t.anonymousInject, 'admin', TEST_ADMIN_PASSWORD);
    const { attributes } = sessionCookie(res.headers['set-cookie']);
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
    expect(attributes.some((a) => a.startsWith('max-age='))).toBe(true);
    expect(attributes).not.toContain('secure');
  });

  it('requires the x-csrf-token header for writes made with the cookie, not for reads', async () => {
    const { res, body } = await login(t.anonymousInject, 'admin', TEST_ADMIN_PASSWORD);
    const cookie = sessionCookie(res.headers['set-cookie']).pair;
    const write = (headers: Record<string, string>) =>
      t.anonymousInject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie, ...headers }, payload: { name: 'csrf' } });
    const missing = await write({});
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error).toBe('csrf_token_invalid');
    expect((await write({ 'x-csrf-token': 'x'.repeat(43) })).statusCode).toBe(403);
    expect((await write({ 'x-csrf-token': body.csrfToken })).statusCode).toBe(201);
    expect((await t.anonymousInject({ method: 'GET', url: '/api/v1/auth/tokens', headers: { cookie } })).statusCode).toBe(200);
    // A session's CSRF token does not work with another session.
    const other = await login(t.anonymousInject, 'admin', TEST_ADMIN_PASSWORD);
    const crossed = await t.anonymousInject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { cookie, 'x-csrf-token': other.body.csrfToken },
      payload: { name: 'x' },
    });
    expect(crossed.statusCode).toBe(403);
  });

  it('refuses a forged or unknown session cookie', async () => {
    const res = await t.anonymousInject({
      method: 'GET',
      url: '/api/v1/areas',
      headers: { cookie: 'cp_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    expect(res.statusCode).toBe(401);
  });

  it('changes one’s own password: the old one stops working, other sessions end', async () => {
    const user = await t.createUser('viewer');
    const first = await login(t.anonymousInject, user.username, user.password);
    const second = await login(t.anonymousInject, user.username, user.password);
    const cookie = sessionCookie(second.res.headers['set-cookie']).pair;
    const change = (payload: object) =>
      t.anonymousInject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { cookie, 'x-csrf-token': second.body.csrfToken },
        payload,
      });
    const wrongCurrent = await change({ currentPassword: 'wrong-password', newPassword: 'a-new-password-1' });
    expect(wrongCurrent.statusCode).toBe(422);
    const short = await change({ currentPassword: user.password, newPassword: 'short' });
    expect(short.statusCode).toBe(422);
    expect(short.json().details[0].field).toBe('/body/newPassword');
    expect((await change({ currentPassword: user.password, newPassword: 'a-new-password-1' })).statusCode).toBe(204);
    expect((await login(t.anonymousInject, user.username, user.password)).res.statusCode).toBe(401);
    expect((await login(t.anonymousInject, user.username, 'a-new-password-1')).res.statusCode).toBe(200);
    const firstCookie = sessionCookie(first.res.headers['set-cookie']).pair;
    expect((await t.anonymousInject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: firstCookie } })).statusCode).toBe(401);
    expect((await t.anonymousInject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(200);
  });

  it('stores sessions by hash only', async () => {
    const { res } = await login(t.anonymousInject, 'admin', TEST_ADMIN_PASSWORD);
    const value = sessionCookie(res.headers['set-cookie']).pair.split('=')[1];
    const rows = await t.app.db.selectFrom('sessions').select('id').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.id)).not.toContain(value);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id))).toBe(true);
  });
});

describe.each(TEST_DATABASES)('sign-in behind https on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(target, { config: { behindHttps: true } });
  });
  afterAll(async () => t.close());

  it('marks the session cookie Secure', async () => {
    const { res } = await login(t.anonymousInject, 'admin', TEST_ADMIN_PASSWORD);
    expect(sessionCookie(res.headers['set-cookie']).attributes).toContain('secure');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });
});
