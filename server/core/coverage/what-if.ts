import { pixelCentreX as importedPixelCentreX, pixelCentreY as importedPixelCentreY } from '../geo/area-grid.ts';
import type { CellSpec } from '../model.ts';
import { bearingSpan, cellLevelUpperBoundDbm, distanceToRectM, type UtmRect } from './block-bounds.ts';
import {
  cellLevelsInto as importedCellLevelsInto,
  gridBearingDeg as importedGridBearingDeg,
  log10DistanceKm as importedLog10DistanceKm,
} from './cell-level.ts';
import {
  C_GRID_AZIMUTH_DEG,
  C_INV_BEAMWIDTH,
  C_SOURCE_INDEX,
  C_THRESHOLD_DBM,
  CELL_STRIDE,
  cellReachM,
  type PreparedCells,
  prepareCells,
  S_CELL_COUNT,
  S_FIRST_CELL,
  S_X,
  S_Y,
  SITE_STRIDE,
} from './cell-table.ts';
import {
  type CoverageFigures,
  type CoverageReport,
  coverageFigures,
  figuresFromCounts,
  type FiguresOptions,
  modeLossDb,
  reportWeightsByPixel,
} from './coverage-figures.ts';
import type { CoverageRaster } from './coverage-raster.ts';
import type { PreparedArea } from './prepared-area.ts';
import { terrainEntriesInto as importedTerrainEntriesInto, terrainTermsAt as importedTerrainTermsAt } from './terrain-tables.ts';
import { UNCOVERED_BLOCK_PX, UNCOVERED_BLOCK_SHIFT, type UncoveredIndex, uncoveredIndex } from './uncovered-index.ts';

// Imported functions used per pixel are bound to locals once: under CommonJS interop (tsx's require
// hook, e.g. in piscina workers) or Vite, every use of an imported name would be a getter call.
const pixelCentreX = importedPixelCentreX;
const pixelCentreY = importedPixelCentreY;
const cellLevelsInto = importedCellLevelsInto;
const gridBearingDeg = importedGridBearingDeg;
const log10DistanceKm = importedLog10DistanceKm;
const terrainEntriesInto = importedTerrainEntriesInto;
const terrainTermsAt = importedTerrainTermsAt;

/** Outcome of adding cells to a computed raster, by difference. */
export interface WhatIfResult {
  before: CoverageFigures;
  after: CoverageFigures;
  /** Grid pixel indices that become covered, ascending within each block. */
  newlyCoveredPixels: Int32Array;
  /** Their new best level, dBm, and best cell (index in base cells followed by the extra cells). */
  newlyCoveredLevelDbm: Float32Array;
  newlyCoveredBestCell: Int32Array;
  newlyCoveredKm2: number;
  newlyCoveredPopulation: number;
  /** Weight of the reports in newly covered pixels. */
  newlyCoveredReports: number;
}

const NO_REPORTS: readonly CoverageReport[] = [];
const figuresCache = new WeakMap<CoverageRaster, WeakMap<readonly CoverageReport[], Map<boolean, CoverageFigures>>>();
const weightsCache = new WeakMap<readonly CoverageReport[], WeakMap<CoverageRaster, Map<number, number>>>();

