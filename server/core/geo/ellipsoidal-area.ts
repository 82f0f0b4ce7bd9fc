import geodesic from 'geographiclib-geodesic';
import type { AreaGrid } from './area-grid.ts';
import { utmProjection } from './utm-projection.ts';

/**
 * The service's one notion of area: the area on the WGS84 ellipsoid. Polygons are measured with
 * Karney's geodesic polygon area (C. F. F. Karney, "Algorithms for geodesics", J. Geodesy 87, 2013;
 * GeographicLib through geographiclib-geodesic), the value pyproj's `Geod.geometry_area_perimeter`
 * and GeographicLib's Planimeter give. Raster pixels, whose sides are UTM grid lines, are measured as
 * their grid area divided by the square of the UTM point scale factor at their centre, which is the
 * same quantity for a 25 m square to about 1e-9.
 */
const WGS84 = geodesic.Geodesic.WGS84;

/** Area of one ring, m2, whatever its orientation ([lon, lat] positions, closed or not). */
export function ringAreaM2(ring: readonly GeoJSON.Position[]): number {
  const polygon = WGS84.Polygon(false);
  const n =
    ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.length - 1 : ring.length;
  if (n < 3) return 0;
  for (let i = 0; i < n; i++) polygon.AddPoint(ring[i][1], ring[i][0]);
  // Signed, so a clockwise ring is not taken for the rest of the globe; its size is what counts.
  return Math.abs(polygon.Compute(false, true).area ?? 0);
}

/**
 * Area of a [lon, lat] WGS84 Polygon or MultiPolygon on the WGS84 ellipsoid, m2: outer rings minus
 * holes, edges taken as geodesics. Exact to well under 1 m2 for a district (Karney 2013).
 */
export function ellipsoidalAreaM2(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let total = 0;
  for (const polygon of polygons) {
    if (polygon.length === 0) continue;
    total += ringAreaM2(polygon[0]);
    for (let h = 1; h < polygon.length; h++) total -= ringAreaM2(polygon[h]);
  }
  return total;
}

/** Same, km2. */
export function ellipsoidalAreaKm2(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): number {
  return ellipsoidalAreaM2(geometry) / 1e6;
}

const DEG = Math.PI / 180;
const E2 = geodesic.Constants.WGS84.f * (2 - geodesic.Constants.WGS84.f);
const EP2 = E2 / (1 - E2);
const UTM_K0 = 0.9996;

/**
 * Point scale factor k of UTM at [lon, lat] for a zone's central meridian (Snyder, "Map projections:
 * a working manual", USGS PP 1395, 1987, eq. 8-11; within 1e-10 of the exact value inside a zone and
 * a few degrees beyond). A small area on the ground measures k² times as much on the grid.
 */
export function utmPointScale(lon: number, lat: number, centralMeridianDeg: number): number {
  const phi = lat * DEG;
  const cos = Math.cos(phi);
  const t = Math.tan(phi) ** 2;
  const c = EP2 * cos * cos;
  let dLon = lon - centralMeridianDeg;
  dLon -= 360 * Math.round(dLon / 360);
  const a2 = (dLon * DEG * cos) ** 2;
  return (
    UTM_K0 *
    (1 +
      ((1 + c) * a2) / 2 +
      ((5 - 4 * t + 42 * c + 13 * c * c - 28 * EP2) * a2 * a2) / 24 +
      ((61 - 148 * t + 16 * t * t) * a2 * a2 * a2) / 720)
  );
}

/** Central meridian of a UTM zone, degrees. */
export function utmCentralMeridianDeg(zone: number): number {
  return zone * 6 - 183;
}

/** Pixels per side of the blocks sampled for the scale factor (1.6 km at 25 m). */
const SCALE_BLOCK_PX = 64;

/**
 * Mean ellipsoidal area of the grid's inside pixels (mask[i] !== 0), km2: a pixel's grid area res²
 * divided by k² at its centre, with k taken once per 64×64-pixel block at the mean position of the
 * block's inside pixels (exact to first order; k² changes by about 1e-8 across a block), averaged
 * over the inside pixels. Count × this is the ellipsoidal area of the inside pixels. Within a district
 * the ellipsoidal area of a pixel varies by a few 0.01 % (k grows away from the zone's central
 * meridian), so km2 of any subset of pixels (covered, gaps) are exact to that. An empty mask gives
 * the value at the grid's centre.
 */
export function meanPixelAreaKm2(grid: AreaGrid, mask: Uint8Array): number {
  const { width, height, resolutionM, originX, originY } = grid;
  const projection = utmProjection(grid.epsg);
  const meridian = utmCentralMeridianDeg(grid.utmZone);
  const planeKm2 = (resolutionM * resolutionM) / 1e6;
  const scaleAt = (col: number, row: number) => {
    const [lon, lat] = projection.inverse([originX + (col + 0.5) * resolutionM, originY - (row + 0.5) * resolutionM]);
    return utmPointScale(lon, lat, meridian);
  };
  const blocksX = Math.ceil(width / SCALE_BLOCK_PX);
  const blocks = blocksX * Math.ceil(height / SCALE_BLOCK_PX);
  const count = new Float64Array(blocks);
  const sumCol = new Float64Array(blocks);
  const sumRow = new Float64Array(blocks);
  for (let row = 0; row < height; row++) {
    const blockRow = Math.floor(row / SCALE_BLOCK_PX) * blocksX;
    for (let bx = 0; bx < blocksX; bx++) {
      const start = row * width + bx * SCALE_BLOCK_PX;
      const end = row * width + Math.min(width, (bx + 1) * SCALE_BLOCK_PX);
      let n = 0;
      let cols = 0;
      for (let i = start; i < end; i++) {
        if (mask[i] === 0) continue;
        n++;
        cols += i - start;
      }
      if (n === 0) continue;
      const b = blockRow + bx;
      count[b] += n;
      sumCol[b] += cols + n * bx * SCALE_BLOCK_PX;
      sumRow[b] += n * row;
    }
  }
  let weighted = 0;
  let inside = 0;
  for (let b = 0; b < blocks; b++) {
    if (count[b] === 0) continue;
    const k = scaleAt(sumCol[b] / count[b], sumRow[b] / count[b]);
    weighted += count[b] / (k * k);
    inside += count[b];
  }
  if (inside === 0) {
    const k = scaleAt((width - 1) / 2, (height - 1) / 2);
    return planeKm2 / (k * k);
  }
  return (planeKm2 * weighted) / inside;
}
