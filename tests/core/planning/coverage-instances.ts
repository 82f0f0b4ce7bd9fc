import type { CoverageCandidate, CoverageModel } from '../../../server/core/planning/coverage-sets.ts';
import { seededRandom } from './seeded-random.ts';

/** Build a model from plain arrays: covers[j] lists demand indices of candidate j. */
export function modelOf(weights: number[], covers: number[][], costs?: (number | null)[], alreadyCovered?: number[]): CoverageModel {
  const candidates: CoverageCandidate[] = covers.map((list, j) => ({
    code: `S${j}`,
    cost: costs ? costs[j] : null,
    covers: Uint32Array.from([...new Set(list)].sort((a, b) => a - b)),
  }));
  return { weights: Float64Array.from(weights), candidates, alreadyCovered: alreadyCovered && Uint8Array.from(alreadyCovered) };
}

/**
 * Greedy fails here: S2 covers the most, but S0 + S1 cover everything.
 * Weights 1; k = 2: greedy 5 (S2 then S0), optimum 6 (S0, S1).
 */
export const GREEDY_TRAP = modelOf(
  [1, 1, 1, 1, 1, 1],
  [
    [0, 1, 2],
    [3, 4, 5],
    [1, 2, 3, 4],
  ],
);

/** Random instance: n demand points with random weights, m candidates covering random subsets. */
export function randomModel(
  seed: number,
  n: number,
  m: number,
  options: { density?: number; costs?: boolean; existing?: number } = {},
): CoverageModel {
  const random = seededRandom(seed);
  const density = options.density ?? 0.25;
  const weights = Array.from({ length: n }, () => Math.round(1 + 9 * random()));
  const covers = Array.from({ length: m }, () => Array.from({ length: n }, (_, i) => i).filter(() => random() < density));
  const costs = options.costs ? Array.from({ length: m }, () => Math.round(1 + 9 * random())) : undefined;
  const existing = options.existing ? Array.from({ length: n }, () => (random() < options.existing! ? 1 : 0)) : undefined;
  return modelOf(weights, covers, costs, existing);
}

/** Best objective over all subsets of at most k candidates within the budget (brute force). */
export function bruteForce(model: CoverageModel, k: number, budget: number | null = null): number {
  const m = model.candidates.length;
  let best = 0;
  for (let mask = 0; mask < 1 << m; mask++) {
    const chosen = Array.from({ length: m }, (_, j) => j).filter((j) => mask & (1 << j));
    if (chosen.length > k) continue;
    if (budget !== null) {
      if (chosen.some((j) => model.candidates[j].cost === null)) continue;
      if (chosen.reduce((a, j) => a + (model.candidates[j].cost ?? 0), 0) > budget) continue;
    }
    best = Math.max(best, objectiveOf(model, chosen));
  }
  return best;
}

/** Covered weight of a selection, computed independently of the planning code. */
export function objectiveOf(model: CoverageModel, chosen: number[]): number {
  const covered = new Set<number>();
  for (const j of chosen) for (const i of model.candidates[j].covers) if (!model.alreadyCovered?.[i]) covered.add(i);
  let total = 0;
  for (const i of covered) total += model.weights[i];
  return total;
}
