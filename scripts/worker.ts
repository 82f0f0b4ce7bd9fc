/**
 * A coverage tile worker: connects to DATABASE_URL, takes tile jobs of the kernel version it runs
 * from the queue one at a time, computes and stores them, until SIGINT or SIGTERM (then it finishes
 * the tile in hand). Run as many as you like, on any machine that reaches the database.
 *
 *   DATABASE_URL=postgres://user@host:5432/coverage npm run worker
 */
import { hostname } from 'node:os';
import { loadConfig } from '../server/config.ts';
import { KERNEL_VERSION } from '../server/core/coverage/tile-kernel.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { TileQueue } from '../server/features/coverage/tile-queue.ts';
import { startTileWorker } from '../server/features/coverage/tile-worker.ts';
import { setUpCoverageKernel } from '../server/workers/coverage-kernel.ts';

async function main(): Promise<number> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    console.error('npm run worker: DATABASE_URL must be set (the embedded database has no queue: its service computes on worker threads)');
    return 2;
  }
  setUpCoverageKernel(config.coverageKernel);
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: 2 });
  await migrateToLatest(handle.db);
  const queue = await TileQueue.open(config.databaseUrl, { expireInSeconds: config.coverageTileExpiryS });
  const quiet = config.logLevel === 'silent' || config.logLevel === 'error' || config.logLevel === 'fatal';
  const everyTile = config.logLevel === 'debug' || config.logLevel === 'trace';
  let last = Date.now();
  const worker = await startTileWorker(handle.db, queue, {
    tileStored: (job, ms) => {
      if (everyTile || (!quiet && Date.now() - last > 5000)) {
        last = Date.now();
        console.log(
          `worker ${process.pid}: ${worker.tilesStored} tiles stored; last: job ${job.jobId} tile ${job.x},${job.y} in ${ms.toFixed(0)} ms`,
        );
      }
    },
    tileDropped: (job, reason) => {
      if (!quiet) console.log(`worker ${process.pid}: dropped tile ${job.x},${job.y} of job ${job.jobId}: ${reason}`);
    },
  });
  console.log(`worker ${process.pid} on ${hostname()}: working queue ${queue.name} (kernel version ${KERNEL_VERSION})`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await worker.close();
  await handle.close();
  console.log(`worker ${process.pid}: stopped after ${worker.tilesStored} tiles`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
