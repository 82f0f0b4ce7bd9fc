import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { type CoverageTechnology, prepareCells } from '../core/coverage/cell-table.ts';
import { type CoverageRaster, createCoverageRaster, mergeTile } from '../core/coverage/coverage-raster.ts';
import { tileResultViews } from '../core/coverage/tile-result.ts';
import { tileWindows } from '../core/geo/tile-windows.ts';
import type { CellSpec } from '../core/model.ts';
import type { PreparedArea } from '../core/coverage/prepared-area.ts';
import { warmUpScene } from '../core/coverage/warm-up-scene.ts';
import { sitePixelsModule } from '../core/coverage/wasm/site-pixels-module.ts';
import type { CoverageWorkerData, GapJob, TileBatchJob, TileJob } from './coverage-worker.ts';
import type { GapFeature } from '../core/coverage/gap-polygons.ts';
import { startCollection } from './garbage-collection.ts';

export interface CoveragePool {
  readonly threads: number;
  /** Finish queued jobs and stop the threads. */
  close(): Promise<void>;
  /** Run one tile job: null when it wrote into job.raster. */
  run(job: TileJob): Promise<ArrayBuffer | null>;
  /** One worker's share of a run's tiles (see TileBatchJob); resolves to the number it computed. */
  tiles(job: TileBatchJob): Promise<number>;
  /** Trace the gap polygons of a computed raster on a worker thread. */
  gaps(job: GapJob): Promise<GeoJSON.FeatureCollection<GapFeature['geometry'], GapFeature['properties']>>;
}

export interface CoveragePoolOptions {
  /** Worker threads; default: available parallelism - 1, at least 1. */
  maxThreads?: number;
  /**
   * The kernel's compiled WebAssembly build every worker runs (null: the JavaScript passes); default:
   * the one handed to this thread (see setUpCoverageKernel in coverage-kernel.ts).
   */
  kernel?: WebAssembly.Module | null;
}

/**
 * execArgv that lets a worker thread import TypeScript: the parent's flags plus tsx's loader,
 * unless the parent already runs under tsx. Works under `tsx` and under Vitest (whose own
 * transform does not reach worker threads).
 */
export function typescriptWorkerExecArgv(): string[] {
  const inherited = process.execArgv;
  if (inherited.some((arg) => /[\\/]tsx[\\/]/.test(arg) || arg === 'tsx')) return [...inherited];
  const loader = createRequire(import.meta.url).resolve('tsx');
  return [...inherited, '--import', pathToFileURL(loader).href];
}

/** A piscina pool running coverage tile jobs (server/workers/coverage-worker.ts). */
export function createCoveragePool(options: CoveragePoolOptions = {}): CoveragePool {
  const threads = Math.max(1, options.maxThreads ?? availableParallelism() - 1);
  const workerData: CoverageWorkerData = { kernel: options.kernel === undefined ? sitePixelsModule() : options.kernel };
  const piscina = new Piscina<TileJob | TileBatchJob | GapJob, ArrayBuffer | GeoJSON.FeatureCollection | number | null>({
    filename: new URL('./coverage-worker.ts', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    execArgv: typescriptWorkerExecArgv(),
    workerData,
  });
  return {
    threads,
    close: () => piscina.destroy(),
    run: (job) => piscina.run(job) as Promise<ArrayBuffer | null>,
    tiles: (job) => piscina.run(job, { name: 'tiles' }) as Promise<number>,
    gaps: (job) => piscina.run(job, { name: 'gaps' }) as ReturnType<CoveragePool['gaps']>,
  };
}

/**
 * computeCoverageRaster on a worker pool, tile by tile (prepared.tileSizePx). The raster is on
 * shared memory, so each worker claims tiles from a shared counter and writes them straight into it
 * (no copy, no merge and no message per tile on this thread); without SharedArrayBuffer, each tile
 * is a job of its own whose result comes back as a buffer and is merged here. Same result as the
 * in-thread version, bit for bit.
 */
export async function computeCoverageRasterParallel(
  pool: CoveragePool,
  prepared: PreparedArea,
  cells: readonly CellSpec[],
  technology: CoverageTechnology,
): Promise<CoverageRaster> {
  const raster = createCoverageRaster(prepared, cells, technology, false);
  const prepCells = prepareCells(prepared, cells, technology);
  const windows = tileWindows(prepared.grid, prepared.tileSizePx);
  if (typeof SharedArrayBuffer === 'function' && raster.levelDbm.buffer instanceof SharedArrayBuffer) {
    // One batch per thread over a shared tile counter: no main-thread round trip per tile.
    const target = {
      levelDbm: raster.levelDbm,
      bestCell: raster.bestCell,
      serverCount: raster.serverCount,
      pilotCount: raster.pilotCount,
      width: raster.width,
    };
    const next = new Int32Array(new SharedArrayBuffer(4));
    const batches = Math.min(pool.threads, windows.length);
    await Promise.all(
      Array.from({ length: batches }, () => pool.tiles({ area: prepared, cells: prepCells, windows, next, raster: target })),
    );
    rasterMemory.allocated(
      raster.levelDbm.byteLength + raster.bestCell.byteLength + raster.serverCount.byteLength + raster.pilotCount.byteLength,
    );
    return raster;
  }
  await Promise.all(
    windows.map(async (window) => {
      const buffer = await pool.run({ area: prepared, cells: prepCells, window });
      if (buffer) mergeTile(raster, tileResultViews(window, buffer));
    }),
  );
  return raster;
}

/**
 * Rasters live on SharedArrayBuffers, whose memory V8 hardly weighs when it decides to collect: a
 * process that computes rasters and drops them (evicted from the cache, or a scenario's run) while
 * allocating little else would let them pile up until some unrelated collection. (One message per
 * tile made enough garbage to keep collections coming; batches do not.) So once this much raster
 * memory has been allocated since the last one, an incremental major collection is started here,
 * and the workers start one after each batch.
 */
const RASTER_BYTES_PER_COLLECTION = 256 * 2 ** 20;

const rasterMemory = {
  sinceCollection: 0,
  allocated(bytes: number): void {
    this.sinceCollection += bytes;
    if (this.sinceCollection < RASTER_BYTES_PER_COLLECTION) return;
    this.sinceCollection = 0;
    startCollection()?.({ type: 'major', execution: 'async' });
  },
};

/** Tile jobs of the warm-up scene, both networks: every path of the tile kernel. */
function warmUpJobs(): TileJob[] {
  const { area, cells } = warmUpScene();
  const jobs: TileJob[] = [];
  for (const technology of ['GSM', 'CDMA'] as const) {
    const prepCells = prepareCells(area, cells, technology);
    for (const window of tileWindows(area.grid, area.tileSizePx)) jobs.push({ area, cells: prepCells, window });
  }
  return jobs;
}

/**
 * Compile the tile kernel in every worker before the first real request: synthetic tile jobs
 * for each thread (a few hundred ms of CPU in all). A first recompute after start then runs at the speed of
 * later ones instead of taking about twice as long while each thread's JIT warms up.
 */
export async function warmUpCoveragePool(pool: CoveragePool, rounds = 1): Promise<void> {
  const jobs = warmUpJobs();
  for (let round = 0; round < rounds; round++) {
    await Promise.all(Array.from({ length: pool.threads }, () => jobs.map((job) => pool.run(job))).flat());
  }
}
