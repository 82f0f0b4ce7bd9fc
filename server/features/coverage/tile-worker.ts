/**
 * A worker process of the coverage tile queue (`npm run worker`): takes one tile at a time from the
 * queue of the kernel version it runs, prepares the tile's area (once per inputs version, through the
 * service's own path, so its pixels are those the API would compute), computes the tile with the
 * kernel and stores it. A tile whose area has moved to a newer inputs version since it was queued is
 * dropped (no one can ask for it any more).
 */
import type { Kysely } from 'kysely';
import { type PreparedCells, prepareCells, type CoverageTechnology } from '../../core/coverage/cell-table.ts';
import type { PreparedArea } from '../../core/coverage/prepared-area.ts';
import { computeTile, defaultKernelScratch } from '../../core/coverage/tile-kernel.ts';
import type { TileWindow } from '../../core/geo/tile-windows.ts';
import type { Database } from '../../db/types.ts';
import { toArea } from '../areas/repository.ts';
import { inlineEngine } from './engine.ts';
import { CoverageService } from './service.ts';
import { CoverageJobs } from './tile-jobs.ts';
import type { TileQueue, TileJobData } from './tile-queue.ts';
import { PostgresTileStore, type TileKey } from './tile-store.ts';

/** What a worker needs of one coverage job, read once per job. */
interface JobContext {
  key: TileKey;
  prepared: PreparedArea;
  cells: PreparedCells;
}

export interface TileWorkerEvents {
  /** A tile was computed and stored (ms: its compute time). */
  tileStored?(job: TileJobData, ms: number): void;
  /** A tile of a job no longer wanted was dropped. */
  tileDropped?(job: TileJobData, reason: string): void;
}

export interface TileWorker {
  /** Tiles computed and stored by this worker. */
  readonly tilesStored: number;
  close(): Promise<void>;
}

/** Work `queue`'s tiles with the database `db` until closed. */
export async function startTileWorker(db: Kysely<Database>, queue: TileQueue, events: TileWorkerEvents = {}): Promise<TileWorker> {
  const coverage = new CoverageService(db, inlineEngine);
  const jobs = new CoverageJobs(db, queue);
  const store = new PostgresTileStore(db);
  const scratch = defaultKernelScratch();
  // The last few jobs' contexts (a worker usually serves one job at a time, tile after tile).
  const contexts = new Map<string, Promise<JobContext | null>>();
  let tilesStored = 0;

  const context = (jobId: string): Promise<JobContext | null> => {
    let hit = contexts.get(jobId);
    if (!hit) {
      hit = loadContext(jobId);
      contexts.set(jobId, hit);
      hit.catch(() => contexts.delete(jobId));
      while (contexts.size > 4) contexts.delete(contexts.keys().next().value!);
    }
    return hit;
  };

  const loadContext = async (jobId: string): Promise<JobContext | null> => {
    const job = await jobs.definition(jobId);
    if (!job) return null;
    const row = await db.selectFrom('areas').selectAll().where('id', '=', job.key.areaId).executeTakeFirst();
    if (!row) return null;
    const area = toArea(row);
    if (area.inputsVersion !== job.key.inputsVersion) return null;
    const prepared = await coverage.prepared(area);
    return { key: job.key, prepared, cells: prepareCells(prepared, job.cells, job.key.technology as CoverageTechnology) };
  };

  await queue.work(async (job) => {
    const ctx = await context(job.jobId);
    if (!ctx) {
      events.tileDropped?.(job, 'its coverage job or area inputs version is gone');
      return;
    }
    const size = ctx.prepared.tileSizePx;
    const window: TileWindow = {
      col0: job.x * size,
      row0: job.y * size,
      width: Math.min(size, ctx.prepared.grid.width - job.x * size),
      height: Math.min(size, ctx.prepared.grid.height - job.y * size),
    };
    if (!(window.width > 0 && window.height > 0)) throw new Error(`tile (${job.x}, ${job.y}) is outside the area's grid`);
    const started = performance.now();
    const tile = computeTile(ctx.prepared, ctx.cells, window, scratch)!;
    const ms = performance.now() - started;
    await store.put(ctx.key, { x: job.x, y: job.y }, tile);
    tilesStored++;
    events.tileStored?.(job, ms);
  });

  return {
    get tilesStored() {
      return tilesStored;
    },
    async close() {
      await queue.close(true);
      await coverage.close();
    },
  };
}
