import { pixelCentreX, pixelCentreY } from '../geo/area-grid.ts';
import type { TileWindow } from '../geo/tile-windows.ts';
import { bearingSpan, cellLevelUpperBoundDbm, distanceToRectM, type UtmRect } from './block-bounds.ts';
import { cellLevelsInto, gridBearingDeg, log10DistanceKm } from './cell-level.ts';
import {
  C_CUTOFF_DBM,
  C_GRID_AZIMUTH_DEG,
  C_IS_PILOT,
  C_SOURCE_INDEX,
  C_THRESHOLD_DBM,
  CELL_STRIDE,
  type PreparedCells,
  S_CELL_COUNT,
  S_FIRST_CELL,
  S_REACH_M,
  S_X,
  S_Y,
  SITE_STRIDE,
  envelopeStopDistanceM,
} from './cell-table.ts';
import type { PreparedArea } from './prepared-area.ts';
import { allocateTileResult, clearWindow, type RasterTarget, type TileResult } from './tile-result.ts';

/** Tiles are processed in square blocks of this many pixels a side; cells are culled per block. */
export const BLOCK_SIZE_PX = 16;
const BLOCK_PX = BLOCK_SIZE_PX * BLOCK_SIZE_PX;

/** Reusable per-thread working memory of the kernel, so nothing is allocated per pixel. */
export class KernelScratch {
  tileIndex = new Int32Array(BLOCK_PX);
  x = new Float64Array(BLOCK_PX);
  y = new Float64Array(BLOCK_PX);
  environment = new Int32Array(BLOCK_PX);
  log10Km = new Float64Array(BLOCK_PX);
  bearingDeg = new Float64Array(BLOCK_PX);
  bestMargin = new Float64Array(BLOCK_PX);
  bestLevel = new Float64Array(BLOCK_PX);
  bestSource = new Int32Array(BLOCK_PX);
  bestPilot = new Float64Array(BLOCK_PX);
  servers = new Int32Array(BLOCK_PX);
  pilots = new Int32Array(BLOCK_PX);
  slotLevels = new Float32Array(BLOCK_PX * 64);
  slotCell = new Int32Array(64);
  slotMaxMargin = new Float64Array(64);
  slotMaxLevel = new Float64Array(64);
  sites = new Int32Array(0);
  siteDistanceM = new Float64Array(0);
  blockSites = new Int32Array(0);
  blockSiteDistanceM = new Float64Array(0);
  activeCells = new Int32Array(0);

  ensureSlots(slots: number): void {
    if (slots <= this.slotCell.length) return;
    const capacity = Math.max(slots, this.slotCell.length * 2);
    const levels = new Float32Array(BLOCK_PX * capacity);
    levels.set(this.slotLevels);
    this.slotLevels = levels;
    const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.slotCell = grow(this.slotCell, (n) => new Int32Array(n));
    this.slotMaxMargin = grow(this.slotMaxMargin, (n) => new Float64Array(n));
    this.slotMaxLevel = grow(this.slotMaxLevel, (n) => new Float64Array(n));
  }

  ensureSites(siteCount: number, cellCount: number): void {
    if (this.sites.length < siteCount) {
      this.sites = new Int32Array(siteCount);
      this.siteDistanceM = new Float64Array(siteCount);
      this.blockSites = new Int32Array(siteCount);
      this.blockSiteDistanceM = new Float64Array(siteCount);
    }
    if (this.activeCells.length < cellCount) this.activeCells = new Int32Array(cellCount);
  }
}

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
  minBestMargin: number;
  minBestPilot: number;
}

function windowRect(area: PreparedArea, col0: number, row0: number, width: number, height: number): UtmRect {
  return {
    minX: pixelCentreX(area.grid, col0),
    maxX: pixelCentreX(area.grid, col0 + width - 1),
    maxY: pixelCentreY(area.grid, row0),
    minY: pixelCentreY(area.grid, row0 + height - 1),
  };
}

