/**
 * The queue of coverage tile jobs on PostgreSQL (pg-boss: SKIP LOCKED claims, retries, expiry). One
 * queue per kernel version (`coverage-tiles-k<KERNEL_VERSION>`): a worker process works the queue of
 * the kernel it runs, so a worker of an older version never takes a job of a newer one. A job is one
 * tile of a coverage job (coverage_jobs row); it expires after `expireInSeconds` in the active state
 * (a worker killed mid-tile), is then retried by another worker, and storing a tile twice is harmless.
 * The embedded database has no queue: its service computes on worker threads.
 */
import { PgBoss } from 'pg-boss';
import { KERNEL_VERSION } from '../../core/coverage/tile-kernel.ts';

/** The pg-boss schema of the service's queues. */
export const QUEUE_SCHEMA = 'pgboss';

/** The tile queue of a kernel version. */
export function tileQueueName(kernelVersion: number = KERNEL_VERSION): string {
  return `coverage-tiles-k${kernelVersion}`;
}

/**
 * Tiles a worker claims per fetch. A tile takes about 15 ms on the demo's density (a few hundred ms in
 * a dense city), so 8 stay far inside the expiry (COVERAGE_TILE_EXPIRY_S) while the fetches no longer
 * dominate; a killed worker's whole batch is redone after the expiry.
 */
export const TILES_PER_FETCH = 8;

/** One queued tile: of coverage job `jobId`, the tile at column x, row y (in tiles). */
export interface TileJobData {
  jobId: string;
  x: number;
  y: number;
}

export interface TileQueueOptions {
  /** Seconds a claimed tile may stay active before it is handed to another worker (COVERAGE_TILE_EXPIRY_S). */
  expireInSeconds: number;
  /** Kernel version whose queue this handle sends to and works (default: this build's). */
  kernelVersion?: number;
}

export interface QueueFigures {
  queued: number;
  active: number;
  /** Seconds the oldest queued tile has waited (null: none queued). */
  oldestQueuedAgeS: number | null;
}

/** A handle on the tile queue of one kernel version. */
export class TileQueue {
  readonly name: string;

  private constructor(
    private readonly boss: PgBoss,
    private readonly options: TileQueueOptions,
  ) {
    this.name = tileQueueName(options.kernelVersion);
  }

  /** Connect (creating pg-boss's schema and this queue on first use). */
  static async open(databaseUrl: string, options: TileQueueOptions): Promise<TileQueue> {
    const boss = new PgBoss({
      connectionString: databaseUrl,
      schema: QUEUE_SCHEMA,
      // Expired claims are found by this pass: often enough that a killed worker's tile waits about one expiry.
      superviseIntervalSeconds: Math.max(1, Math.min(30, Math.ceil(options.expireInSeconds / 2))),
      max: 4,
    });
    const queue = new TileQueue(boss, options);
    boss.on('error', (err) => queue.onError(err));
    await boss.start();
    await boss.createQueue(queue.name, { expireInSeconds: options.expireInSeconds, retryLimit: 10, retryDelay: 0 });
    return queue;
  }

  /** Where pg-boss's background errors go (default: standard error). */
  onError: (err: Error) => void = (err) => console.error(`coverage tile queue: ${err.message}`);

  /** Queue the tiles of a coverage job. */
  async enqueue(jobs: TileJobData[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += 1000) {
      await this.boss.insert(
        this.name,
        jobs.slice(i, i + 1000).map((data) => ({ data, expireInSeconds: this.options.expireInSeconds })),
      );
    }
  }

  /**
   * Work the queue: `handler` runs for one tile at a time, over batches of `tilesPerFetch` claimed
   * together; a batch's promise settles its tiles (a rejection retries them all: storing a tile twice
   * is harmless). A full batch fetches the next at once (burstWhenBatchFull): one tile per fetch left
   * a worker waiting out the polling interval after every 15 ms tile, 2 % of its time computing.
   * Resolves once the worker is registered.
   */
  async work(handler: (data: TileJobData) => Promise<void>, pollingIntervalSeconds = 0.5, tilesPerFetch = TILES_PER_FETCH): Promise<void> {
    await this.boss.work<TileJobData>(
      this.name,
      { batchSize: tilesPerFetch, burstWhenBatchFull: tilesPerFetch > 1, pollingIntervalSeconds },
      async (jobs) => {
        for (const job of jobs) await handler(job.data);
      },
    );
  }

  /** Queued and active tiles and the oldest queued one's wait, read from pg-boss's job table. */
  async figures(): Promise<QueueFigures> {
    const db = this.boss.getDb();
    const result = (await db.executeSql(
      `SELECT count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS queued,
              count(*) FILTER (WHERE state = 'active')::int AS active,
              extract(epoch FROM now() - min(created_on) FILTER (WHERE state IN ('created', 'retry')))::float8 AS oldest
         FROM ${QUEUE_SCHEMA}.job WHERE name = $1`,
      [this.name],
    )) as { rows: { queued: number; active: number; oldest: number | null }[] };
    const row = result.rows[0];
    return { queued: row.queued, active: row.active, oldestQueuedAgeS: row.oldest === null ? null : Math.round(row.oldest) };
  }

  /** Stop; `graceful` waits for the tiles being worked on. */
  async close(graceful = true): Promise<void> {
    await this.boss.stop({ graceful, timeout: 30_000 });
  }
}
