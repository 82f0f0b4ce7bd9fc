import * as areaGrid from '../geo/area-grid.ts';
import * as antenna from '../radio/antenna-pattern.ts';
import type { TileWindow } from '../geo/tile-windows.ts';
import * as freeSpace from '../radio/free-space-loss.ts';
import * as pathLoss from '../radio/path-loss.ts';
import * as bounds from './block-bounds.ts';
import type { UtmRect } from './block-bounds.ts';
import * as level from './cell-level.ts';
import * as table from './cell-table.ts';
import type { PreparedCells } from './cell-table.ts';
import * as layout from './kernel-layout.ts';
import * as kernelScratch from './kernel-scratch.ts';
import { defaultKernelScratch, type KernelScratch } from './kernel-scratch.ts';
import type { PreparedArea } from './prepared-area.ts';
import * as terrainTables from './terrain-tables.ts';
import * as tileResult from './tile-result.ts';
import type { RasterTarget, TileResult } from './tile-result.ts';

export { BLOCK_SIZE_PX, defaultKernelScratch, KernelScratch } from './kernel-scratch.ts';

// Imported bindings used in per-pixel and per-site loops are copied to module constants once: under
// CommonJS interop (tsx's require hook, which loads the piscina workers) or Vite's transform, every
// use of an imported name is a getter call, dearer than the arithmetic around it.
const { pixelCentreX, pixelCentreY } = areaGrid;
const { FREE_SPACE_SLOPE_DB_PER_DECADE } = freeSpace;
const { bearingSpanInto, cellLevelBoundBeforeAntennaDbm, distanceToRectM, leastHorizontalInSpanDb, squaredDistanceToRectM2 } = bounds;
const { verticalPositionAtOrBefore } = table;
const { cellLevelsInto, gridBearingDeg, log10DistanceKm } = level;
const {
  C_CUTOFF_DBM,
  C_EIRP_DBM,
  C_FREE_SPACE_INTERCEPT_DB,
  C_GRID_AZIMUTH_DEG,
  C_INTERCEPT_DB,
  C_INV_BEAMWIDTH,
  C_IS_PILOT,
  C_SLOPE_DB,
  C_SOURCE_INDEX,
  C_THRESHOLD_DBM,
  CELL_STRIDE,
} = layout;
const V_LENGTH = layout.VERTICAL_TABLE_LENGTH;
const MAX_ATTENUATION = antenna.MAX_ATTENUATION_DB;
const { S_CELL_COUNT, S_FIRST_CELL, S_REACH_M, S_X, S_Y, SITE_STRIDE } = layout;
const { envelopeStopDistanceM } = table;
const {
  ACTIVE_STRIDE,
  A_CUTOFF_DBM,
  A_EIRP_DBM,
  A_FREE_SPACE_INTERCEPT_DB,
  A_GRID_AZIMUTH_DEG,
  A_INTERCEPT_DB,
  A_INV_BEAMWIDTH,
  A_IS_PILOT,
  A_MAX_LEVEL,
  A_SLOPE_DB,
  A_SOURCE_INDEX,
  A_THRESHOLD_DBM,
  A_VERTICAL_OFFSET,
} = layout;
const { GATHER_BITS_SHIFT, MINIMA_MARGIN, MINIMA_PILOT } = layout;
const { BLOCK_SIZE_PX } = kernelScratch;
const { allocateTileResult, clearWindow, rasterTarget, NO_SIGNAL_DBM } = tileResult;
const MIN_LOG10_KM = Math.log10(pathLoss.MIN_DISTANCE_KM);
const { terrainEntriesInto, terrainTermsAt } = terrainTables;

/** Margins that decide which cells matter at a pixel (see PreparedArea.settings). */
interface Margins {
  overlapDb: number;
  pilotDb: number;
}

/** State of the block being computed, shared by the helpers below. */
interface Block {
  n: number;
  environmentBits: number;
  rect: UtmRect;
  slotCount: number;
  /** Used lengths of s.keptPool and s.levelPool. */
  keptUsed: number;
  levelsUsed: number;
  minBestMargin: number;
  minBestPilot: number;
  /** Bounds of the current site's active cells at its nearest distance: margin, pilot level, least loss slope. */
  siteUpperMargin: number;
  siteUpperPilot: number;
  siteLeastSlope: number;
}

