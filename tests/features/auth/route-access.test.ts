import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { RouteAccess } from '../../../server/features/auth/access-control.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The only routes under /api/v1 anyone may call. */
const PUBLIC_API = ['GET /api/v1/health', 'HEAD /api/v1/health', 'POST /api/v1/auth/login'];

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Endpoint {
  method: Method;
  url: string;
  route: RouteAccess;
}

/** Every (method, route) pair, with a concrete URL: parameters filled with 1, wildcards with a name. */
function endpoints(routes: readonly RouteAccess[]): Endpoint[] {
  const seen = new Map<string, Endpoint>();
  for (const route of routes) {
    for (const method of route.methods) {
      const url = route.url.replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, '1').replace(/\*$/, 'x');
      if (['GET', 'HEAD', ...WRITES].includes(method)) seen.set(`${method} ${route.url}`, { method: method as Method, url, route });
    }
  }
  return [...seen.values()];
}

const name = (e: Endpoint) => `${e.method} ${e.route.url}`;

/**
 * Walks the whole route table, so routes added later are covered without editing this file:
 * writes need the role they declare, reads under /api/v1 need credentials.
 */
describe.each(TEST_DATABASES)('access to every route on $name', (target) => {
  let t: TestApp;
  let all: Endpoint[];
  let viewer: string;
  let planner: string;
  beforeAll(async () => {
    t = await buildTestApp(target);
    [viewer, planner] = [await t.tokenFor('viewer'), await t.tokenFor('planner')];
    await t.app.ready();
    all = endpoints(t.app.accessRoutes);
  });
  afterAll(async () => t.close());

  const call = (e: Endpoint, token?: string) =>
    t.anonymousInject({
      method: e.method,
      url: e.url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(WRITES.has(e.method) ? { payload: {} } : {}),
    });

  it('sees the route table (sanity check of the walk itself)', () => {
    const names = all.map(name);
    expect(names).toEqual(
      expect.arrayContaining(['POST /api/v1/areas', 'PATCH /api/v1/areas/:areaId/sites/:id', 'GET /api/v1/users', 'GET /api/v1/audit']),
    );
    expect(all.filter((e) => WRITES.has(e.method)).length).toBeGreaterThan(15);
  });

  it('every write route declares its role explicitly', () => {
    expect(all.filter((e) => WRITES.has(e.method) && !e.route.declared).map(name)).toEqual([]);
  });

  it('only health and login are public under /api/v1; other public routes are the web client and /docs', () => {
    const publicRoutes = all.filter((e) => e.route.role === 'public');
    expect(
      publicRoutes
        .filter((e) => e.route.url.startsWith('/api/'))
        .map(name)
        .sort(),
    ).toEqual([...PUBLIC_API].sort());
    const others = publicRoutes.filter((e) => !e.route.url.startsWith('/api/'));
    expect(others.filter((e) => WRITES.has(e.method)).map(name)).toEqual([]);
    expect(
      others
        .filter(
          (e) =>
            !(
              e.route.url === '/docs' ||
              e.route.url.startsWith('/docs/') ||
              e.route.url === '/' ||
              /^\/[^:*]+\.[a-z0-9]+$/i.test(e.route.url)
            ),
        )
        .map(name),
    ).toEqual([]);
  });

  it('every write answers 401 without credentials', async () => {
    const failures: string[] = [];
    for (const e of all.filter((x) => WRITES.has(x.method) && x.route.role !== 'public')) {
      const res = await call(e);
      if (res.statusCode !== 401 || res.json().error !== 'unauthenticated') failures.push(`${name(e)} -> ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('every planner or admin write answers 403 to a viewer token; admin writes also to a planner token', async () => {
    const failures: string[] = [];
    for (const e of all.filter((x) => WRITES.has(x.method) && (x.route.role === 'planner' || x.route.role === 'admin'))) {
      const byViewer = await call(e, viewer);
      if (byViewer.statusCode !== 403 || byViewer.json().error !== 'forbidden')
        failures.push(`${name(e)} as viewer -> ${byViewer.statusCode}`);
      if (e.route.role === 'admin') {
        const byPlanner = await call(e, planner);
        if (byPlanner.statusCode !== 403 || byPlanner.json().error !== 'forbidden')
          failures.push(`${name(e)} as planner -> ${byPlanner.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a planner gets past the access check of planner writes (and a viewer of viewer writes)', async () => {
    const failures: string[] = [];
    for (const e of all.filter((x) => WRITES.has(x.method) && (x.route.role === 'planner' || x.route.role === 'viewer'))) {
      const res = await call(e, e.route.role === 'planner' ? planner : viewer);
      if (res.statusCode === 401 || res.statusCode === 403) failures.push(`${name(e)} -> ${res.statusCode} ${res.body}`);
    }
    expect(failures).toEqual([]);
  });

  it('every read under /api/v1 except health answers 401 without credentials', async () => {
    const failures: string[] = [];
    const reads = all.filter(
      (x) => (x.method === 'GET' || x.method === 'HEAD') && x.route.url.startsWith('/api/v1/') && x.route.role !== 'public',
    );
    expect(reads.length).toBeGreaterThan(10);
    for (const e of reads) {
      const res = await call(e);
      if (res.statusCode !== 401) failures.push(`${name(e)} -> ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('a viewer reads everything but the admin reads (users, audit)', async () => {
    const failures: string[] = [];
    for (const e of all.filter((x) => x.method === 'GET' && x.route.url.startsWith('/api/v1/') && x.route.role !== 'public')) {
      const res = await call(e, viewer);
      const expected = e.route.role === 'admin' ? 403 : undefined;
      if (expected ? res.statusCode !== expected : res.statusCode === 401 || res.statusCode === 403)
        failures.push(`${name(e)} -> ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('serves health, the OpenAPI document and the web client without credentials', async () => {
    expect((await t.anonymousInject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
    expect((await t.anonymousInject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
    expect((await t.anonymousInject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
    if (existsSync(new URL('../../../web/dist/index.html', import.meta.url))) {
      const page = await t.anonymousInject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const asset = all.find((e) => e.method === 'GET' && /^\/assets\/.+\.js$/.test(e.route.url));
      if (asset) expect((await t.anonymousInject({ method: 'GET', url: asset.url })).statusCode).toBe(200);
    }
  });

  it('a route added without a role needs viewer to read and admin to write', async () => {
    const roles = t.app.accessRoutes.filter((r) => !r.declared && r.url.startsWith('/api/v1/'));
    expect(roles.every((r) => r.role === (r.methods.some((m) => WRITES.has(m)) ? 'admin' : 'viewer'))).toBe(true);
  });
});
