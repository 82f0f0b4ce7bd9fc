import type { Highs, ModelData } from 'highs';
import { selectionObjective, validateCoverageModel, type CoverageModel } from './coverage-sets.ts';
import { PlanningInputError } from './errors.ts';
import { greedyMaxCoverage, type GreedyResult } from './greedy.ts';
import { loadHighsSolver } from './highs-solver.ts';
import { reduceMclp, type ReducedMclp, type ReductionStats } from './mclp-reduction.ts';

export interface MclpOptions {
  /** Most sites to select (integer ≥ 0). */
  maxSites: number;
  /** Total cost cap; candidates of unknown cost are then left out. null/undefined = no budget. */
  budget?: number | null;
  /** Wall-clock limit for the solver, seconds (default 10). */
  timeLimitS?: number;
  /** Relative MIP gap at which HiGHS stops and calls the plan optimal (default 1e-4; 0 = exact). */
  mipRelGap?: number;
  /** Drop candidates dominated by a no-dearer one covering a superset (default true). */
  dropDominated?: boolean;
}

export interface MclpResult {
  /** Codes of the selected candidates, in input order. */
  selected: string[];
  selectedIndices: number[];
  /** Weight newly covered by the plan, evaluated on the original model. */
  objective: number;
  /** Proven optimal within `mipRelGap`. */
  optimal: boolean;
  /** Upper bound on the optimum (the solver's dual bound when it stopped early). */
  bound: number;
  /** 100 × (bound - objective) / bound: the most coverage the plan may be missing, percent of the bound. */
  gapPct: number;
  /** HiGHS model status in kebab case ('optimal', 'time-limit', ...), or 'trivial' when no solve was needed. */
  status: string;
  /** Where the plan comes from: the solver, the greedy plan (solver no better), or a trivial case. */
  source: 'solver' | 'greedy' | 'trivial';
  /** Objective of the greedy plan, a lower bound given to the solver as its starting solution. */
  greedyObjective: number;
  totalCost: number;
  reduceMs: number;
  solveMs: number;
  /** Coverage rows (merged demand classes) and candidate columns of the MILP after reduction. */
  reducedRows: number;
  reducedCols: number;
  reduction: ReductionStats;
  excludedUnknownCost: string[];
}

/**
 * Maximal covering location problem (Church & ReVelle 1974) solved exactly with HiGHS:
 * max Σ w_i y_i s.t. y_i ≤ Σ_{j covers i} x_j, Σ x_j ≤ maxSites, Σ cost_j x_j ≤ budget,
 * x binary, y ∈ [0, 1]. The model is reduced first (see `reduceMclp`) and seeded with the
 * lazy-greedy plan; the returned plan is never worse than greedy's.
 */
export async function solveMclp(model: CoverageModel, options: MclpOptions): Promise<MclpResult> {
  validateCoverageModel(model);
  const settings = resolveOptions(options);
  const greedy = greedyMaxCoverage(model, { maxSites: settings.maxSites, budget: settings.budget });

  const t0 = performance.now();
  const eligible = model.candidates.map((c) => settings.budget === null || (c.cost !== null && c.cost <= settings.budget));
  const costs = settings.budget === null ? null : model.candidates.map((c) => c.cost ?? 0);
  const reduced = reduceMclp(model, { eligible, costs, dropDominated: settings.dropDominated });
  const reduceMs = performance.now() - t0;

  const upperBound = sum(reduced.columnWeight) + sum(reduced.rowWeight);
  const trivial = trivialPlan(reduced, settings, costs);
  const outcome = trivial
    ? { columns: trivial, status: 'trivial', optimal: true, dualBound: upperBound, solveMs: 0 }
    : solveReduced(await loadHighsSolver(), reduced, settings, warmStartColumns(greedy, reduced), costs);
  return assemble(model, greedy, reduced, outcome, { reduceMs, upperBound });
}