function windowRect(area: PreparedArea, col0: number, row0: number, width: number, height: number): UtmRect {
  return {
    minX: pixelCentreX(area.grid, col0),
    maxX: pixelCentreX(area.grid, col0 + width - 1),
    maxY: pixelCentreY(area.grid, row0),
    minY: pixelCentreY(area.grid, row0 + height - 1),
  };
}

/** Gather the in-mask pixels of a block (writing "no signal" outside the mask); returns how many. */
function gatherPixels(
  area: PreparedArea,
  window: TileWindow,
  bc: number,
  br: number,
  bw: number,
  bh: number,
  s: KernelScratch,
  block: Block,
  out: RasterTarget,
): number {
  const { grid, mask, environment } = area;
  let n = 0;
  let bits = 0;
  for (let r = br; r < br + bh; r++) {
    const row = window.row0 + r;
    const y = pixelCentreY(grid, row);
    for (let c = bc; c < bc + bw; c++) {
      const col = window.col0 + c;
      const gi = row * grid.width + col;
      const t = out.offset + r * out.stride + c;
      if (mask[gi] === 0) {
        out.levelDbm[t] = NO_SIGNAL_DBM;
        out.bestCell[t] = -1;
        out.serverCount[t] = 0;
        out.pilotCount[t] = 0;
        continue;
      }
      s.target[n] = t;
      s.x[n] = pixelCentreX(grid, col);
      s.y[n] = y;
      const e = environment[gi];
      s.environment[n] = e;
      bits |= 1 << e;
      n++;
    }
  }
  block.environmentBits = bits;
  return n;
}

/**
 * Sites of the tile whose reach touches the block and that are nearer than `stopM` (no site from
 * there on can matter, see envelopeStopDistanceM): a binary min-heap in s.blockSites (each site's
 * index in s.sites) and s.blockSiteDistanceM, by distance to the block, then by index (the order a
 * stable sort gives). A block passes several dozen sites here but visits only the nearest ten or so
 * before its stop distance ends the search, so they are taken off one at a time (popNearestSite)
 * instead of all being sorted. Returns the count.
 */
function sitesNearRect(cells: PreparedCells, count: number, rect: UtmRect, stopM: number, s: KernelScratch): number {
  const { blockSites, blockSiteDistanceM } = s;
  let k = 0;
  for (let j = 0; j < count; j++) {
    const o = s.sites[j] * SITE_STRIDE;
    // Squared distance first: most sites are skipped without a square root (the margin keeps the cut safe).
    const squaredM2 = squaredDistanceToRectM2(rect, cells.sites[o + S_X], cells.sites[o + S_Y]);
    const limitM = Math.min(cells.sites[o + S_REACH_M], stopM) * (1 + 1e-9);
    if (squaredM2 > limitM * limitM) continue;
    const d = Math.sqrt(squaredM2); // = distanceToRectM
    if (d > cells.sites[o + S_REACH_M] || d >= stopM) continue;
    blockSites[k] = j;
    blockSiteDistanceM[k] = d;
    k++;
  }
  for (let i = (k >> 1) - 1; i >= 0; i--) siftDownSite(s, i, k);
  return k;
}

/** Restore the heap order of sitesNearRect below position i of a heap of `size`. */
function siftDownSite(s: KernelScratch, i: number, size: number): void {
  const { blockSites: index, blockSiteDistanceM: d } = s;
  const j = index[i];
  const dist = d[i];
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) break;
    if (c + 1 < size && (d[c + 1] < d[c] || (d[c + 1] === d[c] && index[c + 1] < index[c]))) c++;
    if (!(d[c] < dist || (d[c] === dist && index[c] < j))) break;
    index[i] = index[c];
    d[i] = d[c];
    i = c;
  }
  index[i] = j;
  d[i] = dist;
}

/** Take the nearest site (the root) off the heap of sitesNearRect; returns the new size. */
function popNearestSite(s: KernelScratch, size: number): number {
  const last = size - 1;
  if (last > 0) {
    s.blockSites[0] = s.blockSites[last];
    s.blockSiteDistanceM[0] = s.blockSiteDistanceM[last];
    siftDownSite(s, 0, last);
  }
  return last;
}

