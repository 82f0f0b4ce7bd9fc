/**
 * `npm run bench -- scale --database-url postgres://…`: a seeded synthetic province worked by 1, 2 and
 * 4 tile worker processes (`scripts/worker.ts`) through the PostgreSQL queue, as the service does it.
 *
 * The province: a square-ish boundary around 127°E 47°N (default 10,000 km²; `--area-km2 470000` for
 * a whole province), rural with a town per 2,000 km², one site per 23.5 km² (20,000 sites on
 * 470,000 km²), each with 3 sectors of GSM 900 or CDMA 800 (half and half), at `--resolution-m`
 * (default 25), all from `--seed`. It is written into a fresh database `cp_scale_<random>` created on
 * the server of `--database-url` (dropped afterwards).
 *
 * For each worker count (`--workers 1,2,4`): the stored tiles and jobs of the area are deleted, N
 * worker processes are started and wait on the queue, then this process asks the coverage service for
 * both networks' rasters (each answers 202: a job whose tiles go onto the queue; this process prepared
 * the area before the clock starts and computes no tile) and waits until every tile is stored. Printed:
 * wall time, time per million pixels (grid pixels of both rasters), speed-up against 1 worker and
 * against the cores available, and each process's peak RSS (VmHWM, read just before SIGTERM).
 * Baseline, in this process: today's single-thread whole-raster path (prepareArea, computeCoverageRaster)
 * on the same area, which also checks that the figures summed from the stored tiles' partials are
 * identical to an in-process computation (skipped above `--check-max-mpx` million pixels per raster).
 * Figures, not assertions; `--json` prints them as JSON.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { type CoverageTechnology, cellThresholds } from '../../server/core/coverage/cell-table.ts';
import { type CoverageFigures, coverageFigures } from '../../server/core/coverage/coverage-figures.ts';
import { computeCoverageRaster } from '../../server/core/coverage/coverage-raster.ts';
import { prepareArea } from '../../server/core/coverage/prepared-area.ts';
import { areaWindowLayers, sumTilePartials, tilePartial, tileResultCoverage } from '../../server/core/coverage/tile-partials.ts';
import { tileWindows } from '../../server/core/geo/tile-windows.ts';
import type { CellSpec, Technology } from '../../server/core/model.ts';
import { geometryBBox } from '../../server/core/validation/geometry.ts';
import { parseCoverageKernel } from '../../server/config.ts';
import { openDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import type { Database } from '../../server/db/types.ts';
import { toArea } from '../../server/features/areas/repository.ts';
import { inlineEngine } from '../../server/features/coverage/engine.ts';
import { CoverageService, tilePosition } from '../../server/features/coverage/service.ts';
import { CoverageJobAccepted, CoverageJobs } from '../../server/features/coverage/tile-jobs.ts';
import { TileQueue } from '../../server/features/coverage/tile-queue.ts';
import { PostgresTileStore, type TileKey } from '../../server/features/coverage/tile-store.ts';
import { setUpCoverageKernel } from '../../server/workers/coverage-kernel.ts';

/** km² per site: 20,000 sites on a province of 470,000 km². */
const KM2_PER_SITE = 470_000 / 20_000;
/** km² per town (a suburban disc with an urban core and its people). */
const KM2_PER_TOWN = 2000;
const CENTRE = { lon: 127, lat: 47 };
const NETWORKS: CoverageTechnology[] = ['GSM', 'CDMA'];

export interface ScaleOptions {
  /** A PostgreSQL server (any database on it): a fresh database is created there and dropped after. */
  databaseUrl: string;
  areaKm2: number;
  resolutionM: number;
  workers: number[];
  seed: number;
  /** Largest raster (million pixels) checked and timed in this process; above it the check is skipped. */
  checkMaxMpx: number;
}

export const DEFAULT_SCALE_OPTIONS: Omit<ScaleOptions, 'databaseUrl'> = {
  areaKm2: 10_000,
  resolutionM: 25,
  workers: [1, 2, 4],
  seed: 20261207,
  checkMaxMpx: 60,
};

export interface ScaleRun {
  workers: number;
  tilesTotal: number;
  wallS: number;
  msPerMpx: number;
  /** Against this run's 1-worker wall time (null when 1 was not run). */
  speedUp: number | null;
  /** speedUp divided by min(workers, cores): 1 is perfect use of the cores the workers can have. */
  efficiencyVsCores: number | null;
  workerPeakRssMb: number[];
  /** Per worker: the share of the wall time it spent computing tiles (the rest: queue, store, preparation, waiting). */
  workerComputeShare: number[];
  /** This process's peak RSS so far (it holds the prepared area, no raster). */
  apiPeakRssMb: number;
}

