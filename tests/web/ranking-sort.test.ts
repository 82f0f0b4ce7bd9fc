import { describe, expect, it } from 'vitest';
import type { RankingItem } from '../../web/src/api/types.ts';
import { sortRanking } from '../../web/src/ui/planning-tab.ts';

const item = (rank: number, code: string, km2: number, people: number, reports: number, cost: number | null): RankingItem =>
  ({
    rank,
    code,
    score: km2 * 200 + people + reports * 100,
    newlyCoveredKm2: km2,
    newlyCoveredPopulation: people,
    newlyCoveredReports: reports,
    cost,
    scorePerCost: cost ? (km2 * 200 + people + reports * 100) / cost : null,
    scoreParts: { areaKm2: km2 * 200, population: people, reports: reports * 100 },
  }) as RankingItem;

describe('sortRanking', () => {
  // The demo's C-net case: CAND-002 (3.3 km², many people and reports) ranks above CAND-009 (56 km²).
  const items = [item(1, 'CAND-002', 3.3, 14200, 380, 58), item(2, 'CAND-009', 56, 11200, 83, 24), item(3, 'CAND-X', 1, 0, 0, null)];

  it('keeps the score order by default and sorts by any part on request', () => {
    expect(sortRanking(items, 'score').map((i) => i.code)).toEqual(['CAND-002', 'CAND-009', 'CAND-X']);
    expect(sortRanking(items, 'km2').map((i) => i.code)).toEqual(['CAND-009', 'CAND-002', 'CAND-X']);
    expect(sortRanking(items, 'people').map((i) => i.code)).toEqual(['CAND-002', 'CAND-009', 'CAND-X']);
    expect(sortRanking(items, 'reports').map((i) => i.code)).toEqual(['CAND-002', 'CAND-009', 'CAND-X']);
    // Cheapest first, unknown cost last.
    expect(sortRanking(items, 'cost').map((i) => i.code)).toEqual(['CAND-009', 'CAND-002', 'CAND-X']);
    expect(sortRanking(items, 'scorePerCost').map((i) => i.code)).toEqual(['CAND-009', 'CAND-002', 'CAND-X']);
    expect(items.map((i) => i.code)).toEqual(['CAND-002', 'CAND-009', 'CAND-X']);
  });
});
