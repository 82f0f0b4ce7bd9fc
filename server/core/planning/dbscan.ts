import type { LonLat } from '../model.ts';
import { PlanningInputError } from './errors.ts';
import { localMetricAt, toLocalM } from './local-metric.ts';

/** Label of points that belong to no cluster. */
export const NOISE = -1;
const UNVISITED = -2;

export interface DbscanOptions {
  /** Neighbourhood radius, metres (> 0). */
  epsM: number;
  /** Minimum neighbourhood size, the point itself included, for a core point (integer ≥ 1). */
  minPoints: number;
}

export interface DbscanResult {
  /** Cluster id per input point (0, 1, ... in order of first discovery), NOISE (-1) for noise. */
  labels: Int32Array;
  clusterCount: number;
}

/**
 * DBSCAN density clustering (Ester, Kriegel, Sander & Xu 1996, KDD-96).
 * Points are [lon, lat] WGS84 degrees, either as pairs or interleaved in a Float64Array
 * (lon0, lat0, lon1, lat1, ...). Distances use a local equirectangular projection around the
 * points' bounding-box centre, so the extent should stay within a few hundred kilometres.
 * A uniform grid of `epsM` cells limits each region query to the 3×3 surrounding cells, so the
 * cost is about n × (points in 3×3 cells): linear for sparse data, quadratic in the worst case.
 * Border points reachable from two clusters go to the first one discovered.
 */
export function dbscan(points: readonly LonLat[] | Float64Array, options: DbscanOptions): DbscanResult {
  validateOptions(options);
  const { xs, ys } = projectPoints(points);
  const n = xs.length;
  const labels = new Int32Array(n).fill(UNVISITED);
  if (n === 0) return { labels, clusterCount: 0 };

  const grid = buildGrid(xs, ys, options.epsM);
  const epsSq = options.epsM * options.epsM;
  const stack = new Int32Array(n);
  let clusterCount = 0;

  for (let p = 0; p < n; p++) {
    if (labels[p] !== UNVISITED) continue;
    if (countWithin(grid, p, epsSq, options.minPoints) < options.minPoints) {
      labels[p] = NOISE;
      continue;
    }
    const cluster = clusterCount++;
    labels[p] = cluster;
    let top = 0;
    top = claimNeighbours(grid, p, epsSq, cluster, labels, stack, top);
    while (top > 0) {
      const q = stack[--top];
      if (countWithin(grid, q, epsSq, options.minPoints) >= options.minPoints) {
        top = claimNeighbours(grid, q, epsSq, cluster, labels, stack, top);
      }
    }
  }
  return { labels, clusterCount };
}

function validateOptions(options: DbscanOptions): void {
  if (!(Number.isFinite(options.epsM) && options.epsM > 0)) {
    throw new PlanningInputError('invalid-option', `epsM must be a positive number of metres, got ${options.epsM}`);
  }
  if (!(Number.isInteger(options.minPoints) && options.minPoints >= 1)) {
    throw new PlanningInputError('invalid-option', `minPoints must be an integer ≥ 1, got ${options.minPoints}`);
  }
}

function projectPoints(points: readonly LonLat[] | Float64Array): { xs: Float64Array; ys: Float64Array } {
  const interleaved = points instanceof Float64Array;
  if (interleaved && points.length % 2 !== 0) {
    throw new PlanningInputError('invalid-point', `interleaved [lon, lat] array has odd length ${points.length}`);
  }
  const n = interleaved ? points.length / 2 : points.length;
  const lon = (i: number): number => (interleaved ? points[2 * i] : (points as readonly LonLat[])[i][0]);
  const lat = (i: number): number => (interleaved ? points[2 * i + 1] : (points as readonly LonLat[])[i][1]);
  let minLon = Infinity,
    maxLon = -Infinity,
    minLat = Infinity,
    maxLat = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = lon(i),
      y = lat(i);
    if (!(Number.isFinite(x) && Number.isFinite(y) && Math.abs(y) <= 90 && Math.abs(x) <= 180)) {
      throw new PlanningInputError('invalid-point', `point ${i} is not a valid [lon, lat]: [${x}, ${y}]`);
    }
    if (x < minLon) minLon = x;
    if (x > maxLon) maxLon = x;
    if (y < minLat) minLat = y;
    if (y > maxLat) maxLat = y;
  }
  const metric = localMetricAt((minLon + maxLon) / 2, (minLat + maxLat) / 2);
  const xs = new Float64Array(n),
    ys = new Float64Array(n);
  for (let i = 0; i < n; i++) [xs[i], ys[i]] = toLocalM(metric, lon(i), lat(i));
  return { xs, ys };
}

