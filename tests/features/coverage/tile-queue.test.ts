import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { computeCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { KERNEL_VERSION } from '../../../server/core/coverage/tile-kernel.ts';
import { requireArea } from '../../../server/features/areas/service.ts';
import { TileQueue, QUEUE_SCHEMA } from '../../../server/features/coverage/tile-queue.ts';
import { sql } from 'kysely';
import { buildTestApp } from '../../helpers/app.ts';
import { TEST_DATABASES, type TestDatabase } from '../../helpers/databases.ts';
import { runNodeScript, type ChildRun } from '../../reliability/helpers/child-server.ts';

const postgres = TEST_DATABASES.find((d) => d.name === 'postgres');

describe.skipIf(!postgres)('coverage tile jobs on PostgreSQL (needs TEST_DATABASE_URL: the embedded database has no queue)', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let databaseUrl: string;
  const workers: ChildRun[] = [];

  beforeAll(async () => {
    const target = postgres as TestDatabase;
    // The test app's database, reached by the worker processes too.
    const created = await target.create();
    databaseUrl = created.databaseUrl!;
    ({ app, close } = await buildTestApp(
      { name: 'postgres', create: async () => created },
      { seedDemo: true, config: { coverageJobMinTiles: 1, coverageTileExpiryS: 2, coverageQueueStallS: 1 } },
    ));
  });
  afterAll(async () => {
    for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
    await close?.();
  });

  const startWorker = () => {
    const run = runNodeScript('scripts/worker.ts', [], {
      DATABASE_URL: databaseUrl,
      COVERAGE_TILE_EXPIRY_S: '2',
      LOG_LEVEL: 'debug',
    });
    workers.push(run);
    return run;
  };

  it('a big raster is a job: 202, progress, joined by a repeated request; a killed worker’s tile is redone; the result equals an in-process computation', async () => {
    const url = '/api/v1/areas/ranghulu/coverage?technology=GSM';
    const first = await app.inject({ method: 'GET', url });
    expect(first.statusCode, first.body).toBe(202);
    const accepted = first.json();
    expect(accepted).toMatchObject({ state: 'running', tilesDone: 0 });
    expect(accepted.tilesTotal).toBeGreaterThan(4);
    expect(accepted.progressUrl).toMatch(new RegExp(`/api/v1/coverage-jobs/${accepted.jobId}$`));
    expect(first.headers.location).toBe(accepted.progressUrl);
    const again = await app.inject({ method: 'GET', url });
    expect(again.statusCode).toBe(202);
    expect(again.json().jobId).toBe(accepted.jobId);

    // No worker yet: the queue waits, and once past COVERAGE_QUEUE_STALL_S the health check says so.
    await new Promise((r) => setTimeout(r, 1500));
    const health = (await app.inject({ method: 'GET', url: '/api/v1/health' })).json();
    expect(health.queue).toMatchObject({
      name: `coverage-tiles-k${KERNEL_VERSION}`,
      status: 'stalled',
      active: 0,
      queued: accepted.tilesTotal,
    });
    expect(health.queue.oldestQueuedAgeS).toBeGreaterThanOrEqual(1);

    // A worker of an older kernel version works another queue: it never sees these tiles.
    const older = await TileQueue.open(databaseUrl, { expireInSeconds: 2, kernelVersion: KERNEL_VERSION - 1 });
    expect(older.name).not.toBe(health.queue.name);
    expect((await older.figures()).queued).toBe(0);
    await older.close(false);

    // A worker killed (SIGKILL) after its first tile, holding the next (killed between two tiles, it
    // held none: then another is started and killed, until one dies holding a tile).
    const activeJobs = () => sql<{ id: string }>`SELECT id FROM ${sql.id(QUEUE_SCHEMA)}.job WHERE state = 'active'`.execute(app.db);
    let held: string | undefined;
    for (let attempt = 0; attempt < 5 && held === undefined; attempt++) {
      const doomed = startWorker();
      await doomed.waitFor(/tiles stored; last: job/, 90_000);
      doomed.proc.kill('SIGKILL');
      await doomed.exited;
      held = (await activeJobs()).rows[0]?.id;
    }
    expect(held).toBeDefined();
    const progress = (await app.inject({ method: 'GET', url: accepted.progressUrl.replace(/^https?:\/\/[^/]+/, '') })).json();
    expect(progress.tilesDone).toBeGreaterThanOrEqual(1);
    expect(progress.tilesDone).toBeLessThan(accepted.tilesTotal);

    // A second worker finishes the job, the killed one's tile included once it expired.
    const survivor = startWorker();
    for (;;) {
      const p = (await app.inject({ method: 'GET', url: `/api/v1/coverage-jobs/${accepted.jobId}` })).json();
      expect(p.tilesDone).toBeLessThanOrEqual(p.tilesTotal);
      if (p.state === 'done') break;
      if (survivor.proc.exitCode !== null) throw new Error(`the worker exited:\n${survivor.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // The tile the killed worker held (computed or not: it was killed before settling it) expires and
    // is taken and settled by the survivor.
    for (;;) {
      const redone = await sql<{ state: string }>`SELECT state FROM ${sql.id(QUEUE_SCHEMA)}.job WHERE id = ${held}`.execute(app.db);
      if (redone.rows[0]?.state === 'completed') break;
      expect(redone.rows[0]?.state).toMatch(/^(active|retry|created)$/);
      await new Promise((r) => setTimeout(r, 250));
    }

    const done = await app.inject({ method: 'GET', url });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().coveredKm2).toBeGreaterThan(0);
    const area = await requireArea(app.db, 'ranghulu');
    const run = await app.coverage.run(area, 'GSM');
    const expected = computeCoverageRaster(run.prepared, run.cells, 'GSM');
    for (const name of ['levelDbm', 'bestCell', 'serverCount', 'pilotCount'] as const) {
      expect(Buffer.from(run.raster[name].buffer).equals(Buffer.from(expected[name].buffer)), name).toBe(true);
    }
    survivor.proc.kill('SIGTERM');
    expect((await survivor.exited).code).toBe(0);
  }, 240_000);
});