export interface ScaleResult {
  areaKm2: number;
  resolutionM: number;
  sites: number;
  cells: number;
  towns: number;
  gridWidth: number;
  gridHeight: number;
  /** Grid pixels of both rasters. */
  pixels: number;
  tilesPerNetwork: number;
  cores: number;
  loadAverage: number[];
  /** This process's preparation of the area before the clock starts (ms). */
  apiPrepareMs: number;
  runs: ScaleRun[];
  baseline: { prepareMs: number; computeMs: number; msPerMpx: number; peakRssMb: number } | null;
  /** Per network: figures from stored tiles equal the in-process ones (null: not checked). */
  identical: Record<string, boolean> | null;
  differences: string[];
  /** Per network: outdoor figures summed from the stored tiles (null: not checked). */
  figures: Record<string, CoverageFigures> | null;
}

function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KM_PER_DEG_LAT = 111.2;
const kmPerDegLon = (lat: number) => KM_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);

function disc(lon: number, lat: number, radiusKm: number): GeoJSON.Polygon {
  const ring = Array.from({ length: 33 }, (_, i) => {
    const a = ((i % 32) / 32) * 2 * Math.PI;
    return [lon + (radiusKm / kmPerDegLon(lat)) * Math.cos(a), lat + (radiusKm / KM_PER_DEG_LAT) * Math.sin(a)];
  });
  return { type: 'Polygon', coordinates: [ring] };
}

interface Province {
  boundary: GeoJSON.Polygon;
  towns: { lon: number; lat: number; population: number }[];
  sites: { code: string; lon: number; lat: number; cells: Omit<CellSpec, 'key' | 'siteCode' | 'lon' | 'lat'>[] }[];
}

/** The seeded province: a square of areaKm2 around CENTRE (its sides follow meridians and parallels). */
export function syntheticProvince(areaKm2: number, seed: number): Province {
  const random = seededRandom(seed);
  const sideKm = Math.sqrt(areaKm2);
  const halfLat = sideKm / 2 / KM_PER_DEG_LAT;
  const halfLon = sideKm / 2 / kmPerDegLon(CENTRE.lat);
  const [w, e, s, n] = [CENTRE.lon - halfLon, CENTRE.lon + halfLon, CENTRE.lat - halfLat, CENTRE.lat + halfLat];
  // Points along each side, so the boundary follows the parallels (a few hundred km long at province size).
  const steps = Math.max(1, Math.ceil(sideKm / 50));
  const ring: number[][] = [];
  for (let k = 0; k < steps; k++) ring.push([w + ((e - w) * k) / steps, s]);
  for (let k = 0; k < steps; k++) ring.push([e, s + ((n - s) * k) / steps]);
  for (let k = 0; k < steps; k++) ring.push([e - ((e - w) * k) / steps, n]);
  for (let k = 0; k < steps; k++) ring.push([w, n - ((n - s) * k) / steps]);
  ring.push(ring[0]);
  const inside = (margin: number): [number, number] => [
    w + margin * (e - w) + random() * (1 - 2 * margin) * (e - w),
    s + margin * (n - s) + random() * (1 - 2 * margin) * (n - s),
  ];
  const towns = Array.from({ length: Math.max(1, Math.round(areaKm2 / KM2_PER_TOWN)) }, () => {
    const [lon, lat] = inside(0.05);
    return { lon, lat, population: Math.round(5000 + random() * 60000) };
  });
  const sites = Array.from({ length: Math.max(1, Math.round(areaKm2 / KM2_PER_SITE)) }, (_, k) => {
    const [lon, lat] = inside(0.005);
    const technology: Technology = random() < 0.5 ? 'GSM' : 'CDMA';
    const rotation = random() * 120;
    const heightM = 25 + random() * 20;
    return {
      code: `S${k + 1}`,
      lon,
      lat,
      cells: [0, 1, 2].map((c) => ({
        cellCode: String(c + 1),
        technology,
        frequencyMhz: technology === 'GSM' ? 940 : 870,
        heightM,
        azimuthDeg: (rotation + 120 * c) % 360,
        beamwidthDeg: 65,
        tiltDeg: 2 + random() * 4,
        powerDbm: technology === 'GSM' ? 43 : 40,
        gainDbi: 15 + random() * 2,
        lossDb: 2 + random() * 2,
      })),
    };
  });
  return { boundary: { type: 'Polygon', coordinates: [ring] }, towns, sites };
}