/**
 * Cells of a site that may still matter somewhere in the block, into s.activeCells; returns the
 * count and leaves the site's bounds in `block` for the per-pixel test.
 */
function activeCellsOfSite(cells: PreparedCells, site: number, nearestM: number, block: Block, margins: Margins, s: KernelScratch): number {
  const so = site * SITE_STRIDE;
  const first = cells.sites[so + S_FIRST_CELL];
  const count = cells.sites[so + S_CELL_COUNT];
  const log10Km = Math.log10(nearestM / 1000);
  // Every pixel of the block sits at this vertical-table position or beyond.
  const verticalFrom = verticalPositionAtOrBefore(log10Km);
  const needMargin = block.minBestMargin - margins.overlapDb;
  const needPilot = block.minBestPilot - margins.pilotDb;
  // The bearing span costs five atan2: looked up once per site, and only for a cell that passes without it.
  let span = 0; // 0 = not looked up, 1 = s.span holds it, -1 = the site is inside the block
  let k = 0;
  let upperMargin = Number.NEGATIVE_INFINITY;
  let upperPilot = Number.NEGATIVE_INFINITY;
  let leastSlope = FREE_SPACE_SLOPE_DB_PER_DECADE;
  const verticalFloor = cells.verticalFloor;
  for (let c = first; c < first + count; c++) {
    const o = c * CELL_STRIDE;
    const cutoff = cells.cells[o + C_CUTOFF_DBM];
    const threshold = cells.cells[o + C_THRESHOLD_DBM];
    const isPilot = cells.cells[o + C_IS_PILOT] === 1;
    const beforeAntenna = cellLevelBoundBeforeAntennaDbm(cells.cells, c, log10Km, block.environmentBits);
    // The least vertical attenuation from the nearest distance on (sector cells cap vertical plus horizontal at MAX_ATTENUATION).
    const leastVertical = verticalFloor[c * V_LENGTH + verticalFrom];
    let upper = beforeAntenna - leastVertical;
    if (upper < cutoff) continue;
    if (upper - threshold < needMargin && !(isPilot && upper >= needPilot)) continue;
    if (span === 0) span = bearingSpanInto(block.rect, cells.sites[so + S_X], cells.sites[so + S_Y], s.span) ? 1 : -1;
    if (span === 1) {
      const horizontal = leastHorizontalInSpanDb(cells.cells, c, s.span);
      if (horizontal > 0) upper = beforeAntenna - Math.min(horizontal + leastVertical, MAX_ATTENUATION);
      if (upper < cutoff) continue;
      if (upper - threshold < needMargin && !(isPilot && upper >= needPilot)) continue;
    }
    s.activeCells[k++] = c;
    if (upper - threshold > upperMargin) upperMargin = upper - threshold;
    if (isPilot && upper > upperPilot) upperPilot = upper;
    for (let e = 0; e < 4; e++) {
      if (block.environmentBits & (1 << e)) leastSlope = Math.min(leastSlope, cells.cells[o + C_SLOPE_DB + e]);
    }
  }
  block.siteUpperMargin = upperMargin;
  block.siteUpperPilot = upperPilot;
  block.siteLeastSlope = leastSlope;
  return k;
}

