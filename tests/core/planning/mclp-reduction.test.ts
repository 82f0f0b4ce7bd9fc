import { describe, expect, it } from 'vitest';
import type { CoverageModel } from '../../../server/core/planning/coverage-sets.ts';
import { reduceMclp, type ReducedMclp } from '../../../server/core/planning/mclp-reduction.ts';
import { modelOf, objectiveOf, randomModel } from './coverage-instances.ts';
import { seededRandom } from './seeded-random.ts';

/** Objective of a set of reduced columns, evaluated on the reduced model. */
function reducedObjective(reduced: ReducedMclp, columns: Set<number>): number {
  let total = 0;
  for (const c of columns) total += reduced.columnWeight[c];
  reduced.rowWeight.forEach((w, r) => {
    for (let k = reduced.rowStart[r]; k < reduced.rowStart[r + 1]; k++)
      if (columns.has(reduced.rowColumns[k])) {
        total += w;
        break;
      }
  });
  return total;
}

const allEligible = (model: CoverageModel) => model.candidates.map(() => true);

describe('reduceMclp', () => {
  it('drops covered, weightless and uncoverable points and merges identical coverer sets', () => {
    // Points 0-2 covered by {S0, S1}, 3 by S0 only, 4 by nothing, 5 already covered, 6 weightless.
    const model = modelOf(
      [1, 2, 3, 4, 5, 6, 0],
      [
        [0, 1, 2, 3, 5, 6],
        [0, 1, 2],
      ],
      undefined,
      [0, 0, 0, 0, 0, 1, 0],
    );
    const reduced = reduceMclp(model, { eligible: allEligible(model), costs: null, dropDominated: false });
    expect(reduced.stats).toMatchObject({
      demandPoints: 7,
      droppedAlreadyCovered: 1,
      droppedZeroWeight: 1,
      droppedUncoverable: 1,
      coverableDemand: 4,
      droppedDominated: 0,
      droppedEmpty: 0,
      foldedRows: 1,
    });
    expect(Array.from(reduced.columns)).toEqual([0, 1]);
    expect(Array.from(reduced.rowWeight)).toEqual([6]);
    expect(Array.from(reduced.columnWeight)).toEqual([4, 0]);
  });

  it('drops a candidate whose coverage another no-dearer one contains', () => {
    const model = modelOf([1, 1, 1], [[0, 1], [0, 1, 2], [2]], [5, 5, 1]);
    const byCount = reduceMclp(model, { eligible: allEligible(model), costs: null, dropDominated: true });
    expect(Array.from(byCount.columns)).toEqual([1]);
    expect(Array.from(byCount.columnOf)).toEqual([0, 0, 0]);
    const byCost = reduceMclp(model, { eligible: allEligible(model), costs: [5, 5, 1], dropDominated: true });
    expect(Array.from(byCost.columns)).toEqual([1, 2]);
    expect(byCost.stats.droppedDominated).toBe(1);
  });

  it('keeps one of several identical candidates', () => {
    const model = modelOf(
      [1, 1],
      [
        [0, 1],
        [0, 1],
        [0, 1],
      ],
    );
    const reduced = reduceMclp(model, { eligible: allEligible(model), costs: null, dropDominated: true });
    expect(Array.from(reduced.columns)).toEqual([0]);
    expect(Array.from(reduced.columnOf)).toEqual([0, 0, 0]);
  });

  it('preserves the objective of every selection of kept candidates, and never loses by substitution', () => {
    const random = seededRandom(5);
    for (let seed = 1; seed <= 10; seed++) {
      const model = randomModel(seed, 60, 12, { density: 0.15, existing: 0.2 });
      const reduced = reduceMclp(model, { eligible: allEligible(model), costs: null, dropDominated: seed % 2 === 0 });
      expect(reduced.stats.foldedRows + reduced.rowWeight.length).toBeLessThanOrEqual(reduced.stats.coverableDemand);
      for (let trial = 0; trial < 40; trial++) {
        const chosen = model.candidates.map((_, j) => j).filter(() => random() < 0.3);
        const columns = new Set(chosen.map((j) => reduced.columnOf[j]).filter((c) => c >= 0));
        const original = objectiveOf(model, chosen);
        const mapped = reducedObjective(reduced, columns);
        const keptOnly = chosen.every((j) => reduced.columns.includes(j));
        if (keptOnly) expect(mapped).toBeCloseTo(original, 9);
        else expect(mapped).toBeGreaterThanOrEqual(original - 1e-9);
      }
    }
  });

  it('leaves ineligible candidates out', () => {
    const model = modelOf([1, 1], [[0], [1]]);
    const reduced = reduceMclp(model, { eligible: [true, false], costs: null, dropDominated: true });
    expect(Array.from(reduced.columns)).toEqual([0]);
    expect(reduced.stats).toMatchObject({ ineligibleCandidates: 1, droppedUncoverable: 1 });
  });
});
