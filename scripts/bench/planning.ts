/**
 * Planning benchmark on seeded synthetic data: candidate ranking, lazy greedy and the exact
 * MCLP over disc-shaped coverage on a demand grid, and DBSCAN on clustered points.
 * Run: npx tsx scripts/bench/planning.ts
 */
import { pathToFileURL } from 'node:url';
import type { CoverageCandidate, CoverageModel } from '../../server/core/planning/coverage-sets.ts';
import { dbscan } from '../../server/core/planning/dbscan.ts';
import { greedyMaxCoverage } from '../../server/core/planning/greedy.ts';
import { loadHighsSolver } from '../../server/core/planning/highs-solver.ts';
import { solveMclp } from '../../server/core/planning/mclp.ts';
import { rankCandidates } from '../../server/core/planning/rank-candidates.ts';

export interface PlanningBenchOptions {
  seed: number;
  demandPoints: number;
  candidates: number;
  maxSites: number;
  /** Grid spacing of the demand points, metres. */
  spacingM: number;
  /** Range of demand points a candidate disc covers (before clipping at the grid edge). */
  minCoverPoints: number;
  maxCoverPoints: number;
  dbscanPoints: number;
  timeLimitS: number;
}

export const DEFAULT_PLANNING_BENCH: PlanningBenchOptions = {
  seed: 20061231,
  demandPoints: 20_000,
  candidates: 200,
  maxSites: 10,
  spacingM: 100,
  minCoverPoints: 300,
  maxCoverPoints: 1500,
  dbscanPoints: 100_000,
  timeLimitS: 30,
};

export interface PlanningBenchFigures {
  demandPoints: number;
  candidates: number;
  meanCoverPoints: number;
  rankMs: number;
  greedyMs: number;
  greedyEvaluations: number;
  greedyObjective: number;
  highsLoadMs: number;
  exact: ExactFigures;
  exactBudget: ExactFigures;
  exactWithExisting: ExactFigures;
  dbscanMs: number;
  dbscanClusters: number;
  dbscanNoise: number;
}

export interface ExactFigures {
  totalMs: number;
  reduceMs: number;
  solveMs: number;
  reducedRows: number;
  reducedCols: number;
  coverableDemand: number;
  droppedDominated: number;
  foldedRows: number;
  objective: number;
  greedyObjective: number;
  bound: number;
  gapPct: number;
  status: string;
  source: string;
  sites: number;
}

