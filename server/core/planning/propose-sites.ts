import { booleanPointInPolygon, distance, point } from '@turf/turf';
import type { LonLat } from '../model.ts';

/** A place that needs a site: an uncovered hotspot or a gap, with how much it matters. */
export interface SiteNeed {
  position: LonLat;
  score: number;
  /** Why, for the candidate's note ("hotspot-3: 14 reports", "gap-2: 3.1 km2, 1,200 people"). */
  reason: string;
}

export interface ProposedSite extends SiteNeed {
  /** Distance to the nearest existing site or already-proposed position, metres. */
  nearestM: number;
}

/**
 * Propose candidate positions at the needs with the highest score, greedily: a position is kept when it
 * lies inside the area and at least `minSpacingM` from every existing site and every position kept
 * before it (so two needs close together give one candidate). Distances are geodesic (Turf, haversine).
 */
export function proposeSites(
  needs: readonly SiteNeed[],
  existing: readonly LonLat[],
  boundary: GeoJSON.Polygon | GeoJSON.MultiPolygon,
  minSpacingM: number,
  maxCount: number,
): ProposedSite[] {
  const kept: ProposedSite[] = [];
  const taken: LonLat[] = [...existing];
  for (const need of [...needs].sort((a, b) => b.score - a.score)) {
    if (kept.length >= maxCount) break;
    if (!booleanPointInPolygon(point(need.position), boundary)) continue;
    let nearestM = Infinity;
    for (const p of taken) nearestM = Math.min(nearestM, distance(point(p), point(need.position), { units: 'kilometers' }) * 1000);
    if (nearestM < minSpacingM) continue;
    kept.push({ ...need, nearestM });
    taken.push(need.position);
  }
  return kept;
}