/** Points bucketed in square cells of side eps, with each cell's 3×3 neighbourhood precomputed (CSR). */
interface Grid {
  /** Cell id of each point. */
  cellOf: Uint32Array;
  /** Points of cell c are sorted slots cellStart[c] .. cellStart[c + 1]. */
  cellStart: Uint32Array;
  /** Original point index and coordinates per sorted slot, and the slot of each point. */
  slotPoint: Uint32Array;
  pointSlot: Uint32Array;
  slotX: Float64Array;
  slotY: Float64Array;
  /** Neighbouring (non-empty) cells of c are nbrCells[nbrStart[c] .. nbrStart[c + 1]]. */
  nbrStart: Uint32Array;
  nbrCells: Uint32Array;
}

function buildGrid(xs: Float64Array, ys: Float64Array, cellM: number): Grid {
  const n = xs.length;
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, xs[i]);
    maxX = Math.max(maxX, xs[i]);
    minY = Math.min(minY, ys[i]);
    maxY = Math.max(maxY, ys[i]);
  }
  const width = Math.floor((maxX - minX) / cellM) + 1;
  const height = Math.floor((maxY - minY) / cellM) + 1;
  if (width * height > Number.MAX_SAFE_INTEGER) {
    throw new PlanningInputError(
      'invalid-option',
      `epsM ${cellM} is too small for an extent of ${Math.round(maxX - minX)} × ${Math.round(maxY - minY)} m`,
    );
  }
  const cellId = new Map<number, number>();
  const cellKeys: number[] = [];
  const cellOf = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const key = Math.floor((ys[i] - minY) / cellM) * width + Math.floor((xs[i] - minX) / cellM);
    let id = cellId.get(key);
    if (id === undefined) {
      id = cellKeys.length;
      cellId.set(key, id);
      cellKeys.push(key);
    }
    cellOf[i] = id;
  }
  const cells = cellKeys.length;
  const cellStart = new Uint32Array(cells + 1);
  for (let i = 0; i < n; i++) cellStart[cellOf[i] + 1]++;
  for (let c = 0; c < cells; c++) cellStart[c + 1] += cellStart[c];
  const fill = cellStart.slice(0, cells);
  const slotPoint = new Uint32Array(n),
    pointSlot = new Uint32Array(n);
  const slotX = new Float64Array(n),
    slotY = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = fill[cellOf[i]]++;
    slotPoint[s] = i;
    pointSlot[i] = s;
    slotX[s] = xs[i];
    slotY[s] = ys[i];
  }
  const { nbrStart, nbrCells } = neighbourCells(cellKeys, cellId, width, height);
  return { cellOf, cellStart, slotPoint, pointSlot, slotX, slotY, nbrStart, nbrCells };
}

function neighbourCells(
  cellKeys: number[],
  cellId: Map<number, number>,
  width: number,
  height: number,
): { nbrStart: Uint32Array; nbrCells: Uint32Array } {
  const nbrStart = new Uint32Array(cellKeys.length + 1);
  const list: number[] = [];
  for (let c = 0; c < cellKeys.length; c++) {
    const cx = cellKeys[c] % width,
      cy = Math.floor(cellKeys[c] / width);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const x = cx + dx,
          y = cy + dy;
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        const id = cellId.get(y * width + x);
        if (id !== undefined) list.push(id);
      }
    }
    nbrStart[c + 1] = list.length;
  }
  return { nbrStart, nbrCells: Uint32Array.from(list) };
}

/** Number of points within eps of p (p included), counting no further than `limit`. */
function countWithin(grid: Grid, p: number, epsSq: number, limit: number): number {
  const c = grid.cellOf[p];
  const s = grid.pointSlot[p];
  const x = grid.slotX[s],
    y = grid.slotY[s];
  let count = 0;
  for (let k = grid.nbrStart[c]; k < grid.nbrStart[c + 1]; k++) {
    const nc = grid.nbrCells[k];
    for (let t = grid.cellStart[nc]; t < grid.cellStart[nc + 1]; t++) {
      const dx = grid.slotX[t] - x,
        dy = grid.slotY[t] - y;
      if (dx * dx + dy * dy <= epsSq && ++count >= limit) return count;
    }
  }
  return count;
}

/** Label p's unclaimed neighbours with `cluster`; push the unvisited ones (possible cores) on the stack. */
function claimNeighbours(
  grid: Grid,
  p: number,
  epsSq: number,
  cluster: number,
  labels: Int32Array,
  stack: Int32Array,
  top: number,
): number {
  const c = grid.cellOf[p];
  const s = grid.pointSlot[p];
  const x = grid.slotX[s],
    y = grid.slotY[s];
  for (let k = grid.nbrStart[c]; k < grid.nbrStart[c + 1]; k++) {
    const nc = grid.nbrCells[k];
    for (let t = grid.cellStart[nc]; t < grid.cellStart[nc + 1]; t++) {
      const q = grid.slotPoint[t];
      const label = labels[q];
      if (label !== UNVISITED && label !== NOISE) continue;
      const dx = grid.slotX[t] - x,
        dy = grid.slotY[t] - y;
      if (dx * dx + dy * dy > epsSq) continue;
      labels[q] = cluster;
      // Noise points are known non-core: they join as border points without expanding.
      if (label === UNVISITED) stack[top++] = q;
    }
  }
  return top;
}
