import { PlanningInputError } from './errors.ts';

/** A site that could be built, with the demand points it would cover. */
export interface CoverageCandidate {
  code: string;
  /** Build cost in the caller's currency unit; null when unknown. */
  cost: number | null;
  /** Indices into the demand weights, strictly increasing. */
  covers: Uint32Array;
}

/**
 * The maximum-coverage model shared by the greedy and exact planners: demand points with
 * weights (population, traffic or report score per raster cell), candidates covering subsets
 * of them, and optionally demand already covered by the existing network, which earns nothing.
 * Objective: maximise the weight of covered demand, each point counted once.
 */
export interface CoverageModel {
  /** Weight of each demand point, ≥ 0. */
  weights: Float64Array;
  candidates: readonly CoverageCandidate[];
  /** 1 where the existing network already covers the demand point (length = weights.length). */
  alreadyCovered?: Uint8Array;
}

/** Throw a PlanningInputError naming the first inconsistency of the model. */
export function validateCoverageModel(model: CoverageModel): void {
  const n = model.weights.length;
  for (let i = 0; i < n; i++) {
    const w = model.weights[i];
    if (!(Number.isFinite(w) && w >= 0)) fail(`weight of demand point ${i} must be finite and ≥ 0, got ${w}`);
  }
  if (model.alreadyCovered && model.alreadyCovered.length !== n) {
    fail(`alreadyCovered has length ${model.alreadyCovered.length}, expected ${n}`);
  }
  const codes = new Set<string>();
  for (const c of model.candidates) {
    if (codes.has(c.code)) fail(`candidate code "${c.code}" is repeated`);
    codes.add(c.code);
    if (c.cost !== null && !(Number.isFinite(c.cost) && c.cost >= 0)) fail(`candidate "${c.code}" has invalid cost ${c.cost}`);
    for (let k = 0; k < c.covers.length; k++) {
      const i = c.covers[k];
      if (i >= n) fail(`candidate "${c.code}" covers demand index ${i}, but there are ${n} points`);
      if (k > 0 && i <= c.covers[k - 1])
        fail(`candidate "${c.code}" covers are not strictly increasing at position ${k} (${c.covers[k - 1]}, ${i})`);
    }
  }
}

/** Demand weights with already-covered points set to 0: the weight a new site can still earn. */
export function effectiveWeights(model: CoverageModel): Float64Array {
  const w = Float64Array.from(model.weights);
  const covered = model.alreadyCovered;
  if (covered) for (let i = 0; i < w.length; i++) if (covered[i]) w[i] = 0;
  return w;
}

/** Weight newly covered by a set of candidates (indices into model.candidates), each point once. */
export function selectionObjective(model: CoverageModel, candidateIndices: Iterable<number>): number {
  const w = effectiveWeights(model);
  const seen = new Uint8Array(w.length);
  let total = 0;
  for (const j of candidateIndices) {
    for (const i of model.candidates[j].covers) {
      if (!seen[i]) {
        seen[i] = 1;
        total += w[i];
      }
    }
  }
  return total;
}

/** Demand → covering candidates, in CSR form: candidates of point i are `candidates[starts[i] .. starts[i + 1]]`. */
export interface CoveringIndex {
  starts: Uint32Array;
  candidates: Uint32Array;
}

/** Invert the candidates' cover lists; each point's list is in increasing candidate order. */
export function coveringIndex(model: CoverageModel, include: (j: number) => boolean = () => true): CoveringIndex {
  const n = model.weights.length;
  const starts = new Uint32Array(n + 1);
  model.candidates.forEach((c, j) => {
    if (include(j)) for (const i of c.covers) starts[i + 1]++;
  });
  for (let i = 0; i < n; i++) starts[i + 1] += starts[i];
  const fill = starts.slice(0, n);
  const candidates = new Uint32Array(starts[n]);
  model.candidates.forEach((c, j) => {
    if (include(j)) for (const i of c.covers) candidates[fill[i]++] = j;
  });
  return { starts, candidates };
}

function fail(message: string): never {
  throw new PlanningInputError('invalid-coverage-model', message);
}