type ResolvedOptions = Required<Omit<MclpOptions, 'budget'>> & { budget: number | null };

function resolveOptions(options: MclpOptions): ResolvedOptions {
  const s = { timeLimitS: 10, mipRelGap: 1e-4, dropDominated: true, ...options, budget: options.budget ?? null };
  if (!(Number.isInteger(s.maxSites) && s.maxSites >= 0)) invalid(`maxSites must be an integer ≥ 0, got ${s.maxSites}`);
  if (s.budget !== null && !(Number.isFinite(s.budget) && s.budget >= 0)) invalid(`budget must be a number ≥ 0, got ${s.budget}`);
  if (!(s.timeLimitS > 0)) invalid(`timeLimitS must be > 0, got ${s.timeLimitS}`);
  if (!(Number.isFinite(s.mipRelGap) && s.mipRelGap >= 0)) invalid(`mipRelGap must be ≥ 0, got ${s.mipRelGap}`);
  return s;
}

function invalid(message: string): never {
  throw new PlanningInputError('invalid-option', message);
}

/** All columns when they all fit (or none when nothing can be selected); null when a solve is needed. */
function trivialPlan(reduced: ReducedMclp, s: ResolvedOptions, costs: readonly number[] | null): number[] | null {
  const m = reduced.columns.length;
  if (m === 0 || s.maxSites === 0) return [];
  const allCost = costs ? Array.from(reduced.columns).reduce((a, j) => a + costs[j], 0) : 0;
  if (m <= s.maxSites && (s.budget === null || allCost <= s.budget)) return Array.from({ length: m }, (_, c) => c);
  return null;
}

/** The greedy plan expressed in reduced columns (dominated picks replaced by their dominators). */
function warmStartColumns(greedy: GreedyResult, reduced: ReducedMclp): number[] {
  const cols = new Set<number>();
  for (const pick of greedy.selected) if (reduced.columnOf[pick.index] >= 0) cols.add(reduced.columnOf[pick.index]);
  return [...cols];
}

interface SolveOutcome {
  /** Selected reduced columns. */
  columns: number[];
  status: string;
  optimal: boolean;
  dualBound: number;
  solveMs: number;
}

function solveReduced(
  highs: Highs,
  reduced: ReducedMclp,
  s: ResolvedOptions,
  start: number[],
  costs: readonly number[] | null,
): SolveOutcome {
  const data = buildMilp(highs, reduced, s, costs);
  const model = highs.createModel(data);
  try {
    model.options.set({ output_flag: false, time_limit: s.timeLimitS, mip_rel_gap: s.mipRelGap });
    model.setSolution({ colValue: startVector(reduced, start) });
    const t0 = performance.now();
    const { modelStatus } = model.run();
    const solveMs = performance.now() - t0;
    const hasSolution = Number(model.info.get('primal_solution_status')) === SOLUTION_STATUS_FEASIBLE;
    const x = hasSolution ? model.getSolution().colValue : null;
    const m = reduced.columns.length;
    const columns = x ? Array.from({ length: m }, (_, c) => c).filter((c) => x[c] > 0.5) : [];
    return {
      columns,
      status: statusName(highs, modelStatus),
      optimal: modelStatus === highs.constants.modelStatus.optimal,
      dualBound: Number(model.info.get('mip_dual_bound')),
      solveMs,
    };
  } finally {
    model.dispose();
  }
}

/** HiGHS `primal_solution_status` value meaning a feasible primal solution is available. */
const SOLUTION_STATUS_FEASIBLE = 2;

