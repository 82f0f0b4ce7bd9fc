import { bboxPolygon, booleanIntersects, feature } from '@turf/turf';
import type { BBox } from '../validation/geometry.ts';

/**
 * True when `geometry` (WGS84 [lon, lat]) touches or overlaps the box `[minLon, minLat, maxLon, maxLat]`,
 * exactly rather than by bounding boxes (OGC API Features `bbox`: features whose geometry intersects
 * the box). A box with minLon > maxLon crosses the antimeridian and is tested as its two halves.
 * Planar test in degrees (Turf booleanIntersects), fine for boxes of a district's size.
 */
export function geometryIntersectsBBox(geometry: GeoJSON.Geometry, box: BBox): boolean {
  const [minLon, minLat, maxLon, maxLat] = box;
  const halves: BBox[] =
    minLon <= maxLon
      ? [box]
      : [
          [minLon, minLat, 180, maxLat],
          [-180, minLat, maxLon, maxLat],
        ];
  return halves.some((half) => booleanIntersects(feature(geometry), bboxPolygon(half)));
}
