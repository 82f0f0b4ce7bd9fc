import { pixelCentreX as importedPixelCentreX, pixelCentreY as importedPixelCentreY } from '../geo/area-grid.ts';
import type { CellSpec } from '../model.ts';
import { distanceToRectM } from './block-bounds.ts';
import {
  cellLevelsInto as importedCellLevelsInto,
  gridBearingDeg as importedGridBearingDeg,
  log10DistanceKm as importedLog10DistanceKm,
} from './cell-level.ts';
import {
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
import { UNCOVERED_BLOCK_PX, uncoveredIndex } from './uncovered-index.ts';

// Imported functions used per pixel are bound to locals once: under CommonJS interop (tsx's require
// hook, e.g. in piscina workers) or Vite, every use of an imported name would be a getter call.
const pixelCentreX = importedPixelCentreX;
const pixelCentreY = importedPixelCentreY;
const cellLevelsInto = importedCellLevelsInto;
const gridBearingDeg = importedGridBearingDeg;
const log10DistanceKm = importedLog10DistanceKm;

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
  const byMode = memo(memo(figuresCache, raster, () => new WeakMap()), reports, () => new Map<boolean, CoverageFigures>());
  let figures = byMode.get(indoor);
  if (!figures) {
    figures = coverageFigures(prepared, raster, { indoor, reports });
    byMode.set(indoor, figures);
  }
  return figures;
}

/** Growable output of newly covered pixels. */
class Gains {
  count = 0;
  pixels = new Int32Array(1024);
  levels = new Float32Array(1024);
  cells = new Int32Array(1024);