/** Columns: x_c (binary) for c < m, then y_r (continuous, [0, 1]); rows in CSR. */
function buildMilp(highs: Highs, reduced: ReducedMclp, s: ResolvedOptions, costs: readonly number[] | null): ModelData {
  const m = reduced.columns.length,
    r = reduced.rowWeight.length;
  const starts: number[] = [0],
    indices: number[] = [],
    values: number[] = [];
  const rowUpper: number[] = [];
  for (let row = 0; row < r; row++) {
    indices.push(m + row);
    values.push(1);
    for (let k = reduced.rowStart[row]; k < reduced.rowStart[row + 1]; k++) {
      indices.push(reduced.rowColumns[k]);
      values.push(-1);
    }
    starts.push(indices.length);
    rowUpper.push(0);
  }
  if (s.maxSites < m) {
    for (let c = 0; c < m; c++) {
      indices.push(c);
      values.push(1);
    }
    starts.push(indices.length);
    rowUpper.push(s.maxSites);
  }
  if (s.budget !== null && costs) {
    for (let c = 0; c < m; c++) {
      indices.push(c);
      values.push(costs[reduced.columns[c]]);
    }
    starts.push(indices.length);
    rowUpper.push(s.budget);
  }
  const numRows = rowUpper.length,
    numCols = m + r;
  const integrality = new Int32Array(numCols);
  integrality.fill(highs.constants.variableType.integer, 0, m);
  return {
    numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: Float64Array.from([...reduced.columnWeight, ...reduced.rowWeight]),
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    rowLower: new Float64Array(numRows).fill(-highs.infinity),
    rowUpper: Float64Array.from(rowUpper),
    matrix: {
      format: 'csr',
      numRows,
      numCols,
      starts: Int32Array.from(starts),
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
    },
    integrality,
  };
}

/** Dense start vector: chosen columns at 1 and each row covered by one of them at 1. */
function startVector(reduced: ReducedMclp, columns: number[]): Float64Array {
  const m = reduced.columns.length,
    r = reduced.rowWeight.length;
  const v = new Float64Array(m + r);
  for (const c of columns) v[c] = 1;
  for (let row = 0; row < r; row++) {
    for (let k = reduced.rowStart[row]; k < reduced.rowStart[row + 1]; k++) {
      if (v[reduced.rowColumns[k]] === 1) {
        v[m + row] = 1;
        break;
      }
    }
  }
  return v;
}

function statusName(highs: Highs, code: number): string {
  const entry = Object.entries(highs.constants.modelStatus).find(([, value]) => value === code);
  return entry ? entry[0].replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`) : `status-${code}`;
}

function assemble(
  model: CoverageModel,
  greedy: GreedyResult,
  reduced: ReducedMclp,
  outcome: SolveOutcome,
  extra: { reduceMs: number; upperBound: number },
): MclpResult {
  const solverIndices = outcome.columns.map((c) => reduced.columns[c]).sort((a, b) => a - b);
  const solverObjective = selectionObjective(model, solverIndices);
  const useGreedy = greedy.objective > solverObjective;
  const selectedIndices = useGreedy ? greedy.selected.map((p) => p.index).sort((a, b) => a - b) : solverIndices;
  const objective = useGreedy ? greedy.objective : solverObjective;
  const dual = Number.isFinite(outcome.dualBound) ? Math.min(outcome.dualBound, extra.upperBound) : extra.upperBound;
  const bound = Math.max(dual, objective);
  return {
    selected: selectedIndices.map((j) => model.candidates[j].code),
    selectedIndices,
    objective,
    optimal: outcome.optimal,
    bound,
    gapPct: bound > 0 ? (100 * (bound - objective)) / bound : 0,
    status: outcome.status,
    source: useGreedy ? 'greedy' : outcome.status === 'trivial' ? 'trivial' : 'solver',
    greedyObjective: greedy.objective,
    totalCost: selectedIndices.reduce((a, j) => a + (model.candidates[j].cost ?? 0), 0),
    reduceMs: extra.reduceMs,
    solveMs: outcome.solveMs,
    reducedRows: reduced.rowWeight.length,
    reducedCols: reduced.columns.length,
    reduction: reduced.stats,
    excludedUnknownCost: greedy.excludedUnknownCost,
  };
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