/** Run every planning benchmark once on seeded data; print and return the figures. */
export async function runPlanningBench(
  options: Partial<PlanningBenchOptions> = {},
  log: (line: string) => void = console.log,
): Promise<PlanningBenchFigures> {
  const o = { ...DEFAULT_PLANNING_BENCH, ...options };
  const instance = discInstance(o);
  const meanCoverPoints = instance.candidates.reduce((a, c) => a + c.covers.length, 0) / instance.candidates.length;
  log(`coverage model: ${o.demandPoints} demand points, ${o.candidates} candidate discs, mean ${meanCoverPoints.toFixed(0)} points each`);

  const rankMs = medianMs(5, () => rankCandidates(instance));
  const greedy = greedyMaxCoverage(instance, { maxSites: o.maxSites });
  const greedyMs = medianMs(5, () => greedyMaxCoverage(instance, { maxSites: o.maxSites }));
  log(`rank ${o.candidates} candidates: ${rankMs.toFixed(1)} ms (median of 5)`);
  log(
    `greedy k=${o.maxSites}: ${greedyMs.toFixed(1)} ms (median of 5), ${greedy.evaluations} gain evaluations, objective ${greedy.objective.toFixed(1)}`,
  );

  const tLoad = performance.now();
  await loadHighsSolver();
  const highsLoadMs = performance.now() - tLoad;
  log(`HiGHS load: ${highsLoadMs.toFixed(0)} ms (once per process)`);

  const exact = await exactFigures(instance, { maxSites: o.maxSites, timeLimitS: o.timeLimitS });
  log(`exact k=${o.maxSites}: ${describeExact(exact)}`);
  const budget = budgetFor(instance, o.maxSites);
  const exactBudget = await exactFigures(instance, { maxSites: o.maxSites, budget, timeLimitS: o.timeLimitS });
  log(`exact k=${o.maxSites}, budget ${budget}: ${describeExact(exactBudget)}`);
  const withExisting = { ...instance, alreadyCovered: existingCoverage(instance) };
  const exactWithExisting = await exactFigures(withExisting, { maxSites: o.maxSites, timeLimitS: o.timeLimitS });
  log(`exact k=${o.maxSites}, existing network covers half the area: ${describeExact(exactWithExisting)}`);

  const points = clusteredPoints(o.dbscanPoints, o.seed);
  const tDb = performance.now();
  const clusters = dbscan(points, { epsM: 100, minPoints: 5 });
  const dbscanMs = performance.now() - tDb;
  const dbscanNoise = clusters.labels.reduce((a, l) => a + (l < 0 ? 1 : 0), 0);
  log(
    `DBSCAN ${o.dbscanPoints} points (eps 100 m, minPoints 5): ${dbscanMs.toFixed(0)} ms, ${clusters.clusterCount} clusters, ${dbscanNoise} noise`,
  );

  return {
    demandPoints: o.demandPoints,
    candidates: o.candidates,
    meanCoverPoints,
    rankMs,
    greedyMs,
    greedyEvaluations: greedy.evaluations,
    greedyObjective: greedy.objective,
    highsLoadMs,
    exact,
    exactBudget,
    exactWithExisting,
    dbscanMs,
    dbscanClusters: clusters.clusterCount,
    dbscanNoise,
  };
}

async function exactFigures(model: CoverageModel, options: Parameters<typeof solveMclp>[1]): Promise<ExactFigures> {
  const t0 = performance.now();
  const r = await solveMclp(model, options);
  return {
    totalMs: performance.now() - t0,
    reduceMs: r.reduceMs,
    solveMs: r.solveMs,
    reducedRows: r.reducedRows,
    reducedCols: r.reducedCols,
    coverableDemand: r.reduction.coverableDemand,
    droppedDominated: r.reduction.droppedDominated,
    foldedRows: r.reduction.foldedRows,
    objective: r.objective,
    greedyObjective: r.greedyObjective,
    bound: r.bound,
    gapPct: r.gapPct,
    status: r.status,
    source: r.source,
    sites: r.selected.length,
  };
}

function describeExact(e: ExactFigures): string {
  return (
    `${e.totalMs.toFixed(0)} ms total (reduce ${e.reduceMs.toFixed(0)} ms, HiGHS ${e.solveMs.toFixed(0)} ms), ` +
    `reduced from ${e.coverableDemand} coverable points to ${e.reducedRows} rows × ${e.reducedCols} columns ` +
    `(${e.foldedRows} single-site classes folded, ${e.droppedDominated} dominated sites dropped), status ${e.status} (${e.source}), ` +
    `objective ${e.objective.toFixed(1)} vs greedy ${e.greedyObjective.toFixed(1)} ` +
    `(+${(100 * (e.objective / e.greedyObjective - 1)).toFixed(2)}%), gap ${e.gapPct.toFixed(3)}%, ${e.sites} sites`
  );
}

/** mulberry32: a small seeded PRNG (public domain), uniform in [0, 1). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface DiscInstance extends CoverageModel {
  columns: number;
}

/**
 * Demand on a square-ish grid weighted like population (a rural background plus Gaussian towns,
 * the oil-town clusters of Daqing); candidates are discs holding minCover..maxCover grid points.
 */
