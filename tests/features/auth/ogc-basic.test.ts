import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';

const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

/** GDAL's OGC API Features driver can send HTTP Basic; it is accepted for reads under /ogc only. */
describe.each(TEST_DATABASES)('HTTP Basic on /ogc on $name', (target) => {
  let t: TestApp;
  let viewer: TestUser;
  beforeAll(async () => {
    t = await buildTestApp(target);
    t.app.get('/ogc/basic-probe', async (req) => ({ user: req.principal?.username, via: req.principal?.via }));
    t.app.post('/ogc/basic-probe', { config: { role: 'viewer' } }, async () => ({ wrote: true }));
    viewer = await t.createUser('viewer');
  });
  afterAll(async () => t.close());

  const get = (authorization?: string) =>
    t.anonymousInject({ method: 'GET', url: '/ogc/basic-probe', headers: authorization ? { authorization } : {} });

  it('challenges anonymous clients with Basic and Bearer', async () => {
    const res = await get();
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm="Coverage Planner"/);
    expect(res.headers['www-authenticate']).toMatch(/Bearer/);
  });

  it('accepts a Bearer token, a token as the Basic password, and user:password', async () => {
    expect((await get(`Bearer ${viewer.token}`)).json()).toEqual({ user: viewer.username, via: 'token' });
    expect((await get(basic('anything', viewer.token))).json()).toEqual({ user: viewer.username, via: 'basic' });
    expect((await get(basic(viewer.username, viewer.password))).json()).toEqual({ user: viewer.username, via: 'basic' });
  });

  it('refuses Basic for writes', async () => {
    const res = await t.anonymousInject({
      method: 'POST',
      url: '/ogc/basic-probe',
      headers: { authorization: basic(viewer.username, viewer.password) },
      payload: {},
    });
    expect(res.statusCode).toBe(401);
  });

  it('slows down guessing: after 10 wrong passwords from one address, 429 even for the right one', async () => {
    for (let i = 0; i < 10; i++) expect((await get(basic(viewer.username, `wrong-${i}-password`))).statusCode).toBe(401);
    const limited = await get(basic(viewer.username, viewer.password));
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toBe('too_many_requests');
    // Tokens are not guessable and stay usable.
    expect((await get(basic('x', viewer.token))).statusCode).toBe(200);
  });
});