/** Gather the in-mask pixels of a block; returns how many. */
function gatherPixels(area: PreparedArea, window: TileWindow, bc: number, br: number, bw: number, bh: number, s: KernelScratch, block: Block): number {
  const { grid, mask, environment } = area;
  let n = 0;
  let bits = 0;
  for (let r = br; r < br + bh; r++) {
    const row = window.row0 + r;
    const y = pixelCentreY(grid, row);
    for (let c = bc; c < bc + bw; c++) {
      const col = window.col0 + c;
      const gi = row * grid.width + col;
      if (mask[gi] === 0) continue;
      s.tileIndex[n] = r * window.width + c;
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
function sitesNearRect(cells: PreparedCells, candidates: Int32Array, count: number, rect: UtmRect, s: KernelScratch): number {
  let k = 0;
  for (let j = 0; j < count; j++) {
    const site = candidates[j];
    const o = site * SITE_STRIDE;
    const d = distanceToRectM(rect, cells.sites[o + S_X], cells.sites[o + S_Y]);
    if (d > cells.sites[o + S_REACH_M]) continue;
    s.blockSites[k] = site;
    s.blockSiteDistanceM[k] = d;
    k++;
  }
  return k;
}

/** Remove and return the position of the nearest remaining site (swap-remove), given k > 0. */
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

/** Cells of a site that may still matter in the block, into s.activeCells; returns the count. */
function activeCellsOfSite(cells: PreparedCells, site: number, nearestM: number, block: Block, margins: Margins, s: KernelScratch): number {
  const so = site * SITE_STRIDE;
  const first = cells.sites[so + S_FIRST_CELL];
  const count = cells.sites[so + S_CELL_COUNT];
  const span = bearingSpan(block.rect, cells.sites[so + S_X], cells.sites[so + S_Y]);
  let k = 0;
  for (let c = first; c < first + count; c++) {
    const o = c * CELL_STRIDE;
    const upper = cellLevelUpperBoundDbm(cells.cells, c, nearestM, block.environmentBits, span);
    if (upper < cells.cells[o + C_CUTOFF_DBM]) continue;
    const overlaps = upper - cells.cells[o + C_THRESHOLD_DBM] >= block.minBestMargin - margins.overlapDb;
    const pilots = cells.cells[o + C_IS_PILOT] === 1 && upper >= block.minBestPilot - margins.pilotDb;
    if (overlaps || pilots) s.activeCells[k++] = c;
  }
  return k;
}

/** Distance and bearing terms of every block pixel from one site (one log10 and one atan2 each). */
function siteGeometry(cells: PreparedCells, site: number, n: number, needBearing: boolean, s: KernelScratch): void {
  const sx = cells.sites[site * SITE_STRIDE + S_X];
  const sy = cells.sites[site * SITE_STRIDE + S_Y];
  const { x, y, log10Km, bearingDeg } = s;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - sx;
    const dy = y[i] - sy;
    log10Km[i] = log10DistanceKm(dx, dy);
    if (needBearing) bearingDeg[i] = gridBearingDeg(dx, dy);
  }
}

/** Evaluate one cell over the block into a new slot, updating the per-pixel bests. */
function evaluateCell(cells: PreparedCells, c: number, block: Block, s: KernelScratch): void {
  const slot = block.slotCount++;
  s.ensureSlots(block.slotCount);
  const base = slot * BLOCK_PX;
  const levels = s.slotLevels;
  cellLevelsInto(cells.cells, cells.vertical, c, block.n, s.environment, s.log10Km, s.bearingDeg, levels, base);
  const o = c * CELL_STRIDE;
  const cutoff = cells.cells[o + C_CUTOFF_DBM];
  const threshold = cells.cells[o + C_THRESHOLD_DBM];
  const source = cells.cells[o + C_SOURCE_INDEX];
  const isPilot = cells.cells[o + C_IS_PILOT] === 1;
  const { bestMargin, bestLevel, bestSource, bestPilot } = s;
  let maxLevel = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < block.n; i++) {
    const level = levels[base + i];
    if (level < cutoff) {
      levels[base + i] = Number.NEGATIVE_INFINITY;
      continue;
    }
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
  const { bestMargin, bestPilot, bestSource, servers, pilots } = s;
  servers.fill(0, 0, block.n);
  pilots.fill(0, 0, block.n);
  for (let slot = 0; slot < block.slotCount; slot++) {
    const o = s.slotCell[slot] * CELL_STRIDE;
    const isPilot = cells.cells[o + C_IS_PILOT] === 1;
    const overlapUseful = s.slotMaxMargin[slot] >= block.minBestMargin - margins.overlapDb;
    const pilotUseful = isPilot && s.slotMaxLevel[slot] >= block.minBestPilot - margins.pilotDb;
    if (!overlapUseful && !pilotUseful) continue;
    const threshold = cells.cells[o + C_THRESHOLD_DBM];
    const levels = s.slotLevels;
    const base = slot * BLOCK_PX;
    for (let i = 0; i < block.n; i++) {
      const level = levels[base + i];
      if (level === Number.NEGATIVE_INFINITY || bestSource[i] < 0) continue;
      if (level - threshold >= bestMargin[i] - margins.overlapDb) servers[i]++;
      if (isPilot && level >= bestPilot[i] - margins.pilotDb) pilots[i]++;
    }
  }
}

function writeBlock(block: Block, window: TileWindow, s: KernelScratch, out: RasterTarget): void {
  for (let i = 0; i < block.n; i++) {
    if (s.bestSource[i] < 0) continue;
    const t = s.tileIndex[i];
    const at = out.offset + Math.floor(t / window.width) * out.stride + (t % window.width);
    out.levelDbm[at] = s.bestLevel[i];
    out.bestCell[at] = s.bestSource[i];
    out.serverCount[at] = s.servers[i] > 255 ? 255 : s.servers[i];
    out.pilotCount[at] = s.pilots[i] > 255 ? 255 : s.pilots[i];
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
  const block: Block = {
    n: 0,
    environmentBits: 0,
    rect: windowRect(area, window.col0 + bc, window.row0 + br, bw, bh),
    slotCount: 0,
    minBestMargin: Number.NEGATIVE_INFINITY,
    minBestPilot: Number.NEGATIVE_INFINITY,
  };
  block.n = gatherPixels(area, window, bc, br, bw, bh, s, block);
  if (block.n === 0) return;
  s.bestMargin.fill(Number.NEGATIVE_INFINITY, 0, block.n);
  s.bestLevel.fill(Number.NEGATIVE_INFINITY, 0, block.n);
  s.bestPilot.fill(Number.NEGATIVE_INFINITY, 0, block.n);
  s.bestSource.fill(-1, 0, block.n);
  // Nearest site first; stop once the run's envelope says no farther site can matter.
  let remaining = sitesNearRect(cells, s.sites, tileSites, block.rect, s);
  let stopM = envelopeStopDistanceM(cells, -cells.cutoffMarginDb, cells.pilotCutoffDbm);
  while (remaining > 0) {
    remaining = takeNearest(s, remaining);
    const site = s.blockSites[remaining];
    const nearestM = s.blockSiteDistanceM[remaining];
    if (nearestM >= stopM) break;
    const active = activeCellsOfSite(cells, site, nearestM, block, margins, s);
    if (active === 0) continue;
    let needBearing = false;
    for (let a = 0; a < active; a++) {
      const az = cells.cells[s.activeCells[a] * CELL_STRIDE + C_GRID_AZIMUTH_DEG];
      if (az === az) needBearing = true;
    }
    siteGeometry(cells, site, block.n, needBearing, s);
    for (let a = 0; a < active; a++) evaluateCell(cells, s.activeCells[a], block, s);
    refreshBlockMinima(block, s);
    stopM = envelopeStopDistanceM(
      cells,
      Math.max(-cells.cutoffMarginDb, block.minBestMargin - margins.overlapDb),
      Math.max(cells.pilotCutoffDbm, block.minBestPilot - margins.pilotDb),
    );
  }
  countServers(cells, block, margins, s);
  writeBlock(block, window, s, out);
}

/**
 * Coverage of one tile window: per pixel the best server by margin over its own technology's
 * threshold (ties to the lower cell index), its level, and the server and pilot counts within the
 * settings' margins. Cells are culled per block by reach, by the run's level envelope and by an
 * upper bound of each cell's level against the block's weakest best server; the result is exact.
 * Writes into `target` (a whole raster) when given, else into a new TileResult.
 */
export function computeTile(
  area: PreparedArea,
  cells: PreparedCells,
  window: TileWindow,
  scratch: KernelScratch = new KernelScratch(),
  target?: RasterTarget,
): TileResult | null {
  const result = target ? null : allocateTileResult(window);
  const out: RasterTarget = target ?? { ...result!, offset: 0, stride: window.width };
  if (target) clearWindow(target, window.width, window.height);
  const s = scratch;
  s.ensureSites(cells.siteCount, cells.cellCount);
  const rect = windowRect(area, window.col0, window.row0, window.width, window.height);
  let tileSites = 0;
  for (let site = 0; site < cells.siteCount; site++) {
    const o = site * SITE_STRIDE;
    if (distanceToRectM(rect, cells.sites[o + S_X], cells.sites[o + S_Y]) <= cells.sites[o + S_REACH_M]) s.sites[tileSites++] = site;
  }
  if (tileSites === 0) return result;
  const margins: Margins = { overlapDb: area.settings.overlapMarginDb, pilotDb: area.settings.pilotPollutionMarginDb };
  for (let br = 0; br < window.height; br += BLOCK_SIZE_PX) {
    for (let bc = 0; bc < window.width; bc += BLOCK_SIZE_PX) {
      computeBlock(area, cells, window, bc, br, tileSites, margins, s, out);
    }
  }
  return result;
}
