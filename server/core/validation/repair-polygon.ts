import { bbox, bboxPolygon, feature, featureCollection, intersect } from '@turf/turf';
import { ellipsoidalAreaM2 } from '../geo/ellipsoidal-area.ts';
import { findRingContact } from './ring-contacts.ts';

export interface RepairResult {
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
  /** What was changed, for the log or the import report; empty when the input was already valid. */
  notes: string[];
}

/**
 * Make a coarse polygon valid when its rings cross or touch themselves (web-map boundaries with vertices
 * snapped to a grid often do). The polygon is clipped by its own bounding box with polyclip (through
 * turf `intersect`), which rebuilds the rings as simple ones with the same covered area.
 * Throws if the repair loses more than 0.1 % of the area (on the WGS84 ellipsoid, as every area the
 * service reports), which means the input was not a fixable polygon.
 */
export function repairPolygon(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): RepairResult {
  const contact = findRingContact(geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat());
  if (!contact) return { geometry, notes: [] };
  const clipped = intersect(featureCollection([feature(geometry), bboxPolygon(bbox(geometry))]));
  if (!clipped) throw new Error('polygon repair produced no area');
  const before = ellipsoidalAreaM2(geometry);
  const after = ellipsoidalAreaM2(clipped.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon);
  if (Math.abs(after - before) > 0.001 * before) {
    throw new Error(`polygon repair changed the area from ${(before / 1e6).toFixed(3)} to ${(after / 1e6).toFixed(3)} km2`);
  }
  return {
    geometry: clipped.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon,
    notes: [
      `rebuilt rings that crossed or touched themselves (first near [${contact.position.map((v) => v.toFixed(6)).join(', ')}]); area unchanged (${(after / 1e6).toFixed(2)} km2)`,
    ],
  };
}
