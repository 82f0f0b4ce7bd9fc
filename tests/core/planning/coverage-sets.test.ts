import { describe, expect, it } from 'vitest';
import { coveringIndex, effectiveWeights, selectionObjective, validateCoverageModel } from '../../../server/core/planning/coverage-sets.ts';
import { PlanningInputError } from '../../../server/core/planning/errors.ts';
import { modelOf, objectiveOf, randomModel } from './coverage-instances.ts';

describe('coverage model', () => {
  it('counts each demand point once and excludes existing coverage', () => {
    const model = modelOf([5, 1, 2, 7], [[0, 1], [1, 2], [3]], undefined, [0, 0, 0, 1]);
    expect(Array.from(effectiveWeights(model))).toEqual([5, 1, 2, 0]);
    expect(selectionObjective(model, [0, 1])).toBe(8);
    expect(selectionObjective(model, [0, 1, 2])).toBe(8);
    expect(selectionObjective(model, [])).toBe(0);
  });

  it('agrees with an independent evaluation on random selections', () => {
    const model = randomModel(11, 40, 8, { existing: 0.2 });
    for (const chosen of [[0], [1, 3], [2, 4, 6, 7], [0, 1, 2, 3, 4, 5, 6, 7]]) {
      expect(selectionObjective(model, chosen)).toBe(objectiveOf(model, chosen));
    }
  });

  it('inverts cover lists into per-point covering candidates', () => {
    const model = modelOf([1, 1, 1], [[0, 2], [2], [1, 2]]);
    const index = coveringIndex(model);
    const listOf = (i: number) => Array.from(index.candidates.subarray(index.starts[i], index.starts[i + 1]));
    expect([listOf(0), listOf(1), listOf(2)]).toEqual([[0], [2], [0, 1, 2]]);
    const without1 = coveringIndex(model, (j) => j !== 1);
    expect(Array.from(without1.candidates.subarray(without1.starts[2], without1.starts[3]))).toEqual([0, 2]);
  });

  it('rejects inconsistent models, quoting the bad value', () => {
    const base = modelOf([1, 1], [[0], [1]]);
    const bad = (patch: object) => () => validateCoverageModel({ ...base, ...patch });
    expect(bad({ weights: Float64Array.from([1, -1]) })).toThrow(/demand point 1 .* got -1/);
    expect(bad({ alreadyCovered: new Uint8Array(3) })).toThrow(/alreadyCovered has length 3/);
    expect(bad({ candidates: [{ code: 'A', cost: null, covers: Uint32Array.from([1, 0]) }] })).toThrow(/not strictly increasing/);
    expect(bad({ candidates: [{ code: 'A', cost: null, covers: Uint32Array.from([2]) }] })).toThrow(/index 2/);
    expect(bad({ candidates: [{ code: 'A', cost: -3, covers: new Uint32Array() }] })).toThrow(/invalid cost -3/);
    expect(bad({ candidates: [base.candidates[0], { ...base.candidates[1], code: 'S0' }] })).toThrow(PlanningInputError);
  });
});
