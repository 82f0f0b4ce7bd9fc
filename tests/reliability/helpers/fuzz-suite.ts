import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import {
  createFixtures,
  fuzzEndpoints,
  requestArbitrary,
  responseProblem,
  routeSeed,
  type FuzzEndpoint,
  type Fixtures,
} from './route-fuzz.ts';
import { storedDataProblems } from './stored-invariants.ts';

/** Fixed base seed: a failure reproduces with the same samples. Change it to explore further. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_060_501);

/**
 * For every route matching `select`, send `runs` generated requests (fixed seed) and collect every
 * response that is a 5xx or a malformed error; then read all stored data back and check it.
 */
export function fuzzRoutesSuite(title: string, select: (e: FuzzEndpoint) => boolean, runs: (e: FuzzEndpoint) => number): void {
  describe.each(TEST_DATABASES)(`${title} on $name`, (target) => {
    let t: TestApp;
    let fixtures: Fixtures;
    let endpoints: FuzzEndpoint[];
    beforeAll(async () => {
      t = await buildTestApp(target, { config: { expensiveRateLimitPerMinute: 1_000_000, loginRateLimitPerMinute: 1_000_000 } });
      await t.app.ready();
      fixtures = await createFixtures(t, 'fz');
      // Reads first, then writes; writes that replace fixtures (a site's cell list, the area's code and
      // boundary) last, so earlier routes still find what they name.
      const rank = (e: FuzzEndpoint) =>
        e.url === '/api/v1/areas/:areaId' && e.method !== 'GET'
          ? 5
          : e.url.endsWith('/sites/:id') && e.method === 'PATCH'
            ? 3
            : ({ GET: 0, POST: 1, PUT: 2, PATCH: 2, DELETE: 4 } as const)[e.method];
      endpoints = fuzzEndpoints(t)
        .filter(select)
        .sort((a, b) => rank(a) - rank(b));
    });
    afterAll(async () => t?.close());

    it('walks a route table that has the routes with schemas', () => {
      expect(endpoints.length).toBeGreaterThan(5);
      expect(endpoints.filter((e) => e.body || Object.keys(e.query).length || Object.keys(e.params).length).length).toBeGreaterThan(5);
    });

    it('answers every generated request without a 5xx, with { error, message, details } naming a field on 400/422', async () => {
      // One example per (route, problem), so a systematic fault shows once rather than thirty times.
      const failures = new Map<string, string>();
      const started = performance.now();
      let sent = 0;
      const statuses = new Map<number, number>();
      for (const endpoint of endpoints) {
        const name = `${endpoint.method} ${endpoint.url}`;
        const samples = fc.sample(requestArbitrary(endpoint, fixtures), { seed: routeSeed(FUZZ_SEED, name), numRuns: runs(endpoint) });
        for (const request of samples) {
          sent++;
          const res = await t.app.inject(request.inject);
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (process.env.FUZZ_VERBOSE) console.log(res.statusCode, name, res.statusCode >= 400 ? res.body.slice(0, 160) : '');
          const problem = responseProblem(endpoint, res);
          if (problem) {
            const signature = `${name} -> ${problem.replace(/\d+/g, 'N').slice(0, 90)}`;
            if (!failures.has(signature)) failures.set(signature, `${request.summary}\n    -> ${problem}`);
          }
        }
      }
      console.log(
        `${title} on ${target.name}: ${sent} requests over ${endpoints.length} routes in ${((performance.now() - started) / 1000).toFixed(1)} s (seed ${FUZZ_SEED}); statuses ${[
          ...statuses,
        ]
          .sort((a, b) => a[0] - b[0])
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')}`,
      );
      // The generators must get past validation often enough to exercise the handlers.
      expect([...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(sent / 10);
      expect([...failures.values()]).toEqual([]);
    });

    it('stored nothing invalid: positions in range, no NaN, valid polygons', async () => {
      expect(await storedDataProblems(t)).toEqual([]);
    });
  });
}
