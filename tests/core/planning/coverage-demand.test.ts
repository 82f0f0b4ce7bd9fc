import { describe, expect, it } from 'vitest';
import { buildDemandModel, demandComponents, sortedIndexOf, stepwiseCoverage } from '../../../server/core/planning/coverage-demand.ts';

// A 1×8 strip: pixel 7 outside the area, pixels 0-1 already covered.
const mask = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 0]);
const population = Float32Array.from([10, 10, 5, 5, 0, 20, 0, 99]);
const baseCovered = Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 0]);

describe('buildDemandModel', () => {
  const demand = buildDemandModel({
    mask,
    population,
    pixelAreaKm2: 0.5,
    baseCovered,
    reportWeights: new Map([
      [3, 2],
      [0, 5],
    ]),
    footprints: [
      { code: 'A', cost: 10, coveredPixels: Uint32Array.from([0, 1, 2, 3]) },
      { code: 'B', cost: null, coveredPixels: Uint32Array.from([3, 4, 5, 7]) },
    ],
    weights: { population: 1, reports: 10, areaKm2: 2 },
  });

  it('keeps only uncovered pixels inside the area that some candidate reaches', () => {
    expect([...demand.demandPixels]).toEqual([2, 3, 4, 5]);
    expect([...demand.model.candidates[0].covers]).toEqual([0, 1]);
    expect([...demand.model.candidates[1].covers]).toEqual([1, 2, 3]);
  });
  it('weighs each point by population, reports and area', () => {
    // pixel 3: 5 people + 2 reports × 10 + 0.5 km2 × 2 = 26
    expect([...demand.model.weights]).toEqual([5 + 1, 5 + 20 + 1, 0 + 1, 20 + 1]);
  });
  it('splits gains into km2, people and reports, counting shared pixels once', () => {
    const steps = stepwiseCoverage(demand, [1, 0]);
    expect(steps).toEqual([[1, 2, 3], [0]]);
    expect(demandComponents(demand, steps[0])).toEqual({ areaKm2: 1.5, population: 25, reports: 2 });
    expect(demandComponents(demand, steps[1])).toEqual({ areaKm2: 0.5, population: 5, reports: 0 });
  });
});

describe('sortedIndexOf', () => {
  it('finds a value in an ascending array by binary search, or -1', () => {
    const values = Uint32Array.from([2, 3, 5, 8, 13, 21]);
    expect([2, 3, 5, 8, 13, 21].map((v) => sortedIndexOf(values, v))).toEqual([0, 1, 2, 3, 4, 5]);
    expect([0, 4, 22].map((v) => sortedIndexOf(values, v))).toEqual([-1, -1, -1]);
    expect(sortedIndexOf(new Uint32Array(0), 1)).toBe(-1);
  });
});
