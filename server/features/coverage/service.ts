import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { technologyIncluded, type CoverageTechnology } from '../../core/coverage/cell-table.ts';
import type { CoverageFigures, CoverageReport } from '../../core/coverage/coverage-figures.ts';
import { addCellsIncremental, type WhatIfResult } from '../../core/coverage/what-if.ts';
import type { GapProperties } from '../../core/coverage/gap-polygons.ts';
import { sumTilePartials, type TilePartial } from '../../core/coverage/tile-partials.ts';
import { environmentAt, pointQuery, type PointQueryResult } from '../../core/coverage/point-query.ts';
import type { CoverageRaster } from '../../core/coverage/coverage-raster.ts';
import type { PreparedArea } from '../../core/coverage/prepared-area.ts';
import { splitUsableCells, type CellWarning } from '../../core/coverage/usable-cells.ts';
import { warmUpWhatIfInThread } from '../../core/coverage/warm-up-scene.ts';
import type { CellSpec } from '../../core/model.ts';
import { applyScenario, EMPTY_SCENARIO, ScenarioError, type ScenarioChanges } from '../../core/scenario/apply-scenario.ts';
import type { Database } from '../../db/types.ts';
import { NotFoundError, UnprocessableError } from '../../errors.ts';
import type { Area } from '../areas/repository.ts';
import type { Candidate } from '../candidates/repository.ts';
import { areaCandidates, candidateCellSpecs } from '../candidates/service.ts';
import { listCellsWithSites, toCellSpec } from '../sites/repository.ts';
import type { CoverageEngine } from './engine.ts';
import { ComputeGate } from './compute-gate.ts';
import { LruCache } from './lru-cache.ts';
import * as repo from './repository.ts';
import { loadActiveCalibration } from '../calibration/repository.ts';
import { loadAreaDem } from '../elevation/repository.ts';
import { AREA_CACHE_TTL_MS, areaDataGeneration } from '../areas/area-cache.ts';
import { ShortLivedCache } from '../../lib/short-lived-cache.ts';
import { inlineCpuTasks, type CpuTasks } from '../../workers/cpu-pool.ts';
import { createCoverageRaster, mergeTile } from '../../core/coverage/coverage-raster.ts';
import { KERNEL_VERSION } from '../../core/coverage/tile-kernel.ts';
import { tileWindows, type TileWindow } from '../../core/geo/tile-windows.ts';
import { CoverageJobAccepted, type CoverageJobs } from './tile-jobs.ts';
import { positionKey, type TileKey, type TilePosition, type TileStore } from './tile-store.ts';

/** Where computed tiles are kept and, on PostgreSQL, the queue big rasters are computed through. */
export interface CoverageTileOptions {
  store: TileStore;
  /** Absent: every raster is computed here (embedded database). */
  jobs?: CoverageJobs;
  /** A raster of at least this many tiles that is not stored is a job (COVERAGE_JOB_MIN_TILES). */
  jobMinTiles?: number;
  /** Where a failure to store computed tiles is reported (the answer does not wait for the store). */
  onStoreError?: (err: unknown) => void;
}

/** One computed run: the raster and the cell list its `bestCell` indices refer to. */
export interface CoverageRun {
  area: Area;
  prepared: PreparedArea;
  technology: CoverageTechnology;
  /** The cells computed: those asked for, less any with a parameter out of range (see `warnings`). */
  cells: readonly CellSpec[];
  /** One per out-of-range parameter of a cell of this run's network that was left out. */
  warnings: CellWarning[];
  raster: CoverageRaster;
  /** Wall time of the computation that produced the raster (0 when it came from the cache). */
  computedMs: number;
  cached: boolean;
}

const MB = 1024 * 1024;

/**
 * Coverage of an area for a network and a scenario: loads the inputs, prepares the area once per inputs
 * version, computes rasters through the engine, caches them by content, and derives figures.
 */
export class CoverageService {
  private readonly preparedCache = new LruCache<PreparedArea>(512 * MB);
  private readonly rasterCache = new LruCache<CoverageRaster>(1536 * MB);
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly reportCache = new Map<number, { fingerprint: string; reports: repo.ReportPoint[] }>();
  private readonly figuresCache = new WeakMap<CoverageRaster, Map<string, CoverageFigures>>();
  private readonly gapCache = new WeakMap<
    CoverageRaster,
    Map<string, Promise<GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, GapProperties>>>
  >();

