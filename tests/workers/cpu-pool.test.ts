import { afterAll, describe, expect, it } from 'vitest';
import { buildDemandModel } from '../../server/core/planning/coverage-demand.ts';
import { polygonIssues } from '../../server/core/validation/geometry.ts';
import { packPolygon } from '../../server/core/validation/packed-polygon.ts';
import { createCpuPool, inlineCpuTasks } from '../../server/workers/cpu-pool.ts';
import { crossedStarPolygon, starPolygon } from '../helpers/polygons.ts';
import { GREEDY_TRAP } from '../core/planning/coverage-instances.ts';

const demand = buildDemandModel({
  mask: new Uint8Array(6).fill(1),
  population: new Float32Array(6).fill(1),
  pixelAreaKm2: 1,
  baseCovered: new Uint8Array(6),
  reportWeights: new Map(),
  footprints: GREEDY_TRAP.candidates.map((c) => ({ code: c.code, cost: null, coveredPixels: c.covers })),
  weights: { population: 1, reports: 0, areaKm2: 0 },
});

describe('the CPU worker pool', () => {
  const pool = createCpuPool({ maxThreads: 1 });
  afterAll(() => pool.close());

  it('runs a polygon check on a worker thread: the event loop turns meanwhile, the answer is the same', async () => {
    const polygon = crossedStarPolygon([124.85, 46.65], 0.04, 3000);
    let turned = false;
    setTimeout(() => (turned = true), 0);
    const issues = await pool.run('polygonIssues', { polygon: packPolygon(polygon)!, path: '/body/geometry' });
    expect(turned).toBe(true);
    expect(issues).toEqual(polygonIssues(polygon, '/body/geometry'));
    expect(issues[0].message).toMatch(/self-intersecting/);
  });

  it('the same check in the calling thread (scripts) holds the event loop until it is done', async () => {
    let turned = false;
    setTimeout(() => (turned = true), 0);
    const issues = await inlineCpuTasks.run('polygonIssues', {
      polygon: packPolygon(starPolygon([124.85, 46.65], 0.04, 3000))!,
      path: 'g',
    });
    expect(issues).toEqual([]);
    expect(turned).toBe(false);
  });

  it('runs the exact planner (HiGHS) there, and keeps the code of an error across the thread boundary', async () => {
    const plan = await pool.run('selectPlan', { demand, options: { method: 'exact', maxSites: 2, budget: null, timeLimitS: 5 } });
    expect(plan.steps.map((s) => s.index)).toEqual([0, 1]);
    expect(plan.optimal).toBe(true);
    const failed = pool.run('selectPlan', { demand, options: { method: 'exact', maxSites: 2, budget: null, timeLimitS: -1 } });
    await expect(failed).rejects.toMatchObject({
      name: 'PlanningInputError',
      code: 'invalid-option',
      message: expect.stringMatching(/timeLimitS must be > 0, got -1/),
    });
  });

  it('abandons a task whose signal aborts (499 request_aborted), and the pool keeps working', async () => {
    const controller = new AbortController();
    const running = pool.run(
      'selectPlan',
      { demand, options: { method: 'exact', maxSites: 2, budget: null, timeLimitS: 5 } },
      { signal: controller.signal },
    );
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'request_aborted', statusCode: 499 });
    await expect(
      pool.run(
        'selectPlan',
        { demand, options: { method: 'exact', maxSites: 2, budget: null, timeLimitS: 5 } },
        { signal: controller.signal },
      ),
    ).rejects.toMatchObject({ code: 'request_aborted' });
    expect(
      (await pool.run('selectPlan', { demand, options: { method: 'greedy', maxSites: 2, budget: null, timeLimitS: 5 } })).steps,
    ).toHaveLength(2);
  });
});