  push(pixel: number, level: number, cell: number): void {
    if (this.count === this.pixels.length) {
      const grow = <T extends Int32Array | Float32Array>(a: T, b: T): T => (b.set(a), b);
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

/** Scratch for one block of uncovered pixels. */
interface BlockScratch {
  n: number;
  pixel: Int32Array;
  environment: Int32Array;
  log10Km: Float64Array;
  bearingDeg: Float64Array;
  levels: Float32Array;
  bestMargin: Float64Array;
  bestLevel: Float64Array;
  bestCell: Int32Array;
  bestThreshold: Float64Array;
}

function blockScratch(): BlockScratch {
  const n = UNCOVERED_BLOCK_PX * UNCOVERED_BLOCK_PX;
  return {
    n: 0,
    pixel: new Int32Array(n),
    environment: new Int32Array(n),
    log10Km: new Float64Array(n),
    bearingDeg: new Float64Array(n),
    levels: new Float32Array(n),
    bestMargin: new Float64Array(n),
    bestLevel: new Float64Array(n),
    bestCell: new Int32Array(n),
    bestThreshold: new Float64Array(n),
  };
}

/** Evaluate the extra cells of one site at the block's uncovered pixels, keeping the best margin. */
function evaluateSite(prepared: PreparedArea, pc: PreparedCells, site: number, b: BlockScratch): void {
  const { grid } = prepared;
  const sx = pc.sites[site * SITE_STRIDE + S_X];
  const sy = pc.sites[site * SITE_STRIDE + S_Y];
  for (let k = 0; k < b.n; k++) {
    const i = b.pixel[k];
    const dx = pixelCentreX(grid, i % grid.width) - sx;
    const dy = pixelCentreY(grid, Math.floor(i / grid.width)) - sy;
    b.log10Km[k] = log10DistanceKm(dx, dy);
    b.bearingDeg[k] = gridBearingDeg(dx, dy);
  }
  const first = pc.sites[site * SITE_STRIDE + S_FIRST_CELL];
  const last = first + pc.sites[site * SITE_STRIDE + S_CELL_COUNT];
  for (let c = first; c < last; c++) {
    cellLevelsInto(pc.cells, pc.vertical, c, b.n, b.environment, b.log10Km, b.bearingDeg, b.levels, 0);
    const threshold = pc.cells[c * CELL_STRIDE + C_THRESHOLD_DBM];
    const source = pc.cells[c * CELL_STRIDE + C_SOURCE_INDEX];
    for (let k = 0; k < b.n; k++) {
      const margin = b.levels[k] - threshold;
      if (margin > b.bestMargin[k] || (margin === b.bestMargin[k] && source < b.bestCell[k])) {
        b.bestMargin[k] = margin;
        b.bestLevel[k] = b.levels[k];
        b.bestCell[k] = source;
        b.bestThreshold[k] = threshold;
      }
    }
  }
}

function siteReachesM(prepared: PreparedArea, pc: PreparedCells, site: number, extraLossDb: number): number {
  let reach = 0;
  const first = pc.sites[site * SITE_STRIDE + S_FIRST_CELL];
  for (let c = first; c < first + pc.sites[site * SITE_STRIDE + S_CELL_COUNT]; c++) {
    const level = pc.cells[c * CELL_STRIDE + C_THRESHOLD_DBM] + extraLossDb;
    reach = Math.max(reach, cellReachM(pc.cells, c, prepared.environmentsPresent, level));
  }
  return reach;
}

function blockRect(prepared: PreparedArea, bx: number, by: number) {
  const { grid } = prepared;
  const c1 = Math.min(grid.width, (bx + 1) * UNCOVERED_BLOCK_PX) - 1;
  const r1 = Math.min(grid.height, (by + 1) * UNCOVERED_BLOCK_PX) - 1;
  return {
    minX: pixelCentreX(grid, bx * UNCOVERED_BLOCK_PX),
    maxX: pixelCentreX(grid, c1),
    maxY: pixelCentreY(grid, by * UNCOVERED_BLOCK_PX),
    minY: pixelCentreY(grid, r1),
  };
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
  memo(memo(weightsCache, reports, () => new WeakMap()), raster, () => reportWeightsByPixel(prepared, raster.technology, reports));
}

/**
 * What-if by difference: the coverage gained by adding `extraCells` (e.g. a candidate site) to a
 * computed raster. Only the raster's uncovered pixels within the extra cells' threshold reach are
 * evaluated, with the raster kernel's own arithmetic, so `after` equals the figures of a full
 * recompute with base + extra cells exactly. Extra cells take indices raster.cellCount + j.
 * Server/pilot counts are not updated.
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
  const reaches = Float64Array.from({ length: pc.siteCount }, (_, s) => siteReachesM(prepared, pc, s, extraLossDb));
  const gains = new Gains();
  const b = blockScratch();
  for (let by = 0; by < index.blocksY; by++) {
    for (let bx = 0; bx < index.blocksX; bx++) {
      const block = by * index.blocksX + bx;
      if (index.start[block] === index.start[block + 1]) continue;
      const rect = blockRect(prepared, bx, by);
      b.n = 0;
      for (let site = 0; site < pc.siteCount; site++) {
        if (distanceToRectM(rect, pc.sites[site * SITE_STRIDE + S_X], pc.sites[site * SITE_STRIDE + S_Y]) > reaches[site]) continue;
        if (b.n === 0) loadBlock(prepared, index.pixels, index.start[block], index.start[block + 1], b);
        evaluateSite(prepared, pc, site, b);
      }
      collectGains(raster, b, extraLossDb, gains);
    }
  }
  return summarise(prepared, raster, reports, indoor, before, gains);
}

/** Keep pixels where an extra cell becomes the best server (as a full recompute would rank it) and covers. */
function collectGains(raster: CoverageRaster, b: BlockScratch, extraLossDb: number, gains: Gains): void {
  for (let k = 0; k < b.n; k++) {
    const i = b.pixel[k];
    const old = raster.bestCell[i];
    const oldMargin = old >= 0 ? raster.levelDbm[i] - raster.cellThresholdDbm[old] : Number.NEGATIVE_INFINITY;
    if (b.bestMargin[k] > oldMargin && b.bestLevel[k] >= b.bestThreshold[k] + extraLossDb) {
      gains.push(i, b.bestLevel[k], b.bestCell[k]);
    }
  }
}

function loadBlock(prepared: PreparedArea, pixels: Int32Array, from: number, to: number, b: BlockScratch): void {
  b.n = to - from;
  for (let k = 0; k < b.n; k++) {
    const i = pixels[from + k];
    b.pixel[k] = i;
    b.environment[k] = prepared.environment[i];
    b.bestMargin[k] = Number.NEGATIVE_INFINITY;
    b.bestCell[k] = -1;
  }
}

function summarise(
  prepared: PreparedArea,
  raster: CoverageRaster,
  reports: readonly CoverageReport[],
  indoor: boolean,
  before: CoverageFigures,
  gains: Gains,
): WhatIfResult {
  const weights = memo(memo(weightsCache, reports, () => new WeakMap()), raster, () => reportWeightsByPixel(prepared, raster.technology, reports));
  let people = 0;
  let reportWeight = 0;
  for (let k = 0; k < gains.count; k++) {
    people += prepared.population[gains.pixels[k]];
    reportWeight += weights.get(gains.pixels[k]) ?? 0;
  }
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