/** Per-cell constants of the site's active cells, copied to scratch so the pixel loop reads them from one place. */
function loadActiveCells(cells: PreparedCells, active: number, s: KernelScratch): boolean {
  let anySector = false;
  for (let a = 0; a < active; a++) {
    const c = s.activeCells[a];
    const o = c * CELL_STRIDE;
    const t = a * ACTIVE_STRIDE;
    const v = s.activeValues;
    v[t + A_EIRP_DBM] = cells.cells[o + C_EIRP_DBM];
    v[t + A_FREE_SPACE_INTERCEPT_DB] = cells.cells[o + C_FREE_SPACE_INTERCEPT_DB];
    for (let e = 0; e < 4; e++) {
      v[t + A_INTERCEPT_DB + e] = cells.cells[o + C_INTERCEPT_DB + e];
      v[t + A_SLOPE_DB + e] = cells.cells[o + C_SLOPE_DB + e];
    }
    v[t + A_GRID_AZIMUTH_DEG] = cells.cells[o + C_GRID_AZIMUTH_DEG];
    v[t + A_INV_BEAMWIDTH] = cells.cells[o + C_INV_BEAMWIDTH];
    v[t + A_CUTOFF_DBM] = cells.cells[o + C_CUTOFF_DBM];
    v[t + A_THRESHOLD_DBM] = cells.cells[o + C_THRESHOLD_DBM];
    v[t + A_SOURCE_INDEX] = cells.cells[o + C_SOURCE_INDEX];
    v[t + A_IS_PILOT] = cells.cells[o + C_IS_PILOT];
    v[t + A_VERTICAL_OFFSET] = c * V_LENGTH;
    s.loadVertical(cells, c);
    v[t + A_MAX_LEVEL] = Number.NEGATIVE_INFINITY;
    if (v[t + A_GRID_AZIMUTH_DEG] === v[t + A_GRID_AZIMUTH_DEG]) anySector = true;
  }
  return anySector;
}

/**
 * Evaluate one site over the block: per pixel, the site's distance (one log10) decides whether any
 * of its active cells may still matter there (loss grows at least `siteLeastSlope` dB per decade
 * beyond the nearest distance, so the site's bound there follows from the distance alone); at the
 * pixels kept, the bearing (one atan2) and every active cell's level are computed (cellLevelsInto in
 * the JavaScript pass, the same arithmetic to the bit in the WebAssembly pass) and the per-pixel bests
 * updated. Each active cell gets a slot: its levels at the kept pixels (-Infinity below its cut-off)
 * for the server count. Returns the number of pixels kept.
 */
function evaluateSitePixels(
  cells: PreparedCells,
  site: number,
  nearestM: number,
  active: number,
  block: Block,
  margins: Margins,
  s: KernelScratch,
): number {
  const needBearing = loadActiveCells(cells, active, s);
  const sx = cells.sites[site * SITE_STRIDE + S_X];
  const sy = cells.sites[site * SITE_STRIDE + S_Y];
  const x0 = Math.max(MIN_LOG10_KM, Math.log10(nearestM / 1000));
  const slope = block.siteLeastSlope;
  const cutoffMargin = -cells.cutoffMarginDb;
  const pilotCutoff = cells.pilotCutoffDbm;
  const n = block.n;
  const keptBase = block.keptUsed;
  const levelBase = block.levelsUsed;
  const { overlapDb, pilotDb } = margins;
  const upperMargin = block.siteUpperMargin;
  const upperPilot = block.siteUpperPilot;
  const v = s.activeValues;
  const terrain = cells.terrain;
  if (terrain) {
    // The site's terrain terms at every block pixel, per active cell (terrain-tables.ts), for both passes.
    const logs = s.terrainLog10Km;
    for (let i = 0; i < n; i++) logs[i] = log10DistanceKm(s.x[i] - sx, s.y[i] - sy);
    // The cells of a site share its table entries.
    terrainEntriesInto(terrain, s.activeCells[0], sx, sy, n, s.x, s.y, s.terrainEntries);
    for (let a = 0; a < active; a++) {
      terrainTermsAt(terrain, s.activeCells[a], n, s.terrainEntries, logs, s.terrainEmpirical, s.terrainDiffraction, a * n);
    }
  }
  const k = s.wasm
    ? s.wasm.evaluateSitePixels(
        n,
        active,
        needBearing ? 1 : 0,
        sx,
        sy,
        x0,
        slope,
        cutoffMargin,
        pilotCutoff,
        overlapDb,
        pilotDb,
        upperMargin,
        upperPilot,
        s.x.byteOffset,
        s.y.byteOffset,
        s.environment.byteOffset,
        s.bestMargin.byteOffset,
        s.bestLevel.byteOffset,
        s.bestSource.byteOffset,
        s.bestPilot.byteOffset,
        s.keptPool.byteOffset + 4 * keptBase,
        s.levelPool.byteOffset + 4 * levelBase,
        s.activeValues.byteOffset,
        s.vertical.byteOffset,
        s.minima.byteOffset,
        s.pixelWork.byteOffset,
        terrain ? s.terrainEmpirical.byteOffset : 0,
        terrain ? s.terrainDiffraction.byteOffset : 0,
      )
    : sitePixelsJs(
        cells,
        n,
        active,
        needBearing,
        sx,
        sy,
        x0,
        slope,
        cutoffMargin,
        pilotCutoff,
        margins,
        upperMargin,
        upperPilot,
        keptBase,
        levelBase,
        s,
      );
  if (k === 0) return 0;
  for (let a = 0; a < active; a++) {
    const t = a * ACTIVE_STRIDE;
    const slot = block.slotCount++;
    s.slotCell[slot] = s.activeCells[a];
    s.slotKeptOffset[slot] = keptBase;
    s.slotKeptCount[slot] = k;
    s.slotLevelOffset[slot] = levelBase + a * n;
    s.slotMaxLevel[slot] = v[t + A_MAX_LEVEL];
    s.slotMaxMargin[slot] = v[t + A_MAX_LEVEL] - v[t + A_THRESHOLD_DBM];
    s.slotThreshold[slot] = v[t + A_THRESHOLD_DBM];
    s.slotIsPilot[slot] = v[t + A_IS_PILOT];
  }
  block.keptUsed += k;
  block.levelsUsed += active * n;
  return k;
}

