import type { CoverageCandidate, CoverageModel } from './coverage-sets.ts';

/** How much one unit of each kind of newly covered demand is worth in a plan's objective. */
export interface DemandWeights {
  /** Per resident newly covered. */
  population: number;
  /** Per newly covered problem report (already weighted by customer tier). */
  reports: number;
  /** Per km2 newly covered. */
  areaKm2: number;
}

/** Defaults: people first, a weighted report is worth 100 residents, area a little (rural reach). */
export const DEFAULT_DEMAND_WEIGHTS: DemandWeights = { population: 1, reports: 100, areaKm2: 200 };

/** The pixels a candidate would cover on its own (sorted raster indices inside the boundary). */
export interface CandidateFootprint {
  code: string;
  cost: number | null;
  coveredPixels: Uint32Array;
}

export interface DemandInputs {
  /** 1 inside the area. */
  mask: Uint8Array;
  /** Residents per pixel. */
  population: Float32Array;
  pixelAreaKm2: number;
  /** 1 where the network the plan builds on already covers the pixel. */
  baseCovered: Uint8Array;
  /** Tier-weighted report count per pixel index. */
  reportWeights: ReadonlyMap<number, number>;
  footprints: readonly CandidateFootprint[];
  weights: DemandWeights;
}

/** The planning model with the per-demand components kept, so gains can be split into km2, people, reports. */
export interface DemandModel {
  model: CoverageModel;
  /** Raster pixel index of each demand point. */
  demandPixels: Uint32Array;
  population: Float64Array;
  reports: Float64Array;
  pixelAreaKm2: number;
}

/**
 * Build the maximum-coverage model from rasters: demand points are the pixels inside the area that the
 * base network leaves uncovered and at least one candidate covers (existing coverage is locked out, so
 * it earns nothing); each weighs population·w_p + reports·w_r + area·w_a.
 */
export function buildDemandModel(input: DemandInputs): DemandModel {
  const n = input.mask.length;
  const demandIndex = new Int32Array(n).fill(-1);
  const pixels: number[] = [];
  for (const f of input.footprints) {
    for (const p of f.coveredPixels) {
      if (demandIndex[p] !== -1 || input.mask[p] === 0 || input.baseCovered[p] === 1) continue;
      demandIndex[p] = -2;
      pixels.push(p);
    }
  }
  pixels.sort((a, b) => a - b);
  const demandPixels = Uint32Array.from(pixels);
  demandPixels.forEach((p, i) => (demandIndex[p] = i));
  const population = new Float64Array(demandPixels.length);
  const reports = new Float64Array(demandPixels.length);
  const weights = new Float64Array(demandPixels.length);
  const { population: wp, reports: wr, areaKm2: wa } = input.weights;
  for (let i = 0; i < demandPixels.length; i++) {
    const p = demandPixels[i];
    population[i] = input.population[p];
    reports[i] = input.reportWeights.get(p) ?? 0;
    weights[i] = wp * population[i] + wr * reports[i] + wa * input.pixelAreaKm2;
  }
  const candidates: CoverageCandidate[] = input.footprints.map((f) => {
    const covers: number[] = [];
    for (const p of f.coveredPixels) if (demandIndex[p] >= 0) covers.push(demandIndex[p]);
    covers.sort((a, b) => a - b);
    return { code: f.code, cost: f.cost, covers: Uint32Array.from(covers) };
  });
  return { model: { weights, candidates }, demandPixels, population, reports, pixelAreaKm2: input.pixelAreaKm2 };
}

/** Newly covered km2, residents and weighted reports of a set of demand points (each counted once). */
export function demandComponents(
  demand: DemandModel,
  demandIndices: Iterable<number>,
): { areaKm2: number; population: number; reports: number } {
  let count = 0;
  let population = 0;
  let reports = 0;
  for (const i of demandIndices) {
    count++;
    population += demand.population[i];
    reports += demand.reports[i];
  }
  return { areaKm2: count * demand.pixelAreaKm2, population, reports };
}

/** Demand points covered by a selection of candidates in order, each step's newly covered points. */
export function stepwiseCoverage(demand: DemandModel, selectedIndices: readonly number[]): number[][] {
  const seen = new Uint8Array(demand.demandPixels.length);
  return selectedIndices.map((j) => {
    const fresh: number[] = [];
    for (const i of demand.model.candidates[j].covers) {
      if (seen[i]) continue;
      seen[i] = 1;
      fresh.push(i);
    }
    return fresh;
  });
}

/**
 * Position of `value` in an ascending array (a model's demandPixels, a candidate's covers), or -1
 * (binary search).
 */
export function sortedIndexOf(values: Uint32Array, value: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < value) lo = mid + 1;
    else if (values[mid] > value) hi = mid - 1;
    else return mid;
  }
  return -1;
}
