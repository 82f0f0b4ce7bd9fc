import { describe, expect, it } from 'vitest';
import { buildDemandModel, type DemandModel } from '../../../server/core/planning/coverage-demand.ts';
import { greedyMaxCoverage } from '../../../server/core/planning/greedy.ts';
import { solveMclp } from '../../../server/core/planning/mclp.ts';
import { orderByGain, rankDemand, selectPlan } from '../../../server/core/planning/plan-selection.ts';
import { GREEDY_TRAP } from './coverage-instances.ts';

/** GREEDY_TRAP as a demand model: 6 pixels of 1 resident (weights 1), nothing covered yet. */
function trapDemand(): DemandModel {
  return buildDemandModel({
    mask: new Uint8Array(6).fill(1),
    population: new Float32Array(6).fill(1),
    pixelAreaKm2: 0.25,
    baseCovered: new Uint8Array(6),
    reportWeights: new Map([[2, 1]]),
    footprints: GREEDY_TRAP.candidates.map((c) => ({ code: c.code, cost: c.code === 'S2' ? 5 : 10, coveredPixels: c.covers })),
    weights: { population: 1, reports: 0, areaKm2: 0 },
  });
}

describe('selectPlan', () => {
  it('exact: the solver optimum in greedy-like order, each step split into km2, people, reports', async () => {
    const demand = trapDemand();
    const plan = await selectPlan(demand, { method: 'exact', maxSites: 2, budget: null, timeLimitS: 10 });
    expect((await solveMclp(demand.model, { maxSites: 2 })).selected).toEqual(['S0', 'S1']);
    expect(plan.steps.map((s) => s.index)).toEqual([0, 1]);
    expect(plan.steps[0]).toEqual({ index: 0, gain: 3, areaKm2: 0.75, population: 3, reports: 1 });
    expect(plan.steps[1]).toEqual({ index: 1, gain: 3, areaKm2: 0.75, population: 3, reports: 0 });
    expect(plan).toMatchObject({ optimal: true, solverStatus: 'optimal', gapPct: 0 });
    expect(plan.bound).toBeCloseTo(6, 9);
  });

  it("greedy: greedyMaxCoverage's picks, optimal only when every candidate fits", async () => {
    const demand = trapDemand();
    const plan = await selectPlan(demand, { method: 'greedy', maxSites: 2, budget: null, timeLimitS: 10 });
    expect(plan.steps.map((s) => s.index)).toEqual(greedyMaxCoverage(demand.model, { maxSites: 2 }).selected.map((s) => s.index));
    expect(plan.steps.map((s) => s.gain)).toEqual([4, 1]);
    expect(plan).toMatchObject({ optimal: false, bound: null, gapPct: null, solverStatus: null });
    expect((await selectPlan(demand, { method: 'greedy', maxSites: 3, budget: null, timeLimitS: 10 })).optimal).toBe(true);
    expect((await selectPlan(demand, { method: 'greedy', maxSites: 3, budget: 100, timeLimitS: 10 })).optimal).toBe(false);
  });

  it('passes the time limit and the budget to the solver', async () => {
    const demand = trapDemand();
    const plan = await selectPlan(demand, { method: 'exact', maxSites: 2, budget: 5, timeLimitS: 1 });
    expect(plan.steps.map((s) => s.index)).toEqual([2]);
    await expect(selectPlan(demand, { method: 'exact', maxSites: 2, budget: null, timeLimitS: 0 })).rejects.toMatchObject({
      code: 'invalid-option',
    });
  });
});

describe('rankDemand and orderByGain', () => {
  it('ranks by gain alone with the parts of each candidate', () => {
    const ranks = rankDemand(trapDemand());
    expect(ranks.map((r) => [r.code, r.rank, r.gain])).toEqual([
      ['S2', 1, 4],
      ['S0', 2, 3],
      ['S1', 3, 3],
    ]);
    expect(ranks[0]).toMatchObject({ areaKm2: 1, population: 4, reports: 1, gainPerCost: 0.8 });
  });
  it('orders a selection by the gain of each next site given those before it', () => {
    expect(orderByGain(trapDemand(), [0, 1, 2])).toEqual([2, 0, 1]);
  });
});
