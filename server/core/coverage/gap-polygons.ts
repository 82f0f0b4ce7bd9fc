import { simplify } from '@turf/turf';
import { type PlaneClipper, type PlanePolygon, planeClipper } from '../geo/clip-polygons.ts';
import { utmProjection } from '../geo/utm-projection.ts';
import type { LonLat } from '../model.ts';
import { pixelCovered, type FiguresOptions, modeLossDb, reportWeightsByPixel } from './coverage-figures.ts';
import type { CoverageRaster } from './coverage-raster.ts';
import { labelComponents } from './pixel-components.ts';
import type { PreparedArea } from './prepared-area.ts';
import { reportWeightsByTile, tileKey } from './tile-partials.ts';
import { type TracedRing, traceOutlines } from './trace-outlines.ts';
import { tileWindows } from '../geo/tile-windows.ts';

export interface GapProperties {
  id: string;
  /**
   * Uncovered area, km2: pixel count × the ellipsoidal pixel area, as in the figures (the outline is
   * clipped to the boundary for display, its area is not what is reported).
   */
  areaKm2: number;
  /** Residents of the gap's pixels. */
  population: number;
  /** Weight of the run's reports inside the gap. */
  reportCount: number;
  /** Mean of the gap's pixel centres, [lon, lat] (may fall outside a crescent-shaped gap). */
  centroid: LonLat;
}

export type GapFeature = GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon, GapProperties>;

export interface GapOptions extends FiguresOptions {
  /** Douglas-Peucker tolerance in metres (Turf simplify, on UTM coordinates); 0 keeps exact pixel outlines. */
  simplifyToleranceM?: number;
  /** Overrides settings.minGapAreaKm2. */
  minGapAreaKm2?: number;
}

/** What a gap's properties are made of: its pixels, their residents and report weight, and the sums of their columns and rows. */
export interface GapStats {
  pixels: number;
  population: number;
  reports: number;
  sumX: number;
  sumY: number;
}

/**
 * Statistics of each labelled component. Pixel counts and coordinate sums are integers; residents and
 * report weight are summed as the tile path sums them (tile-gaps.ts): per tile (row-major from the
 * north-west), per component of the tile's own pixels (8-connected within the tile, in label order),
 * pixels row-major and reports in the map's order within it, so both paths agree to the last bit.
 */
function gapStatistics(
  prepared: Pick<PreparedArea, 'grid' | 'population' | 'tileSizePx'>,
  selected: Uint8Array,
  labels: Int32Array,
  count: number,
  reportWeights: Map<number, number>,
): GapStats[] {
  const stats = Array.from({ length: count + 1 }, () => ({ pixels: 0, population: 0, reports: 0, sumX: 0, sumY: 0 }));
  const { grid, population } = prepared;
  const reportsByTile = reportWeightsByTile(grid, prepared.tileSizePx, reportWeights);
  for (const window of tileWindows(grid, prepared.tileSizePx)) {
    const { col0, row0, width, height } = window;
    const own = new Uint8Array(width * height);
    for (let r = 0; r < height; r++)
      own.set(selected.subarray((row0 + r) * grid.width + col0, (row0 + r) * grid.width + col0 + width), r * width);
    const local = labelComponents(own, width, height);
    if (local.count === 0) continue;
    const globalOf = new Int32Array(local.count + 1);
    const people = new Float64Array(local.count + 1);
    const reports = new Float64Array(local.count + 1);
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const l = local.labels[r * width + c];
        if (l === 0) continue;
        const i = (row0 + r) * grid.width + col0 + c;
        const s = stats[labels[i]];
        globalOf[l] = labels[i];
        people[l] += population[i];
        s.pixels++;
        s.sumX += col0 + c;
        s.sumY += row0 + r;
      }
    }
    for (const { px, weight } of reportsByTile.get(tileKey(window)) ?? []) if (local.labels[px] !== 0) reports[local.labels[px]] += weight;
    for (let l = 1; l <= local.count; l++) {
      const s = stats[globalOf[l]];
      s.population += people[l];
      s.reports += reports[l];
    }
  }
  return stats;
}

