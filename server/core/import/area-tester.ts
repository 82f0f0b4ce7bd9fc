import { bbox as turfBBox, booleanIntersects, booleanPointInPolygon, pointToPolygonDistance } from '@turf/turf';
import type { BBox } from '../validation/geometry.ts';

/** Is a WGS84 point or geometry within an area (or within a tolerance of it)? */
export interface AreaTester {
  bbox: BBox;
  /** Metres outside the boundary still accepted. */
  toleranceM: number;
  containsPoint(lon: number, lat: number): boolean;
  /** True when the geometry touches the area at all (a clutter zone may extend beyond it). */
  intersects(geometry: GeoJSON.Geometry, geometryBBox: BBox): boolean;
}

/** Degrees of latitude per metre (and a safe bound for longitude up to 60° N, where cos = 0.5). */
const DEG_PER_M = 1 / 111_320;

/**
 * Containment in an area's boundary: a bbox test first (most points of a district file pass or fail
 * there), then Turf's point-in-polygon (ray casting, holes honoured, points on the edge inside).
 * With `toleranceM` > 0, points outside are accepted up to that geodesic distance from the boundary
 * (Turf pointToPolygonDistance), e.g. for sites in the next district that serve this one.
 */
export function createAreaTester(boundary: GeoJSON.Polygon | GeoJSON.MultiPolygon, toleranceM = 0): AreaTester {
  const box = turfBBox(boundary) as BBox;
  const feature: GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon> = { type: 'Feature', properties: {}, geometry: boundary };
  const padLat = toleranceM * DEG_PER_M;
  const padLon = padLat / Math.max(0.5, Math.cos((Math.max(Math.abs(box[1]), Math.abs(box[3])) * Math.PI) / 180));
  const outer: BBox = [box[0] - padLon, box[1] - padLat, box[2] + padLon, box[3] + padLat];
  const within = (b: BBox, lon: number, lat: number) => lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
  return {
    bbox: box,
    toleranceM,
    containsPoint(lon, lat) {
      if (!within(outer, lon, lat)) return false;
      if (within(box, lon, lat) && booleanPointInPolygon([lon, lat], feature)) return true;
      return toleranceM > 0 && pointToPolygonDistance([lon, lat], boundary, { units: 'meters' }) <= toleranceM;
    },
    intersects(geometry, g) {
      if (g[2] < box[0] || g[0] > box[2] || g[3] < box[1] || g[1] > box[3]) return false;
      return booleanIntersects(geometry, boundary);
    },
  };
}
