import { orient2d } from 'robust-predicates';
import { findRingContact } from './ring-contacts.ts';

/** A problem found in a geometry, with the JSON path of the offending part. */
export interface GeometryIssue {
  path: string;
  message: string;
}

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

const MAX_VERTICES = 200_000;

/**
 * Rings of a smaller planar area are refused as zero-area, square degrees: about 0.01 m² at the
 * equator, far below any coverage pixel yet far above the rounding noise of collinear positions.
 */
export const MIN_RING_AREA_DEG2 = 1e-12;

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
 * coordinates in range, no zero-area ring (all positions equal, all on one line, or less than
 * MIN_RING_AREA_DEG2), no antimeridian crossing (an area spans < 180° of longitude), and no edges
 * that cross or touch, across all rings of all polygons (ring-contacts.ts, O(n log n)): only
 * consecutive edges of a ring may share a vertex; a ring touching itself or another ring at a point,
 * collinear overlaps and spikes are refused; repeated consecutive positions are allowed.
 * Returns the issues found (empty = valid).
 */
export function polygonIssues(geometry: unknown, path = 'geometry'): GeometryIssue[] {
  if (!isObject(geometry)) return [{ path, message: 'must be a GeoJSON Polygon or MultiPolygon' }];
  const polygons =
    geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? (geometry.coordinates as unknown[]) : null;
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
  // Every ring and position was checked above.
  const checked: GeoJSON.MultiPolygon = { type: 'MultiPolygon', coordinates: polygons as GeoJSON.Position[][][] };
  const rings = checked.coordinates.flat();
  const ringPaths = checked.coordinates.flatMap((p, i) =>
    p.map((_, r) => (geometry.type === 'Polygon' ? `coordinates/${r}` : `coordinates/${i}/${r}`)),
  );
  rings.forEach((ring, r) => {
    const issue = degenerateRingIssue(ring);
    if (issue) issues.push({ path: `${path}/${ringPaths[r]}`, message: issue });
  });
  if (issues.length > 0) return issues;
  const box = geometryBBox(checked);
  if (box[2] - box[0] >= 180) {
    issues.push({ path, message: 'spans 180° of longitude or more (antimeridian crossing is not supported)' });
  }
  const contact = findRingContact(rings);
  if (contact) {
    const [a, b] = contact.rings;
    const where = a === b ? `ring ${ringPaths[a]} with itself` : `ring ${ringPaths[a]} with ring ${ringPaths[b]}`;
    issues.push({
      path,
      message: `self-intersecting polygon (first crossing near [${contact.position.map((v) => v.toFixed(6)).join(', ')}], ${where})`,
    });
    return issues;
  }
  // Only a simple ring's signed area is its area (a bow-tie's lobes cancel), so this comes last.
  rings.forEach((ring, r) => {
    const areaDeg2 = Math.abs(ringAreaDeg2(ring));
    if (areaDeg2 < MIN_RING_AREA_DEG2) {
      issues.push({
        path: `${path}/${ringPaths[r]}`,
        message: `ring has zero area: ${areaDeg2.toExponential(2)} square degrees, below ${MIN_RING_AREA_DEG2}`,
      });
    }
  });
  return issues;
}

/** Why a closed ring encloses nothing (all positions equal, or all on one line, exactly), or null. */
function degenerateRingIssue(ring: GeoJSON.Position[]): string | null {
  const [x0, y0] = ring[0];
  const k = ring.findIndex(([x, y]) => x !== x0 || y !== y0);
  if (k < 0) return `ring has zero area: all ${ring.length} positions are [${x0}, ${y0}]`;
  const [xk, yk] = ring[k];
  if (ring.every(([x, y]) => orient2d(x0, y0, xk, yk, x, y) === 0)) {
    return `ring has zero area: all ${ring.length} positions lie on the line through [${x0}, ${y0}] and [${xk}, ${yk}]`;
  }
  return null;
}

/** Signed planar area of a closed ring, square degrees (shoelace formula, relative to the first position). */
function ringAreaDeg2(ring: GeoJSON.Position[]): number {
  const [x0, y0] = ring[0];
  let twice = 0;
  for (let i = 1; i + 1 < ring.length; i++) {
    twice += (ring[i][0] - x0) * (ring[i + 1][1] - y0) - (ring[i + 1][0] - x0) * (ring[i][1] - y0);
  }
  return twice / 2;
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
  if (geometry.type === 'GeometryCollection') {
    // A member's box is two corners, not one position; an empty member's box (Infinity) adds nothing.
    for (const [minLon, minLat, maxLon, maxLat] of geometry.geometries.map(geometryBBox)) {
      if (minLon > maxLon) continue;
      visit([minLon, minLat]);
      visit([maxLon, maxLat]);
    }
  } else visit(geometry.coordinates);
  return box;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
