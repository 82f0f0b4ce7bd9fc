import { coveringIndex, effectiveWeights, type CoverageModel } from './coverage-sets.ts';

/** How much the reduction removed; all counts refer to the original model unless named otherwise. */
export interface ReductionStats {
  demandPoints: number;
  droppedAlreadyCovered: number;
  droppedZeroWeight: number;
  /** Points with weight that no eligible candidate covers. */
  droppedUncoverable: number;
  /** Points left after the drops, before merging. */
  coverableDemand: number;
  candidates: number;
  /** Candidates left out before reduction (unknown cost under a budget, or cost above it). */
  ineligibleCandidates: number;
  /** Eligible candidates that cover no remaining demand. */
  droppedEmpty: number;
  droppedDominated: number;
  /** Rows covered by a single column, folded into that column's objective coefficient. */
  foldedRows: number;
}

/**
 * The MCLP after reduction: columns are kept candidates, rows are classes of demand points
 * covered by the same set of kept columns (at least two), each with the summed weight.
 */
export interface ReducedMclp {
  /** Original candidate index of each column. */
  columns: Int32Array;
  /** Weight earned by a column alone: demand that only this column covers. */
  columnWeight: Float64Array;
  rowWeight: Float64Array;
  /** Columns covering row r are rowColumns[rowStart[r] .. rowStart[r + 1]] (column indices, increasing). */
  rowStart: Uint32Array;
  rowColumns: Uint32Array;
  /** Per original candidate: the column that replaces it (itself or a dominating one), -1 if not kept. */
  columnOf: Int32Array;
  stats: ReductionStats;
}

export interface ReductionOptions {
  /** Which candidates may be selected at all. */
  eligible: readonly boolean[];
  /** Costs used for dominance (null = cardinality only, costs ignored). */
  costs: readonly number[] | null;
  dropDominated: boolean;
}

/**
 * Reduce a maximal covering instance without changing its optimum: drop demand already covered,
 * of zero weight or coverable by no candidate; merge points covered by the same candidate set
 * into one weighted row; drop candidates dominated by another that covers a superset of rows at
 * no greater cost; fold rows with a single coverer into that column's objective.
 */
export function reduceMclp(model: CoverageModel, options: ReductionOptions): ReducedMclp {
  const base = mergeDemand(model, options.eligible);
  const n = model.candidates.length;
  const groupsOf = candidateGroups(base.groupCandidates, n);
  const useful = Array.from({ length: n }, (_, j) => groupsOf[j].length > 0);
  const dominator = options.dropDominated ? dominators(groupsOf, useful, options.costs) : new Int32Array(n).fill(-1);

  const columns: number[] = [];
  const columnOf = new Int32Array(n).fill(-1);
  for (let j = 0; j < n; j++)
    if (useful[j] && dominator[j] < 0) {
      columnOf[j] = columns.length;
      columns.push(j);
    }
  for (let j = 0; j < n; j++) if (useful[j] && dominator[j] >= 0) columnOf[j] = columnOf[finalDominator(dominator, j)];

  const rows = mergeOverColumns(base.groupCandidates, base.groupWeight, columnOf, columns.length);
  const droppedDominated = Array.from(dominator).filter((d, j) => useful[j] && d >= 0).length;
  const eligibleCount = options.eligible.filter(Boolean).length;
  return {
    columns: Int32Array.from(columns),
    columnWeight: rows.columnWeight,
    rowWeight: rows.rowWeight,
    rowStart: rows.rowStart,
    rowColumns: rows.rowColumns,
    columnOf,
    stats: {
      ...base.stats,
      candidates: n,
      ineligibleCandidates: n - eligibleCount,
      droppedEmpty: eligibleCount - useful.filter(Boolean).length,
      droppedDominated,
      foldedRows: rows.foldedRows,
    },
  };
}

interface MergedDemand {
  /** Covering candidate indices of each class of identical demand. */
  groupCandidates: Uint32Array[];
  groupWeight: number[];
  stats: Pick<ReductionStats, 'demandPoints' | 'droppedAlreadyCovered' | 'droppedZeroWeight' | 'droppedUncoverable' | 'coverableDemand'>;
}

