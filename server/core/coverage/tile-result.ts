import type { TileWindow } from '../geo/tile-windows.ts';

/** Best level stored where no cell reaches threshold - cutoff margin, or outside the mask, dBm. */
export const NO_SIGNAL_DBM = Number.NEGATIVE_INFINITY;

/**
 * Per-pixel results of one tile, row-major over the window, all views on one ArrayBuffer so a
 * worker can transfer the tile back in one piece.
 */
export interface TileResult {
  window: TileWindow;
  buffer: ArrayBuffer;
  /** Level of the best server, dBm (float32); NO_SIGNAL_DBM when none. */
  levelDbm: Float32Array;
  /** Index of the best server in the input cell list; -1 when none. */
  bestCell: Int32Array;
  /** Servers within overlapMarginDb of the best (best included), saturating at 255. */
  serverCount: Uint8Array;
  /** Pilots within pilotPollutionMarginDb of the strongest pilot (itself included), saturating at 255. */
  pilotCount: Uint8Array;
}

/** Views of a tile result over `buffer` (10 bytes per pixel: f32 level, i32 cell, u8 counts). */
export function tileResultViews(window: TileWindow, buffer: ArrayBuffer): TileResult {
  const n = window.width * window.height;
  return {
    window,
    buffer,
    levelDbm: new Float32Array(buffer, 0, n),
    bestCell: new Int32Array(buffer, n * 4, n),
    serverCount: new Uint8Array(buffer, n * 8, n),
    pilotCount: new Uint8Array(buffer, n * 9, n),
  };
}

/** An empty tile result: no signal anywhere. */
export function allocateTileResult(window: TileWindow): TileResult {
  const n = window.width * window.height;
  const result = tileResultViews(window, new ArrayBuffer(n * 10));
  result.levelDbm.fill(NO_SIGNAL_DBM);
  result.bestCell.fill(-1);
  return result;
}

/**
 * Where a kernel writes: four row-major arrays with `stride` pixels per row, the window's
 * north-west pixel at `offset`. A tile result (offset 0, stride = window width) or a whole raster.
 */
export interface RasterTarget {
  levelDbm: Float32Array;
  bestCell: Int32Array;
  serverCount: Uint8Array;
  pilotCount: Uint8Array;
  offset: number;
  stride: number;
}

/** A target over four arrays (always built here, so every target has one object shape). */
export function rasterTarget(
  arrays: Pick<RasterTarget, 'levelDbm' | 'bestCell' | 'serverCount' | 'pilotCount'>,
  offset: number,
  stride: number,
): RasterTarget {
  return {
    levelDbm: arrays.levelDbm,
    bestCell: arrays.bestCell,
    serverCount: arrays.serverCount,
    pilotCount: arrays.pilotCount,
    offset,
    stride,
  };
}

/** Set a window of a target to "no signal". */
export function clearWindow(target: RasterTarget, width: number, height: number): void {
  for (let r = 0; r < height; r++) {
    const start = target.offset + r * target.stride;
    target.levelDbm.fill(NO_SIGNAL_DBM, start, start + width);
    target.bestCell.fill(-1, start, start + width);
    target.serverCount.fill(0, start, start + width);
    target.pilotCount.fill(0, start, start + width);
  }
}
