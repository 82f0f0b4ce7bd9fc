import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { type CoverageTechnology, prepareCells } from '../core/coverage/cell-table.ts';
import { type CoverageRaster, createCoverageRaster, mergeTile } from '../core/coverage/coverage-raster.ts';
import type { PreparedArea } from '../core/coverage/prepared-area.ts';
import { tileResultViews } from '../core/coverage/tile-result.ts';
import { tileWindows } from '../core/geo/tile-windows.ts';
import type { CellSpec } from '../core/model.ts';
import type { TileJob } from './coverage-worker.ts';

export interface CoveragePool {
  readonly threads: number;
  /** Finish queued jobs and stop the threads. */
  close(): Promise<void>;
  /** Run one tile job (used by computeCoverageRasterParallel). */
  run(job: TileJob): Promise<ArrayBuffer>;
}

export interface CoveragePoolOptions {
  /** Worker threads; default: available parallelism - 1, at least 1. */
  maxThreads?: number;
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
  const piscina = new Piscina<TileJob, ArrayBuffer>({
    filename: new URL('./coverage-worker.ts', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    execArgv: typescriptWorkerExecArgv(),
  });
  return {
    threads,
    close: () => piscina.destroy(),
    run: (job) => piscina.run(job),
  };
}

/**
 * computeCoverageRaster on a worker pool: one job per tile of prepared.tileSizePx, results merged
 * as they arrive. Same result as the in-thread version, bit for bit.
 */
export async function computeCoverageRasterParallel(
  pool: CoveragePool,
  prepared: PreparedArea,
  cells: readonly CellSpec[],
  technology: CoverageTechnology,
): Promise<CoverageRaster> {
  const raster = createCoverageRaster(prepared, cells, technology, false);
  const prepCells = prepareCells(prepared, cells, technology);
  await Promise.all(
    tileWindows(prepared.grid, prepared.tileSizePx).map(async (window) => {
      const buffer = await pool.run({ area: prepared, cells: prepCells, window });
      mergeTile(raster, tileResultViews(window, buffer));
    }),
  );
  return raster;
}
