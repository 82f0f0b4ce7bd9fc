import type { LonLat } from '../model.ts';
import { EngineInputError } from '../radio/engine-input-error.ts';
import { utmProjection, utmZoneForLonLat } from './utm-projection.ts';

/**
 * A north-up raster in one UTM zone. Pixel (col, row) covers easting
 * [originX + col·res, originX + (col+1)·res) and northing (originY - (row+1)·res, originY - row·res];
 * row 0 is the northern edge. Pixel index = row·width + col.
 */
export interface AreaGrid {
  epsg: number;
  utmZone: number;
  south: boolean;
  resolutionM: number;
  /** Easting of the western edge, m. */
  originX: number;
  /** Northing of the northern edge, m. */
  originY: number;
  width: number;
  height: number;
}

/**
 * Default of the MAX_AREA_PIXELS setting: grids of more pixels are refused. Two billion pixels are
 * 1 250 000 km2 at 25 m, well above a province (about 470 000 km2 is 750 M pixels), and keep every
 * per-pixel array of an area within a typed array's reach.
 */
export const DEFAULT_MAX_AREA_PIXELS = 2_000_000_000;

/** The name of the setting the pixel guard reads, for its error message. */
export const MAX_AREA_PIXELS_SETTING = 'MAX_AREA_PIXELS';

type AreaGeometry = GeoJSON.Polygon | GeoJSON.MultiPolygon;

function outerRings(geometry: AreaGeometry): GeoJSON.Position[][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates[0]] : geometry.coordinates.map((p) => p[0]);
}

/** Mean of the outer-ring vertices, [lon, lat]: picks the UTM zone (a vertex centroid is enough for that). */
export function vertexCentroid(geometry: AreaGeometry): LonLat {
  let lon = 0;
  let lat = 0;
  let n = 0;
  for (const ring of outerRings(geometry)) {
    for (const p of ring) {
      lon += p[0];
      lat += p[1];
      n++;
    }
  }
  if (n === 0) throw new EngineInputError('boundary has no vertices');
  return [lon / n, lat / n];
}

/**
 * Grid covering a [lon, lat] boundary at resolutionM metres, in the UTM zone of the boundary's
 * centroid (WGS84/UTM EPSG 326zz/327zz, via proj4). The origin is snapped to multiples of the
 * resolution so grids of one zone and resolution align. A grid of more than maxPixels pixels (the
 * MAX_AREA_PIXELS setting) is refused with an error naming the setting.
 */
export function createAreaGrid(boundary: AreaGeometry, resolutionM: number, maxPixels = DEFAULT_MAX_AREA_PIXELS): AreaGrid {
  if (!(resolutionM > 0)) throw new EngineInputError(`resolutionM must be positive, got ${resolutionM}`);
  const [cLon, cLat] = vertexCentroid(boundary);
  const zone = utmZoneForLonLat(cLon, cLat);
  const projection = utmProjection(zone.epsg);
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const ring of outerRings(boundary)) {
    for (const p of ring) {
      const [x, y] = projection.forward([p[0], p[1]]);
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  const originX = Math.floor(minX / resolutionM) * resolutionM;
  const originY = Math.ceil(maxY / resolutionM) * resolutionM;
  const width = Math.max(1, Math.ceil((maxX - originX) / resolutionM));
  const height = Math.max(1, Math.ceil((originY - minY) / resolutionM));
  if (width * height > maxPixels) {
    throw new EngineInputError(
      `grid of ${width}x${height} = ${width * height} pixels at ${resolutionM} m exceeds the ${MAX_AREA_PIXELS_SETTING} setting (${maxPixels} pixels)`,
    );
  }
  return { epsg: zone.epsg, utmZone: zone.zone, south: zone.south, resolutionM, originX, originY, width, height };
}

/** Easting of the centre of column col, m. Written once so every kernel computes identical doubles. */
export function pixelCentreX(grid: AreaGrid, col: number): number {
  return grid.originX + (col + 0.5) * grid.resolutionM;
}

/** Northing of the centre of row row, m. */
export function pixelCentreY(grid: AreaGrid, row: number): number {
  return grid.originY - (row + 0.5) * grid.resolutionM;
}