/**
 * The JavaScript pass of evaluateSitePixels: the site's kept pixels (distance, bound test, bearing)
 * first, then each active cell's levels there by the reference cellLevelsInto, and the per-pixel bests.
 * The WebAssembly build (wasm/assembly/site-pixels.ts) does the same operations in the same order and
 * takes the cells in the same order; the bests are maxima under a total order (margin, then the lower
 * cell index), so evaluating cell by cell gives the same result as pixel by pixel. Returns the number
 * of pixels kept.
 */
function sitePixelsJs(
  cells: PreparedCells,
  n: number,
  active: number,
  needBearing: boolean,
  sx: number,
  sy: number,
  x0: number,
  slope: number,
  cutoffMargin: number,
  pilotCutoff: number,
  margins: Margins,
  upperMargin: number,
  upperPilot: number,
  keptBase: number,
  levelBase: number,
  s: KernelScratch,
): number {
  const {
    x,
    y,
    environment,
    bestMargin,
    bestLevel,
    bestSource,
    bestPilot,
    keptPool,
    levelPool,
    activeValues: v,
    keptEnvironment,
    keptLog10Km,
    keptBearingDeg,
  } = s;
  const { overlapDb, pilotDb } = margins;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - sx;
    const dy = y[i] - sy;
    const log10Km = log10DistanceKm(dx, dy);
    const drop = (log10Km - x0) * slope;
    const needMargin = Math.max(cutoffMargin, bestMargin[i] - overlapDb);
    const needPilot = Math.max(pilotCutoff, bestPilot[i] - pilotDb);
    if (upperMargin - drop < needMargin && upperPilot - drop < needPilot) continue;
    keptPool[keptBase + k] = i;
    keptEnvironment[k] = environment[i];
    keptLog10Km[k] = log10Km;
    keptBearingDeg[k] = needBearing ? gridBearingDeg(dx, dy) : 0;
    k++;
  }
  if (k === 0) return 0;
  const withTerrain = cells.terrain !== null;
  const { keptTerrainEmpirical, keptTerrainDiffraction, terrainEmpirical, terrainDiffraction } = s;
  for (let a = 0; a < active; a++) {
    const t = a * ACTIVE_STRIDE;
    const base = levelBase + a * n;
    if (withTerrain) {
      for (let j = 0; j < k; j++) {
        const i = keptPool[keptBase + j];
        keptTerrainEmpirical[j] = terrainEmpirical[a * n + i];
        keptTerrainDiffraction[j] = terrainDiffraction[a * n + i];
      }
    }
    cellLevelsInto(
      cells.cells,
      cells.vertical,
      s.activeCells[a],
      k,
      keptEnvironment,
      keptLog10Km,
      keptBearingDeg,
      levelPool,
      base,
      withTerrain ? keptTerrainEmpirical : null,
      withTerrain ? keptTerrainDiffraction : null,
    );
    const cutoff = v[t + A_CUTOFF_DBM];
    const threshold = v[t + A_THRESHOLD_DBM];
    const source = v[t + A_SOURCE_INDEX];
    const isPilot = v[t + A_IS_PILOT] === 1;
    let maxLevel = v[t + A_MAX_LEVEL];
    for (let j = 0; j < k; j++) {
      const level = levelPool[base + j];
      if (level < cutoff) {
        levelPool[base + j] = Number.NEGATIVE_INFINITY;
        continue;
      }
      if (level > maxLevel) maxLevel = level;
      const i = keptPool[keptBase + j];
      const margin = level - threshold;
      if (margin > bestMargin[i] || (margin === bestMargin[i] && source < bestSource[i])) {
        bestMargin[i] = margin;
        bestLevel[i] = level;
        bestSource[i] = source;
      }
      if (isPilot && level > bestPilot[i]) bestPilot[i] = level;
    }
    v[t + A_MAX_LEVEL] = maxLevel;
  }
  return k;
}

