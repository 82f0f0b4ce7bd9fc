import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMAND_WEIGHTS } from '../../../server/core/planning/coverage-demand.ts';
import { scoreParts } from '../../../server/core/planning/score-parts.ts';

describe('scoreParts', () => {
  it('splits the score into km², people and tier-weighted reports times their weights (known answers)', () => {
    expect(DEFAULT_DEMAND_WEIGHTS).toEqual({ population: 1, reports: 100, areaKm2: 200 });
    // Few km² but many people and complaints (a C-net town site)...
    expect(scoreParts({ areaKm2: 3.3, population: 14200, reports: 380 }, DEFAULT_DEMAND_WEIGHTS)).toEqual({
      areaKm2: 660,
      population: 14200,
      reports: 38000,
      total: 52860,
    });
    // ...outranks much more area with fewer complaints.
    const wide = scoreParts({ areaKm2: 56, population: 11200, reports: 83 }, DEFAULT_DEMAND_WEIGHTS);
    expect(wide).toEqual({ areaKm2: 11200, population: 11200, reports: 8300, total: 30700 });
    // Other weights: area alone.
    expect(scoreParts({ areaKm2: 56, population: 11200, reports: 83 }, { population: 0, reports: 0, areaKm2: 1 }).total).toBe(56);
  });
});
