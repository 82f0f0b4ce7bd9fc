/**
 * Service-level figures on the Ranghulu demo data (embedded database, worker-pool engine): full
 * recompute of both networks at 25 m, incremental what-if of one candidate, ranking, greedy and exact
 * plans, peak RSS. Runnable alone: `npx tsx scripts/bench/service.ts`.
 */
import { openDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { seedDemoIfEmpty } from '../../server/features/demo/seed.ts';
import { requireArea } from '../../server/features/areas/service.ts';
import { createEngine } from '../../server/features/coverage/engine.ts';
import { CoverageService } from '../../server/features/coverage/service.ts';
import { PlanningService } from '../../server/features/planning/service.ts';
import { candidateCellSpecs } from '../../server/features/candidates/service.ts';
import { addCellsIncremental, warmWhatIf } from '../../server/core/coverage/what-if.ts';
import { EMPTY_SCENARIO } from '../../server/core/scenario/apply-scenario.ts';
import { parseCoverageKernel } from '../../server/config.ts';
import { setUpCoverageKernel } from '../../server/workers/coverage-kernel.ts';
import os from 'node:os';
import { pathToFileURL } from 'node:url';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (v: number) => `${v.toFixed(1)} ms`;
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export async function runServiceBench(): Promise<void> {
  const handle = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(handle.db);
  const quiet = { info: () => {}, warn: () => {} };
  let t = performance.now();
  await seedDemoIfEmpty(handle.db, quiet);
  console.log(`demo data load (through the importer): ${ms(performance.now() - t)}`);
  const threads = Number(process.env.WORKER_THREADS ?? 2);
  const engine = await createEngine(threads, setUpCoverageKernel(parseCoverageKernel()));
  const coverage = new CoverageService(handle.db, engine);
  const planning = new PlanningService(handle.db, coverage);
  try {
    const area = await requireArea(handle.db, 'ranghulu');
    t = performance.now();
    const prepared = await coverage.prepared(area);
    console.log(
      `prepare area (grid ${prepared.grid.width}×${prepared.grid.height} = ${((prepared.grid.width * prepared.grid.height) / 1e6).toFixed(2)} M pixels at ${area.settings.resolutionM} m, ${prepared.insidePixelCount} inside): ${ms(performance.now() - t)}`,
    );
    const cells = await coverage.scenarioCells(area, EMPTY_SCENARIO);
    // The server warms its worker threads (module load, JIT of the kernel) and its what-if path up once it listens; so does the bench.
    t = performance.now();
    await coverage.warmUp();
    console.log(`worker threads started and warmed up, what-if compiled in this thread (synthetic scene): ${ms(performance.now() - t)}`);
    const fulls: number[] = [];
    for (let k = 0; k < 5; k++) {
      const variant = cells.map((c) => ({ ...c, tiltDeg: c.tiltDeg + k * 1e-9 }));
      t = performance.now();
      await Promise.all([coverage.runForCells(area, 'GSM', variant), coverage.runForCells(area, 'CDMA', variant)]);
      fulls.push(performance.now() - t);
    }
    console.log(
      `full recompute, both networks, ${cells.length} cells, ${threads} worker threads: median ${ms(median(fulls))} (runs ${fulls.map((v) => v.toFixed(0)).join(', ')} ms; target ≤ 500 ms)`,
    );
    // Memory over many recomputes whose rasters are dropped at once (each pair is ~80 MB of shared memory).
    const rssMb = () => (process.memoryUsage().rss / 2 ** 20).toFixed(0);
    const rssAfter: string[] = [];
    for (let k = 0; k < 40; k++) {
      const variant = cells.map((c) => ({ ...c, tiltDeg: c.tiltDeg + (k + 5) * 1e-9 }));
      await Promise.all([engine.computeRaster(prepared, variant, 'GSM'), engine.computeRaster(prepared, variant, 'CDMA')]);
      if (k % 10 === 9) rssAfter.push(rssMb());
    }
    console.log(`RSS after 10 / 20 / 30 / 40 more recomputes of both networks (rasters dropped, not cached): ${rssAfter.join(' / ')} MB`);
    const base = await coverage.run(area, 'CDMA');
    const candidate = (await coverage.candidates(area)).find((c) => c.code === 'CAND-001')!;
    const extra = candidateCellSpecs(candidate);
    // The first what-if over a raster builds its uncovered-pixel index and base figures (warmWhatIf);
    // that warm-up is printed apart, and the 20 timed calls after it are all counted.
    for (const indoor of [false, true]) {
      t = performance.now();
      warmWhatIf(base.prepared, base.raster, { indoor });
      const warmMs = performance.now() - t;
      const incs: number[] = [];
      let gainedKm2 = 0;
      for (let k = 0; k < 20; k++) {
        t = performance.now();
        gainedKm2 = addCellsIncremental(base.prepared, base.raster, extra, { indoor }).newlyCoveredKm2;
        incs.push(performance.now() - t);
      }
      console.log(
        `incremental what-if, one 3-sector candidate (${candidate.code}) over the computed CDMA network, ${indoor ? 'indoor' : 'outdoor'}:` +
          ` median ${ms(median(incs))}, max ${ms(Math.max(...incs))} of 20, first ${ms(incs[0])} (target ≤ 20 ms), +${gainedKm2.toFixed(1)} km2;` +
          ` warm-up before them ${ms(warmMs)} (uncovered index, base figures); load average ${loadAverage()}`,
      );
    }
    for (const technology of ['CDMA', 'GSM'] as const) {
      t = performance.now();
      const ctx = await planning.context(area, technology);
      const ranking = await planning.ranking(ctx);
      const rankMs = performance.now() - t;
      t = performance.now();
      const greedy = await planning.plan(ctx, { technology, maxSites: 10, method: 'greedy' }, null);
      const greedyMs = performance.now() - t;
      t = performance.now();
      const exact = await planning.plan(ctx, { technology, maxSites: 10, method: 'exact' }, null);
      const exactMs = performance.now() - t;
      console.log(
        `${technology}: rank ${ranking.length} candidates ${ms(rankMs)} (top ${ranking[0]?.code}); greedy k=10 ${ms(greedyMs)}; exact k=10 ${ms(exactMs)} (${exact.optimal ? 'optimal' : 'not proven optimal'}, objective ${exact.objective.toFixed(0)} vs greedy ${greedy.objective.toFixed(0)}); plan times include before/after figures`,
      );
    }
    console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (main thread process, workers included)`);
  } finally {
    await coverage.close();
    await handle.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runServiceBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