function refreshBlockMinima(block: Block, s: KernelScratch): void {
  let minMargin = Number.POSITIVE_INFINITY;
  let minPilot = Number.POSITIVE_INFINITY;
  for (let i = 0; i < block.n; i++) {
    if (s.bestMargin[i] < minMargin) minMargin = s.bestMargin[i];
    if (s.bestPilot[i] < minPilot) minPilot = s.bestPilot[i];
  }
  block.minBestMargin = minMargin;
  block.minBestPilot = minPilot;
}

/** Second pass: count servers within the overlap margin and pilots within the pilot margin. */
function countServers(cells: PreparedCells, block: Block, margins: Margins, s: KernelScratch): void {
  const { bestMargin, bestPilot, servers, pilots, keptPool, levelPool } = s;
  const { overlapDb, pilotDb } = margins;
  servers.fill(0, 0, block.n);
  pilots.fill(0, 0, block.n);
  for (let slot = 0; slot < block.slotCount; slot++) {
    const o = s.slotCell[slot] * CELL_STRIDE;
    const isPilot = cells.cells[o + C_IS_PILOT] === 1;
    const overlapUseful = s.slotMaxMargin[slot] >= block.minBestMargin - overlapDb;
    const pilotUseful = isPilot && s.slotMaxLevel[slot] >= block.minBestPilot - pilotDb;
    if (!overlapUseful && !pilotUseful) continue;
    const threshold = cells.cells[o + C_THRESHOLD_DBM];
    const ko = s.slotKeptOffset[slot];
    const lo = s.slotLevelOffset[slot];
    const count = s.slotKeptCount[slot];
    for (let j = 0; j < count; j++) {
      const level = levelPool[lo + j];
      if (level === Number.NEGATIVE_INFINITY) continue;
      const i = keptPool[ko + j];
      if (level - threshold >= bestMargin[i] - overlapDb) servers[i]++;
      if (isPilot && level >= bestPilot[i] - pilotDb) pilots[i]++;
    }
  }
}

function writeBlock(block: Block, s: KernelScratch, out: RasterTarget): void {
  for (let i = 0; i < block.n; i++) {
    const t = s.target[i];
    out.levelDbm[t] = s.bestLevel[i];
    out.bestCell[t] = s.bestSource[i];
    out.serverCount[t] = s.servers[i] > 255 ? 255 : s.servers[i];
    out.pilotCount[t] = s.pilots[i] > 255 ? 255 : s.pilots[i];
  }
}

function newBlock(rect: UtmRect): Block {
  return {
    n: 0,
    environmentBits: 0,
    rect,
    slotCount: 0,
    keptUsed: 0,
    levelsUsed: 0,
    minBestMargin: Number.NEGATIVE_INFINITY,
    minBestPilot: Number.NEGATIVE_INFINITY,
    siteUpperMargin: Number.NEGATIVE_INFINITY,
    siteUpperPilot: Number.NEGATIVE_INFINITY,
    siteLeastSlope: FREE_SPACE_SLOPE_DB_PER_DECADE,
  };
}

