import type { LonLat } from '../model.ts';

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

export interface SwapCheck {
  swapped: boolean;
  /** Why the columns look swapped; null when they do not. */
  reason: string | null;
}

/** Share of sampled points that must fit only when swapped before calling the columns swapped. */
const SWAPPED_SHARE = 0.8;

/**
 * Do the longitude and latitude columns look exchanged? Evidence: every |lon| ≤ 90 while some |lat|
 * exceeds 90 (impossible latitudes), or (given the area's bbox) most points fall inside the area only
 * after swapping. `samples` are [lon, lat] as read from the columns, non-finite values ignored.
 */
export function detectSwappedLonLat(samples: LonLat[], bbox?: BBox): SwapCheck {
  const points = samples.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (points.length === 0) return { swapped: false, reason: null };
  const latTooLarge = points.filter(([, y]) => Math.abs(y) > 90).length;
  if (latTooLarge > 0 && points.every(([x]) => Math.abs(x) <= 90)) {
    return { swapped: true, reason: `${latTooLarge} of ${points.length} latitudes exceed 90° while every longitude is within ±90°` };
  }
  if (bbox) {
    const inside = (x: number, y: number) => x >= bbox[0] && x <= bbox[2] && y >= bbox[1] && y <= bbox[3];
    const asIs = points.filter(([x, y]) => inside(x, y)).length;
    const swapped = points.filter(([x, y]) => inside(y, x)).length;
    if (swapped >= SWAPPED_SHARE * points.length && asIs <= (1 - SWAPPED_SHARE) * points.length) {
      return {
        swapped: true,
        reason: `${swapped} of ${points.length} points fall inside the area only when longitude and latitude are exchanged`,
      };
    }
  }
  return { swapped: false, reason: null };
}