/** Even-odd test of a lattice point against a traced ring. */
function ringContains(ring: TracedRing, x: number, y: number): boolean {
  const p = ring.points;
  const n = p.length / 2;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = p[2 * i],
      yi = p[2 * i + 1],
      xj = p[2 * j],
      yj = p[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Lattice ring to a closed UTM ring, reversed so outer rings run counter-clockwise (RFC 7946 §3.1.6). */
function toUtmRing(prepared: Pick<PreparedArea, 'grid'>, ring: TracedRing): GeoJSON.Position[] {
  const { originX, originY, resolutionM } = prepared.grid;
  const out: GeoJSON.Position[] = [];
  for (let i = ring.points.length / 2 - 1; i >= 0; i--) {
    out.push([originX + ring.points[2 * i] * resolutionM, originY - ring.points[2 * i + 1] * resolutionM]);
  }
  out.push(out[0]);
  return out;
}

function assemble(prepared: Pick<PreparedArea, 'grid'>, rings: TracedRing[]): GeoJSON.Polygon | GeoJSON.MultiPolygon {
  const outers = rings.filter((r) => r.signedArea > 0);
  const polygons = outers.map((outer) => [toUtmRing(prepared, outer)]);
  for (const hole of rings.filter((r) => r.signedArea < 0)) {
    const k = outers.length === 1 ? 0 : outers.findIndex((o) => ringContains(o, hole.points[0], hole.points[1]));
    polygons[Math.max(0, k)].push(toUtmRing(prepared, hole));
  }
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}

function unproject(prepared: Pick<PreparedArea, 'grid'>, geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): void {
  const projection = utmProjection(prepared.grid.epsg);
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 0; i < ring.length; i++) ring[i] = projection.inverse([ring[i][0], ring[i][1]]);
    }
  }
}

/** Options of `regionPolygons`. */
export interface RegionOptions {
  /** Components smaller than this are dropped, km2. */
  minAreaKm2: number;
  /** Douglas-Peucker tolerance in metres on UTM coordinates; 0 keeps exact pixel outlines. */
  simplifyToleranceM?: number;
  /** Report weight per pixel index (counted into each region). */
  reportWeights?: Map<number, number>;
  /** Feature ids are `${idPrefix}-1`, `${idPrefix}-2`... (largest first). */
  idPrefix: string;
  /** Clip the outlines to the area's boundary (default true); false keeps whole pixel outlines. */
  clipToBoundary?: boolean;
}

/**
 * The boundary in the grid's UTM coordinates as a clip region. Pixel outlines overhang the boundary
 * by up to half a pixel diagonal where a boundary pixel's centre is inside (17.7 m at 25 m).
 */
function boundaryClipper(prepared: Pick<PreparedArea, 'grid' | 'boundary'>): PlaneClipper {
  const projection = utmProjection(prepared.grid.epsg);
  const polygons = prepared.boundary.type === 'Polygon' ? [prepared.boundary.coordinates] : prepared.boundary.coordinates;
  return planeClipper(polygons.flatMap((polygon) => polygon.map((ring) => ring.map((p) => projection.forward([p[0], p[1]])))));
}

/** Clip a UTM outline to the boundary; null when nothing is left. */
function clipGeometry(
  clipper: PlaneClipper,
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon,
): GeoJSON.Polygon | GeoJSON.MultiPolygon | null {
  const polygons: PlanePolygon[] = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const clipped = clipper.clip(polygons);
  if (clipped.length === 0) return null;
  return clipped.length === 1 ? { type: 'Polygon', coordinates: clipped[0] } : { type: 'MultiPolygon', coordinates: clipped };
}

/**
 * Polygons of any set of pixels (selected[i] = 1): 8-connected components of at least minAreaKm2,
 * outlined on pixel edges (holes kept) in UTM, optionally simplified, clipped to the area's boundary,
 * unprojected to [lon, lat], with area, population and report weight of the pixels, and centroid.
 * Largest first. Used for gaps and scenario differences.
 */