function memo<K extends object, V>(map: WeakMap<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function baseFigures(prepared: PreparedArea, raster: CoverageRaster, reports: readonly CoverageReport[], indoor: boolean): CoverageFigures {
  const byMode = memo(
    memo(figuresCache, raster, () => new WeakMap()),
    reports,
    () => new Map<boolean, CoverageFigures>(),
  );
  let figures = byMode.get(indoor);
  if (!figures) {
    figures = coverageFigures(prepared, raster, { indoor, reports });
    byMode.set(indoor, figures);
  }
  return figures;
}

/** Growable output of newly covered pixels (one instance, reused by every call). */
class Gains {
  count = 0;
  /** Population of the pixels pushed, summed in push order. */
  people = 0;
  pixels = new Int32Array(4096);
  levels = new Float32Array(4096);
  cells = new Int32Array(4096);

  push(pixel: number, level: number, cell: number): void {
    if (this.count === this.pixels.length) {
      const grow = <T extends Int32Array | Float32Array>(a: T, b: T): T => {
        b.set(a);
        return b;
      };
      this.pixels = grow(this.pixels, new Int32Array(this.count * 2));
      this.levels = grow(this.levels, new Float32Array(this.count * 2));
      this.cells = grow(this.cells, new Int32Array(this.count * 2));
    }
    this.pixels[this.count] = pixel;
    this.levels[this.count] = level;
    this.cells[this.count] = cell;
    this.count++;
  }
}

/**
 * Cells are skipped where their level bound is below threshold + extra loss by more than a slack, dB:
 * SKIP_SLACK_DB covers the distance terms (exact log10 in the bounds, the fast one per pixel: < 1e-4 dB)
 * and the float32 rounding of levels; for a sector cell, BEARING_SLACK_DB_PER_INV_BEAMWIDTH / beamwidth
 * more covers the bearing (exact atan2 for the block's bearing span, the fast one per pixel, < 0.001°,
 * where the pattern, capped at 25 dB, changes by at most 24·sqrt(25/12) ≈ 34.7 dB per beamwidth).
 * A skipped cell can then cover no pixel, and at a pixel some other extra cell covers, its margin is
 * below that cell's, so the best server is unchanged.
 */
const SKIP_SLACK_DB = 0.01;
const BEARING_SLACK_DB_PER_INV_BEAMWIDTH = 0.001 * 34.7;

const BLOCK_PX = UNCOVERED_BLOCK_PX;
const BLOCK_AREA = BLOCK_PX * BLOCK_PX;
const LOCAL_COL_MASK = BLOCK_PX - 1;
const LOCAL_ROW_SHIFT = UNCOVERED_BLOCK_SHIFT;
const ENVIRONMENTS = 4;
const ENVIRONMENT_MASKS = 1 << ENVIRONMENTS;

/** Per-call scratch, allocated once (calls are synchronous, so one set serves them all). */
const scratch = {
  gains: new Gains(),
  /** Pixel-centre eastings of the block's columns and northings of its rows. */
  colX: new Float64Array(BLOCK_PX),
  rowY: new Float64Array(BLOCK_PX),
  /** Pixels of the block kept for the current site: position in the block and the kernel inputs. */
  keptPos: new Int32Array(BLOCK_AREA),
  keptEnvironment: new Int32Array(BLOCK_AREA),
  keptLog10Km: new Float64Array(BLOCK_AREA),
  keptBearingDeg: new Float64Array(BLOCK_AREA),
  /** With terrain: the kept pixels' centres and terrain terms (terrainTermsInto). */
  keptX: new Float64Array(BLOCK_AREA),
  keptY: new Float64Array(BLOCK_AREA),
  keptTerrainEmpirical: new Float64Array(BLOCK_AREA),
  keptTerrainDiffraction: new Float64Array(BLOCK_AREA),
  keptTerrainEntries: new Int32Array(BLOCK_AREA),
  levels: new Float32Array(BLOCK_AREA),
  /** Best extra cell so far per block position (bestCell -1: none yet). */
  bestMargin: new Float64Array(BLOCK_AREA),
  bestLevel: new Float64Array(BLOCK_AREA),
  bestCell: new Int32Array(BLOCK_AREA),
  bestThreshold: new Float64Array(BLOCK_AREA),
  /** Squared reach per environment class of the current site's active cells, m2. */
  reach2: new Float64Array(ENVIRONMENTS),
  active: new Int32Array(16),
  rect: { minX: 0, minY: 0, maxX: 0, maxY: 0 },
};

/** What one call knows about its extra cells before visiting blocks. */
interface ExtraPlan {
  pc: PreparedCells;
  /** Per cell: threshold + extra loss - its slack, dBm (below this a cell can be skipped). */
  skipBelowDbm: Float64Array;
  /** Per cell and environment class: distance beyond which the cell stays below skipBelowDbm, m. */
  cellReachM: Float64Array;
  /** Per site and environment bitmask: the largest reach of its cells, m. */
  siteReachM: Float64Array;
}

function planExtraCells(prepared: PreparedArea, pc: PreparedCells, extraLossDb: number): ExtraPlan {
  const skipBelowDbm = new Float64Array(pc.cellCount);
  const reach = new Float64Array(pc.cellCount * ENVIRONMENTS);
  for (let c = 0; c < pc.cellCount; c++) {
    const o = c * CELL_STRIDE;
    const slackDb = SKIP_SLACK_DB + BEARING_SLACK_DB_PER_INV_BEAMWIDTH * pc.cells[o + C_INV_BEAMWIDTH];
    skipBelowDbm[c] = pc.cells[o + C_THRESHOLD_DBM] + extraLossDb - slackDb;
    for (let e = 0; e < ENVIRONMENTS; e++) {
      if ((prepared.environmentsPresent & (1 << e)) === 0) continue;
      reach[c * ENVIRONMENTS + e] = cellReachM(pc.cells, c, 1 << e, skipBelowDbm[c]);
    }
  }
  const siteReach = new Float64Array(pc.siteCount * ENVIRONMENT_MASKS);
  for (let s = 0; s < pc.siteCount; s++) {
    const first = pc.sites[s * SITE_STRIDE + S_FIRST_CELL];
    const last = first + pc.sites[s * SITE_STRIDE + S_CELL_COUNT];
    for (let bits = 1; bits < ENVIRONMENT_MASKS; bits++) {
      let r = 0;
      for (let c = first; c < last; c++) {
        for (let e = 0; e < ENVIRONMENTS; e++) if (bits & (1 << e)) r = Math.max(r, reach[c * ENVIRONMENTS + e]);
      }
      siteReach[s * ENVIRONMENT_MASKS + bits] = r;
    }
  }
  return { pc, skipBelowDbm, cellReachM: reach, siteReachM: siteReach };
}

function setBlockRect(prepared: PreparedArea, bx: number, by: number, rect: UtmRect): void {
  const { grid } = prepared;
  const c1 = Math.min(grid.width, (bx + 1) * BLOCK_PX) - 1;
  const r1 = Math.min(grid.height, (by + 1) * BLOCK_PX) - 1;
  rect.minX = pixelCentreX(grid, bx * BLOCK_PX);
  rect.maxX = pixelCentreX(grid, c1);
  rect.maxY = pixelCentreY(grid, by * BLOCK_PX);
  rect.minY = pixelCentreY(grid, r1);
}

/**
 * Build what addCellsIncremental memoises for a raster and mode (the uncovered-pixel index, the
 * base figures and the report lookup), so the first candidate evaluated is as fast as the rest.
 */
export function warmWhatIf(prepared: PreparedArea, raster: CoverageRaster, options: FiguresOptions = {}): void {
  const reports = options.reports ?? NO_REPORTS;
  const indoor = options.indoor ?? false;
  baseFigures(prepared, raster, reports, indoor);
  uncoveredIndex(prepared, raster, modeLossDb(prepared, indoor));
  memo(
    memo(weightsCache, reports, () => new WeakMap()),
    raster,
    () => reportWeightsByPixel(prepared, raster.technology, reports),
  );
}

/**
 * What-if by difference: the coverage gained by adding `extraCells` (e.g. a candidate site) to a
 * computed raster. Only the raster's uncovered pixels within the extra cells' threshold reach are
 * evaluated, with the raster kernel's own arithmetic, so `after` equals the figures of a full
 * recompute with base + extra cells exactly. Extra cells take indices raster.cellCount + j.
 * Server/pilot counts are not updated.
 *
 * Per block of the uncovered-pixel index, a site is visited only when its reach in the block's
 * environment classes touches the block, and then only its cells whose level bound over the block
 * (nearest distance, bearing span, environment classes) reaches threshold + extra loss; per pixel,
 * only within those cells' reach in the pixel's environment class are distance and bearing computed.
 */
export function addCellsIncremental(
  prepared: PreparedArea,
  raster: CoverageRaster,
  extraCells: readonly CellSpec[],
  options: FiguresOptions = {},
): WhatIfResult {
  const indoor = options.indoor ?? false;
  const reports = options.reports ?? NO_REPORTS;
  const extraLossDb = modeLossDb(prepared, indoor);
  const before = baseFigures(prepared, raster, reports, indoor);
  const pc = prepareCells(prepared, extraCells, raster.technology, raster.cellCount);
  const index = uncoveredIndex(prepared, raster, extraLossDb);
  const plan = planExtraCells(prepared, pc, extraLossDb);
  const s = scratch;
  const gains = s.gains;
  gains.count = 0;
  gains.people = 0;
  if (s.active.length < pc.cellCount) s.active = new Int32Array(pc.cellCount);
  const { start, environmentBits } = index;
  for (let by = 0; by < index.blocksY && pc.siteCount > 0; by++) {
    for (let bx = 0; bx < index.blocksX; bx++) {
      const block = by * index.blocksX + bx;
      const from = start[block];
      const n = start[block + 1] - from;
      if (n === 0) continue;
      const bits = environmentBits[block];
      setBlockRect(prepared, bx, by, s.rect);
      let loaded = false;
      for (let site = 0; site < pc.siteCount; site++) {
        const sx = pc.sites[site * SITE_STRIDE + S_X];
        const sy = pc.sites[site * SITE_STRIDE + S_Y];
        const nearestM = distanceToRectM(s.rect, sx, sy);
        if (nearestM > plan.siteReachM[site * ENVIRONMENT_MASKS + bits]) continue;
        const activeCount = activeCells(plan, site, nearestM, bits, s.rect, s.active);
        if (activeCount === 0) continue;
        if (!loaded) {
          loadBlock(prepared, bx, by, n);
          loaded = true;
        }
        evaluateSite(plan, index, from, n, sx, sy, activeCount);
      }
      if (loaded) collectGains(raster, prepared.population, index, from, n, extraLossDb, gains);
    }
  }
  return summarise(prepared, raster, reports, indoor, before, gains);
}

/** Cells of a site whose level bound over the block reaches their skip level, into `active`; returns the count. */
function activeCells(plan: ExtraPlan, site: number, nearestM: number, bits: number, rect: UtmRect, active: Int32Array): number {
  const { pc } = plan;
  const first = pc.sites[site * SITE_STRIDE + S_FIRST_CELL];
  const last = first + pc.sites[site * SITE_STRIDE + S_CELL_COUNT];
  const span = bearingSpan(rect, pc.sites[site * SITE_STRIDE + S_X], pc.sites[site * SITE_STRIDE + S_Y]);
  let k = 0;
  for (let c = first; c < last; c++) {
    if (cellLevelUpperBoundDbm(pc.cells, c, nearestM, bits, span) >= plan.skipBelowDbm[c]) active[k++] = c;
  }
  return k;
}

/** Pixel centres of the block's columns and rows; no extra cell yet at any position. */
function loadBlock(prepared: PreparedArea, bx: number, by: number, n: number): void {
  const { grid } = prepared;
  const s = scratch;
  for (let j = 0; j < BLOCK_PX; j++) {
    s.colX[j] = pixelCentreX(grid, bx * BLOCK_PX + j);
    s.rowY[j] = pixelCentreY(grid, by * BLOCK_PX + j);
  }
  s.bestCell.fill(-1, 0, n);
  s.bestMargin.fill(Number.NEGATIVE_INFINITY, 0, n);
}

/** Evaluate a site's active cells at the block's uncovered pixels within their reach, keeping the best margin per pixel. */
function evaluateSite(plan: ExtraPlan, index: UncoveredIndex, from: number, n: number, sx: number, sy: number, activeCount: number): void {
  const s = scratch;
  const { pc, cellReachM: reach } = plan;
  const {
    active,
    reach2,
    colX,
    rowY,
    keptPos,
    keptEnvironment,
    keptLog10Km,
    keptBearingDeg,
    levels,
    bestMargin,
    bestLevel,
    bestCell,
    bestThreshold,
  } = s;
  let needBearing = false;
  reach2.fill(0);
  for (let a = 0; a < activeCount; a++) {
    const c = active[a];
    const azimuth = pc.cells[c * CELL_STRIDE + C_GRID_AZIMUTH_DEG];
    if (azimuth === azimuth) needBearing = true;
    for (let e = 0; e < ENVIRONMENTS; e++) {
      const r = reach[c * ENVIRONMENTS + e];
      if (r * r > reach2[e]) reach2[e] = r * r;
    }
  }
  const { local, environment } = index;
  const r0 = reach2[0],
    r1 = reach2[1],
    r2 = reach2[2],
    r3 = reach2[3];
  let m = 0;
  for (let k = 0; k < n; k++) {
    const l = local[from + k];
    const dx = colX[l & LOCAL_COL_MASK] - sx;
    const dy = rowY[l >> LOCAL_ROW_SHIFT] - sy;
    const e = environment[from + k];
    const limit = e === 0 ? r0 : e === 1 ? r1 : e === 2 ? r2 : r3;
    if (dx * dx + dy * dy > limit) continue;
    keptPos[m] = k;
    keptEnvironment[m] = e;
    keptLog10Km[m] = log10DistanceKm(dx, dy);
    if (needBearing) keptBearingDeg[m] = gridBearingDeg(dx, dy);
    s.keptX[m] = colX[l & LOCAL_COL_MASK];
    s.keptY[m] = rowY[l >> LOCAL_ROW_SHIFT];
    m++;
  }
  if (m === 0) return;
  const terrain = pc.terrain;
  for (let a = 0; a < activeCount; a++) {
    const c = active[a];
    if (terrain) {
      // The raster kernel's terms: same pixel centres, same distances.
      if (a === 0) terrainEntriesInto(terrain, c, sx, sy, m, s.keptX, s.keptY, s.keptTerrainEntries);
      terrainTermsAt(terrain, c, m, s.keptTerrainEntries, keptLog10Km, s.keptTerrainEmpirical, s.keptTerrainDiffraction, 0);
      cellLevelsInto(
        pc.cells,
        pc.vertical,
        c,
        m,
        keptEnvironment,
        keptLog10Km,
        keptBearingDeg,
        levels,
        0,
        s.keptTerrainEmpirical,
        s.keptTerrainDiffraction,
      );
    } else {
      cellLevelsInto(pc.cells, pc.vertical, c, m, keptEnvironment, keptLog10Km, keptBearingDeg, levels, 0);
    }
    const threshold = pc.cells[c * CELL_STRIDE + C_THRESHOLD_DBM];
    const source = pc.cells[c * CELL_STRIDE + C_SOURCE_INDEX];
    for (let j = 0; j < m; j++) {
      const k = keptPos[j];
      const margin = levels[j] - threshold;
      if (margin > bestMargin[k] || (margin === bestMargin[k] && source < bestCell[k])) {
        bestMargin[k] = margin;
        bestLevel[k] = levels[j];
        bestCell[k] = source;
        bestThreshold[k] = threshold;
      }
    }
  }
}

/**
 * Keep pixels where an extra cell becomes the best server (as a full recompute would rank it) and
 * covers; the raster and population are read only there.
 */
function collectGains(
  raster: CoverageRaster,
  population: Float32Array,
  index: UncoveredIndex,
  from: number,
  n: number,
  extraLossDb: number,
  gains: Gains,
): void {
  const { bestMargin, bestLevel, bestCell, bestThreshold } = scratch;
  const { pixels } = index;
  const oldCell = raster.bestCell;
  const oldLevel = raster.levelDbm;
  const oldThreshold = raster.cellThresholdDbm;
  let people = gains.people;
  for (let k = 0; k < n; k++) {
    const cell = bestCell[k];
    if (cell < 0) continue;
    const level = bestLevel[k];
    if (!(level >= bestThreshold[k] + extraLossDb)) continue;
    const i = pixels[from + k];
    const old = oldCell[i];
    if (old >= 0 && !(bestMargin[k] > oldLevel[i] - oldThreshold[old])) continue;
    gains.push(i, level, cell);
    people += population[i];
  }
  gains.people = people;
}

function summarise(
  prepared: PreparedArea,
  raster: CoverageRaster,
  reports: readonly CoverageReport[],
  indoor: boolean,
  before: CoverageFigures,
  gains: Gains,
): WhatIfResult {
  const weights = memo(
    memo(weightsCache, reports, () => new WeakMap()),
    raster,
    () => reportWeightsByPixel(prepared, raster.technology, reports),
  );
  const people = gains.people;
  let reportWeight = 0;
  if (weights.size > 0) for (let k = 0; k < gains.count; k++) reportWeight += weights.get(gains.pixels[k]) ?? 0;
  const after = figuresFromCounts(prepared, raster.technology, indoor, {
    coveredPixels: Math.round(before.coveredKm2 / prepared.pixelAreaKm2) + gains.count,
    population: before.population,
    coveredPopulation: before.coveredPopulation + people,
    reportsTotal: before.reportsTotal,
    reportsUncovered: before.reportsUncovered - reportWeight,
  });
  return {
    before,
    after,
    newlyCoveredPixels: gains.pixels.slice(0, gains.count),
    newlyCoveredLevelDbm: gains.levels.slice(0, gains.count),
    newlyCoveredBestCell: gains.cells.slice(0, gains.count),
    newlyCoveredKm2: gains.count * prepared.pixelAreaKm2,
    newlyCoveredPopulation: people,
    newlyCoveredReports: reportWeight,
  };
}
