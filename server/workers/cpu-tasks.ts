import { type CoverageReport, reportWeightsByPixel } from '../core/coverage/coverage-figures.ts';
import { rasterTilePartials, type TilePartial } from '../core/coverage/tile-partials.ts';
import { encodeRasterTilePayloads } from '../core/coverage/tile-payload.ts';
import type { TileWindow } from '../core/geo/tile-windows.ts';
import type { CoverageRaster } from '../core/coverage/coverage-raster.ts';
import { prepareArea, type CoverageInputs, type PreparedArea } from '../core/coverage/prepared-area.ts';
import { warmUpWhatIfInThread } from '../core/coverage/warm-up-scene.ts';
import { writeGeoTiff } from '../core/coverage/write-geotiff.ts';
import type { SourceCrs } from '../core/formats/crs.ts';
import { createAreaTester } from '../core/import/area-tester.ts';
import { checkRowPolygon } from '../core/import/geometry-reader.ts';
import type { DemandModel } from '../core/planning/coverage-demand.ts';
import { findHotspots, type HotspotSettings, type ProblemReport } from '../core/planning/hotspots.ts';
import { rankDemand, selectPlan, type PlanSelectionOptions } from '../core/planning/plan-selection.ts';
import { candidateFootprints, demandModelOfRun, type FootprintInputs, type RunDemandInputs } from '../core/planning/run-demand.ts';
import { polygonIssues, type BBox, type GeometryIssue } from '../core/validation/geometry.ts';
import { packPolygon, unpackPolygon, type PackedPolygon } from '../core/validation/packed-polygon.ts';

/** An import row's polygon to check (see checkRowPolygon), packed; `area` when it must touch the area. */
export interface RowPolygonJob {
  polygon: PackedPolygon;
  crs: SourceCrs;
  area: { boundary: GeoJSON.Polygon | GeoJSON.MultiPolygon; toleranceM: number } | null;
}

/** checkRowPolygon's answer with the converted polygon packed for the way back. */
export type PackedRowPolygonCheck =
  | { ok: true; polygon: PackedPolygon; bbox: BBox; repaired?: string; outside: boolean }
  | { ok: false; issues: GeometryIssue[] };

/**
 * The CPU-heavy steps of request paths, each a pure function of server/core taking one job of plain
 * data and returning plain data, so that it can run on a worker thread (cpu-pool.ts) or, in scripts
 * and tests, in the calling thread. Prepared areas, rasters and demand models are on shared memory
 * and reach a worker without a copy; large polygons travel packed (packed-polygon.ts).
 */
export const CPU_TASKS = {
  /** polygonIssues of a packed Polygon or MultiPolygon (self-intersection test: the costly part). */
  polygonIssues: (job: { polygon: PackedPolygon; path: string }): GeometryIssue[] => polygonIssues(unpackPolygon(job.polygon), job.path),
  /** An import row's polygon: ranges, CRS conversion, self-intersections, repair, touches the area. */
  rowPolygon: (job: RowPolygonJob): PackedRowPolygonCheck => {
    const area = job.area ? createAreaTester(job.area.boundary, job.area.toleranceM) : null;
    const check = checkRowPolygon(unpackPolygon(job.polygon), job.crs, area);
    if (!check.ok) return check;
    const { geometry, ...rest } = check;
    return { ...rest, polygon: packPolygon(geometry)! };
  },
  /** The area rasterised (grid, mask, clutter classes, residents) on shared memory: scanline fills of every polygon. */
  prepareArea: (job: CoverageInputs) => prepareArea(job),
  /** Every tile's partial figures of a computed raster, outdoors and indoors (one pass over its pixels); summed by sumTilePartials. */
  tilePartials: (job: { prepared: PreparedArea; raster: CoverageRaster; reports: readonly CoverageReport[] }): TilePartial[] =>
    rasterTilePartials(job.prepared, [job.raster], reportWeightsByPixel(job.prepared, job.raster.technology, job.reports)),
  /** A computed raster's tiles at `windows`, cut out and deflated as the tile store keeps them. */
  encodeTilePayloads: (job: { raster: CoverageRaster; windows: readonly TileWindow[] }): Uint8Array[] =>
    encodeRasterTilePayloads(job.raster, job.windows),
  /** What each candidate would newly cover over a run (incremental what-if). */
  footprints: (job: FootprintInputs) => candidateFootprints(job),
  /** A plan's demand model from a computed run (one pass over the raster, the candidates' footprints). */
  planningDemand: (job: RunDemandInputs) => demandModelOfRun(job),
  /** Every candidate's gain on its own, ranked, split into km2, people and reports. */
  rankDemand: (job: { demand: DemandModel }) => rankDemand(job.demand),
  /** A plan's sites: greedy, or exact (greedy seed, model reduction, HiGHS loaded once per thread). */
  selectPlan: (job: { demand: DemandModel; options: PlanSelectionOptions }) => selectPlan(job.demand, job.options),
  /** DBSCAN clusters of problem reports, scored, with their hulls. */
  hotspots: (job: { reports: readonly ProblemReport[]; settings: Partial<HotspotSettings> }) => findHotspots(job.reports, job.settings),
  /** The GeoTIFF of a run's levels (a 4 M pixel raster: a few hundred ms). */
  geoTiff: (job: { prepared: PreparedArea; raster: CoverageRaster }): Uint8Array => writeGeoTiff(job.prepared, job.raster),
  /** Compile the what-if path in this thread (the first footprints after start would take several times as long). */
  warmUp: (_job: Record<string, never>): boolean => {
    warmUpWhatIfInThread();
    return true;
  },
};

export type CpuTaskName = keyof typeof CPU_TASKS;
export type CpuTaskJob<K extends CpuTaskName> = Parameters<(typeof CPU_TASKS)[K]>[0];
export type CpuTaskResult<K extends CpuTaskName> = Awaited<ReturnType<(typeof CPU_TASKS)[K]>>;
