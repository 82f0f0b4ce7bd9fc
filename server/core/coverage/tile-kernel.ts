import * as areaGrid from '../geo/area-grid.ts';
import type { TileWindow } from '../geo/tile-windows.ts';
import * as freeSpace from '../radio/free-space-loss.ts';
import * as pathLoss from '../radio/path-loss.ts';
import * as bounds from './block-bounds.ts';
import type { UtmRect } from './block-bounds.ts';
import * as level from './cell-level.ts';
import * as table from './cell-table.ts';
import type { PreparedCells } from './cell-table.ts';
import * as kernelScratch from './kernel-scratch.ts';
import { KernelScratch } from './kernel-scratch.ts';
import type { PreparedArea } from './prepared-area.ts';
import * as tileResult from './tile-result.ts';
import type { RasterTarget, TileResult } from './tile-result.ts';

export { BLOCK_SIZE_PX, KernelScratch } from './kernel-scratch.ts';

// Imported bindings used in per-pixel and per-site loops are copied to module constants once: under
// CommonJS interop (tsx's require hook, which loads the piscina workers) or Vite's transform, every
// use of an imported name is a getter call, dearer than the arithmetic around it.
const { pixelCentreX, pixelCentreY } = areaGrid;
const { FREE_SPACE_SLOPE_DB_PER_DECADE } = freeSpace;
const { bearingSpan, cellLevelUpperBoundDbm, distanceToRectM } = bounds;
const { cellLevelsInto, gridBearingDeg, log10DistanceKm } = level;
const { C_CUTOFF_DBM, C_GRID_AZIMUTH_DEG, C_IS_PILOT, C_SLOPE_DB, C_SOURCE_INDEX, C_THRESHOLD_DBM, CELL_STRIDE } = table;
const { S_CELL_COUNT, S_FIRST_CELL, S_REACH_M, S_X, S_Y, SITE_STRIDE, envelopeStopDistanceM } = table;
const { BLOCK_SIZE_PX } = kernelScratch;
const { allocateTileResult, clearWindow, rasterTarget, NO_SIGNAL_DBM } = tileResult;
const MIN_LOG10_KM = Math.log10(pathLoss.MIN_DISTANCE_KM);

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
function gatherPixels(area: PreparedArea, window: TileWindow, bc: number, br: number, bw: number, bh: number, s: KernelScratch, block: Block, out: RasterTarget): number {
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

/** Sites of the tile whose reach touches the block, into s.blockSites (unordered); returns the count. */
function sitesNearRect(cells: PreparedCells, count: number, rect: UtmRect, s: KernelScratch): number {
  let k = 0;
  for (let j = 0; j < count; j++) {
    const site = s.sites[j];
    const o = site * SITE_STRIDE;
    const d = distanceToRectM(rect, cells.sites[o + S_X], cells.sites[o + S_Y]);
    if (d > cells.sites[o + S_REACH_M]) continue;
    s.blockSites[k] = site;
    s.blockSiteDistanceM[k] = d;
    k++;
  }
  return k;
}

/** Move the nearest of the first k sites to position k - 1 and return k - 1. */
function takeNearest(s: KernelScratch, k: number): number {
  let m = 0;
  for (let j = 1; j < k; j++) if (s.blockSiteDistanceM[j] < s.blockSiteDistanceM[m]) m = j;
  const site = s.blockSites[m];
  const distanceM = s.blockSiteDistanceM[m];
  s.blockSites[m] = s.blockSites[k - 1];
  s.blockSiteDistanceM[m] = s.blockSiteDistanceM[k - 1];
  s.blockSites[k - 1] = site;
  s.blockSiteDistanceM[k - 1] = distanceM;
  return k - 1;
}

/**
 * Cells of a site that may still matter somewhere in the block, into s.activeCells; returns the
 * count and leaves the site's bounds in `block` for the per-pixel test.
 */
function activeCellsOfSite(cells: PreparedCells, site: number, nearestM: number, block: Block, margins: Margins, s: KernelScratch): number {
  const so = site * SITE_STRIDE;
  const first = cells.sites[so + S_FIRST_CELL];
  const count = cells.sites[so + S_CELL_COUNT];
  const span = bearingSpan(block.rect, cells.sites[so + S_X], cells.sites[so + S_Y]);
  let k = 0;
  let upperMargin = Number.NEGATIVE_INFINITY;
  let upperPilot = Number.NEGATIVE_INFINITY;
  let leastSlope = FREE_SPACE_SLOPE_DB_PER_DECADE;
  for (let c = first; c < first + count; c++) {
    const o = c * CELL_STRIDE;
    const upper = cellLevelUpperBoundDbm(cells.cells, c, nearestM, block.environmentBits, span);
    if (upper < cells.cells[o + C_CUTOFF_DBM]) continue;
    const margin = upper - cells.cells[o + C_THRESHOLD_DBM];
    const isPilot = cells.cells[o + C_IS_PILOT] === 1;
    if (margin < block.minBestMargin - margins.overlapDb && !(isPilot && upper >= block.minBestPilot - margins.pilotDb)) continue;
    s.activeCells[k++] = c;
    if (margin > upperMargin) upperMargin = margin;
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

/**
 * Distance and bearing terms from one site at the block pixels where its cells may still matter
 * (one log10 per pixel, one atan2 per kept pixel). Loss grows at least `siteLeastSlope` dB per
 * decade beyond the nearest distance, so the site's bound at a pixel is known from its distance
 * alone; pixels whose current best it cannot approach are left out. The kept pixel indices go
 * to s.keptPool at block.keptUsed; returns their count.
 */
function keepPixelsForSite(cells: PreparedCells, site: number, nearestM: number, needBearing: boolean, block: Block, margins: Margins, s: KernelScratch): number {
  const sx = cells.sites[site * SITE_STRIDE + S_X];
  const sy = cells.sites[site * SITE_STRIDE + S_Y];
  const x0 = Math.max(MIN_LOG10_KM, Math.log10(nearestM / 1000));
  const slope = block.siteLeastSlope;
  const cutoffMargin = -cells.cutoffMarginDb;
  const pilotCutoff = cells.pilotCutoffDbm;
  s.ensureKept(block.keptUsed + block.n);
  const { x, y, environment, bestMargin, bestPilot, keptPool, keptEnvironment, keptLog10Km, keptBearingDeg } = s;
  const base = block.keptUsed;
  const { overlapDb, pilotDb } = margins;
  const upperMargin = block.siteUpperMargin;
  const upperPilot = block.siteUpperPilot;
  const n = block.n;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - sx;
    const dy = y[i] - sy;
    const log10Km = log10DistanceKm(dx, dy);
    const drop = (log10Km - x0) * slope;
    const needMargin = Math.max(cutoffMargin, bestMargin[i] - overlapDb);
    const needPilot = Math.max(pilotCutoff, bestPilot[i] - pilotDb);
    if (upperMargin - drop < needMargin && upperPilot - drop < needPilot) continue;
    keptPool[base + k] = i;
    keptEnvironment[k] = environment[i];
    keptLog10Km[k] = log10Km;
    if (needBearing) keptBearingDeg[k] = gridBearingDeg(dx, dy);
    k++;
  }
  return k;
}

/** Evaluate one cell at its site's kept pixels into a new slot, updating the per-pixel bests. */
function evaluateCell(cells: PreparedCells, c: number, keptOffset: number, keptCount: number, block: Block, s: KernelScratch): void {
  const slot = block.slotCount++;
  const lo = block.levelsUsed;
  block.levelsUsed += keptCount;
  s.ensureSlots(block.slotCount, block.levelsUsed);
  const levels = s.levelPool;
  cellLevelsInto(cells.cells, cells.vertical, c, keptCount, s.keptEnvironment, s.keptLog10Km, s.keptBearingDeg, levels, lo);
  const o = c * CELL_STRIDE;
  const cutoff = cells.cells[o + C_CUTOFF_DBM];
  const threshold = cells.cells[o + C_THRESHOLD_DBM];
  const source = cells.cells[o + C_SOURCE_INDEX];
  const isPilot = cells.cells[o + C_IS_PILOT] === 1;
  const { keptPool, bestMargin, bestLevel, bestSource, bestPilot } = s;
  let maxLevel = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < keptCount; j++) {
    const level = levels[lo + j];
    if (level < cutoff) {
      levels[lo + j] = Number.NEGATIVE_INFINITY;
      continue;
    }
    const i = keptPool[keptOffset + j];
    if (level > maxLevel) maxLevel = level;
    const margin = level - threshold;
    if (margin > bestMargin[i] || (margin === bestMargin[i] && source < bestSource[i])) {
      bestMargin[i] = margin;
      bestLevel[i] = level;
      bestSource[i] = source;
    }
    if (isPilot && level > bestPilot[i]) bestPilot[i] = level;
  }
  s.slotCell[slot] = c;
  s.slotKeptOffset[slot] = keptOffset;
  s.slotKeptCount[slot] = keptCount;
  s.slotLevelOffset[slot] = lo;
  s.slotMaxLevel[slot] = maxLevel;
  s.slotMaxMargin[slot] = maxLevel - threshold;
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
  const { bestMargin, bestPilot, bestSource, servers, pilots, keptPool, levelPool } = s;
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
  let needBearing = false;
  for (let a = 0; a < active; a++) {
    const az = cells.cells[s.activeCells[a] * CELL_STRIDE + C_GRID_AZIMUTH_DEG];
    if (az === az) needBearing = true;
  }
  const keptOffset = block.keptUsed;
  const kept = keepPixelsForSite(cells, site, nearestM, needBearing, block, margins, s);
  if (kept === 0) return;
  block.keptUsed += kept;
  for (let a = 0; a < active; a++) evaluateCell(cells, s.activeCells[a], keptOffset, kept, block, s);
  refreshBlockMinima(block, s);
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
  block.n = gatherPixels(area, window, bc, br, bw, bh, s, block, out);
  if (block.n === 0) return;
  s.bestMargin.fill(Number.NEGATIVE_INFINITY, 0, block.n);
  s.bestLevel.fill(NO_SIGNAL_DBM, 0, block.n);
  s.bestPilot.fill(Number.NEGATIVE_INFINITY, 0, block.n);
  s.bestSource.fill(-1, 0, block.n);
  // Nearest site first; stop once the run's envelope says no farther site can matter.
  let remaining = sitesNearRect(cells, tileSites, block.rect, s);
  let stopM = envelopeStopDistanceM(cells, -cells.cutoffMarginDb, cells.pilotCutoffDbm);
  while (remaining > 0) {
    remaining = takeNearest(s, remaining);
    const nearestM = s.blockSiteDistanceM[remaining];
    if (nearestM >= stopM) break;
    const before = block.slotCount;
    evaluateSite(cells, s.blockSites[remaining], nearestM, block, margins, s);
    if (block.slotCount === before) continue;
    stopM = envelopeStopDistanceM(
      cells,
      Math.max(-cells.cutoffMarginDb, block.minBestMargin - margins.overlapDb),
      Math.max(cells.pilotCutoffDbm, block.minBestPilot - margins.pilotDb),
    );
  }
  countServers(cells, block, margins, s);
  writeBlock(block, s, out);
}

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
  scratch: KernelScratch = new KernelScratch(),
  target?: RasterTarget,
): TileResult | null {
  const result = target ? null : allocateTileResult(window);
  const out = target ?? rasterTarget(result!, 0, window.width);
  const s = scratch;
  s.ensureSites(cells.siteCount, cells.cellCount);
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
  for (let br = 0; br < window.height; br += BLOCK_SIZE_PX) {
    for (let bc = 0; bc < window.width; bc += BLOCK_SIZE_PX) {
      computeBlock(area, cells, window, bc, br, tileSites, margins, s, out);
    }
  }
  return result;
}
