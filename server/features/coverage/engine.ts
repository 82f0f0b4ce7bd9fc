import { computeCoverageRaster } from '../../core/coverage/coverage-raster.ts';
import type { CoverageRaster } from '../../core/coverage/coverage-raster.ts';
import { type GapFeature, type GapOptions, gapPolygons } from '../../core/coverage/gap-polygons.ts';

type GapCollection = GeoJSON.FeatureCollection<GapFeature['geometry'], GapFeature['properties']>;
import type { CoverageTechnology } from '../../core/coverage/cell-table.ts';
import type { PreparedArea } from '../../core/coverage/prepared-area.ts';
import type { CellSpec } from '../../core/model.ts';
import { availableParallelism } from 'node:os';
import { computeCoverageRasterParallel, createCoveragePool, type CoveragePool, warmUpCoveragePool } from '../../workers/coverage-pool.ts';

/**
 * Where coverage rasters are computed. The service depends on this interface only: in process (tests,
 * CLI), or tile jobs on a worker pool (the server), or later workers on several machines.
 */
export interface CoverageEngine {
  computeRaster(prepared: PreparedArea, cells: readonly CellSpec[], technology: CoverageTechnology): Promise<CoverageRaster>;
  /** Gap polygons of a computed raster (on a worker thread for big areas: tracing takes a few hundred ms). */
  gapPolygons(prepared: PreparedArea, raster: CoverageRaster, options: GapOptions): Promise<GapCollection>;
  /** Start the worker threads and compile the kernel in them now (the server calls this once it listens). */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

/** Computes in the calling thread (blocks it): for scripts and small test areas. */
export const inlineEngine: CoverageEngine = {
  async computeRaster(prepared, cells, technology) {
    return computeCoverageRaster(prepared, cells, technology);
  },
  async gapPolygons(prepared, raster, options) {
    return gapPolygons(prepared, raster, options);
  },
  async warmUp() {},
  async close() {},
};

/** Areas of at most this many pixels are computed in the calling thread (a few ms; no hand-off cost). */
export const INLINE_MAX_PIXELS = 256 * 256;

/**
 * The engine the server uses: tile jobs on a pool of worker threads, so a recompute never blocks the
 * event loop. The pool starts on first use (tests and CLIs that never compute pay nothing).
 * kernel: the compiled WebAssembly build the workers run (null: JavaScript); default: this thread's.
 */
export async function createEngine(workerThreads?: number, kernel?: WebAssembly.Module | null): Promise<CoverageEngine> {
  let pool: CoveragePool | null = null;
  let warming: Promise<void> | null = null;
  let closing = false;
  const started = () => (pool ??= createCoveragePool({ maxThreads: workerThreads ?? availableParallelism(), kernel }));
  return {
    async computeRaster(prepared, cells, technology) {
      if (prepared.grid.width * prepared.grid.height <= INLINE_MAX_PIXELS) return computeCoverageRaster(prepared, cells, technology);
      return computeCoverageRasterParallel(started(), prepared, cells, technology);
    },
    async gapPolygons(prepared, raster, options) {
      if (prepared.grid.width * prepared.grid.height <= INLINE_MAX_PIXELS) return gapPolygons(prepared, raster, options);
      return started().gaps({ area: prepared, raster, options });
    },
    warmUp() {
      // Nothing to warm once closing; a warm-up that the closing pool cuts short has not failed.
      if (closing) return Promise.resolve();
      warming ??= warmUpCoveragePool(started()).catch((err: unknown) => {
        if (!closing) throw err;
      });
      return warming;
    },
    async close() {
      closing = true;
      // Stop the threads at once: a warm-up still running is cut short (and resolves, see warmUp).
      await pool?.close();
      await warming?.catch(() => undefined);
      pool = null;
      warming = null;
    },
  };
}
