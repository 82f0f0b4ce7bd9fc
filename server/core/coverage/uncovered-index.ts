import type { CoverageRaster } from './coverage-raster.ts';
import type { PreparedArea } from './prepared-area.ts';

/** Edge of the square blocks the uncovered pixels are bucketed by, pixels (a power of two). */
export const UNCOVERED_BLOCK_PX = 32;
/** log2(UNCOVERED_BLOCK_PX): a pixel's row in its block is local >> UNCOVERED_BLOCK_SHIFT. */
export const UNCOVERED_BLOCK_SHIFT = 5;

/**
 * Uncovered inside-boundary pixels of a raster (as pixelCovered judges them) bucketed by grid block (CSR layout): the pixels of
 * block b are pixels[start[b] .. start[b+1]), row-major within the block, blocks row-major, blocksX per row.
 */
export interface UncoveredIndex {
  blocksX: number;
  blocksY: number;
  start: Int32Array;
  pixels: Int32Array;
  /**
   * Position of each pixel in its block, (row % B) · B + col % B with B = UNCOVERED_BLOCK_PX,
   * so its row and column follow without a division.
   */
  local: Uint16Array;
  /** Environment class index of each pixel (PreparedArea.environment). */
  environment: Uint8Array;
  /** Per block, the bitmask of the environment classes of its uncovered pixels (0 for an empty block). */
  environmentBits: Uint8Array;
}

const cache = new WeakMap<CoverageRaster, Map<number, UncoveredIndex>>();

function build(prepared: PreparedArea, raster: CoverageRaster, extraLossDb: number): UncoveredIndex {
  const { width, height } = prepared.grid;
  const { mask, environment } = prepared;
  const { bestCell, levelDbm, cellThresholdDbm } = raster;
  const B = UNCOVERED_BLOCK_PX;
  const blocksX = Math.ceil(width / B);
  const blocksY = Math.ceil(height / B);
  const start = new Int32Array(blocksX * blocksY + 1);
  const environmentBits = new Uint8Array(blocksX * blocksY);
  // Pass 1: count per block and mark the uncovered pixels (1 + environment, 0 = covered or outside).
  const marks = new Uint8Array(width * height);
  for (let row = 0; row < height; row++) {
    const blockRow = (row >> UNCOVERED_BLOCK_SHIFT) * blocksX;
    for (let col = 0, i = row * width; col < width; col++, i++) {
      if (mask[i] === 0) continue;
      const cell = bestCell[i];
      if (cell >= 0 && levelDbm[i] >= cellThresholdDbm[cell] + extraLossDb) continue;
      const block = blockRow + (col >> UNCOVERED_BLOCK_SHIFT);
      const e = environment[i];
      marks[i] = 1 + e;
      start[block + 1]++;
      environmentBits[block] |= 1 << e;
    }
  }
  for (let b = 1; b < start.length; b++) start[b] += start[b - 1];
  const total = start[start.length - 1];
  const pixels = new Int32Array(total);
  const local = new Uint16Array(total);
  const env = new Uint8Array(total);
  // Pass 2: fill block by block (rows of a block in order), so each block's run is row-major.
  let k = 0;
  for (let by = 0; by < blocksY; by++) {
    const r1 = Math.min(height, (by + 1) * B);
    for (let bx = 0; bx < blocksX; bx++) {
      const block = by * blocksX + bx;
      if (start[block] === start[block + 1]) continue;
      const c0 = bx * B;
      const c1 = Math.min(width, c0 + B);
      for (let row = by * B; row < r1; row++) {
        const rowBase = ((row & (B - 1)) << UNCOVERED_BLOCK_SHIFT) - c0;
        for (let col = c0, i = row * width + c0; col < c1; col++, i++) {
          const m = marks[i];
          if (m === 0) continue;
          pixels[k] = i;
          local[k] = rowBase + col;
          env[k] = m - 1;
          k++;
        }
      }
    }
  }
  return { blocksX, blocksY, start, pixels, local, environment: env, environmentBits };
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
