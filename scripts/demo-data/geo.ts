/**
 * Small planar geometry helpers for the demo data. Coordinates are [lon, lat] WGS84 degrees.
 * Distances use a local equirectangular approximation (error < 0.1 % across the 35 x 70 km district),
 * with the mean Earth radius 6,371.0088 km (IUGG).
 */
import type { LonLat } from '../../server/core/model.ts';
import type { Random } from './prng.ts';

export type Ring = LonLat[];

const EARTH_RADIUS_KM = 6371.0088;
/** Kilometres per degree of latitude. */
export const KM_PER_DEG_LAT = (Math.PI * EARTH_RADIUS_KM) / 180;
const DEG = Math.PI / 180;

/** Kilometres per degree of longitude at a latitude (degrees). */
export function kmPerDegLon(latDeg: number): number {
  return KM_PER_DEG_LAT * Math.cos(latDeg * DEG);
}

/** Point `dxKm` east and `dyKm` north of `origin`. */
export function offsetKm(origin: LonLat, dxKm: number, dyKm: number): LonLat {
  return [origin[0] + dxKm / kmPerDegLon(origin[1]), origin[1] + dyKm / KM_PER_DEG_LAT];
}

/** East/north displacement from `a` to `b`, km. */
export function deltaKm(a: LonLat, b: LonLat): [dxKm: number, dyKm: number] {
  return [(b[0] - a[0]) * kmPerDegLon((a[1] + b[1]) / 2), (b[1] - a[1]) * KM_PER_DEG_LAT];
}

/** Round a coordinate to 6 decimals (about 0.1 m), as written to every output file. */
export function round6(value: number): number {
  return Number(value.toFixed(6));
}

export function roundPoint(p: LonLat): LonLat {
  return [round6(p[0]), round6(p[1])];
}

/** Even-odd ray casting test of a point against a closed ring. */
export function ringContains(ring: Ring, p: LonLat): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Polygon (exterior + holes) containment. */
export function polygonContains(rings: Ring[], p: LonLat): boolean {
  if (!ringContains(rings[0], p)) return false;
  for (let k = 1; k < rings.length; k++) if (ringContains(rings[k], p)) return false;
  return true;
}

/** Signed planar area of a ring in km2 (positive = counter-clockwise). */
export function ringSignedAreaKm2(ring: Ring): number {
  let sum = 0;
  const lat0 = ring[0][1];
  const kx = kmPerDegLon(lat0);
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += ring[j][0] * kx * (ring[i][1] * KM_PER_DEG_LAT) - ring[i][0] * kx * (ring[j][1] * KM_PER_DEG_LAT);
  }
  return sum / 2;
}

export interface BlobOptions {
  radiusKm: number;
  /** Ratio of the major to the minor axis (1 = round). */
  elongation?: number;
  /** Orientation of the major axis, degrees clockwise from north. */
  orientationDeg?: number;
  /** Relative amplitude of the radius wobble, 0..0.4. */
  roughness?: number;
  vertices?: number;
}

/**
 * An irregular closed ring around `center` (counter-clockwise, RFC 7946 exterior order), built from a
 * few random low-frequency harmonics of the radius. Vertices are rounded to 6 decimals.
 */
export function blobRing(rng: Random, center: LonLat, options: BlobOptions): Ring {
  const n = options.vertices ?? 40;
  const roughness = options.roughness ?? 0.15;
  const elongation = options.elongation ?? 1;
  const orientation = (options.orientationDeg ?? 0) * DEG;
  const harmonics = [2, 3, 5].map((k) => ({ k, amp: (rng.uniform(0.3, 1) * roughness) / 1.6, phase: rng.uniform(0, 2 * Math.PI) }));
  const ring: Ring = [];
  for (let i = 0; i < n; i++) {
    const theta = (2 * Math.PI * i) / n; // counter-clockwise from east
    let r = 1;
    for (const h of harmonics) r += h.amp * Math.sin(h.k * theta + h.phase);
    // ellipse with semi-axes a (major, along orientation) and b
    const a = options.radiusKm * Math.sqrt(elongation);
    const b = options.radiusKm / Math.sqrt(elongation);
    const u = a * r * Math.cos(theta);
    const v = b * r * Math.sin(theta);
    // major axis along bearing `orientation` (clockwise from north)
    const east = u * Math.sin(orientation) - v * Math.cos(orientation);
    const north = u * Math.cos(orientation) + v * Math.sin(orientation);
    ring.push(roundPoint(offsetKm(center, east, north)));
  }
  if (ringSignedAreaKm2(ring) < 0) ring.reverse();
  ring.push(ring[0]);
  return ring;
}

/** A ring scaled about `center` by `factor` (used to carve holes and rings). */
export function scaleRing(ring: Ring, center: LonLat, factor: number): Ring {
  return ring.map((p) => roundPoint([center[0] + (p[0] - center[0]) * factor, center[1] + (p[1] - center[1]) * factor]));
}

/** Point uniformly distributed inside a polygon (rejection sampling in its bounding box). */
export function randomPointInPolygon(rng: Random, rings: Ring[]): LonLat {
  const ring = rings[0];
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const [x, y] of ring) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const p: LonLat = [rng.uniform(minX, maxX), rng.uniform(minY, maxY)];
    if (polygonContains(rings, p)) return p;
  }
  throw new Error('randomPointInPolygon: no point found');
}