function discInstance(o: PlanningBenchOptions): DiscInstance {
  const random = seeded(o.seed);
  const columns = Math.ceil(Math.sqrt(o.demandPoints));
  const n = o.demandPoints;
  const widthM = columns * o.spacingM,
    heightM = Math.ceil(n / columns) * o.spacingM;
  const towns = Array.from({ length: 8 }, () => ({
    x: random() * widthM,
    y: random() * heightM,
    sigmaM: 500 + random() * 1000,
    peak: 5 + random() * 45,
  }));
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = (i % columns) * o.spacingM,
      y = Math.floor(i / columns) * o.spacingM;
    let w = 1;
    for (const t of towns) w += t.peak * Math.exp(-((x - t.x) ** 2 + (y - t.y) ** 2) / (2 * t.sigmaM ** 2));
    weights[i] = w * (0.5 + random());
  }
  const candidates: CoverageCandidate[] = [];
  for (let j = 0; j < o.candidates; j++) {
    const points = o.minCoverPoints + random() * (o.maxCoverPoints - o.minCoverPoints);
    const radiusM = Math.sqrt((points * o.spacingM ** 2) / Math.PI);
    const cx = random() * widthM,
      cy = random() * heightM;
    const covers = discIndices(cx, cy, radiusM, columns, n, o.spacingM);
    candidates.push({ code: `C${String(j + 1).padStart(3, '0')}`, cost: Math.round(80 + 70 * random()), covers });
  }
  return { weights, candidates, columns };
}

/** Grid indices (row-major, hence increasing) within radiusM of (cx, cy). */
function discIndices(cx: number, cy: number, radiusM: number, columns: number, n: number, spacingM: number): Uint32Array {
  const rows = Math.ceil(n / columns);
  const out: number[] = [];
  const r0 = Math.max(0, Math.ceil((cy - radiusM) / spacingM)),
    r1 = Math.min(rows - 1, Math.floor((cy + radiusM) / spacingM));
  for (let r = r0; r <= r1; r++) {
    const dy = r * spacingM - cy;
    const half = Math.sqrt(Math.max(0, radiusM ** 2 - dy ** 2));
    const c0 = Math.max(0, Math.ceil((cx - half) / spacingM)),
      c1 = Math.min(columns - 1, Math.floor((cx + half) / spacingM));
    for (let c = c0; c <= c1; c++) if (r * columns + c < n) out.push(r * columns + c);
  }
  return Uint32Array.from(out);
}

/** A budget that affords about two thirds of maxSites average candidates. */
function budgetFor(model: CoverageModel, maxSites: number): number {
  const mean = model.candidates.reduce((a, c) => a + (c.cost ?? 0), 0) / model.candidates.length;
  return Math.round((mean * maxSites * 2) / 3);
}

/** Existing network: the left half of the grid is covered. */
function existingCoverage(model: DiscInstance): Uint8Array {
  const covered = new Uint8Array(model.weights.length);
  for (let i = 0; i < covered.length; i++) if (i % model.columns < model.columns / 2) covered[i] = 1;
  return covered;
}

/** Interleaved [lon, lat] near Daqing: 80% in 300 Gaussian clusters (σ 30-150 m), 20% uniform noise over ~40 km. */
function clusteredPoints(n: number, seed: number): Float64Array {
  const random = seeded(seed ^ 0x5bd1e995);
  const lon0 = 124.6,
    lat0 = 46.4,
    mPerDegLat = 111_195,
    mPerDegLon = 111_195 * Math.cos((lat0 * Math.PI) / 180);
  const centres = Array.from({ length: 300 }, () => ({ x: random() * 40_000, y: random() * 40_000, sigmaM: 30 + random() * 120 }));
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    let x: number, y: number;
    if (random() < 0.8) {
      const c = centres[Math.floor(random() * centres.length)];
      const r = c.sigmaM * Math.sqrt(-2 * Math.log(1 - random())),
        a = 2 * Math.PI * random();
      x = c.x + r * Math.cos(a);
      y = c.y + r * Math.sin(a);
    } else {
      x = random() * 40_000;
      y = random() * 40_000;
    }
    out[2 * i] = lon0 + x / mPerDegLon;
    out[2 * i + 1] = lat0 + y / mPerDegLat;
  }
  return out;
}

function medianMs(runs: number, fn: () => unknown): number {
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runPlanningBench();
}
