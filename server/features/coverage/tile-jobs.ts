/**
 * Coverage rasters too big to compute within a request, as jobs: a `coverage_jobs` row names the
 * raster (its tile key and cell list) and the missing tiles go onto the tile queue; worker processes
 * (`npm run worker`) compute and store them; a job's progress is the count of its tiles stored. A
 * second request for the same raster joins the running job (one running job per key: a unique index).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CellSpec } from '../../core/model.ts';
import type { Database } from '../../db/types.ts';
import { AppError, NotFoundError } from '../../errors.ts';
import type { TileQueue } from './tile-queue.ts';
import type { TileKey, TilePosition } from './tile-store.ts';

/** What GET /coverage-jobs/:jobId answers. */
export interface CoverageJobProgress {
  jobId: string;
  state: 'running' | 'done';
  tilesDone: number;
  tilesTotal: number;
  /** Seconds left at the rate tiles were stored since the job started (null until one was). */
  etaS: number | null;
  /** Seconds since the job was created. */
  elapsedS: number;
}

/** The answer to a request whose raster is being computed as a job: 202 with where to follow it. */
export class CoverageJobAccepted extends AppError {
  constructor(readonly progress: CoverageJobProgress) {
    super(
      'coverage_job',
      202,
      `the coverage is being computed as job ${progress.jobId}: ${progress.tilesDone}/${progress.tilesTotal} tiles`,
    );
  }
}

/** The progress URL of a job (relative to the API root). */
export function progressPath(jobId: string): string {
  return `/api/v1/coverage-jobs/${jobId}`;
}

export class CoverageJobs {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly queue: TileQueue,
  ) {}

  get queueName(): string {
    return this.queue.name;
  }

  /**
   * The running job of `key`, or a new one queueing the positions missing from `stored` (of `all`).
   * cells: the run's cell list (the tiles' bestCell indices refer to it).
   */
  async ensure(key: TileKey, cells: readonly CellSpec[], all: readonly TilePosition[], stored: Set<string>): Promise<CoverageJobProgress> {
    const running = await this.running(key);
    if (running) return this.progress(running);
    const missing = all.filter((p) => !stored.has(`${p.x},${p.y}`));
    const id = randomUUID();
    const inserted = await this.db
      .insertInto('coverage_jobs')
      .values({
        id,
        area_id: key.areaId,
        inputs_version: key.inputsVersion,
        technology: key.technology,
        cells_digest: key.cellsDigest,
        kernel_version: key.kernelVersion,
        cells: JSON.stringify(cells),
        tiles_total: all.length,
        tiles_queued: missing.length,
      })
      .onConflict((oc) =>
        oc
          .columns(['area_id', 'inputs_version', 'technology', 'cells_digest', 'kernel_version'])
          .where('finished_at', 'is', null)
          .doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    // Another request (of this process or another) created it first: join that one.
    if (!inserted) return this.progress((await this.running(key)) ?? id);
    await this.queue.enqueue(missing.map((p) => ({ jobId: id, x: p.x, y: p.y })));
    return this.progress(id);
  }

  private async running(key: TileKey): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('coverage_jobs')
      .where('area_id', '=', key.areaId)
      .where('inputs_version', '=', key.inputsVersion)
      .where('technology', '=', key.technology)
      .where('cells_digest', '=', key.cellsDigest)
      .where('kernel_version', '=', key.kernelVersion)
      .where('finished_at', 'is', null)
      .select('id')
      .executeTakeFirst();
    return row?.id;
  }

  /** Mark the running job of `key` done (its raster was assembled from the stored tiles). */
  async finish(key: TileKey): Promise<void> {
    const id = await this.running(key);
    if (id) await this.db.updateTable('coverage_jobs').set({ finished_at: new Date() }).where('id', '=', id).execute();
  }

  /** A job's progress; 404 when there is no such job. */
  async progress(jobId: string): Promise<CoverageJobProgress> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(jobId)) throw new NotFoundError('coverage job', jobId);
    const job = await this.db.selectFrom('coverage_jobs').where('id', '=', jobId).selectAll().executeTakeFirst();
    if (!job) throw new NotFoundError('coverage job', jobId);
    const counted = await this.db
      .selectFrom('coverage_tiles')
      .where('area_id', '=', job.area_id)
      .where('inputs_version', '=', job.inputs_version)
      .where('technology', '=', job.technology)
      .where('cells_digest', '=', job.cells_digest)
      .where('kernel_version', '=', job.kernel_version)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const tilesDone = Math.min(job.tiles_total, Number(counted.n));
    const elapsedS = (Date.now() - job.created_at.getTime()) / 1000;
    const doneHere = tilesDone - (job.tiles_total - job.tiles_queued);
    const left = job.tiles_total - tilesDone;
    const etaS = left === 0 ? 0 : doneHere > 0 && elapsedS > 0 ? Math.round((left * elapsedS) / doneHere) : null;
    return {
      jobId,
      state: job.finished_at !== null || left === 0 ? 'done' : 'running',
      tilesDone,
      tilesTotal: job.tiles_total,
      etaS,
      elapsedS: Math.round(elapsedS),
    };
  }

  /** The job's tile key and cell list (the worker processes read them once per job); undefined when gone. */
  async definition(jobId: string): Promise<{ key: TileKey; cells: CellSpec[] } | undefined> {
    const job = await this.db.selectFrom('coverage_jobs').where('id', '=', jobId).selectAll().executeTakeFirst();
    if (!job) return undefined;
    return {
      key: {
        areaId: job.area_id,
        inputsVersion: job.inputs_version,
        technology: job.technology,
        cellsDigest: job.cells_digest,
        kernelVersion: job.kernel_version,
      },
      cells: job.cells as CellSpec[],
    };
  }
}
