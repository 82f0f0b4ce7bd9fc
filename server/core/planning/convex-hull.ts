import type { Polygon } from 'geojson';
import type { LonLat } from '../model.ts';
import { PlanningInputError } from './errors.ts';
import { fromLocalM, localMetricAt, toLocalM } from './local-metric.ts';

/** Vertices of the circle used to buffer degenerate hulls. */
const BUFFER_SEGMENTS = 16;

/**
 * Convex hull of planar points by Andrew's monotone chain (Andrew 1979, Inf. Process. Lett. 9(5)).
 * Returns the hull vertices counter-clockwise without repeating the first; collinear points
 * are dropped, so 1 point gives 1 vertex and collinear points give the 2 extremes.
 */
export function convexHull(points: readonly [number, number][]): [number, number][] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const unique = sorted.filter((p, i) => i === 0 || p[0] !== sorted[i - 1][0] || p[1] !== sorted[i - 1][1]);
  if (unique.length <= 2) return unique;
  const lower = halfHull(unique);
  const upper = halfHull([...unique].reverse());
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

function halfHull(points: readonly [number, number][]): [number, number][] {
  const hull: [number, number][] = [];
  for (const p of points) {
    while (hull.length >= 2 && cross(hull[hull.length - 2], hull[hull.length - 1], p) <= 0) hull.pop();
    hull.push(p);
  }
  return hull;
}

function cross(o: [number, number], a: [number, number], b: [number, number]): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/**
 * GeoJSON Polygon enclosing [lon, lat] points: their convex hull, or, when the hull has no area
 * (one point, two points, collinear points), the hull of the points buffered by `bufferM` metres
 * (a disc or a capsule drawn with 16-gon circles). The ring is closed and counter-clockwise
 * (RFC 7946 §3.1.6). Needs at least one point; computed in a local equirectangular projection.
 */
export function enclosingPolygon(points: readonly LonLat[], bufferM: number): Polygon {
  if (points.length === 0) throw new PlanningInputError('invalid-point', 'cannot enclose an empty set of points');
  let sumLon = 0,
    sumLat = 0;
  for (const [lon, lat] of points) {
    sumLon += lon;
    sumLat += lat;
  }
  const metric = localMetricAt(sumLon / points.length, sumLat / points.length);
  const local = points.map(([lon, lat]) => toLocalM(metric, lon, lat));
  let hull = convexHull(local);
  if (hull.length < 3) hull = convexHull(hull.flatMap((p) => circleAround(p, bufferM)));
  const ring = hull.map(([x, y]) => fromLocalM(metric, x, y));
  ring.push([ring[0][0], ring[0][1]]);
  return { type: 'Polygon', coordinates: [ring] };
}

function circleAround([x, y]: [number, number], radiusM: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < BUFFER_SEGMENTS; k++) {
    const a = (2 * Math.PI * k) / BUFFER_SEGMENTS;
    out.push([x + radiusM * Math.cos(a), y + radiusM * Math.sin(a)]);
  }
  return out;
}