/** Evaluate one site over the block (its active cells at the pixels where they may matter). */
function evaluateSite(cells: PreparedCells, site: number, nearestM: number, block: Block, margins: Margins, s: KernelScratch): void {
  const active = activeCellsOfSite(cells, site, nearestM, block, margins, s);
  if (active === 0) return;
  if (evaluateSitePixels(cells, site, nearestM, active, block, margins, s) === 0) return;
  if (s.wasm) {
    block.minBestMargin = s.minima[MINIMA_MARGIN];
    block.minBestPilot = s.minima[MINIMA_PILOT];
  } else {
    refreshBlockMinima(block, s);
  }
}

function computeBlock(
  area: PreparedArea,
  cells: PreparedCells,
  window: TileWindow,
  bc: number,
  br: number,
  tileSites: number,
  margins: Margins,
  s: KernelScratch,
  out: RasterTarget,
): void {
  const bw = Math.min(BLOCK_SIZE_PX, window.width - bc);
  const bh = Math.min(BLOCK_SIZE_PX, window.height - br);
  const block = newBlock(windowRect(area, window.col0 + bc, window.row0 + br, bw, bh));
  if (s.wasm) {
    // The tile's own arrays in the module's memory (see beginWasmTile), `out` is the tile output there.
    const { grid } = area;
    const packed = s.wasm.gatherBlock(
      s.tileMask.byteOffset,
      s.tileEnvironment.byteOffset,
      window.width,
      bc,
      br,
      bw,
      bh,
      window.col0,
      window.row0,
      grid.originX,
      grid.originY,
      grid.resolutionM,
      s.target.byteOffset,
      s.x.byteOffset,
      s.y.byteOffset,
      s.environment.byteOffset,
      s.bestMargin.byteOffset,
      s.bestLevel.byteOffset,
      s.bestSource.byteOffset,
      s.bestPilot.byteOffset,
      s.tileLevelDbm.byteOffset,
      s.tileBestCell.byteOffset,
      s.tileServerCount.byteOffset,
      s.tilePilotCount.byteOffset,
    );
    block.n = packed & ((1 << GATHER_BITS_SHIFT) - 1);
    block.environmentBits = packed >>> GATHER_BITS_SHIFT;
  } else {
    block.n = gatherPixels(area, window, bc, br, bw, bh, s, block, out);
    s.bestMargin.fill(Number.NEGATIVE_INFINITY, 0, block.n);
    s.bestLevel.fill(NO_SIGNAL_DBM, 0, block.n);
    s.bestPilot.fill(Number.NEGATIVE_INFINITY, 0, block.n);
    s.bestSource.fill(-1, 0, block.n);
  }
  if (block.n === 0) return;
  // Nearest site first; stop once the run's envelope for the block's environment classes says no farther site can matter.
  let stopM = envelopeStopDistanceM(cells, -cells.cutoffMarginDb, cells.pilotCutoffDbm, block.environmentBits);
  let near = sitesNearRect(cells, tileSites, block.rect, stopM, s);
  while (near > 0) {
    const nearestM = s.blockSiteDistanceM[0];
    if (nearestM >= stopM) break;
    const site = s.sites[s.blockSites[0]];
    near = popNearestSite(s, near);
    const before = block.slotCount;
    evaluateSite(cells, site, nearestM, block, margins, s);
    if (block.slotCount === before) continue;
    stopM = envelopeStopDistanceM(
      cells,
      Math.max(-cells.cutoffMarginDb, block.minBestMargin - margins.overlapDb),
      Math.max(cells.pilotCutoffDbm, block.minBestPilot - margins.pilotDb),
      block.environmentBits,
    );
  }
  if (s.wasm) {
    s.wasm.countAndWrite(
      block.n,
      block.slotCount,
      s.slotThreshold.byteOffset,
      s.slotIsPilot.byteOffset,
      s.slotKeptOffset.byteOffset,
      s.slotKeptCount.byteOffset,
      s.slotLevelOffset.byteOffset,
      s.slotMaxMargin.byteOffset,
      s.slotMaxLevel.byteOffset,
      block.minBestMargin,
      block.minBestPilot,
      margins.overlapDb,
      margins.pilotDb,
      s.keptPool.byteOffset,
      s.levelPool.byteOffset,
      s.bestMargin.byteOffset,
      s.bestLevel.byteOffset,
      s.bestSource.byteOffset,
      s.bestPilot.byteOffset,
      s.servers.byteOffset,
      s.pilots.byteOffset,
      s.target.byteOffset,
      s.tileLevelDbm.byteOffset,
      s.tileBestCell.byteOffset,
      s.tileServerCount.byteOffset,
      s.tilePilotCount.byteOffset,
    );
    return;
  }
  countServers(cells, block, margins, s);
  writeBlock(block, s, out);
}

