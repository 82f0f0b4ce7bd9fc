import { toWgs84, type SourceCrs } from '../formats/crs.ts';
import type { LonLat } from '../model.ts';
import { geometryBBox, polygonIssues, type BBox, type GeometryIssue } from '../validation/geometry.ts';
import { repairPolygon } from '../validation/repair-polygon.ts';
import type { AreaTester } from './area-tester.ts';
import type { RowReader } from './row-reader.ts';

/** Issues reported per geometry before the rest are summarised. */
const MAX_GEOMETRY_ISSUES = 3;

export interface ReadGeometry<G extends GeoJSON.Geometry> {
  geometry: G;
  bbox: BBox;
  /** Set when a self-touching ring was rebuilt (coarse web-map polygons). */
  repaired?: string;
}

/**
 * The row's polygon (or, with `allowPoint`, point) in WGS84: altitudes dropped, positions converted
 * from the file's CRS, then checked (closed rings, range, no self-intersection) and, when
 * `mustTouchArea`, tested against the area.
 */
export function readAreaGeometry(
  r: RowReader,
  allowPoint: false,
  mustTouchArea: boolean,
): ReadGeometry<GeoJSON.Polygon | GeoJSON.MultiPolygon> | null;
export function readAreaGeometry(
  r: RowReader,
  allowPoint: true,
  mustTouchArea: boolean,
): ReadGeometry<GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.Point> | null;
export function readAreaGeometry(
  r: RowReader,
  allowPoint: boolean,
  mustTouchArea: boolean,
): ReadGeometry<GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.Point> | null {
  const source = r.record.geometry;
  if (allowPoint && (!source || source.type === 'Point')) {
    const point = r.point();
    if (!point) return null;
    return { geometry: { type: 'Point', coordinates: point }, bbox: [point[0], point[1], point[0], point[1]] };
  }
  if (!source)
    return r.fail('geometry', '', allowPoint ? 'no geometry and no lon/lat columns' : 'no geometry: a Polygon or MultiPolygon is required');
  if (source.type !== 'Polygon' && source.type !== 'MultiPolygon') {
    return r.fail('geometry', source.type, `expected a Polygon or MultiPolygon${allowPoint ? ' or a Point' : ''}`);
  }
  const check = r.ctx.checkedPolygons?.get(source) ?? checkRowPolygon(source, r.ctx.crs, mustTouchArea ? r.ctx.area : null);
  if (!check.ok) {
    for (const issue of check.issues.slice(0, MAX_GEOMETRY_ISSUES)) r.fail('geometry', issue.path, issue.message);
    if (check.issues.length > MAX_GEOMETRY_ISSUES)
      r.fail('geometry', '', `${check.issues.length - MAX_GEOMETRY_ISSUES} more geometry problem(s)`);
    return null;
  }
  const { geometry, bbox, repaired } = check;
  if (check.outside) return r.fail('geometry', bbox.map((v) => v.toFixed(5)).join(','), 'outside the area boundary (bbox shown)');
  return repaired ? { geometry, bbox, repaired } : { geometry, bbox };
}

/** A row's polygon checked and converted to WGS84, or the issues that refuse it. */
export type RowPolygonCheck =
  | { ok: true; geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon; bbox: BBox; repaired?: string; outside: boolean }
  | { ok: false; issues: GeometryIssue[] };

/**
 * The polygon part of readAreaGeometry, pure so it can run on a worker thread for large polygons:
 * closed rings and ranges in the file's CRS, conversion to WGS84, then the same checks again
 * (self-touching rings of coarse web-map polygons rebuilt when no area is lost), and whether the
 * result misses `area` (null: not tested).
 */
export function checkRowPolygon(source: GeoJSON.Polygon | GeoJSON.MultiPolygon, crs: SourceCrs, area: AreaTester | null): RowPolygonCheck {
  const raw = polygonIssues(source, 'geometry').filter((i) => !isSelfIntersection(i.message));
  let converted = raw.length ? null : convertPolygon(source, crs);
  let issues = converted ? polygonIssues(converted, 'geometry') : raw;
  let repaired: string | undefined;
  if (converted && issues.length && issues.every((i) => isSelfIntersection(i.message))) {
    // Rings that cross or touch themselves, as grid-snapped web-map polygons do: rebuild them if no area is lost.
    try {
      const result = repairPolygon(converted);
      converted = result.geometry;
      repaired = result.notes.join('; ');
      issues = polygonIssues(converted, 'geometry');
    } catch {
      // not repairable: report the original issues
    }
  }
  if (!converted || issues.length) return { ok: false, issues };
  const bbox = geometryBBox(converted);
  const outside = area !== null && !area.intersects(converted, bbox);
  return repaired ? { ok: true, geometry: converted, bbox, repaired, outside } : { ok: true, geometry: converted, bbox, outside };
}

function isSelfIntersection(message: string): boolean {
  return message.startsWith('self-intersecting');
}

function convertPolygon(g: GeoJSON.Polygon | GeoJSON.MultiPolygon, crs: SourceCrs): GeoJSON.Polygon | GeoJSON.MultiPolygon {
  const ring = (positions: GeoJSON.Position[]) => positions.map((p) => toWgs84([p[0], p[1]] as LonLat, crs) as GeoJSON.Position);
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((polygon) => polygon.map(ring)) };
}
