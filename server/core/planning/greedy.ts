import { effectiveWeights, validateCoverageModel, type CoverageModel } from './coverage-sets.ts';
import { PlanningInputError } from './errors.ts';
import { MaxHeap } from './max-heap.ts';

export interface GreedyOptions {
  /** Most sites to select (integer ≥ 0). */
  maxSites: number;
  /** Total cost cap; candidates of unknown cost are then left out. null/undefined = no budget. */
  budget?: number | null;
}

export interface GreedyPick {
  code: string;
  /** Index into model.candidates. */
  index: number;
  /** 1 for the first site selected. */
  order: number;
  /** Weight newly covered by this site given the sites before it. */
  gain: number;
  /** Weight covered by the sites up to and including this one. */
  cumulative: number;
  cost: number | null;
}

export interface GreedyResult {
  selected: GreedyPick[];
  /** Weight newly covered by the selection. */
  objective: number;
  /** Sum of the selected costs (unknown costs count 0). */
  totalCost: number;
  /** 'gain': plain greedy; 'gain-per-cost': budgeted greedy; 'best-single': the best affordable site alone beat it. */
  rule: 'gain' | 'gain-per-cost' | 'best-single';
  /** Marginal-gain evaluations performed (lazy evaluation keeps this near the candidate count). */
  evaluations: number;
  /** Codes left out because a budget was given and their cost is unknown. */
  excludedUnknownCost: string[];
}

/**
 * Greedy maximum coverage with lazy evaluation (CELF: Leskovec et al. 2007; Minoux 1978).
 * Without a budget, picking the largest marginal gain up to `maxSites` times achieves at least
 * (1 - 1/e) of the optimum (Nemhauser, Wolsey & Fisher 1978). With a budget, candidates are
 * ranked by gain per cost, unaffordable ones are skipped, and the result is compared with the
 * best affordable single site, which keeps a ½(1 - 1/e) guarantee (Khuller, Moss & Naor 1999).
 * Ties go to the larger gain, then to the earlier candidate.
 */
export function greedyMaxCoverage(model: CoverageModel, options: GreedyOptions): GreedyResult {
  validateCoverageModel(model);
  const budget = validateGreedyOptions(options);
  const weights = effectiveWeights(model);
  const eligible = model.candidates.map((c) => budget === null || (c.cost !== null && c.cost <= budget));
  const excludedUnknownCost = budget === null ? [] : model.candidates.filter((c) => c.cost === null).map((c) => c.code);

  const run = lazyGreedy(model, weights, eligible, options.maxSites, budget);
  if (budget === null) return { ...run, rule: 'gain', excludedUnknownCost };
  const single = bestSingle(model, weights, eligible);
  if (options.maxSites >= 1 && single && single.gain > run.objective) {
    const c = model.candidates[single.index];
    const pick: GreedyPick = { code: c.code, index: single.index, order: 1, gain: single.gain, cumulative: single.gain, cost: c.cost };
    return {
      selected: [pick],
      objective: single.gain,
      totalCost: c.cost ?? 0,
      rule: 'best-single',
      evaluations: run.evaluations,
      excludedUnknownCost,
    };
  }
  return { ...run, rule: 'gain-per-cost', excludedUnknownCost };
}

function validateGreedyOptions(options: GreedyOptions): number | null {
  if (!(Number.isInteger(options.maxSites) && options.maxSites >= 0)) {
    throw new PlanningInputError('invalid-option', `maxSites must be an integer ≥ 0, got ${options.maxSites}`);
  }
  const budget = options.budget ?? null;
  if (budget !== null && !(Number.isFinite(budget) && budget >= 0)) {
    throw new PlanningInputError('invalid-option', `budget must be a number ≥ 0, got ${budget}`);
  }
  return budget;
}

type LazyRun = Pick<GreedyResult, 'selected' | 'objective' | 'totalCost' | 'evaluations'>;

function lazyGreedy(model: CoverageModel, weights: Float64Array, eligible: boolean[], maxSites: number, budget: number | null): LazyRun {
  const covered = new Uint8Array(weights.length);
  const heap = new MaxHeap(model.candidates.length);
  const freshAt = new Int32Array(model.candidates.length);
  const cost = (j: number): number => (budget === null ? 0 : (model.candidates[j].cost ?? 0));
  let evaluations = 0;
  model.candidates.forEach((c, j) => {
    if (!eligible[j]) return;
    const gain = marginalGain(c.covers, weights, covered);
    evaluations++;
    heap.push(j, rankKey(gain, cost(j), budget), gain);
  });

  const selected: GreedyPick[] = [];
  let objective = 0,
    spent = 0;
  while (selected.length < maxSites && heap.size > 0) {
    const j = heap.peek();
    if (budget !== null && spent + cost(j) > budget) {
      heap.pop();
      continue;
    }
    if (freshAt[j] === selected.length) {
      heap.pop();
      const gain = marginalGain(model.candidates[j].covers, weights, covered);
      if (gain <= 0) break;
      for (const i of model.candidates[j].covers) covered[i] = 1;
      objective += gain;
      spent += cost(j);
      const c = model.candidates[j];
      selected.push({ code: c.code, index: j, order: selected.length + 1, gain, cumulative: objective, cost: c.cost });
      continue;
    }
    heap.pop();
    const gain = marginalGain(model.candidates[j].covers, weights, covered);
    evaluations++;
    freshAt[j] = selected.length;
    heap.push(j, rankKey(gain, cost(j), budget), gain);
  }
  const totalCost = selected.reduce((sum, p) => sum + (p.cost ?? 0), 0);
  return { selected, objective, totalCost, evaluations };
}

/** Heap key: the gain, or with a budget the gain per cost (a free site with gain ranks first). */
function rankKey(gain: number, cost: number, budget: number | null): number {
  if (budget === null || gain <= 0) return gain;
  return cost > 0 ? gain / cost : Infinity;
}

/** Weight of the points in `covers` not yet covered. */
export function marginalGain(covers: Uint32Array, weights: Float64Array, covered: Uint8Array): number {
  let gain = 0;
  for (let k = 0; k < covers.length; k++) {
    const i = covers[k];
    if (!covered[i]) gain += weights[i];
  }
  return gain;
}

function bestSingle(model: CoverageModel, weights: Float64Array, eligible: boolean[]): { index: number; gain: number } | null {
  const none = new Uint8Array(weights.length);
  let best: { index: number; gain: number } | null = null;
  model.candidates.forEach((c, j) => {
    if (!eligible[j]) return;
    const gain = marginalGain(c.covers, weights, none);
    if (gain > 0 && (best === null || gain > best.gain)) best = { index: j, gain };
  });
  return best;
}
export { rankCandidates, type CandidateRank } from './rank-candidates.ts';
