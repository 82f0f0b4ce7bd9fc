/** The real district boundary (one GeoJSON Polygon) and point-in-district tests. */
import { readFileSync } from 'node:fs';
import type { LonLat } from '../../server/core/model.ts';
import { KM_PER_DEG_LAT, kmPerDegLon, ringContains, type Ring } from './geo.ts';

export interface DistrictBoundary {
  ring: Ring;
  /** Inside the polygon and at least `marginKm` from its edge. */
  contains(p: LonLat, marginKm?: number): boolean;
  bbox: [minLon: number, minLat: number, maxLon: number, maxLat: number];
}

/** Build a boundary from a closed exterior ring ([lon, lat] pairs). */
export function boundaryFromRing(ring: Ring): DistrictBoundary {
  let minLon = Infinity,
    minLat = Infinity,
    maxLon = -Infinity,
    maxLat = -Infinity;
  for (const [x, y] of ring) {
    minLon = Math.min(minLon, x);
    maxLon = Math.max(maxLon, x);
    minLat = Math.min(minLat, y);
    maxLat = Math.max(maxLat, y);
  }
  // edges in a local plane (km), one scale for the whole district
  const kx = kmPerDegLon((minLat + maxLat) / 2);
  const ky = KM_PER_DEG_LAT;
  const xs = Float64Array.from(ring, (p) => p[0] * kx);
  const ys = Float64Array.from(ring, (p) => p[1] * ky);
  const nearEdge = (px: number, py: number, marginKm: number): boolean => {
    const m2 = marginKm * marginKm;
    for (let i = 1; i < xs.length; i++) {
      const ax = xs[i - 1],
        ay = ys[i - 1],
        bx = xs[i],
        by = ys[i];
      if (px < Math.min(ax, bx) - marginKm || px > Math.max(ax, bx) + marginKm) continue;
      if (py < Math.min(ay, by) - marginKm || py > Math.max(ay, by) + marginKm) continue;
      const ex = bx - ax,
        ey = by - ay;
      const len2 = ex * ex + ey * ey;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * ex + (py - ay) * ey) / len2));
      const dx = ax + t * ex - px,
        dy = ay + t * ey - py;
      if (dx * dx + dy * dy < m2) return true;
    }
    return false;
  };
  return {
    ring,
    bbox: [minLon, minLat, maxLon, maxLat],
    contains(p, marginKm = 0) {
      if (p[0] < minLon || p[0] > maxLon || p[1] < minLat || p[1] > maxLat) return false;
      if (!ringContains(ring, p)) return false;
      return marginKm <= 0 || !nearEdge(p[0] * kx, p[1] * ky, marginKm);
    },
  };
}

/** Read `boundary.geojson`: a FeatureCollection whose first feature is the district Polygon. */
export function readBoundary(path: string): DistrictBoundary {
  const json = JSON.parse(readFileSync(path, 'utf8')) as {
    features: { geometry: { type: string; coordinates: number[][][] } }[];
  };
  const geometry = json.features[0]?.geometry;
  if (geometry?.type !== 'Polygon') throw new Error(`${path}: expected a FeatureCollection with one Polygon`);
  return boundaryFromRing(geometry.coordinates[0].map(([lon, lat]) => [lon, lat] as LonLat));
}
