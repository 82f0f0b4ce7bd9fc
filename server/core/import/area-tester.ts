import { bbox as turfBBox, booleanIntersects, booleanPointInPolygon } from '@turf/turf';
import type { BBox } from '../validation/geometry.ts';

/** Is a WGS84 point or geometry within an area? */
export interface AreaTester {
  bbox: BBox;
  containsPoint(lon: number, lat: number): boolean;
  /** True when the geometry touches the area at all (a clutter zone may extend beyond it). */
  intersects(geometry: GeoJSON.Geometry, geometryBBox: BBox): boolean;
}

/**
 * Containment in an area's boundary: a bbox test first (most points of a district file pass or fail
 * there), then Turf's point-in-polygon (ray casting, holes honoured; boundary points count as inside).
 */
export function createAreaTester(boundary: GeoJSON.Polygon | GeoJSON.MultiPolygon): AreaTester {
  const box = turfBBox(boundary) as BBox;
  const feature: GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon> = { type: 'Feature', properties: {}, geometry: boundary };
  const inBox = (lon: number, lat: number) => lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3];
  return {
    bbox: box,
    containsPoint(lon, lat) {
      return inBox(lon, lat) && booleanPointInPolygon([lon, lat], feature);
    },
    intersects(geometry, g) {
      if (g[2] < box[0] || g[0] > box[2] || g[3] < box[1] || g[1] > box[3]) return false;
      return booleanIntersects(geometry, boundary);
    },
  };
}
