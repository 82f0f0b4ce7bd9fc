import type { CoverageRaster } from './coverage-raster.ts';
import type { PreparedArea } from './prepared-area.ts';

/** Edge of the square blocks the uncovered pixels are bucketed by, pixels. */
export const UNCOVERED_BLOCK_PX = 32;

/**
 * Uncovered inside-boundary pixels of a raster (as pixelCovered judges them) bucketed by grid block (CSR layout): the pixels of
 * block b are pixels[start[b] .. start[b+1]), blocks row-major, blocksX per row.
 */
export interface UncoveredIndex {
  blocksX: number;
  blocksY: number;
  start: Int32Array;
  pixels: Int32Array;
}

const cache = new WeakMap<CoverageRaster, Map<number, UncoveredIndex>>();

/** Calls visit(pixel, block) for every uncovered inside pixel, row-major. */
function forEachUncovered(prepared: PreparedArea, raster: CoverageRaster, extraLossDb: number, blocksX: number, visit: (pixel: number, block: number) => void): void {
  const { width, height } = prepared.grid;
  const { mask } = prepared;
  const { bestCell, levelDbm, cellThresholdDbm } = raster;
  for (let row = 0; row < height; row++) {
    const blockRow = Math.floor(row / UNCOVERED_BLOCK_PX) * blocksX;
    for (let col = 0, i = row * width; col < width; col++, i++) {
      if (mask[i] === 0) continue;
      const cell = bestCell[i];
      if (cell >= 0 && levelDbm[i] >= cellThresholdDbm[cell] + extraLossDb) continue;
      visit(i, blockRow + ((col / UNCOVERED_BLOCK_PX) | 0));
    }
  }
}

function build(prepared: PreparedArea, raster: CoverageRaster, extraLossDb: number): UncoveredIndex {
  const { width, height } = prepared.grid;
  const blocksX = Math.ceil(width / UNCOVERED_BLOCK_PX);
  const blocksY = Math.ceil(height / UNCOVERED_BLOCK_PX);
  const start = new Int32Array(blocksX * blocksY + 1);
  forEachUncovered(prepared, raster, extraLossDb, blocksX, (_pixel, block) => {
    start[block + 1]++;
  });
  for (let b = 1; b < start.length; b++) start[b] += start[b - 1];
  const fill = start.slice(0, -1);
  const pixels = new Int32Array(start[start.length - 1]);
  forEachUncovered(prepared, raster, extraLossDb, blocksX, (pixel, block) => {
    pixels[fill[block]++] = pixel;
  });
  return { blocksX, blocksY, start, pixels };
}

/**
 * The raster's uncovered pixels (threshold + extraLossDb) by block, built once per raster and
 * mode and memoised: rasters are treated as immutable once computed.
 */
export function uncoveredIndex(prepared: PreparedArea, raster: CoverageRaster, extraLossDb: number): UncoveredIndex {
  let byLoss = cache.get(raster);
  if (!byLoss) {
    byLoss = new Map();
    cache.set(raster, byLoss);
  }
  let index = byLoss.get(extraLossDb);
  if (!index) {
    index = build(prepared, raster, extraLossDb);
    byLoss.set(extraLossDb, index);
  }
  return index;
}