export function regionPolygons(
  prepared: PreparedArea,
  selected: Uint8Array,
  options: RegionOptions,
): GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, GapProperties> {
  const { width, height } = prepared.grid;
  const { labels, count, sizes } = labelComponents(selected, width, height);
  const minPixels = options.minAreaKm2 / prepared.pixelAreaKm2;
  const keep = (label: number) => sizes[label] >= minPixels;
  const stats = gapStatistics(prepared, selected, labels, count, options.reportWeights ?? new Map());
  const ringsByLabel = new Map<number, TracedRing[]>();
  for (const ring of traceOutlines(labels, width, height, keep)) {
    const list = ringsByLabel.get(ring.label);
    if (list) list.push(ring);
    else ringsByLabel.set(ring.label, [ring]);
  }
  const order = [...ringsByLabel.keys()].sort((a, b) => sizes[b] - sizes[a] || a - b);
  return regionFeatures(
    prepared,
    order.map((label) => ({ rings: ringsByLabel.get(label)!, stats: stats[label] })),
    options,
  );
}

/** One component to draw: its rings in traced order (traceOutlines) and its statistics. */
export interface RegionComponent {
  rings: TracedRing[];
  stats: GapStats;
}

/**
 * Features of components given in their final order (ids `${idPrefix}-1`...): outlines in UTM,
 * optionally simplified, clipped to the boundary, unprojected, with the components' statistics.
 */
export function regionFeatures(
  prepared: Pick<PreparedArea, 'grid' | 'boundary' | 'pixelAreaKm2'>,
  components: readonly RegionComponent[],
  options: Pick<RegionOptions, 'simplifyToleranceM' | 'idPrefix' | 'clipToBoundary'>,
): GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, GapProperties> {
  const projection = utmProjection(prepared.grid.epsg);
  const clipper = options.clipToBoundary === false || components.length === 0 ? null : boundaryClipper(prepared);
  const features = components.map(({ rings, stats: s }, k): GapFeature => {
    let geometry = assemble(prepared, rings);
    if (options.simplifyToleranceM) geometry = simplify(geometry, { tolerance: options.simplifyToleranceM, mutate: true });
    // A component's pixel centres are inside, so something of it always is; keep the outline if not.
    if (clipper) geometry = clipGeometry(clipper, geometry) ?? geometry;
    unproject(prepared, geometry);
    const centroid = projection.inverse([
      prepared.grid.originX + (s.sumX / s.pixels + 0.5) * prepared.grid.resolutionM,
      prepared.grid.originY - (s.sumY / s.pixels + 0.5) * prepared.grid.resolutionM,
    ]);
    const id = `${options.idPrefix}-${k + 1}`;
    return {
      type: 'Feature',
      id,
      geometry,
      properties: { id, areaKm2: s.pixels * prepared.pixelAreaKm2, population: s.population, reportCount: s.reports, centroid },
    };
  });
  return { type: 'FeatureCollection', features };
}

/**
 * Coverage gaps as GeoJSON: 8-connected components of uncovered inside-boundary pixels (threshold,
 * + indoorPenetrationLossDb when indoor), of at least minGapAreaKm2, outlined on pixel edges (holes
 * kept) in UTM, optionally simplified, clipped to the boundary, then unprojected to [lon, lat].
 * Area, population and reports are those of the gap's pixels, consistent with the figures.
 * Largest first, ids gap-1, gap-2...
 */
export function gapPolygons(
  prepared: PreparedArea,
  raster: CoverageRaster,
  options: GapOptions = {},
): GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, GapProperties> {
  const { width, height } = prepared.grid;
  const extraLossDb = modeLossDb(prepared, options.indoor);
  const uncovered = new Uint8Array(width * height);
  for (let i = 0; i < uncovered.length; i++) uncovered[i] = prepared.mask[i] !== 0 && !pixelCovered(raster, i, extraLossDb) ? 1 : 0;
  return regionPolygons(prepared, uncovered, {
    minAreaKm2: options.minGapAreaKm2 ?? prepared.settings.minGapAreaKm2,
    simplifyToleranceM: options.simplifyToleranceM,
    reportWeights: reportWeightsByPixel(prepared, raster.technology, options.reports ?? []),
    idPrefix: 'gap',
  });
}
