import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';

describe.each(TEST_DATABASES)('API tokens on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(target);
  });
  afterAll(async () => t.close());

  const asBearer = (token: string, url = '/api/v1/auth/me', method: 'GET' | 'POST' | 'DELETE' = 'GET', payload?: object) =>
    t.anonymousInject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });

  it('creates a token shown once, authenticates with it, lists it without the secret, and revokes it', async () => {
    const planner = await t.createUser('planner');
    const created = await asBearer(planner.token, '/api/v1/auth/tokens', 'POST', { name: 'gdal on my laptop' });
    expect(created.statusCode).toBe(201);
    const { id, name, token } = created.json();
    expect(name).toBe('gdal on my laptop');
    expect(token).toMatch(/^cpt_[A-Za-z0-9_-]{43}$/);

    const me = await asBearer(token);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ username: planner.username, role: 'planner', via: 'token' });

    const list = await asBearer(planner.token, '/api/v1/auth/tokens');
    const listed = list.json().items.find((x: { id: number }) => x.id === id);
    expect(listed).toMatchObject({ id, name: 'gdal on my laptop', revokedAt: null });
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.json())).not.toContain(token);
    expect(JSON.stringify(list.json())).not.toMatch(/cpt_/);

    expect((await asBearer(planner.token, `/api/v1/auth/tokens/${id}`, 'DELETE')).statusCode).toBe(204);
    const revoked = await asBearer(token);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error).toBe('unauthenticated');
    expect(
      (await asBearer(planner.token, '/api/v1/auth/tokens')).json().items.find((x: { id: number }) => x.id === id).revokedAt,
    ).not.toBeNull();
    // Revoking twice, or someone else's token, is a 404.
    expect((await asBearer(planner.token, `/api/v1/auth/tokens/${id}`, 'DELETE')).statusCode).toBe(404);
  });

  it('lists and revokes only one’s own tokens', async () => {
    const a = await t.createUser('viewer');
    const b = await t.createUser('viewer');
    const aTokenId = (await asBearer(a.token, '/api/v1/auth/tokens')).json().items[0].id;
    expect((await asBearer(b.token, '/api/v1/auth/tokens')).json().items.map((x: { id: number }) => x.id)).not.toContain(aTokenId);
    expect((await asBearer(b.token, `/api/v1/auth/tokens/${aTokenId}`, 'DELETE')).statusCode).toBe(404);
    expect((await asBearer(a.token)).statusCode).toBe(200);
  });

  it('stores only the SHA-256 of a token', async () => {
    const token = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'hashed' } })).json().token as string;
    const row = await t.app.db.selectFrom('api_tokens').selectAll().where('name', '=', 'hashed').executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    const everything = JSON.stringify(await t.app.db.selectFrom('api_tokens').selectAll().execute());
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.slice(4));
  });

  it('refuses unknown tokens, other schemes and Basic outside /ogc', async () => {
    expect((await asBearer('cpt_' + 'A'.repeat(43))).statusCode).toBe(401);
    expect((await asBearer('not-a-token')).statusCode).toBe(401);
    const digest = await t.anonymousInject({ method: 'GET', url: '/api/v1/areas', headers: { authorization: 'Digest username="admin"' } });
    expect(digest.statusCode).toBe(401);
    const basic = await t.anonymousInject({
      method: 'GET',
      url: '/api/v1/areas',
      headers: { authorization: `Basic ${Buffer.from(`x:${t.adminToken}`).toString('base64')}` },
    });
    expect(basic.statusCode).toBe(401);
    expect(basic.json().message).toMatch(/only for reads under \/ogc/);
    expect(basic.headers['www-authenticate']).toBe('Bearer');
  });

  it('needs a name', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('/body/name');
  });
});
