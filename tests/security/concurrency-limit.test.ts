import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrencyLimiter, clientGone } from '../../server/security/concurrency-limit.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { TEST_DATABASES } from '../helpers/databases.ts';

/** A promise and its resolve function, to hold a request open. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves once `condition()` holds, checking on each turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setImmediate(r));
}

describe('ConcurrencyLimiter', () => {
  it('gives out at most `limit` slots per key and takes each back once', () => {
    const limiter = new ConcurrencyLimiter(2);
    const a = limiter.tryAcquire('user:1')!;
    const b = limiter.tryAcquire('user:1')!;
    expect(limiter.tryAcquire('user:1')).toBeNull();
    expect(limiter.tryAcquire('user:2')).not.toBeNull();
    a();
    a();
    expect(limiter.inUse('user:1')).toBe(1);
    expect(limiter.tryAcquire('user:1')).not.toBeNull();
    b();
    expect(limiter.inUse('user:1')).toBe(1);
  });

  it('hands a slot released within the wait to the request waiting for it, and refuses one after its wait', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const first = limiter.tryAcquire('user:1')!;
    const waiting = limiter.acquire('user:1', 5_000);
    first();
    const second = await waiting;
    expect(second).not.toBeNull();
    expect(limiter.inUse('user:1')).toBe(1);
    expect(await limiter.acquire('user:1', 20)).toBeNull();
    second!();
    expect(limiter.inUse('user:1')).toBe(0);
  });
});

/**
 * The per-user limit on expensive routes, through the API: a test route declared expensive holds its
 * requests open until released, so the third concurrent request of a user meets two running ones.
 */
describe.each(TEST_DATABASES)('expensive routes: concurrency per user ($name)', (target) => {
  let t: TestApp;
  let gates: Array<{ promise: Promise<void>; resolve: () => void }> = [];
  let started = 0;
  let abandoned = 0;
  beforeAll(async () => {
    t = await buildTestApp(target, { config: { expensiveConcurrencyPerUser: 2, expensiveRateLimitPerMinute: 100_000 } });
    const app: FastifyInstance = t.app;
    app.get('/test/slow', { config: { expensive: true } }, async () => {
      const gate = deferred();
      gates.push(gate);
      started++;
      await gate.promise;
      return { ok: true };
    });
    app.get('/test/fails', { config: { expensive: true } }, async () => {
      throw new Error('computation failed');
    });
    app.get('/test/until-gone', { config: { expensive: true } }, async (req, reply) => {
      const gone = clientGone(req, reply);
      started++;
      await new Promise<void>((resolve) => gone.addEventListener('abort', () => resolve()));
      abandoned++;
      return { ok: false };
    });
  });
  afterAll(async () => t?.close());

  const slow = (token?: string) =>
    t.app.inject({ method: 'GET', url: '/test/slow', ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });

  it('answers a third concurrent request of one user 429 at once, naming the limit; other users are not held up', async () => {
    gates = [];
    started = 0;
    const first = slow();
    const second = slow();
    await until(() => started === 2);
    const third = await slow();
    expect(third.statusCode).toBe(429);
    expect(third.headers['retry-after']).toBe('1');
    expect(third.json()).toMatchObject({
      error: 'too_many_concurrent_requests',
      message: expect.stringMatching(/at most 2 expensive requests at once per user \(EXPENSIVE_CONCURRENCY_PER_USER\)/),
    });
    const other = slow(await t.tokenFor('viewer'));
    await until(() => started === 3);
    gates.forEach((g) => g.resolve());
    expect((await first).statusCode).toBe(200);
    expect((await second).statusCode).toBe(200);
    expect((await other).statusCode).toBe(200);
    // Both slots are free again.
    gates = [];
    const again = [slow(), slow()];
    await until(() => gates.length === 2);
    gates.forEach((g) => g.resolve());
    expect((await Promise.all(again)).map((r) => r.statusCode)).toEqual([200, 200]);
  });

  it('gives the slot back when the handler fails', async () => {
    for (let k = 0; k < 3; k++) expect((await t.app.inject({ method: 'GET', url: '/test/fails' })).statusCode).toBe(500);
    gates = [];
    const two = [slow(), slow()];
    await until(() => gates.length === 2);
    gates.forEach((g) => g.resolve());
    expect((await Promise.all(two)).map((r) => r.statusCode)).toEqual([200, 200]);
  });

  it('gives the slot back when the client hangs up, and tells the handler so that it can stop', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as { port: number };
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;
    const headers = { authorization: `Bearer ${t.adminToken}` };
    started = 0;
    abandoned = 0;
    const clients = [new AbortController(), new AbortController()];
    const requests = clients.map((c) => fetch(url('/test/until-gone'), { headers, signal: c.signal }).catch((err: Error) => err.name));
    await until(() => started === 2);
    expect((await fetch(url('/test/until-gone'), { headers })).status).toBe(429);
    clients.forEach((c) => c.abort());
    expect(await Promise.all(requests)).toEqual(['AbortError', 'AbortError']);
    await until(() => abandoned === 2);
    gates = [];
    const next = fetch(url('/test/slow'), { headers });
    await until(() => gates.length === 1);
    gates[0].resolve();
    expect((await next).status).toBe(200);
  });
});