  /**
   * What every coverage read needs before it reaches a cached raster, kept per area: the existing cells
   * and the active calibration for the area's inputs version (which moves on every change of sites,
   * cells, clutter, settlements or calibration, so these are exact), and the reports fingerprint for a
   * few seconds (dropped at once by any write request through this process; writes by another process
   * show within AREA_CACHE_TTL_MS).
   */
  private readonly existingCellsCache = new Map<number, { inputsVersion: number; cells: Promise<CellSpec[]> }>();
  private readonly calibrationCache = new Map<number, { inputsVersion: number; active: ReturnType<typeof loadActiveCalibration> }>();
  private readonly fingerprintCache = new ShortLivedCache<string>({
    ttlMs: AREA_CACHE_TTL_MS,
    maxEntries: 256,
    generation: areaDataGeneration,
  });
  private readonly digests = new WeakMap<readonly CellSpec[], string>();
  private readonly usableCells = new WeakMap<readonly CellSpec[], ReturnType<typeof splitUsableCells>>();

  /** Distinct raster computations at once and queued; more answer 503 coverage_busy. */
  private readonly gate: ComputeGate;

  /** Where the area is rasterised and figures are counted: worker threads in the server, this thread in scripts. */
  private readonly tasks: CpuTasks;

  /** Computed tiles' store and the job queue (none: rasters live in memory only). */
  private readonly tiles: CoverageTileOptions | null;
  /** Set by close(): computed tiles no longer stored. */
  private closing = false;
  /** Stores of computed tiles still writing (close() waits for them). */
  private readonly storing = new Set<Promise<void>>();
  /** The MAX_AREA_PIXELS setting. */
  private readonly maxAreaPixels: number | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: CoverageEngine,
    options: { maxRunning?: number; maxQueued?: number; tasks?: CpuTasks; tiles?: CoverageTileOptions; maxAreaPixels?: number } = {},
  ) {
    this.gate = new ComputeGate(options.maxRunning ?? 2, options.maxQueued ?? 6);
    this.tasks = options.tasks ?? inlineCpuTasks;
    this.tiles = options.tiles ?? null;
    this.maxAreaPixels = options.maxAreaPixels;
  }

  /** The area rasterised (grid, mask, clutter, population, ground height), cached per inputs version. */
  async prepared(area: Area): Promise<PreparedArea> {
    const active = await this.activeCalibration(area);
    const key = `${area.id}:${area.inputsVersion}:${active?.version ?? 'uncalibrated'}`;
    return this.once(`prepared:${key}`, async () => {
      const hit = this.preparedCache.get(key);
      if (hit) return hit;
      const [clutter, settlements, elevation] = await Promise.all([
        repo.loadClutter(this.db, area.id),
        repo.loadSettlements(this.db, area.id),
        loadAreaDem(this.db, area.id),
      ]);
      // Scanline fills of the boundary, every clutter zone and settlement: on a worker (tens to hundreds of ms).
      const prepared = await this.tasks.run('prepareArea', {
        boundary: area.boundary,
        settings: area.settings,
        clutter,
        settlements,
        calibration: active?.calibration ?? null,
        maxPixels: this.maxAreaPixels,
        elevation,
      });
      this.preparedCache.deletePrefix(`${area.id}:`);
      this.rasterCache.deletePrefix(`${area.id}:`);
      if (this.tiles) this.background(this.tiles.store.dropOtherVersions(area.id, area.inputsVersion));
      const n = prepared.grid.width * prepared.grid.height;
      this.preparedCache.set(key, prepared, n * (prepared.groundHeightM ? 10 : 6));
      return prepared;
    });
  }

  /** The area's enabled calibration (null when none), read once per inputs version. */
  private activeCalibration(area: Area): ReturnType<typeof loadActiveCalibration> {
    const hit = this.calibrationCache.get(area.id);
    if (hit && hit.inputsVersion === area.inputsVersion) return hit.active;
    const active = loadActiveCalibration(this.db, area.id);
    this.calibrationCache.set(area.id, { inputsVersion: area.inputsVersion, active });
    active.catch(() => this.calibrationCache.delete(area.id));
    return active;
  }

  /** The existing network's cells (sites with status "existing"), read once per inputs version; callers must not modify the list. */
  existingCells(area: Area): Promise<CellSpec[]> {
    const hit = this.existingCellsCache.get(area.id);
    if (hit && hit.inputsVersion === area.inputsVersion) return hit.cells;
    const cells = listCellsWithSites(this.db, area.id).then((rows) => rows.filter((c) => c.siteStatus === 'existing').map(toCellSpec));
    this.existingCellsCache.set(area.id, { inputsVersion: area.inputsVersion, cells });
    cells.catch(() => this.existingCellsCache.delete(area.id));
    return cells;
  }

  /** The area's candidates, by code. */
  candidates(area: Area): Promise<Candidate[]> {
    return areaCandidates(this.db, area);
  }

  /** The cells of a scenario: the existing network with the scenario's changes applied. */
  async scenarioCells(area: Area, changes: ScenarioChanges = EMPTY_SCENARIO): Promise<CellSpec[]> {
    const existing = await this.existingCells(area);
    if (
      changes === EMPTY_SCENARIO ||
      (changes.addCandidates.length === 0 && changes.cellChanges.length === 0 && changes.removeCells.length === 0)
    )
      return existing;
    const byCode = new Map((await this.candidates(area)).map((c) => [c.code, c]));
    try {
      return applyScenario(existing, changes, (code) => {
        const c = byCode.get(code);
        return c ? candidateCellSpecs(c) : undefined;
      });
    } catch (err) {
      if (err instanceof ScenarioError)
        throw new UnprocessableError(`${err.field}: ${err.message}`, [{ field: err.field, message: err.message }]);
      throw err;
    }
  }

  /**
   * A coverage run for explicit cells (the planning service passes its own lists). Cells with a
   * parameter out of range are left out and reported in `warnings`: one bad cell never fails the run,
   * whose figures are those of the same cells without it.
   */
  async runForCells(area: Area, technology: CoverageTechnology, requested: readonly CellSpec[]): Promise<CoverageRun> {
    const prepared = await this.prepared(area);
    let split = this.usableCells.get(requested);
    if (split === undefined) this.usableCells.set(requested, (split = splitUsableCells(requested)));
    const cells = split.usable;
    const warnings = split.skipped.filter((w) => technologyIncluded(technology, w.technology));
    let digest = this.digests.get(cells);
    if (digest === undefined) this.digests.set(cells, (digest = cellsDigest(cells)));
    const key = `${area.id}:${area.inputsVersion}:${technology}:${digest}`;
    let computedMs = 0;
    let cached = true;
    const raster = await this.once(`raster:${key}`, async () => {
      const hit = this.rasterCache.get(key);
      if (hit) return hit;
      const tileKey: TileKey = {
        areaId: area.id,
        inputsVersion: area.inputsVersion,
        technology,
        cellsDigest: digest,
        kernelVersion: KERNEL_VERSION,
      };
      const fromStore = await this.storedRaster(prepared, cells, technology, tileKey);
      if (fromStore) {
        this.rasterCache.set(key, fromStore, fromStore.levelDbm.length * 10);
        return fromStore;
      }
      cached = false;
      let started = 0;
      const computed = await this.gate.run(async () => {
        started = performance.now();
        return this.engine.computeRaster(prepared, cells, technology);
      });
      computedMs = performance.now() - started;
      this.rasterCache.set(key, computed, computed.levelDbm.length * 10);
      if (this.tiles) this.background(this.storeTiles(prepared, computed, tileKey));
      return computed;
    });
    return { area, prepared, technology, cells, warnings, raster, computedMs, cached };
  }

  /** A coverage run for a scenario (default: the existing network). */
  async run(area: Area, technology: CoverageTechnology, changes: ScenarioChanges = EMPTY_SCENARIO): Promise<CoverageRun> {
    return this.runForCells(area, technology, await this.scenarioCells(area, changes));
  }

  /** The area's problem reports, reloaded only when they changed. */
  async reports(area: Area): Promise<repo.ReportPoint[]> {
    const fingerprint = (await this.fingerprintCache.fetch(String(area.id), () => repo.reportsFingerprint(this.db, area.id)))!;
    const hit = this.reportCache.get(area.id);
    if (hit && hit.fingerprint === fingerprint) return hit.reports;
    const reports = await repo.loadReportPoints(this.db, area.id);
    this.reportCache.set(area.id, { fingerprint, reports });
    return reports;
  }

  /** The reports as the figures count them (place and network), one list per loaded report list. */
  private figureReports(reports: repo.ReportPoint[]): CoverageReport[] {
    let mapped = this.figureReportLists.get(reports);
    if (!mapped) {
      mapped = reports.map((r) => ({ lon: r.lon, lat: r.lat, technology: r.technology }));
      this.figureReportLists.set(reports, mapped);
    }
    return mapped;
  }
  private readonly figureReportLists = new WeakMap<repo.ReportPoint[], CoverageReport[]>();

  /**
   * What-if of one more candidate on a scenario: the scenario's raster (from the cache when the
   * planner has its figures) plus the candidate's cells by difference (addCellsIncremental, whose
   * `after` equals a full recompute), so a preview does not wait for a raster of its own. The
   * candidate's cells with a parameter out of range are left out and reported.
   */
  async whatIf(
    area: Area,
    technology: CoverageTechnology,
    changes: ScenarioChanges,
    code: string,
    indoor: boolean,
  ): Promise<{ base: CoverageRun; result: WhatIfResult; warnings: CellWarning[]; computedMs: number }> {
    const candidate = (await this.candidates(area)).find((c) => c.code === code);
    if (!candidate) throw new NotFoundError('candidate', code);
    const base = await this.run(area, technology, changes);
    const reports = this.figureReports(await this.reports(area));
    // Already in the base: nothing is added.
    const split = changes.addCandidates.includes(code) ? { usable: [], skipped: [] } : splitUsableCells(candidateCellSpecs(candidate));
    const started = performance.now();
    const result = addCellsIncremental(base.prepared, base.raster, split.usable, { indoor, reports });
    const warnings = split.skipped.filter((w) => technologyIncluded(technology, w.technology));
    return { base, result, warnings, computedMs: performance.now() - started };
  }

  /**
   * Headline figures of a run (outdoor, or indoor with the penetration loss): the sum of its tiles'
   * partial figures (sumTilePartials), which are computed once per raster and reports for both modes.
   */
  async figures(run: CoverageRun, indoor: boolean): Promise<CoverageFigures> {
    const all = await this.reports(run.area);
    const fingerprint = this.reportCache.get(run.area.id)?.fingerprint ?? '';
    const key = `${indoor}:${fingerprint}`;
    let perRaster = this.figuresCache.get(run.raster);
    if (!perRaster) this.figuresCache.set(run.raster, (perRaster = new Map()));
    const hit = perRaster.get(key);
    if (hit) return hit;
    let partials = this.partialsCache.get(run.raster);
    if (!partials || partials.fingerprint !== fingerprint) {
      const reports = this.figureReports(all);
      const computing = this.tasks.run('tilePartials', { prepared: run.prepared, raster: run.raster, reports });
      this.partialsCache.set(run.raster, (partials = { fingerprint, partials: computing }));
      const cached = partials;
      computing.catch(() => {
        if (this.partialsCache.get(run.raster) === cached) this.partialsCache.delete(run.raster);
      });
    }
    const figures = sumTilePartials(run.prepared, run.raster.technology, indoor, await partials.partials);
    perRaster.set(key, figures);
    return figures;
  }
  /** Per raster: its tiles' partial figures for the reports of a fingerprint (see figures). */
  private readonly partialsCache = new WeakMap<CoverageRaster, { fingerprint: string; partials: Promise<TilePartial[]> }>();

  /** Gap polygons of a run (uncovered areas inside the boundary above the minimum size), cached per raster. */
  async gaps(run: CoverageRun, indoor: boolean): Promise<GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, GapProperties>> {
    const reports = await this.reports(run.area);
    const key = `${indoor}:${reports.length}:${this.reportCache.get(run.area.id)?.fingerprint ?? ''}`;
    let perRaster = this.gapCache.get(run.raster);
    if (!perRaster) this.gapCache.set(run.raster, (perRaster = new Map()));
    const hit = perRaster.get(key);
    if (hit) return hit;
    // Traced on a worker thread; concurrent asks for the same raster share one tracing.
    const gaps = this.engine.gapPolygons(run.prepared, run.raster, {
      indoor,
      reports: reports.map((r) => ({ lon: r.lon, lat: r.lat, technology: r.technology })),
      simplifyToleranceM: run.prepared.grid.resolutionM / 2,
    });
    perRaster.set(key, gaps);
    const cache = perRaster;
    gaps.catch(() => cache.delete(key));
    return gaps;
  }

  /** The exact link budget at one point for a scenario's cells (not read from the raster). */
  async point(
    area: Area,
    lon: number,
    lat: number,
    technology: CoverageTechnology,
    changes: ScenarioChanges,
    indoor: boolean,
  ): Promise<PointQueryResult & { environment: string }> {
    const prepared = await this.prepared(area);
    const cells = await this.scenarioCells(area, changes);
    const environment = environmentAt(prepared, lon, lat);
    return {
      ...pointQuery(cells, environment, area.settings, lon, lat, technology, {
        indoor,
        calibration: prepared.calibration,
        terrainArea: prepared,
      }),
      environment,
    };
  }

  /**
   * Start the engine's worker threads and compile the kernel there, so the first recompute is not a
   * cold one; meanwhile compile the what-if path in this thread (planning runs it here), on the next
   * turn of the event loop so a caller that has just started listening is not held up.
   */
  warmUp(): Promise<void> {
    const whatIf = new Promise<void>((resolve, reject) =>
      setImmediate(() => {
        try {
          warmUpWhatIfInThread();
          resolve();
        } catch (err) {
          reject(err);
        }
      }),
    );
    return Promise.all([this.engine.warmUp(), whatIf]).then(() => undefined);
  }

  async close(): Promise<void> {
    // Tiles not yet stored are left (they are recomputed when asked for): closing waits for one tile at most.
    this.closing = true;
    await Promise.all([...this.storing]);
    await this.engine.close();
  }

  /** Wait for the computed tiles being stored (tests, and close()). */
  async stored(): Promise<void> {
    await Promise.all([...this.storing]);
  }

  /**
   * The raster from the tile store when every tile is there; null when some are missing and the
   * raster is small enough to compute here; otherwise (PostgreSQL, at least jobMinTiles tiles) the
   * missing tiles are queued, or the running job joined, and CoverageJobAccepted (202) is thrown.
   */
  private async storedRaster(
    prepared: PreparedArea,
    cells: readonly CellSpec[],
    technology: CoverageTechnology,
    key: TileKey,
  ): Promise<CoverageRaster | null> {
    if (!this.tiles) return null;
    const windows = tileWindows(prepared.grid, prepared.tileSizePx);
    const stored = await this.tiles.store.stored(key);
    const positions = windows.map((w) => tilePosition(w, prepared.tileSizePx));
    if (stored.size < windows.length || !positions.every((p) => stored.has(positionKey(p)))) {
      const jobs = this.tiles.jobs;
      if (!jobs || windows.length < (this.tiles.jobMinTiles ?? Number.POSITIVE_INFINITY)) return null;
      throw new CoverageJobAccepted(await jobs.ensure(key, cells, positions, stored));
    }
    const raster = createCoverageRaster(prepared, cells, technology, false);
    const store = this.tiles.store;
    for (let i = 0; i < windows.length; i += 16) {
      const batch = windows.slice(i, i + 16);
      const tiles = await Promise.all(batch.map((w, k) => store.get(key, positions[i + k], w)));
      for (const tile of tiles) {
        if (!tile) return null; // dropped meanwhile (a newer inputs version): compute it
        mergeTile(raster, tile);
      }
    }
    await this.tiles.jobs?.finish(key);
    return raster;
  }

  /**
   * Store a computed raster's tiles (in the background of the answer), 16 at a time: cut out and
   * deflated on a CPU worker thread, so this thread only sends them.
   */
  private async storeTiles(prepared: PreparedArea, raster: CoverageRaster, key: TileKey): Promise<void> {
    const store = this.tiles!.store;
    const windows = tileWindows(prepared.grid, prepared.tileSizePx);
    for (let i = 0; i < windows.length; i += 16) {
      if (this.closing) return;
      const batch = windows.slice(i, i + 16);
      const payloads = await this.tasks.run('encodeTilePayloads', { raster, windows: batch });
      for (let k = 0; k < batch.length; k++) {
        if (this.closing) return;
        await store.putPayload(key, tilePosition(batch[k], prepared.tileSizePx), payloads[k]);
      }
    }
  }

  /** Run `work` without holding up the answer; its failure is reported, never thrown. */
  private background(work: Promise<void>): void {
    const tracked = work.catch((err: unknown) => this.tiles?.onStoreError?.(err));
    this.storing.add(tracked);
    void tracked.finally(() => this.storing.delete(tracked));
  }

  /** Deduplicate concurrent identical computations (many map tiles ask for the same raster at once). */
  private once<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const promise = work().finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }
}

/** A tile's position in tiles (x = column, y = row) from its window. */
export function tilePosition(window: TileWindow, tileSizePx: number): TilePosition {
  return { x: window.col0 / tileSizePx, y: window.row0 / tileSizePx };
}

/** A content digest of a cell list: equal lists share cached rasters, any parameter change misses. */
export function cellsDigest(cells: readonly CellSpec[]): string {
  const hash = createHash('sha1');
  for (const c of cells) {
    hash.update(
      `${c.key}|${c.technology}|${c.lon}|${c.lat}|${c.frequencyMhz}|${c.heightM}|${c.azimuthDeg}|${c.beamwidthDeg}|${c.tiltDeg}|${c.powerDbm}|${c.gainDbi}|${c.lossDb}\n`,
    );
  }
  return hash.digest('hex');
}
