import { tileWindows } from '../geo/tile-windows.ts';
import type { CellSpec } from '../model.ts';
import { type CoverageTechnology, cellThresholds, prepareCells } from './cell-table.ts';
import type { PreparedArea } from './prepared-area.ts';
import { computeTile, defaultKernelScratch, type KernelScratch } from './tile-kernel.ts';
import { allocateTileResult, NO_SIGNAL_DBM, rasterTarget, type TileResult } from './tile-result.ts';
import type { TileWindow } from '../geo/tile-windows.ts';
import { sharedFloat32, sharedInt32, sharedUint8 } from './shared-arrays.ts';

/** Coverage of a whole area for one run, row-major on the prepared grid (see TileResult fields). */
export interface CoverageRaster {
  technology: CoverageTechnology;
  width: number;
  height: number;
  levelDbm: Float32Array;
  /** Index into the run's input cell list; -1 = no server (or outside the mask). */
  bestCell: Int32Array;
  serverCount: Uint8Array;
  pilotCount: Uint8Array;
  /** Length of the input cell list. */
  cellCount: number;
  /** Outdoor threshold of each input cell's technology, dBm; NaN for cells not in the run. */
  cellThresholdDbm: Float64Array;
}

/**
 * A raster for a run over `cells`; its pixels are left unset (zero) for the caller to overwrite
 * entirely, unless `clear` asks for "no signal" everywhere. The arrays are on shared memory, so
 * worker threads read a computed raster (e.g. to trace its gaps) without a copy.
 */
export function createCoverageRaster(
  prepared: PreparedArea,
  cells: readonly CellSpec[],
  technology: CoverageTechnology,
  clear = true,
): CoverageRaster {
  const n = prepared.grid.width * prepared.grid.height;
  const raster: CoverageRaster = {
    technology,
    width: prepared.grid.width,
    height: prepared.grid.height,
    levelDbm: sharedFloat32(n),
    bestCell: sharedInt32(n),
    serverCount: sharedUint8(n),
    pilotCount: sharedUint8(n),
    cellCount: cells.length,
    cellThresholdDbm: cellThresholds(prepared, cells, technology),
  };
  if (clear) {
    raster.levelDbm.fill(NO_SIGNAL_DBM);
    raster.bestCell.fill(-1);
  }
  return raster;
}

/** Copy a tile's results into the area raster at the tile's window. */
export function mergeTile(raster: CoverageRaster, tile: TileResult): void {
  const { col0, row0, width, height } = tile.window;
  for (let r = 0; r < height; r++) {
    const from = r * width;
    const to = (row0 + r) * raster.width + col0;
    raster.levelDbm.set(tile.levelDbm.subarray(from, from + width), to);
    raster.bestCell.set(tile.bestCell.subarray(from, from + width), to);
    raster.serverCount.set(tile.serverCount.subarray(from, from + width), to);
    raster.pilotCount.set(tile.pilotCount.subarray(from, from + width), to);
  }
}

/** A copy of the raster's pixels at `window`, as a tile result of its own (the inverse of mergeTile). */
export function tileOfRaster(raster: CoverageRaster, window: TileWindow): TileResult {
  const tile = allocateTileResult(window);
  const { col0, row0, width, height } = window;
  for (let r = 0; r < height; r++) {
    const from = (row0 + r) * raster.width + col0;
    const to = r * width;
    tile.levelDbm.set(raster.levelDbm.subarray(from, from + width), to);
    tile.bestCell.set(raster.bestCell.subarray(from, from + width), to);
    tile.serverCount.set(raster.serverCount.subarray(from, from + width), to);
    tile.pilotCount.set(raster.pilotCount.subarray(from, from + width), to);
  }
  return tile;
}

/**
 * Coverage raster of `cells` over a prepared area, computed tile by tile in this thread.
 * technology: one Technology, or 'any' (GSM and CDMA cells, each against its own threshold).
 * scratch: the kernel's working memory (e.g. `new KernelScratch({ wasm: false })` for the JavaScript passes).
 */
export function computeCoverageRaster(
  prepared: PreparedArea,
  cells: readonly CellSpec[],
  technology: CoverageTechnology,
  scratch: KernelScratch = defaultKernelScratch(),
): CoverageRaster {
  const raster = createCoverageRaster(prepared, cells, technology, false);
  const prepCells = prepareCells(prepared, cells, technology);
  for (const window of tileWindows(prepared.grid, prepared.tileSizePx)) {
    const offset = window.row0 * raster.width + window.col0;
    computeTile(prepared, prepCells, window, scratch, rasterTarget(raster, offset, raster.width));
  }
  return raster;
}