/** Write the province as an area with its sites, cells, clutter and settlements; answers the area id. */
async function writeProvince(db: Kysely<Database>, province: Province, resolutionM: number): Promise<number> {
  const bboxOf = (g: GeoJSON.Polygon) => {
    const [min_lon, min_lat, max_lon, max_lat] = geometryBBox(g);
    return { min_lon, min_lat, max_lon, max_lat };
  };
  const { id } = await db
    .insertInto('areas')
    .values({
      code: 'scale',
      name: 'Synthetic province',
      boundary: JSON.stringify(province.boundary),
      ...bboxOf(province.boundary),
      settings: JSON.stringify({ resolutionM, defaultEnvironment: 'rural' }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const zones = province.towns.flatMap((t, k) => [
    { code: `T${k + 1}-suburban`, environment: 'suburban' as const, geometry: disc(t.lon, t.lat, 3.5) },
    { code: `T${k + 1}-urban`, environment: 'urban' as const, geometry: disc(t.lon, t.lat, 1.5) },
  ]);
  for (let i = 0; i < zones.length; i += 500) {
    await db
      .insertInto('clutter_zones')
      .values(
        zones.slice(i, i + 500).map((z) => ({
          area_id: id,
          code: z.code,
          name: null,
          environment: z.environment,
          geometry: JSON.stringify(z.geometry),
          ...bboxOf(z.geometry),
        })),
      )
      .execute();
  }
  for (let i = 0; i < province.towns.length; i += 500) {
    await db
      .insertInto('settlements')
      .values(
        province.towns.slice(i, i + 500).map((t, k) => {
          const geometry = disc(t.lon, t.lat, 1.5);
          return {
            area_id: id,
            code: `T${i + k + 1}`,
            name: `Town ${i + k + 1}`,
            population: t.population,
            geometry: JSON.stringify(geometry),
            ...bboxOf(geometry),
          };
        }),
      )
      .execute();
  }
  for (let i = 0; i < province.sites.length; i += 1000) {
    const batch = province.sites.slice(i, i + 1000);
    const rows = await db
      .insertInto('sites')
      .values(batch.map((s) => ({ area_id: id, code: s.code, name: s.code, lon: s.lon, lat: s.lat, status: 'existing' as const })))
      .returning(['id', 'code'])
      .execute();
    const siteId = new Map(rows.map((r) => [r.code, r.id]));
    await db
      .insertInto('cells')
      .values(
        batch.flatMap((s) =>
          s.cells.map((c) => ({
            site_id: siteId.get(s.code)!,
            code: c.cellCode,
            technology: c.technology,
            frequency_mhz: c.frequencyMhz,
            height_m: c.heightM,
            azimuth_deg: c.azimuthDeg,
            beamwidth_deg: c.beamwidthDeg,
            tilt_deg: c.tiltDeg,
            power_dbm: c.powerDbm,
            gain_dbi: c.gainDbi,
            loss_db: c.lossDb,
          })),
        ),
      )
      .execute();
  }
  return id;
}

/** Peak resident set (VmHWM) of a process, in MB; null when it cannot be read (gone, or not Linux). */
export function peakRssMb(pid: number | 'self'): number | null {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface WorkerProcess {
  proc: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

function startWorker(databaseUrl: string): WorkerProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  proc.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, output, exited };
}

async function waitForOutput(worker: WorkerProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(worker.output.join(''))) {
    if (worker.proc.exitCode !== null) throw new Error(`a worker exited (code ${worker.proc.exitCode}):\n${worker.output.join('')}`);
    if (Date.now() > deadline) throw new Error(`a worker did not start within ${timeoutMs} ms:\n${worker.output.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Seconds a worker spent computing tiles, from its per-tile lines (LOG_LEVEL=debug prints one per tile). */
function computeSeconds(worker: WorkerProcess): number {
  let ms = 0;
  for (const match of worker.output.join('').matchAll(/tiles stored; last: job \S+ tile \d+,\d+ in (\d+) ms/g)) ms += Number(match[1]);
  return ms / 1000;
}

/** A fresh database on the server of `url`, dropped by the returned function. */
async function freshDatabase(url: string): Promise<{ databaseUrl: string; drop(): Promise<void> }> {
  const name = `cp_scale_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  return {
    databaseUrl: databaseUrl.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const mb = (v: number | null) => (v === null ? 'n/a' : `${v.toFixed(0)} MB`);
const pct = (shares: number[]) => shares.map((v) => `${(100 * v).toFixed(0)} %`).join(', ');
const loadAverage = () => os.loadavg().map((l) => Number(l.toFixed(1)));

export async function runScaleBench(options: ScaleOptions, log: (line: string) => void = console.log): Promise<ScaleResult> {
  setUpCoverageKernel(parseCoverageKernel());
  const cores = os.availableParallelism();
  const target = await freshDatabase(options.databaseUrl);
  const handle = await openDatabase({ databaseUrl: target.databaseUrl, dataDir: '', poolMax: 4 });
  let queue: TileQueue | undefined;
  const workers: WorkerProcess[] = [];
  try {
    await migrateToLatest(handle.db);
    const db = handle.db;
    const province = syntheticProvince(options.areaKm2, options.seed);
    const areaId = await writeProvince(db, province, options.resolutionM);
    const area = toArea(await db.selectFrom('areas').selectAll().where('id', '=', areaId).executeTakeFirstOrThrow());
    queue = await TileQueue.open(target.databaseUrl, { expireInSeconds: 600 });
    const jobs = new CoverageJobs(db, queue);
    const store = new PostgresTileStore(db);
    // The service as the API runs it on PostgreSQL: every raster of a tile or more is a job.
    const coverage = new CoverageService(db, inlineEngine, { tiles: { store, jobs, jobMinTiles: 1 } });
    let started = performance.now();
    const prepared = await coverage.prepared(area);
    const apiPrepareMs = performance.now() - started;
    const { width, height } = prepared.grid;
    const tilesPerNetwork = tileWindows(prepared.grid, prepared.tileSizePx).length;
    const pixels = width * height * NETWORKS.length;
    const cellCount = province.sites.length * 3;
    log(
      `synthetic province: ${options.areaKm2.toLocaleString('en')} km², ${province.sites.length.toLocaleString('en')} sites × 3 cells (GSM 900 / CDMA 800), ${province.towns.length} towns, ${options.resolutionM} m: grid ${width} × ${height} (${(pixels / 1e6).toFixed(1)} M px in both rasters, ${tilesPerNetwork} tiles each); ${cores} cores; prepared in this process in ${apiPrepareMs.toFixed(0)} ms; load average ${loadAverage().join(' ')}`,
    );

    const runs: ScaleRun[] = [];
    const keys = new Map<CoverageTechnology, { key: TileKey; cells: CellSpec[] }>();
    for (const n of options.workers) {
      await db.deleteFrom('coverage_tiles').where('area_id', '=', areaId).execute();
      await db.deleteFrom('coverage_jobs').where('area_id', '=', areaId).execute();
      workers.length = 0;
      for (let k = 0; k < n; k++) workers.push(startWorker(target.databaseUrl));
      await Promise.all(workers.map((w) => waitForOutput(w, /working queue/, 120_000)));
      started = performance.now();
      const jobIds: string[] = [];
      for (const technology of NETWORKS) {
        try {
          await coverage.run(area, technology);
          throw new Error(`the ${technology} raster was not a job (it was found stored or computed here)`);
        } catch (err) {
          if (!(err instanceof CoverageJobAccepted)) throw err;
          jobIds.push(err.progress.jobId);
          const definition = (await jobs.definition(err.progress.jobId))!;
          keys.set(technology, definition);
        }
      }
      let tilesTotal = 0;
      for (;;) {
        const progress = await Promise.all(jobIds.map((id) => jobs.progress(id)));
        tilesTotal = progress.reduce((sum, p) => sum + p.tilesTotal, 0);
        if (progress.every((p) => p.tilesDone === p.tilesTotal)) break;
        for (const w of workers) {
          if (w.proc.exitCode !== null) throw new Error(`a worker exited (code ${w.proc.exitCode}):\n${w.output.join('')}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const wallS = (performance.now() - started) / 1000;
      const workerPeakRssMb = workers.map((w) => peakRssMb(w.proc.pid!) ?? Number.NaN);
      for (const w of workers) w.proc.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
      const workerComputeShare = workers.map((w) => computeSeconds(w) / wallS);
      const one = runs.find((r) => r.workers === 1);
      const speedUp = n === 1 ? 1 : one ? one.wallS / wallS : null;
      const run: ScaleRun = {
        workers: n,
        tilesTotal,
        wallS,
        msPerMpx: (wallS * 1000) / (pixels / 1e6),
        speedUp,
        efficiencyVsCores: speedUp === null ? null : speedUp / Math.min(n, cores),
        workerPeakRssMb,
        workerComputeShare,
        apiPeakRssMb: peakRssMb('self') ?? Number.NaN,
      };
      runs.push(run);
      log(
        `${n} worker${n === 1 ? '' : 's'}: ${tilesTotal} tiles in ${wallS.toFixed(1)} s, ${run.msPerMpx.toFixed(0)} ms per M px, speed-up ${speedUp === null ? 'n/a' : `${speedUp.toFixed(2)}×`} (${run.efficiencyVsCores === null ? 'n/a' : `${(100 * run.efficiencyVsCores).toFixed(0)} %`} of min(workers, ${cores} cores)); peak RSS per worker ${workerPeakRssMb.map(mb).join(', ')}; computing tiles ${pct(workerComputeShare)} of the wall time; this process ${mb(run.apiPeakRssMb)}; load average ${loadAverage().join(' ')}`,
      );
    }

    // Baseline and check: the whole rasters in this thread, and the figures from the stored tiles.
    let baseline: ScaleResult['baseline'] = null;
    let identical: ScaleResult['identical'] = null;
    const differences: string[] = [];
    let figures: ScaleResult['figures'] = null;
    if (width * height > options.checkMaxMpx * 1e6) {
      log(
        `baseline and check: skipped (a raster of ${((width * height) / 1e6).toFixed(0)} M px is above --check-max-mpx ${options.checkMaxMpx}: this process cannot hold it)`,
      );
    } else if (keys.size > 0) {
      const inputs = {
        boundary: area.boundary,
        settings: prepared.settings,
        clutter: await db.selectFrom('clutter_zones').where('area_id', '=', areaId).select(['environment', 'geometry']).execute(),
        settlements: await db.selectFrom('settlements').where('area_id', '=', areaId).select(['population', 'geometry']).execute(),
      };
      started = performance.now();
      prepareArea(inputs);
      const prepareMs = performance.now() - started;
      let computeMs = 0;
      identical = {};
      figures = {};
      for (const technology of NETWORKS) {
        const { key, cells } = keys.get(technology)!;
        started = performance.now();
        const raster = computeCoverageRaster(prepared, cells, technology);
        computeMs += performance.now() - started;
        const thresholds = cellThresholds(prepared, cells, technology);
        const partials = [];
        for (const window of tileWindows(prepared.grid, prepared.tileSizePx)) {
          const tile = await store.get(key, tilePosition(window, prepared.tileSizePx), window);
          if (!tile) throw new Error(`tile ${window.col0},${window.row0} of ${technology} is not stored`);
          partials.push(
            tilePartial({
              window,
              coverages: [tileResultCoverage(tile, thresholds)],
              area: areaWindowLayers(prepared, window),
              reports: [],
              indoorPenetrationLossDb: prepared.settings.indoorPenetrationLossDb,
            }),
          );
        }
        let same = true;
        for (const indoor of [false, true]) {
          const fromTiles: CoverageFigures = sumTilePartials(prepared, technology, indoor, partials);
          if (!indoor) figures[technology] = fromTiles;
          const inProcess = coverageFigures(prepared, raster, { indoor });
          if (!isDeepStrictEqual(fromTiles, inProcess)) {
            same = false;
            differences.push(
              `${technology}${indoor ? ' indoor' : ''}: covered ${fromTiles.coveredKm2} km² from tiles, ${inProcess.coveredKm2} km² in process; people covered ${fromTiles.coveredPopulation} / ${inProcess.coveredPopulation}`,
            );
          }
        }
        identical[technology] = same;
      }
      baseline = {
        prepareMs,
        computeMs,
        msPerMpx: (prepareMs + computeMs) / (pixels / 1e6),
        peakRssMb: peakRssMb('self') ?? Number.NaN,
      };
      log(
        `baseline, this process, one thread, whole rasters: prepare ${prepareMs.toFixed(0)} ms + both rasters ${computeMs.toFixed(0)} ms = ${baseline.msPerMpx.toFixed(0)} ms per M px; peak RSS of this process ${mb(baseline.peakRssMb)}`,
      );
      log(
        `figures summed from the stored tiles vs the in-process rasters (outdoor and indoor): ${NETWORKS.map((t) => `${t} ${identical![t] ? 'identical' : 'DIFFERENT'} (${figures![t].areaKm2.toFixed(0)} km², outdoor ${figures![t].coveragePct.toFixed(1)} % covered)`).join(', ')}${differences.length ? `\n  ${differences.join('\n  ')}` : ''}`,
      );
    }
    log('');
    log(
      '| workers | tiles | wall time | per M px | speed-up vs 1 | of min(workers, cores) | peak RSS per worker | computing tiles | this process |',
    );
    log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of runs) {
      log(
        `| ${r.workers} | ${r.tilesTotal} | ${r.wallS.toFixed(1)} s | ${r.msPerMpx.toFixed(0)} ms | ${r.speedUp === null ? 'n/a' : `${r.speedUp.toFixed(2)}×`} | ${r.efficiencyVsCores === null ? 'n/a' : `${(100 * r.efficiencyVsCores).toFixed(0)} %`} | ${r.workerPeakRssMb.map(mb).join(', ')} | ${pct(r.workerComputeShare)} | ${mb(r.apiPeakRssMb)} |`,
      );
    }
    if (baseline)
      log(
        `| baseline: this process, one thread, whole rasters | | ${((baseline.prepareMs + baseline.computeMs) / 1000).toFixed(1)} s | ${baseline.msPerMpx.toFixed(0)} ms | | | | | ${mb(baseline.peakRssMb)} |`,
      );
    return {
      areaKm2: options.areaKm2,
      resolutionM: options.resolutionM,
      sites: province.sites.length,
      cells: cellCount,
      towns: province.towns.length,
      gridWidth: width,
      gridHeight: height,
      pixels,
      tilesPerNetwork,
      cores,
      loadAverage: loadAverage(),
      apiPrepareMs,
      runs,
      baseline,
      identical,
      differences,
      figures,
    };
  } finally {
    for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
    await queue?.close(false);
    await handle.close();
    await target.drop();
  }
}

/** Options from the command line (`--name value`); throws naming the option on a bad value. */
export function parseScaleArgs(argv: readonly string[]): ScaleOptions & { json: boolean } {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
    return v;
  };
  const positive = (name: string, fallback: number): number => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!(Number.isFinite(n) && n > 0)) throw new Error(`--${name} must be a positive number, got "${v}"`);
    return n;
  };
  const databaseUrl = value('database-url');
  if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('--database-url postgres://user@host:5432/db is required (the tile queue needs PostgreSQL)');
  }
  const workersText = value('workers');
  const workers = workersText === undefined ? DEFAULT_SCALE_OPTIONS.workers : workersText.split(',').map((w) => Number(w.trim()));
  if (!workers.every((w) => Number.isInteger(w) && w >= 1 && w <= 64)) {
    throw new Error(`--workers must be a list of worker counts from 1 to 64 like 1,2,4, got "${workersText}"`);
  }
  const seed = positive('seed', DEFAULT_SCALE_OPTIONS.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${value('seed')}"`);
  return {
    databaseUrl,
    areaKm2: positive('area-km2', DEFAULT_SCALE_OPTIONS.areaKm2),
    resolutionM: positive('resolution-m', DEFAULT_SCALE_OPTIONS.resolutionM),
    workers,
    seed,
    checkMaxMpx: positive('check-max-mpx', DEFAULT_SCALE_OPTIONS.checkMaxMpx),
    json: argv.includes('--json'),
  };
}

/** `npm run bench -- scale …`: parse, run, print. */
export async function runScaleBenchFromArgs(argv: readonly string[]): Promise<void> {
  let options: ReturnType<typeof parseScaleArgs>;
  try {
    options = parseScaleArgs(argv);
  } catch (err) {
    console.error(`bench scale: ${(err as Error).message}`);
    process.exitCode = 2;
    return;
  }
  const result = await runScaleBench(options, options.json ? () => {} : console.log);
  if (options.json) console.log(JSON.stringify(result, null, 2));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runScaleBenchFromArgs(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
