/**
 * Worker-thread entry of the coverage pool: runs one tile job, writing into the shared area raster
 * (or transferring the tile's single result buffer back), or its share of a run's tiles (`tiles`),
 * or traces the gap polygons of a computed raster (`gaps`).
 * The area, the cell tables and rasters arrive on SharedArrayBuffers, so no copy is made.
 * The kernel's compiled WebAssembly build (or null: the JavaScript passes) arrives in workerData.
 */
import { move, workerData } from 'piscina';
import type { CoverageRaster } from '../core/coverage/coverage-raster.ts';
import { type GapFeature, type GapOptions, gapPolygons } from '../core/coverage/gap-polygons.ts';
import type { PreparedCells } from '../core/coverage/cell-table.ts';
import type { PreparedArea } from '../core/coverage/prepared-area.ts';
import { computeTile, defaultKernelScratch } from '../core/coverage/tile-kernel.ts';
import type { TileWindow } from '../core/geo/tile-windows.ts';
import { rasterTarget } from '../core/coverage/tile-result.ts';
import { useSitePixelsKernel } from '../core/coverage/wasm/site-pixels-module.ts';
import { startCollection } from './garbage-collection.ts';

export interface TileJob {
  area: PreparedArea;
  cells: PreparedCells;
  window: TileWindow;
  /**
   * The area raster's arrays (on shared memory): the tile is written straight into them at its
   * window and nothing is sent back. Without them the tile comes back as one transferred buffer.
   */
  raster?: Pick<CoverageRaster, 'levelDbm' | 'bestCell' | 'serverCount' | 'pilotCount' | 'width'>;
}

/**
 * A run's tiles for one worker of several: each claims the next unclaimed window from `next` (a
 * shared counter) until none is left, so the workers share the tiles without a round trip through
 * the main thread per tile and finish together.
 */
export interface TileBatchJob {
  area: PreparedArea;
  cells: PreparedCells;
  windows: TileWindow[];
  /** Index of the next unclaimed window, on shared memory (Atomics.add). */
  next: Int32Array;
  raster: NonNullable<TileJob['raster']>;
}

/** What the pool hands each worker thread (piscina's workerData). */
export interface CoverageWorkerData {
  /** The kernel's compiled WebAssembly build; null: the JavaScript passes. */
  kernel: WebAssembly.Module | null;
}

/** The compiled build in this thread's workerData, or null. */
function handedKernel(data: unknown): WebAssembly.Module | null {
  if (typeof data !== 'object' || data === null || !('kernel' in data)) return null;
  return data.kernel instanceof WebAssembly.Module ? data.kernel : null;
}

// Nothing is instantiated here: an error loading this module would reach the pool as a misleading one.
useSitePixelsKernel('wasm', handedKernel(workerData));

/**
 * The raster views that arrive with a batch keep the raster's shared memory alive until this thread
 * collects them, and a batch allocates almost nothing here, so that could wait for dozens of
 * recomputes: an incremental collection is started after each batch (this thread's heap is a few MB).
 */
const collectGarbage = startCollection();

/** Compute one tile: into the shared raster (returns null), or into an ArrayBuffer holding the TileResult views (see tileResultViews). */
export default function runTileJob(job: TileJob): ArrayBuffer | null {
  const { raster, window } = job;
  const scratch = defaultKernelScratch();
  if (raster) {
    computeTile(job.area, job.cells, window, scratch, rasterTarget(raster, window.row0 * raster.width + window.col0, raster.width));
    return null;
  }
  const result = computeTile(job.area, job.cells, window, scratch)!;
  return move(result.buffer) as ArrayBuffer;
}

/** Compute claimed tiles of a batch into the shared raster; returns how many this worker computed. */
export function tiles(job: TileBatchJob): number {
  const { raster, windows } = job;
  const scratch = defaultKernelScratch();
  let computed = 0;
  for (let k = Atomics.add(job.next, 0, 1); k < windows.length; k = Atomics.add(job.next, 0, 1)) {
    const window = windows[k];
    computeTile(job.area, job.cells, window, scratch, rasterTarget(raster, window.row0 * raster.width + window.col0, raster.width));
    computed++;
  }
  // Once the pool has posted the answer and let this job's message go.
  if (collectGarbage) setImmediate(collectGarbage, { type: 'major', execution: 'async' });
  return computed;
}

export interface GapJob {
  area: PreparedArea;
  raster: CoverageRaster;
  options: GapOptions;
}

/** Gap polygons of a computed raster (the raster's arrays are shared, not copied). */
export function gaps(job: GapJob): GeoJSON.FeatureCollection<GapFeature['geometry'], GapFeature['properties']> {
  return gapPolygons(job.area, job.raster, job.options);
}
