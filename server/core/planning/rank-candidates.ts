import { effectiveWeights, validateCoverageModel, type CoverageModel } from './coverage-sets.ts';

export interface CandidateRank {
  code: string;
  /** Index into model.candidates. */
  index: number;
  /** 1 for the largest gain. */
  rank: number;
  /** Weight the candidate would newly cover on its own. */
  gain: number;
  /** Part of `gain` that no other candidate covers. */
  uniqueGain: number;
  cost: number | null;
  /** gain / cost; null when the cost is unknown or zero. */
  gainPerCost: number | null;
}

/**
 * Each candidate's marginal gain over the existing network when built alone, sorted by gain
 * (then by input order). Linear in the total size of the cover lists.
 */
export function rankCandidates(model: CoverageModel): CandidateRank[] {
  validateCoverageModel(model);
  const weights = effectiveWeights(model);
  const coverers = new Uint32Array(weights.length);
  for (const c of model.candidates) for (const i of c.covers) coverers[i]++;
  const ranks = model.candidates.map((c, index): CandidateRank => {
    let gain = 0,
      uniqueGain = 0;
    for (const i of c.covers) {
      gain += weights[i];
      if (coverers[i] === 1) uniqueGain += weights[i];
    }
    const gainPerCost = c.cost !== null && c.cost > 0 ? gain / c.cost : null;
    return { code: c.code, index, rank: 0, gain, uniqueGain, cost: c.cost, gainPerCost };
  });
  ranks.sort((a, b) => b.gain - a.gain || a.index - b.index);
  ranks.forEach((r, k) => {
    r.rank = k + 1;
  });
  return ranks;
}
