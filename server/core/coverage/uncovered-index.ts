import type { CoverageRaster } from './coverage-raster.ts';
import { pixelCovered } from './coverage-figures.ts';
import type { PreparedArea } from './prepared-area.ts';

/** Edge of the square blocks the uncovered pixels are bucketed by, pixels. */
export const UNCOVERED_BLOCK_PX = 32;

/**
 * Uncovered inside-boundary pixels of a raster bucketed by grid block (CSR layout): the pixels of
 * block b are pixels[start[b] .. start[b+1]), blocks row-major, blocksX per row.
 */
export interface UncoveredIndex {
  blocksX: number;
  blocksY: number;
  start: Int32Array;
  pixels: Int32Array;
}

const cache = new WeakMap<CoverageRaster, Map<number, UncoveredIndex>>();

function build(prepared: PreparedArea, raster: CoverageRaster, extraLossDb: number): UncoveredIndex {
  const { width, height } = prepared.grid;
  const blocksX = Math.ceil(width / UNCOVERED_BLOCK_PX);
  const blocksY = Math.ceil(height / UNCOVERED_BLOCK_PX);
  const counts = new Int32Array(blocksX * blocksY + 1);
  const blockOf = (i: number) => Math.floor(Math.floor(i / width) / UNCOVERED_BLOCK_PX) * blocksX + Math.floor((i % width) / UNCOVERED_BLOCK_PX);
  let total = 0;
  for (let i = 0; i < width * height; i++) {
    if (prepared.mask[i] === 0 || pixelCovered(raster, i, extraLossDb)) continue;
    counts[blockOf(i) + 1]++;
    total++;
  }
  for (let b = 1; b < counts.length; b++) counts[b] += counts[b - 1];
  const fill = counts.slice(0, -1);
  const pixels = new Int32Array(total);
  for (let i = 0; i < width * height; i++) {
    if (prepared.mask[i] === 0 || pixelCovered(raster, i, extraLossDb)) continue;
    pixels[fill[blockOf(i)]++] = i;
  }
  return { blocksX, blocksY, start: counts, pixels };
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
