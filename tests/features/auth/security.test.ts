import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';

describe.each(TEST_DATABASES)('security headers, CORS, rate limits and errors on $name', (target) => {
  let t: TestApp;
  let cors: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(target, { config: { loginRateLimitPerMinute: 3, expensiveRateLimitPerMinute: 2 } });
    // Routes a test adds before the first request go through the same hooks as the real ones.
    t.app.post('/api/v1/test/expensive', { config: { role: 'viewer', expensive: true } }, async () => ({ ok: true }));
    t.app.get('/api/v1/test/sql-error', async () => sql`select secret_column from no_such_table`.execute(t.app.db));
    t.app.get('/api/v1/test/crash', async () => {
      throw new Error('password=hunter2 at /srv/app/internal.ts:42');
    });
    cors = await buildTestApp(target, { config: { corsOrigins: ['https://maps.example.com'] } });
  });
  afterAll(async () => {
    await t.close();
    await cors.close();
  });

  it('sends a CSP the MapLibre client works under, and the usual hardening headers', async () => {
    const res = await t.anonymousInject({ method: 'GET', url: '/api/v1/health' });
    const csp = String(res.headers['content-security-policy']);
    const directive = (name: string) =>
      csp
        .split(';')
        .find((d) => d.trim().startsWith(`${name} `))
        ?.trim()
        .split(/\s+/)
        .slice(1) ?? [];
    expect(directive('default-src')).toEqual(["'self'"]);
    expect(directive('script-src')).toEqual(["'self'"]);
    expect(directive('worker-src')).toEqual(expect.arrayContaining(["'self'", 'blob:']));
    expect(directive('img-src')).toEqual(expect.arrayContaining(["'self'", 'data:', 'blob:']));
    expect(directive('style-src')).toEqual(expect.arrayContaining(["'self'", "'unsafe-inline'"]));
    expect(directive('connect-src')).toEqual(["'self'"]);
    expect(directive('frame-ancestors')).toEqual(["'none'"]);
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends no CORS headers unless an origin is configured', async () => {
    const res = await t.anonymousInject({ method: 'GET', url: '/api/v1/health', headers: { origin: 'https://maps.example.com' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.anonymousInject({
      method: 'OPTIONS',
      url: '/api/v1/areas',
      headers: { origin: 'https://maps.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows exactly the configured origin, without credentials', async () => {
    const ok = await cors.anonymousInject({ method: 'GET', url: '/api/v1/health', headers: { origin: 'https://maps.example.com' } });
    expect(ok.headers['access-control-allow-origin']).toBe('https://maps.example.com');
    expect(ok.headers['access-control-allow-credentials']).toBeUndefined();
    const other = await cors.anonymousInject({ method: 'GET', url: '/api/v1/health', headers: { origin: 'https://evil.example.com' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await cors.anonymousInject({
      method: 'OPTIONS',
      url: '/api/v1/areas',
      headers: { origin: 'https://maps.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(String(preflight.headers['access-control-allow-headers'])).toMatch(/authorization/);
    const bearer = await cors.app.inject({
      method: 'GET',
      url: '/api/v1/areas',
      headers: { origin: 'https://maps.example.com', authorization: `Bearer ${cors.adminToken}` },
    });
    expect(bearer.statusCode).toBe(200);
    expect(bearer.headers['access-control-allow-origin']).toBe('https://maps.example.com');
  });

  it('limits login attempts per address and username with a JSON 429', async () => {
    const attempt = (username: string) =>
      t.anonymousInject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'wrong-password' } });
    for (let i = 0; i < 3; i++) expect((await attempt('admin')).statusCode).toBe(401);
    const limited = await attempt('admin');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'too_many_requests', details: [] });
    expect(limited.headers['retry-after']).toBeDefined();
    // Another username from the same address still gets its own attempts.
    expect((await attempt('someone-else')).statusCode).toBe(401);
  });

  it('limits expensive routes per user', async () => {
    const viewer = await t.tokenFor('viewer');
    const other = await t.tokenFor('viewer');
    const run = (token: string) =>
      t.anonymousInject({ method: 'POST', url: '/api/v1/test/expensive', headers: { authorization: `Bearer ${token}` }, payload: {} });
    expect((await run(viewer)).statusCode).toBe(200);
    expect((await run(viewer)).statusCode).toBe(200);
    const limited = await run(viewer);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toBe('too_many_requests');
    expect((await run(other)).statusCode).toBe(200);
    expect(t.app.accessRoutes.find((r) => r.url === '/api/v1/test/expensive')?.expensive).toBe(true);
  });

  it('answers database errors and crashes without SQL, stack traces or messages', async () => {
    for (const url of ['/api/v1/test/sql-error', '/api/v1/test/crash']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: 'internal_error', message: 'internal server error', details: [] });
      expect(res.body).not.toMatch(/no_such_table|secret_column|select|hunter2|\.ts:\d+|\n\s+at /i);
    }
  });
});