/** Group demand points by their (sorted) list of eligible covering candidates. */
function mergeDemand(model: CoverageModel, eligible: readonly boolean[]): MergedDemand {
  const weights = effectiveWeights(model);
  const index = coveringIndex(model, (j) => eligible[j]);
  const groupOfKey = new Map<string, number>();
  const groupCandidates: Uint32Array[] = [];
  const groupWeight: number[] = [];
  const stats = { demandPoints: weights.length, droppedAlreadyCovered: 0, droppedZeroWeight: 0, droppedUncoverable: 0, coverableDemand: 0 };
  for (let i = 0; i < weights.length; i++) {
    if (model.alreadyCovered?.[i]) {
      stats.droppedAlreadyCovered++;
      continue;
    }
    if (weights[i] === 0) {
      stats.droppedZeroWeight++;
      continue;
    }
    const list = index.candidates.subarray(index.starts[i], index.starts[i + 1]);
    if (list.length === 0) {
      stats.droppedUncoverable++;
      continue;
    }
    stats.coverableDemand++;
    const key = list.join(',');
    const g = groupOfKey.get(key);
    if (g === undefined) {
      groupOfKey.set(key, groupCandidates.length);
      groupCandidates.push(list);
      groupWeight.push(weights[i]);
    } else {
      groupWeight[g] += weights[i];
    }
  }
  return { groupCandidates, groupWeight, stats };
}

/** Per candidate, the increasing list of groups it covers. */
function candidateGroups(groupCandidates: Uint32Array[], n: number): number[][] {
  const groupsOf: number[][] = Array.from({ length: n }, () => []);
  groupCandidates.forEach((list, g) => {
    for (const j of list) groupsOf[j].push(g);
  });
  return groupsOf;
}

/**
 * dominator[j] = some k with groups(j) ⊆ groups(k) and cost(k) ≤ cost(j), strictly better or
 * equal with a smaller index (a strict order, so chains end at an undominated candidate); else -1.
 */
function dominators(groupsOf: number[][], useful: boolean[], costs: readonly number[] | null): Int32Array {
  const n = groupsOf.length;
  const dominator = new Int32Array(n).fill(-1);
  const groupCount = groupsOf.reduce((m, gs) => Math.max(m, gs.length ? gs[gs.length - 1] + 1 : 0), 0);
  const mark = new Uint8Array(groupCount);
  const coverersOfGroup: number[][] = Array.from({ length: groupCount }, () => []);
  groupsOf.forEach((gs, j) => {
    for (const g of gs) coverersOfGroup[g].push(j);
  });
  for (let j = 0; j < n; j++) {
    if (!useful[j]) continue;
    const gj = groupsOf[j];
    for (const g of gj) mark[g] = 1;
    for (const k of coverersOfGroup[gj[0]]) {
      if (k === j || groupsOf[k].length < gj.length) continue;
      const costJ = costs ? costs[j] : 0,
        costK = costs ? costs[k] : 0;
      if (costK > costJ) continue;
      if (!containsMarked(groupsOf[k], mark, gj.length)) continue;
      const strictlyBetter = groupsOf[k].length > gj.length || costK < costJ;
      if (strictlyBetter || k < j) {
        dominator[j] = k;
        break;
      }
    }
    for (const g of gj) mark[g] = 0;
  }
  return dominator;
}

function containsMarked(groups: number[], mark: Uint8Array, needed: number): boolean {
  let found = 0;
  for (const g of groups) if (mark[g] && ++found === needed) return true;
  return false;
}

function finalDominator(dominator: Int32Array, j: number): number {
  let k = j;
  while (dominator[k] >= 0) k = dominator[k];
  return k;
}

interface Rows {
  columnWeight: Float64Array;
  rowWeight: Float64Array;
  rowStart: Uint32Array;
  rowColumns: Uint32Array;
  foldedRows: number;
}

/** Re-express groups over kept columns, merge equal column sets again and fold single-column rows. */
function mergeOverColumns(groupCandidates: Uint32Array[], groupWeight: number[], columnOf: Int32Array, columnCount: number): Rows {
  const columnWeight = new Float64Array(columnCount);
  const rowOfKey = new Map<string, number>();
  const rowLists: number[][] = [];
  const rowWeight: number[] = [];
  let foldedRows = 0;
  groupCandidates.forEach((list, g) => {
    const cols = [...new Set(Array.from(list, (j) => columnOf[j]).filter((c) => c >= 0))].sort((a, b) => a - b);
    if (cols.length === 0) throw new Error(`reduction lost every coverer of demand class ${g}`);
    if (cols.length === 1) {
      columnWeight[cols[0]] += groupWeight[g];
      foldedRows++;
      return;
    }
    const key = cols.join(',');
    const r = rowOfKey.get(key);
    if (r === undefined) {
      rowOfKey.set(key, rowLists.length);
      rowLists.push(cols);
      rowWeight.push(groupWeight[g]);
    } else rowWeight[r] += groupWeight[g];
  });
  const rowStart = new Uint32Array(rowLists.length + 1);
  rowLists.forEach((cols, r) => {
    rowStart[r + 1] = rowStart[r] + cols.length;
  });
  const rowColumns = new Uint32Array(rowStart[rowLists.length]);
  rowLists.forEach((cols, r) => rowColumns.set(cols, rowStart[r]));
  return { columnWeight, rowWeight: Float64Array.from(rowWeight), rowStart, rowColumns, foldedRows };
}
