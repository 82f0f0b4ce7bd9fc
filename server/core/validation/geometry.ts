import { kinks } from '@turf/turf';

/** A problem found in a geometry, with the JSON path of the offending part. */
export interface GeometryIssue {
  path: string;
  message: string;
}

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

const MAX_VERTICES = 200_000;

/** Check one [lon, lat] position: finite numbers inside [-180, 180] × [-90, 90]. */
export function positionIssue(position: unknown, path: string): GeometryIssue | null {
  if (!Array.isArray(position) || position.length < 2 || position.length > 3) {
    return { path, message: 'a position must be [lon, lat]' };
  }
  const [lon, lat] = position as number[];
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) {
    return { path: `${path}/0`, message: `longitude must be a number in [-180, 180], got ${String(lon)}` };
  }
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    return { path: `${path}/1`, message: `latitude must be a number in [-90, 90], got ${String(lat)}` };
  }
  return null;
}

/**
 * Validate a GeoJSON Polygon or MultiPolygon in WGS84 [lon, lat]: closed rings of at least 4 positions,
 * coordinates in range, no self-intersections, no antimeridian crossing (an area spans < 180° of longitude).
 * Returns the issues found (empty = valid).
 */
export function polygonIssues(geometry: unknown, path = 'geometry'): GeometryIssue[] {
  if (!isObject(geometry)) return [{ path, message: 'must be a GeoJSON Polygon or MultiPolygon' }];
  const polygons =
    geometry.type === 'Polygon'
      ? [geometry.coordinates]
      : geometry.type === 'MultiPolygon'
        ? (geometry.coordinates as unknown[])
        : null;
  if (!polygons || !Array.isArray(polygons) || polygons.length === 0) {
    return [{ path: `${path}/type`, message: `must be a Polygon or MultiPolygon, got ${JSON.stringify(geometry.type)}` }];
  }
  const issues: GeometryIssue[] = [];
  let vertices = 0;
  polygons.forEach((rings, p) => {
    const polyPath = geometry.type === 'Polygon' ? `${path}/coordinates` : `${path}/coordinates/${p}`;
    if (!Array.isArray(rings) || rings.length === 0) {
      issues.push({ path: polyPath, message: 'a polygon needs at least one ring' });
      return;
    }
    rings.forEach((ring: unknown, r: number) => {
      const ringPath = `${polyPath}/${r}`;
      if (!Array.isArray(ring) || ring.length < 4) {
        issues.push({ path: ringPath, message: 'a ring needs at least 4 positions (closed)' });
        return;
      }
      vertices += ring.length;
      for (let i = 0; i < ring.length; i++) {
        const issue = positionIssue(ring[i], `${ringPath}/${i}`);
        if (issue) {
          issues.push(issue);
          return;
        }
      }
      const first = ring[0] as number[];
      const last = ring[ring.length - 1] as number[];
      if (first[0] !== last[0] || first[1] !== last[1]) {
        issues.push({ path: ringPath, message: 'ring is not closed (first and last positions differ)' });
      }
    });
  });
  if (vertices > MAX_VERTICES) issues.push({ path, message: `too many vertices (${vertices} > ${MAX_VERTICES})` });
  if (issues.length > 0) return issues;
  const box = geometryBBox(geometry as unknown as GeoJSON.Polygon | GeoJSON.MultiPolygon);
  if (box[2] - box[0] >= 180) {
    issues.push({ path, message: 'spans 180° of longitude or more (antimeridian crossing is not supported)' });
  }
  const selfIntersections = kinks(geometry as unknown as GeoJSON.Polygon).features.length;
  if (selfIntersections > 0) {
    const at = kinks(geometry as unknown as GeoJSON.Polygon).features[0].geometry.coordinates;
    issues.push({ path, message: `self-intersecting polygon (${selfIntersections} crossing(s), first near [${at.map((v) => v.toFixed(6)).join(', ')}])` });
  }
  return issues;
}

/** Bounding box [minLon, minLat, maxLon, maxLat] of any GeoJSON geometry. */
export function geometryBBox(geometry: GeoJSON.Geometry): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [lon, lat] = c as number[];
      if (lon < box[0]) box[0] = lon;
      if (lat < box[1]) box[1] = lat;
      if (lon > box[2]) box[2] = lon;
      if (lat > box[3]) box[3] = lat;
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  if (geometry.type === 'GeometryCollection') geometry.geometries.forEach((g) => visit(geometryBBox(g)));
  else visit(geometry.coordinates);
  return box;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
