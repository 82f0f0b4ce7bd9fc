import { describe, expect, it } from 'vitest';
import { solveMclp } from '../../../server/core/planning/mclp.ts';
import { bruteForce, GREEDY_TRAP, modelOf, objectiveOf, randomModel } from './coverage-instances.ts';

const EXACT = { mipRelGap: 0 };

describe('solveMclp', () => {
  it('finds the optimum where greedy falls short', async () => {
    const result = await solveMclp(GREEDY_TRAP, { maxSites: 2, ...EXACT });
    expect(result.selected).toEqual(['S0', 'S1']);
    expect(result.objective).toBe(6);
    expect(result.greedyObjective).toBe(5);
    expect(result).toMatchObject({ optimal: true, status: 'optimal', source: 'solver', gapPct: 0 });
    expect(result.bound).toBeCloseTo(6, 9);
  });

  it('equals brute force on random instances and is never below greedy', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const model = randomModel(seed, 30, 10, { density: 0.2, existing: seed % 3 === 0 ? 0.25 : 0 });
      const k = 1 + (seed % 4);
      const result = await solveMclp(model, { maxSites: k, ...EXACT });
      expect(result.objective, `seed ${seed}`).toBe(bruteForce(model, k));
      expect(result.objective).toBe(objectiveOf(model, result.selectedIndices));
      expect(result.objective).toBeGreaterThanOrEqual(result.greedyObjective);
      expect(result.selected.length).toBeLessThanOrEqual(k);
      expect(result.optimal).toBe(true);
    }
  });

  it('respects a budget and equals brute force under it', async () => {
    for (let seed = 50; seed < 75; seed++) {
      const model = randomModel(seed, 30, 10, { density: 0.2, costs: true });
      const budget = 5 + (seed % 12);
      const result = await solveMclp(model, { maxSites: 4, budget, ...EXACT });
      expect(result.totalCost).toBeLessThanOrEqual(budget);
      expect(result.objective, `seed ${seed}`).toBe(bruteForce(model, 4, budget));
      expect(result.objective).toBeGreaterThanOrEqual(result.greedyObjective);
    }
  });

  it('leaves out candidates of unknown cost under a budget, and uses them without one', async () => {
    const model = modelOf([1, 1, 9], [[0], [1], [2]], [1, 1, null]);
    const budgeted = await solveMclp(model, { maxSites: 3, budget: 5 });
    expect(budgeted.selected).toEqual(['S0', 'S1']);
    expect(budgeted.excludedUnknownCost).toEqual(['S2']);
    expect((await solveMclp(model, { maxSites: 1 })).selected).toEqual(['S2']);
  });

  it('gives the same optimum with and without dropping dominated candidates', async () => {
    let dropped = 0;
    for (let seed = 300; seed < 315; seed++) {
      const model = randomModel(seed, 40, 12, { density: 0.15, costs: seed % 2 === 0 });
      const options = { maxSites: 3, budget: seed % 2 === 0 ? 12 : null, ...EXACT };
      const reduced = await solveMclp(model, { ...options, dropDominated: true });
      const full = await solveMclp(model, { ...options, dropDominated: false });
      expect(reduced.objective).toBe(full.objective);
      expect(reduced.reducedCols).toBeLessThanOrEqual(full.reducedCols);
      dropped += reduced.reduction.droppedDominated;
    }
    expect(dropped).toBeGreaterThan(0);
  });

  it('selects everything useful without solving when all candidates fit', async () => {
    const model = modelOf([1, 1, 1, 0], [[0], [1, 2], [], [3]]);
    const result = await solveMclp(model, { maxSites: 4 });
    expect(result).toMatchObject({ selected: ['S0', 'S1'], objective: 3, status: 'trivial', source: 'trivial', optimal: true, solveMs: 0 });
    expect((await solveMclp(model, { maxSites: 0 })).selected).toEqual([]);
  });

  it('returns at least the greedy plan and a valid bound when stopped by the time limit', async () => {
    const model = randomModel(9, 3000, 120, { density: 0.03 });
    const result = await solveMclp(model, { maxSites: 12, timeLimitS: 0.001 });
    expect(result.objective).toBeGreaterThanOrEqual(result.greedyObjective);
    expect(result.bound).toBeGreaterThanOrEqual(result.objective);
    expect(result.gapPct).toBeGreaterThanOrEqual(0);
    expect(result.objective).toBe(objectiveOf(model, result.selectedIndices));
    expect(result).toMatchObject({ status: 'time-limit', optimal: false });
  });

  it('rejects bad options', async () => {
    await expect(solveMclp(GREEDY_TRAP, { maxSites: 1.5 })).rejects.toThrow(/maxSites/);
    await expect(solveMclp(GREEDY_TRAP, { maxSites: 1, timeLimitS: 0 })).rejects.toThrow(/timeLimitS/);
    await expect(solveMclp(GREEDY_TRAP, { maxSites: 1, mipRelGap: -1 })).rejects.toThrow(/mipRelGap/);
  });
});
