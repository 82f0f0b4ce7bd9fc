import { demandComponents, stepwiseCoverage, type DemandModel } from './coverage-demand.ts';
import { greedyMaxCoverage } from './greedy.ts';
import { solveMclp } from './mclp.ts';
import { rankCandidates, type CandidateRank } from './rank-candidates.ts';

/** Newly covered km2, residents and tier-weighted reports. */
export interface DemandParts {
  areaKm2: number;
  population: number;
  reports: number;
}

export interface PlanSelectionOptions {
  method: 'greedy' | 'exact';
  /** Most sites to select. */
  maxSites: number;
  /** Total cost cap; null = none. */
  budget: number | null;
  /** Exact method: the solver's wall-clock limit, seconds. */
  timeLimitS: number;
}

/** One selected candidate, in plan order, with what it adds to the ones before it. */
export interface SelectedStep extends DemandParts {
  /** Index into the model's candidates. */
  index: number;
  /** Weight newly covered by this step. */
  gain: number;
}

export interface PlanSelection {
  steps: SelectedStep[];
  /** Proven optimal (exact within the solver's gap; greedy only when every candidate fits). */
  optimal: boolean;
  /** Exact method: the solver's bound, the gap to it (percent) and its status; null for greedy. */
  bound: number | null;
  gapPct: number | null;
  solverStatus: string | null;
}

/**
 * Choose the sites of a plan on a demand model, greedy (lazy greedy) or exact (MCLP with HiGHS, never
 * worse than greedy), and split each step's gain into km2, people and reports. Steps come in the
 * greedy-like order (largest gain given the ones before first) so that each step's gain reads naturally.
 */
export async function selectPlan(demand: DemandModel, options: PlanSelectionOptions): Promise<PlanSelection> {
  const { maxSites, budget } = options;
  let indices: number[];
  let result: Omit<PlanSelection, 'steps'>;
  if (options.method === 'exact') {
    const mclp = await solveMclp(demand.model, { maxSites, budget, timeLimitS: options.timeLimitS });
    indices = orderByGain(demand, mclp.selectedIndices);
    result = { optimal: mclp.optimal, bound: mclp.bound, gapPct: mclp.gapPct, solverStatus: mclp.status };
  } else {
    indices = greedyMaxCoverage(demand.model, { maxSites, budget }).selected.map((s) => s.index);
    result = { optimal: demand.model.candidates.length <= maxSites && !budget, bound: null, gapPct: null, solverStatus: null };
  }
  const fresh = stepwiseCoverage(demand, indices);
  const steps = indices.map((index, k) => {
    let gain = 0;
    for (const i of fresh[k]) gain += demand.model.weights[i];
    return { index, gain, ...demandComponents(demand, fresh[k]) };
  });
  return { steps, ...result };
}

/** Each candidate's rank by marginal gain over the model's network, with the gain split into km2, people, reports. */
export function rankDemand(demand: DemandModel): Array<CandidateRank & DemandParts> {
  return rankCandidates(demand.model).map((r) => ({ ...r, ...demandComponents(demand, demand.model.candidates[r.index].covers) }));
}

/** Order a selection so that each next site has the largest gain given those before it. */
export function orderByGain(demand: DemandModel, indices: readonly number[]): number[] {
  const left = [...indices];
  const seen = new Uint8Array(demand.demandPixels.length);
  const out: number[] = [];
  while (left.length > 0) {
    let best = 0;
    let bestGain = -1;
    left.forEach((j, k) => {
      let g = 0;
      for (const i of demand.model.candidates[j].covers) if (!seen[i]) g += demand.model.weights[i];
      if (g > bestGain) [best, bestGain] = [k, g];
    });
    const [j] = left.splice(best, 1);
    for (const i of demand.model.candidates[j].covers) seen[i] = 1;
    out.push(j);
  }
  return out;
}
