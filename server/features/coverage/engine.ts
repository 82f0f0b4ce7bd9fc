import { computeCoverageRaster } from '../../core/coverage/coverage-raster.ts';
import type { CoverageRaster } from '../../core/coverage/coverage-raster.ts';
import type { CoverageTechnology } from '../../core/coverage/cell-table.ts';
import type { PreparedArea } from '../../core/coverage/prepared-area.ts';
import type { CellSpec } from '../../core/model.ts';

/**
 * Where coverage rasters are computed. The service depends on this interface only: in process (tests,
 * CLI), or tile jobs on a worker pool (the server), or later workers on several machines.
 */
export interface CoverageEngine {
  computeRaster(prepared: PreparedArea, cells: readonly CellSpec[], technology: CoverageTechnology): Promise<CoverageRaster>;
  close(): Promise<void>;
}

/** Computes in the calling thread (blocks it): for scripts and small test areas. */
export const inlineEngine: CoverageEngine = {
  async computeRaster(prepared, cells, technology) {
    return computeCoverageRaster(prepared, cells, technology);
  },
  async close() {},
};

/** The engine the server uses: tile jobs on worker threads, so a recompute never blocks the event loop. */
export async function createEngine(_workerThreads?: number): Promise<CoverageEngine> {
  return inlineEngine;
}
