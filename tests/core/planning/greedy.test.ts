import { describe, expect, it } from 'vitest';
import { effectiveWeights } from '../../../server/core/planning/coverage-sets.ts';
import { greedyMaxCoverage, marginalGain, rankCandidates } from '../../../server/core/planning/greedy.ts';
import type { CoverageModel } from '../../../server/core/planning/coverage-sets.ts';
import { bruteForce, GREEDY_TRAP, modelOf, objectiveOf, randomModel } from './coverage-instances.ts';

/** Eager greedy: re-evaluate every candidate each round; ties to the lower index. */
function eagerGreedy(model: CoverageModel, k: number): number[] {
  const weights = effectiveWeights(model);
  const covered = new Uint8Array(weights.length);
  const chosen: number[] = [];
  for (let round = 0; round < k; round++) {
    let best = -1,
      bestGain = 0;
    model.candidates.forEach((c, j) => {
      const g = marginalGain(c.covers, weights, covered);
      if (g > bestGain) {
        best = j;
        bestGain = g;
      }
    });
    if (best < 0) break;
    chosen.push(best);
    for (const i of model.candidates[best].covers) covered[i] = 1;
  }
  return chosen;
}

describe('greedyMaxCoverage', () => {
  it('picks by marginal gain and reports order, gain and cumulative coverage', () => {
    const result = greedyMaxCoverage(GREEDY_TRAP, { maxSites: 2 });
    expect(result.selected).toEqual([
      { code: 'S2', index: 2, order: 1, gain: 4, cumulative: 4, cost: null },
      { code: 'S0', index: 0, order: 2, gain: 1, cumulative: 5, cost: null },
    ]);
    expect(result.objective).toBe(5);
    expect(result.rule).toBe('gain');
  });

  it('matches eager greedy on random instances while evaluating fewer gains', () => {
    let lazyEvaluations = 0,
      eagerEvaluations = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const model = randomModel(seed, 300, 40, { density: 0.08, existing: seed % 2 ? 0.3 : 0 });
      const k = 1 + (seed % 8);
      const result = greedyMaxCoverage(model, { maxSites: k });
      const eager = eagerGreedy(model, k);
      expect(result.selected.map((p) => p.index)).toEqual(eager);
      expect(result.objective).toBe(objectiveOf(model, eager));
      lazyEvaluations += result.evaluations;
      eagerEvaluations += 40 * eager.length;
    }
    expect(lazyEvaluations).toBeLessThan(eagerEvaluations);
  });

  it('stays within (1 - 1/e) of the brute-force optimum', () => {
    for (let seed = 100; seed < 130; seed++) {
      const model = randomModel(seed, 25, 9);
      const k = 1 + (seed % 4);
      const optimum = bruteForce(model, k);
      const { objective } = greedyMaxCoverage(model, { maxSites: k });
      expect(objective).toBeLessThanOrEqual(optimum);
      expect(objective).toBeGreaterThanOrEqual((1 - 1 / Math.E) * optimum);
    }
  });

  it('ignores existing coverage and stops when nothing more can be gained', () => {
    const model = modelOf([3, 3, 3], [[0], [0, 1], [2]], undefined, [0, 1, 0]);
    const result = greedyMaxCoverage(model, { maxSites: 5 });
    expect(result.selected.map((p) => [p.code, p.gain])).toEqual([
      ['S0', 3],
      ['S2', 3],
    ]);
    expect(result.objective).toBe(6);
    expect(greedyMaxCoverage(model, { maxSites: 0 }).selected).toEqual([]);
  });

  it('respects a budget, ranking by gain per cost and skipping unknown costs', () => {
    for (let seed = 200; seed < 230; seed++) {
      const model = randomModel(seed, 30, 9, { costs: true });
      const budget = 6 + (seed % 10);
      const result = greedyMaxCoverage(model, { maxSites: 4, budget });
      expect(result.totalCost).toBeLessThanOrEqual(budget);
      expect(result.objective).toBeLessThanOrEqual(bruteForce(model, 4, budget));
      expect(result.objective).toBeGreaterThanOrEqual(0.5 * (1 - 1 / Math.E) * bruteForce(model, 4, budget));
    }
    const withUnknown = modelOf([1, 1, 5], [[0], [1], [2]], [1, 1, null]);
    const result = greedyMaxCoverage(withUnknown, { maxSites: 3, budget: 10 });
    expect(result.selected.map((p) => p.code)).toEqual(['S0', 'S1']);
    expect(result.excludedUnknownCost).toEqual(['S2']);
  });

  it('falls back to the best affordable single site when it beats the ratio rule (Khuller-Moss-Naor)', () => {
    // S0: gain 2 for cost 1 (ratio 2); S1: gain 10 for cost 10 (ratio 1); budget 10 fits only one of them.
    const model = modelOf(
      [1, 1, ...Array(10).fill(1)],
      [
        [0, 1],
        [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      ],
      [1, 10],
    );
    const result = greedyMaxCoverage(model, { maxSites: 2, budget: 10 });
    expect(result.rule).toBe('best-single');
    expect(result.selected.map((p) => p.code)).toEqual(['S1']);
    expect(result.objective).toBe(10);
    expect(greedyMaxCoverage(model, { maxSites: 2, budget: 11 }).objective).toBe(12);
  });

  it('rejects bad options', () => {
    expect(() => greedyMaxCoverage(GREEDY_TRAP, { maxSites: -1 })).toThrow(/maxSites/);
    expect(() => greedyMaxCoverage(GREEDY_TRAP, { maxSites: 1, budget: Number.NaN })).toThrow(/budget/);
  });
});

describe('rankCandidates', () => {
  it('gives each candidate its gain alone, the part no other covers, and gain per cost', () => {
    const model = modelOf([4, 1, 2, 8], [[0, 1], [1, 2, 3], [3]], [2, 0, null], [0, 0, 0, 0]);
    expect(rankCandidates(model)).toEqual([
      { code: 'S1', index: 1, rank: 1, gain: 11, uniqueGain: 2, cost: 0, gainPerCost: null },
      { code: 'S2', index: 2, rank: 2, gain: 8, uniqueGain: 0, cost: null, gainPerCost: null },
      { code: 'S0', index: 0, rank: 3, gain: 5, uniqueGain: 4, cost: 2, gainPerCost: 2.5 },
    ]);
  });

  it('leaves existing coverage out of the gains', () => {
    const model = modelOf([4, 1], [[0, 1], [1]], undefined, [1, 0]);
    expect(rankCandidates(model).map((r) => [r.code, r.gain, r.uniqueGain])).toEqual([
      ['S0', 1, 0],
      ['S1', 1, 0],
    ]);
  });
});
