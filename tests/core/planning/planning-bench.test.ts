import { describe, expect, it } from 'vitest';
import { runPlanningBench } from '../../../scripts/bench/planning.ts';

describe('planning bench (small sizes)', () => {
  it('runs end to end and reports consistent figures', async () => {
    const lines: string[] = [];
    const figures = await runPlanningBench(
      { demandPoints: 2500, candidates: 40, maxSites: 5, dbscanPoints: 3000, minCoverPoints: 60, maxCoverPoints: 250 },
      (line) => lines.push(line),
    );
    expect(lines.length).toBeGreaterThanOrEqual(7);
    expect(figures.meanCoverPoints).toBeGreaterThan(40);
    expect(figures.meanCoverPoints).toBeLessThan(250);
    for (const exact of [figures.exact, figures.exactBudget, figures.exactWithExisting]) {
      expect(exact.objective).toBeGreaterThanOrEqual(exact.greedyObjective);
      expect(exact.reducedRows).toBeLessThan(figures.demandPoints);
      expect(exact.sites).toBeLessThanOrEqual(5);
    }
    expect(figures.exact.greedyObjective).toBe(figures.greedyObjective);
    expect(figures.dbscanClusters).toBeGreaterThan(0);
  });
});
