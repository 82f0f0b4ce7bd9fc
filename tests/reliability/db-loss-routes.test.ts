import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaDataChanged } from '../../server/features/areas/area-cache.ts';
import { invalidateCredentials } from '../../server/features/auth/credential-cache.ts';
import { TEST_BOUNDARY, buildTestApp, type TestApp } from '../helpers/app.ts';
import type { TestDatabase } from '../helpers/databases.ts';
import { clusterUnavailableReason, createCluster, type ThrowawayCluster } from './helpers/pg-cluster.ts';
import {
  createFixtures,
  fuzzEndpoints,
  multipartBody,
  requestArbitrary,
  routeSeed,
  type Fixtures,
  type FuzzEndpoint,
  type FuzzRequest,
} from './helpers/route-fuzz.ts';

const unavailable = clusterUnavailableReason();
if (unavailable) {
  if (process.env.CI === 'true') throw new Error(`database-loss route test cannot run under CI: ${unavailable}`);
  console.log(`skipping the database-loss route test: ${unavailable}`);
}

/** The service's database in the throwaway cluster. */
const SERVICE_DB = 'svc';
/** max_connections of the cluster: small, so that other clients fill it with few connections. */
const MAX_CONNECTIONS = 20;
/** Well-formed requests per route (fixed seed): some may be refused on their input before any database access. */
const SAMPLES_PER_ROUTE = 3;
const SEED = 20_061_231;
/**
 * Routes that answer without the database once the caller's credential is cached: static documents,
 * the caller's own identity, signing out a Bearer token (nothing to delete). 2xx is right for them.
 */
const DATABASE_FREE = new Set([
  'GET /api/v1/basemap/districts',
  'GET /ogc',
  'GET /ogc/conformance',
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/logout',
]);
/**
 * Routes whose state lives in the process, not in the database: an import job is looked up in
 * memory, so with a cached credential an unknown job answers 404 whether or not the database is there.
 */
const PROCESS_STATE = new Set(['GET /api/v1/areas/:areaId/import-jobs/:jobId']);
/**
 * Known-good bodies for write routes whose sampled bodies the handler refuses before any database
 * access (a random polygon is rarely a valid boundary): one more request each. A new route that no
 * sampled request gets past its own checks fails below as "unreached" until it has one here.
 */
const EXAMPLE_BODIES: Record<string, object> = {
  'POST /api/v1/areas': { code: 'dl-more', name: 'More', boundary: TEST_BOUNDARY },
  'POST /api/v1/areas/:areaId/candidates': { code: 'K9', name: 'Candidate nine', lon: 124.83, lat: 46.63, technology: 'GSM' },
  'PATCH /api/v1/areas/:areaId/candidates/:id': { name: 'Renamed' },
  'PATCH /api/v1/areas/:areaId/sites/:id': { name: 'Renamed' },
};
/** Route families of the issue; the route table walked must have each (a route added later is walked too). */
const FAMILIES: Record<string, RegExp> = {
  areas: /^\/api\/v1\/areas(\/:areaId)?$/,
  'sites/cells': /\/(sites|cells)(\/|$)/,
  reports: /\/reports(\/|$)/,
  candidates: /\/candidates(\/|$)/,
  measurements: /\/measurements(\/|$)/,
  clutter: /\/clutter(\/|$)/,
  settlements: /\/settlements(\/|$)/,
  'coverage figures': /\/coverage$/,
  'coverage tiles': /\/coverage\/tiles\//,
  'coverage point': /\/coverage\/point$/,
  'coverage gaps': /\/coverage\/gaps$/,
  'coverage grid.tif': /\/coverage\/grid\.tif$/,
  hotspots: /\/hotspots$/,
  ranking: /\/candidates\/ranking$/,
  plans: /\/plans$/,
  remedies: /\/remedies$/,
  scenarios: /\/scenarios(\/|$)/,
  dashboard: /\/dashboard\//,
  calibration: /\/calibration(\/|$)/,
  imports: /\/imports(\/|$)/,
  exports: /\/exports\//,
  OGC: /^\/ogc/,
  'auth login': /\/auth\/login$/,
  'auth me': /\/auth\/me$/,
  'auth tokens': /\/auth\/tokens/,
  users: /\/users/,
  audit: /\/audit$/,
};

const UNAVAILABLE = { error: 'database_unavailable', message: 'the database is unavailable; retry shortly', details: [] };
const OGC_UNAVAILABLE = { code: 'ServiceUnavailable', description: 'the database is unavailable; retry shortly' };

interface RouteRequest {
  endpoint: FuzzEndpoint;
  name: string;
  request: FuzzRequest;
}

