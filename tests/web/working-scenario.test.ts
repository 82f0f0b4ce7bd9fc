import { describe, expect, it } from 'vitest';
import {
  figuresChange,
  previewCandidates,
  scenarioChanges,
  withCandidate,
  withoutCandidate,
} from '../../web/src/planning/working-scenario.ts';

describe('working scenario', () => {
  it('adds a candidate once, at the end, and removes it', () => {
    expect(withCandidate(['A'], 'B')).toEqual(['A', 'B']);
    expect(withCandidate(['A', 'B'], 'A')).toEqual(['A', 'B']);
    expect(withoutCandidate(['A', 'B'], 'A')).toEqual(['B']);
    expect(previewCandidates(['A'], 'B')).toEqual(['A', 'B']);
    expect(previewCandidates(['A'], 'A')).toEqual(['A']);
    expect(previewCandidates(['A'], null)).toEqual(['A']);
  });

  it('saves the working candidates on top of the base scenario without touching it', () => {
    expect(scenarioChanges(null, ['CAND-003'])).toEqual({ addCandidates: ['CAND-003'], cellChanges: [], removeCells: [] });
    const base = { addCandidates: ['CAND-001'], cellChanges: [{ cell: 'S1/C1', powerDbm: 46 }], removeCells: ['S2/C1'] };
    const changes = scenarioChanges(base, ['CAND-003', 'CAND-001']);
    expect(changes).toEqual({
      addCandidates: ['CAND-001', 'CAND-003'],
      cellChanges: [{ cell: 'S1/C1', powerDbm: 46 }],
      removeCells: ['S2/C1'],
    });
    changes.cellChanges[0].powerDbm = 40;
    expect(base.cellChanges[0].powerDbm).toBe(46);
  });

  it('computes before, after and change of the quoted figures', () => {
    const before = { coveragePct: 92.63, populationPct: 97.72, coveredKm2: 1103.9, coveredPopulation: 498350, reportsUncovered: 371 };
    const after = { coveragePct: 97.53, populationPct: 98.18, coveredKm2: 1162.2, coveredPopulation: 500700, reportsUncovered: 216 };
    const c = figuresChange(before, after);
    expect(c.coveragePct.delta).toBeCloseTo(4.9, 6);
    expect(c.reportsUncovered).toEqual({ before: 371, after: 216, delta: -155 });
    expect(c.coveredPopulation.delta).toBe(2350);
  });
});