/**
 * Version of the tile kernel's results: part of every stored tile's key and of the tile queue's name,
 * so stored tiles of another version are never read and a worker process runs only jobs of the
 * version it computes. Bump it (by one) in the same commit as any change that can alter a tile's
 * bytes — the kernel, its WebAssembly passes, the path-loss or antenna models, cell preparation, the
 * tile result layout; not for a change that leaves every result bit for bit the same (speed-ups whose
 * known-answer tests pass unchanged).
 */
export const KERNEL_VERSION = 1;

/**
 * Coverage of one tile window: per pixel the best server by margin over its own technology's
 * threshold (ties to the lower cell index), its level, and the server and pilot counts within the
 * settings' margins. Cells are culled per 16×16 block by reach, by the run's level envelope and by
 * an upper bound of each cell's level against the block's weakest best server, then per pixel by
 * the site's bound at the pixel's distance; every cut is a proven bound, so the result is exact.
 * Writes into `target` (e.g. a whole raster) when given, else into a new TileResult.
 */
export function computeTile(
  area: PreparedArea,
  cells: PreparedCells,
  window: TileWindow,
  scratch: KernelScratch = defaultKernelScratch(),
  target?: RasterTarget,
): TileResult | null {
  const result = target ? null : allocateTileResult(window);
  const out = target ?? rasterTarget(result!, 0, window.width);
  const s = scratch;
  s.ensureSites(cells.siteCount, cells.cellCount);
  s.useVertical(cells);
  const rect = windowRect(area, window.col0, window.row0, window.width, window.height);
  let tileSites = 0;
  for (let site = 0; site < cells.siteCount; site++) {
    const o = site * SITE_STRIDE;
    if (distanceToRectM(rect, cells.sites[o + S_X], cells.sites[o + S_Y]) <= cells.sites[o + S_REACH_M]) s.sites[tileSites++] = site;
  }
  if (tileSites === 0) {
    if (target) clearWindow(target, window.width, window.height);
    return result;
  }
  const margins: Margins = { overlapDb: area.settings.overlapMarginDb, pilotDb: area.settings.pilotPollutionMarginDb };
  if (s.wasm) beginWasmTile(area, window, s);
  for (let br = 0; br < window.height; br += BLOCK_SIZE_PX) {
    for (let bc = 0; bc < window.width; bc += BLOCK_SIZE_PX) {
      computeBlock(area, cells, window, bc, br, tileSites, margins, s, out);
    }
  }
  if (s.wasm) endWasmTile(window, s, out);
  return result;
}

/** WebAssembly passes: the tile window's mask and environment classes into the module's memory. */
function beginWasmTile(area: PreparedArea, window: TileWindow, s: KernelScratch): void {
  s.ensureTile(window.width * window.height);
  const { width } = area.grid;
  for (let r = 0; r < window.height; r++) {
    const from = (window.row0 + r) * width + window.col0;
    s.tileMask.set(area.mask.subarray(from, from + window.width), r * window.width);
    s.tileEnvironment.set(area.environment.subarray(from, from + window.width), r * window.width);
  }
}

/** WebAssembly passes: the finished tile from the module's memory to the target. */
function endWasmTile(window: TileWindow, s: KernelScratch, out: RasterTarget): void {
  for (let r = 0; r < window.height; r++) {
    const from = r * window.width;
    const to = out.offset + r * out.stride;
    out.levelDbm.set(s.tileLevelDbm.subarray(from, from + window.width), to);
    out.bestCell.set(s.tileBestCell.subarray(from, from + window.width), to);
    out.serverCount.set(s.tileServerCount.subarray(from, from + window.width), to);
    out.pilotCount.set(s.tilePilotCount.subarray(from, from + window.width), to);
  }
}