/**
 * A PostgreSQL server that refuses the service (its database not accepting connections, the
 * connections terminated), drops its database, stops, or has every connection slot taken by other
 * clients, under a running app: every route of the route table answers 503 `database_unavailable`
 * with Retry-After (OGC routes: `ServiceUnavailable`), never a 500 and never internals; a route that
 * needs no database (after a cached sign-in) answers 200. Each state is checked twice: with the
 * caller's credential still cached and the area caches dropped (so each route's own database access
 * fails), and with no cache at all (authentication itself needs the database).
 */
describe.skipIf(unavailable !== null)('database loss on every route', () => {
  let cluster: ThrowawayCluster;
  let t: TestApp;
  let fixtures: Fixtures;
  let requests: RouteRequest[];
  const url = (database: string) => cluster.url.replace(/\/postgres$/, `/${database}`);

  /** A short-lived connection of our own (to the `postgres` database unless told). */
  async function admin<T>(work: (c: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
    const c = new pg.Client({ connectionString: url(database) });
    c.on('error', () => {});
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end().catch(() => {});
    }
  }
  const terminateService = (c: pg.Client, except: number[] = []) =>
    c.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and not (pid = any($2::int[]))',
      [SERVICE_DB, except],
    );

  beforeAll(async () => {
    cluster = await createCluster({ max_connections: MAX_CONNECTIONS });
    await admin((c) => c.query(`create database ${SERVICE_DB}`));
    const target: TestDatabase = {
      name: 'postgres',
      create: async () => ({ databaseUrl: url(SERVICE_DB), dataDir: '', drop: async () => {} }),
    };
    t = await buildTestApp(target, {
      config: {
        databaseQueryTimeoutMs: 5_000,
        expensiveConcurrencyPerUser: 1_000,
        expensiveRateLimitPerMinute: 1_000_000,
        loginRateLimitPerMinute: 1_000_000,
      },
    });
    await t.app.ready();
    fixtures = await createFixtures(t, 'dl');
    requests = [];
    for (const endpoint of fuzzEndpoints(t)) {
      const name = `${endpoint.method} ${endpoint.url}`;
      const samples = fc.sample(requestArbitrary(endpoint, fixtures, { wellFormedOnly: true }), {
        seed: routeSeed(SEED, name),
        numRuns: SAMPLES_PER_ROUTE,
      });
      // The import upload declares no JSON body: it gets a real multipart file.
      const multipart = endpoint.multipart || (endpoint.method === 'POST' && endpoint.url.endsWith('/imports'));
      for (const request of samples) requests.push({ endpoint, name, request: multipart ? upload(request) : request });
      const example = EXAMPLE_BODIES[name];
      if (example && samples[0])
        requests.push({
          endpoint,
          name,
          request: { inject: { ...samples[0].inject, payload: example, headers: {} }, summary: `${name} with its example body` },
        });
    }
  });
  afterAll(async () => {
    await t?.close().catch(() => {});
    await cluster?.destroy();
  });

  /** A real upload for multipart routes (imports): a small, valid reports file. */
  function upload(request: FuzzRequest): FuzzRequest {
    const csv = 'lon,lat,kind,source,reported_at\n124.85,46.65,weak-signal,callback,2006-05-01T08:00:00Z\n';
    const body = multipartBody([
      { name: 'kind', value: 'reports' },
      { name: 'file', fileName: 'r.csv', content: Buffer.from(csv) },
    ]);
    return { inject: { ...request.inject, ...body }, summary: `${request.summary.split(' body(')[0]} (multipart reports.csv)` };
  }

  async function waitHealthy(): Promise<void> {
    const started = performance.now();
    let health = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    while (health.statusCode !== 200 && performance.now() - started < 30_000) {
      await new Promise((r) => setTimeout(r, 250));
      health = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    }
    expect(health.statusCode, health.body).toBe(200);
  }

  /** What is wrong with an answer while the database is lost, or null. */
  function problem(r: RouteRequest, res: LightMyRequestResponse, credentialCached: boolean): string | null {
    const ogc = r.endpoint.url.startsWith('/ogc');
    if (res.statusCode === 503) {
      let body: unknown;
      try {
        body = res.json();
      } catch {
        return `503 with a body that is not JSON: ${res.body.slice(0, 200)}`;
      }
      if (JSON.stringify(body) !== JSON.stringify(ogc ? OGC_UNAVAILABLE : UNAVAILABLE)) return `503 with ${res.body.slice(0, 300)}`;
      if (!(Number(res.headers['retry-after']) > 0)) return `503 without Retry-After (${String(res.headers['retry-after'])})`;
      return null;
    }
    if (res.statusCode >= 200 && res.statusCode < 300 && credentialCached && DATABASE_FREE.has(r.name)) return null;
    if (res.statusCode === 404 && credentialCached && PROCESS_STATE.has(r.name)) return null;
    // Input refused before any database access (a sampled body or parameter the handler rejects).
    const publicRoute =
      t.app.accessRoutes.find((a) => a.url === r.endpoint.url && a.methods.includes(r.endpoint.method))?.role === 'public';
    if ((res.statusCode === 400 || res.statusCode === 422) && (credentialCached || publicRoute)) return null;
    return `status ${res.statusCode}: ${res.body.slice(0, 300)}`;
  }

  /** Send every request at once; collect one failure per (route, problem), and the routes that answered as if the database were there. */
  async function sweep(credentialCached: boolean): Promise<{ failures: string[]; statuses: string }> {
    areaDataChanged();
    if (!credentialCached) invalidateCredentials();
    const answers = await Promise.all(requests.map(async (r) => ({ r, res: await t.app.inject(r.request.inject) })));
    const failures = new Map<string, string>();
    const reached = new Set<string>();
    const statuses = new Map<number, number>();
    for (const { r, res } of answers) {
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const p = problem(r, res, credentialCached);
      if (p) failures.set(`${r.name} ${p.slice(0, 60)}`, `${r.request.summary.slice(0, 300)}\n    -> ${p}`);
      if (res.statusCode === 503 || (res.statusCode < 300 && DATABASE_FREE.has(r.name))) reached.add(r.name);
      if (res.statusCode === 404 && credentialCached && PROCESS_STATE.has(r.name)) reached.add(r.name);
    }
    // Each route answered 503 to at least one of its requests (not only input errors).
    for (const name of new Set(requests.map((r) => r.name))) {
      if (!reached.has(name)) failures.set(`${name} unreached`, `${name}: no request of ${SAMPLES_PER_ROUTE} reached the database`);
    }
    return {
      failures: [...failures.values()],
      statuses: [...statuses]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}×${n}`)
        .join(' '),
    };
  }

  /** Lose the database with `lose`, check every route with a cached credential and without, then `restore`. */
  async function checkState(state: string, lose: () => Promise<void>, restore?: () => Promise<void>): Promise<void> {
    // A fresh credential cache entry: the sweep with a cached credential starts within its lifetime.
    invalidateCredentials();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    await lose();
    const started = performance.now();
    const cached = await sweep(true);
    const cold = await sweep(false);
    const login = await t.anonymousInject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'whatever-password' },
    });
    const health = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    console.log(
      `${state}: ${requests.length} requests over ${new Set(requests.map((r) => r.name)).size} routes twice in ${Math.round(performance.now() - started)} ms; credential cached: ${cached.statuses}; nothing cached: ${cold.statuses}`,
    );
    try {
      expect(cached.failures, `${state}, credential cached`).toEqual([]);
      expect(cold.failures, `${state}, nothing cached`).toEqual([]);
      for (const res of [login, health]) {
        expect(res.statusCode, res.body).toBe(503);
        expect(res.json()).toEqual(UNAVAILABLE);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
    } finally {
      if (restore) {
        await restore();
        await waitHealthy();
      }
    }
    if (restore) await expectRecovered();
  }

  /** Once the database is back, reads of every kind answer 200 again: no failure was cached. */
  async function expectRecovered(): Promise<void> {
    invalidateCredentials();
    areaDataChanged();
    const a = `/api/v1/areas/${fixtures.areaId}`;
    for (const url of [
      `${a}/cells`,
      `${a}/reports`,
      `${a}/coverage?technology=GSM`,
      `${a}/coverage/gaps?technology=GSM`,
      `${a}/dashboard/figures`,
      `/ogc/collections/${fixtures.collectionId}/items`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
    }
  }

  it('walks a route table with every route family of the API and OGC', () => {
    const urls = [...new Set(requests.map((r) => r.endpoint.url))];
    const missing = Object.entries(FAMILIES)
      .filter(([, pattern]) => !urls.some((u) => pattern.test(u)))
      .map(([family]) => family);
    expect(missing).toEqual([]);
    expect(new Set(requests.map((r) => r.name)).size).toBeGreaterThan(60);
  });

  it('answers 503 on every route while the database refuses connections (ALLOW_CONNECTIONS false, connections terminated)', async () => {
    await checkState(
      'refusing connections',
      () =>
        admin(async (c) => {
          await c.query(`alter database ${SERVICE_DB} allow_connections false`);
          await terminateService(c);
        }),
      () => admin(async (c) => void (await c.query(`alter database ${SERVICE_DB} allow_connections true`))),
    );
  });

  it('answers 503 on every route while other clients hold every connection slot (max_connections)', async () => {
    const others: pg.Client[] = [];
    /** Open connections until the server says "sorry, too many clients already". */
    const fill = async () => {
      for (;;) {
        const c = new pg.Client({ connectionString: url('postgres') });
        c.on('error', () => {});
        try {
          await c.connect();
          others.push(c);
        } catch (err) {
          expect((err as { code?: string }).code).toBe('53300');
          return;
        }
        if (others.length > MAX_CONNECTIONS) throw new Error('max_connections was not reached');
      }
    };
    // The service keeps its pooled connections meanwhile; the slots they free when terminated are taken at once.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/areas' })).statusCode).toBe(200);
    await fill();
    await checkState(
      'too many clients',
      async () => {
        await terminateService(others[0]!);
        await fill();
      },
      async () => {
        await Promise.all(others.map((c) => c.end().catch(() => {})));
      },
    );
  });

  it('answers 503 on every route while the server is stopped (immediate shutdown, as in a crash)', async () => {
    await checkState(
      'server stopped',
      () => cluster.stop('immediate'),
      () => cluster.start(),
    );
  });

  it('an import whose connection is terminated mid-transaction answers 503, writes nothing, and the service goes on', async () => {
    const count = () => admin(async (c) => Number((await c.query('select count(*) as n from problem_reports')).rows[0].n), SERVICE_DB);
    const before = await count();
    // Hold the reports table so the import's transaction waits inside its first write.
    const lock = new pg.Client({ connectionString: url(SERVICE_DB) });
    lock.on('error', () => {});
    await lock.connect();
    try {
      await lock.query('begin');
      await lock.query('lock table problem_reports in access exclusive mode');
      const lockPid = Number((await lock.query('select pg_backend_pid() as pid')).rows[0].pid);
      const csv =
        'lon,lat,kind,source,reported_at\n124.85,46.65,weak-signal,callback,2006-05-01T08:00:00Z\n124.86,46.66,no-signal,callback,2006-05-02T08:00:00Z\n';
      const pending = t.app.inject({
        method: 'POST',
        url: `/api/v1/areas/${fixtures.areaId}/imports`,
        ...multipartBody([
          { name: 'kind', value: 'reports' },
          { name: 'file', fileName: 'cut.csv', content: Buffer.from(csv) },
        ]),
      });
      const waiting = () =>
        admin(async (c) =>
          Number(
            (await c.query("select count(*) as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'", [SERVICE_DB]))
              .rows[0].n,
          ),
        );
      const started = performance.now();
      while ((await waiting()) === 0) {
        if (performance.now() - started > 20_000) throw new Error('the import never reached the locked table');
        await new Promise((r) => setTimeout(r, 50));
      }
      await admin((c) => terminateService(c, [lockPid]));
      const res = await pending;
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json()).toEqual(UNAVAILABLE);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      await lock.query('commit');
    } finally {
      await lock.end().catch(() => {});
    }
    expect(await count()).toBe(before);
    // The pool replaces the terminated connections: the same app answers at once.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/areas/${fixtures.areaId}/reports` })).statusCode).toBe(200);
  });

  it('an export cut by the loss of the database after its first page ends short (the 200 is already sent), and the service goes on', async () => {
    const rows = 20_000;
    await admin(
      (c) =>
        c.query(
          `insert into problem_reports (area_id, external_id, lon, lat, technology, kind, source, customer_tier, reported_at, status)
           select area_id, 'bulk-' || g, lon, lat, technology, kind, source, customer_tier, reported_at, status from problem_reports, generate_series(1, $2::int) g where id = $1`,
          [fixtures.reportId, rows],
        ),
      SERVICE_DB,
    );
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/areas/${fixtures.areaId}/exports/reports.csv`, payloadAsStream: true });
    expect(res.statusCode).toBe(200);
    const stream = res.stream();
    const chunks: Buffer[] = [];
    let cut = false;
    try {
      for await (const chunk of stream) {
        if (chunks.length === 0) {
          await admin(async (c) => {
            await c.query(`alter database ${SERVICE_DB} allow_connections false`);
            await terminateService(c);
          });
        }
        chunks.push(Buffer.from(chunk as Uint8Array));
      }
    } catch {
      cut = true;
    } finally {
      await admin(async (c) => void (await c.query(`alter database ${SERVICE_DB} allow_connections true`)));
    }
    const lines = Buffer.concat(chunks).toString('utf8').split('\r\n').filter(Boolean).length;
    console.log(`export cut short: ${lines} of ${rows + 2} lines received${cut ? ', the stream ended with an error' : ''}`);
    expect(lines).toBeGreaterThan(1);
    expect(lines).toBeLessThan(rows + 2);
    await waitHealthy();
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/areas/${fixtures.areaId}/exports/sites.csv` })).statusCode).toBe(200);
  });

  it('answers 503 on every route once its database is dropped', async () => {
    await checkState('database dropped', () => admin(async (c) => void (await c.query(`drop database ${SERVICE_DB} with (force)`))));
  });
});
