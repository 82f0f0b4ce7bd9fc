import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.ts';
import { ComputeGate } from '../../server/features/coverage/compute-gate.ts';
import { TEST_BOUNDARY, buildTestApp, type TestApp } from '../helpers/app.ts';
import { TEST_DATABASES } from '../helpers/databases.ts';

/** A promise and its resolve function, to hold work open. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ComputeGate', () => {
  it('runs up to maxRunning, queues up to maxWaiting, refuses the next with 503 coverage_busy', async () => {
    const gate = new ComputeGate(1, 1);
    const a = deferred();
    const b = deferred();
    const order: string[] = [];
    const first = gate.run(async () => {
      await a.promise;
      order.push('a');
      return 'a';
    });
    const second = gate.run(async () => {
      await b.promise;
      order.push('b');
      return 'b';
    });
    expect(gate.load).toEqual({ running: 1, waiting: 1 });
    const third = gate.run(async () => 'c');
    await expect(third).rejects.toMatchObject({ code: 'coverage_busy', statusCode: 503 });
    await expect(third).rejects.toBeInstanceOf(AppError);
    b.resolve();
    a.resolve();
    expect(await Promise.all([first, second])).toEqual(['a', 'b']);
    expect(order).toEqual(['a', 'b']);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot when the work fails', async () => {
    const gate = new ComputeGate(1, 0);
    await expect(gate.run(async () => Promise.reject(new Error('engine failed')))).rejects.toThrow('engine failed');
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
    expect(await gate.run(async () => 42)).toBe(42);
  });
});

/**
 * Backpressure on coverage recomputes through the API: distinct computations beyond 2 running and 6
 * queued answer 503 `coverage_busy` with Retry-After at once; identical requests share one computation;
 * once the burst is over the same requests succeed.
 */
describe.each(TEST_DATABASES)('coverage backpressure on $name', (target) => {
  let t: TestApp;
  const CANDIDATES = 12;
  beforeAll(async () => {
    // The bursts come from one user: lift the per-user limits, the engine's own gate is under test.
    t = await buildTestApp(target, {
      config: { workerThreads: 2, expensiveRateLimitPerMinute: 100_000, expensiveConcurrencyPerUser: 100 },
    });
    const post = async (url: string, payload: object) =>
      expect((await t.app.inject({ method: 'POST', url, payload })).statusCode).toBe(201);
    // 10 m over TEST_BOUNDARY is about 840k pixels: computed on the worker pool (not inline), for long
    // enough that the whole burst arrives while the first computations run.
    await post('/api/v1/areas', { code: 'busy', name: 'Busy', boundary: TEST_BOUNDARY, settings: { resolutionM: 10 } });
    await post('/api/v1/areas/busy/sites', {
      code: 'S1',
      name: 'S1',
      lon: 124.85,
      lat: 46.65,
      cells: [{ code: 'G1', technology: 'GSM', frequencyMhz: 950, heightM: 35, azimuthDeg: 0, powerDbm: 43 }],
    });
    for (let i = 0; i < CANDIDATES; i++)
      await post('/api/v1/areas/busy/candidates', { code: `K${i}`, name: `K${i}`, lon: 124.81 + i * 0.007, lat: 46.62, technology: 'GSM' });
  });
  afterAll(async () => t?.close());

  const coverage = (candidate: number) =>
    t.app.inject({ method: 'GET', url: `/api/v1/areas/busy/coverage?technology=GSM&candidates=K${candidate}` });

  it('refuses distinct computations beyond the queue with 503 and Retry-After, then serves them', async () => {
    const burst = await Promise.all(Array.from({ length: CANDIDATES }, (_, i) => coverage(i)));
    const statuses = burst.map((r) => r.statusCode);
    const busy = burst.filter((r) => r.statusCode === 503);
    console.log(`${target.name}: ${CANDIDATES} distinct coverage requests at once -> ${statuses.join(' ')}`);
    // 2 running + 6 queued are always served; a computation finishing early may admit one more.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(8);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    for (const r of busy) {
      expect(r.json()).toMatchObject({ error: 'coverage_busy', details: [] });
      expect(r.json().message).toMatch(/busy/);
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    const retried = await Promise.all(burst.map((r, i) => (r.statusCode === 503 ? coverage(i) : Promise.resolve(r))));
    expect(retried.map((r) => r.statusCode)).toEqual(Array(CANDIDATES).fill(200));
  });

  it('lets identical concurrent requests share one computation (no slot each)', async () => {
    await t.app.inject({ method: 'PATCH', url: '/api/v1/areas/busy', payload: { settings: { resolutionM: 12 } } });
    const same = await Promise.all(Array.from({ length: 20 }, () => coverage(0)));
    expect(same.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    expect(same.filter((r) => r.json().cached === false).length).toBe(1);
  });
});
