import { fresnelParameterV, KNIFE_EDGE_MIN_V, knifeEdgeLossDb } from './knife-edge.ts';

/**
 * Diffraction over a terrain profile by Deygout's method with at most three edges: the principal edge
 * (the profile point of highest Fresnel-Kirchhoff parameter v over the whole path), then the edge of
 * highest v on each side of it (transmitter to principal edge, principal edge to receiver, each such
 * sub-path with its own ends); the loss is the sum of the single knife-edge losses J(v) of the edges
 * with v > -0.78. Edge heights include the earth's bulge over each (sub-)path with the effective
 * radius k·R = 4/3 · 6371 km.
 * Sources: J. Deygout, "Multiple knife-edge diffraction of microwaves", IEEE Trans. Antennas Propag.
 * AP-14(4), 480-489 (1966); ITU-R P.526-15 §4.1 (v, J(v)) and §4.5 (bulge with the effective radius);
 * ITU-R P.453/P.310 for k = 4/3.
 */

/** Median effective earth radius factor. */
export const EFFECTIVE_EARTH_RADIUS_FACTOR = 4 / 3;
/** Effective earth radius k·R with R = 6371 km, m (8,495 km). */
export const EFFECTIVE_EARTH_RADIUS_M = EFFECTIVE_EARTH_RADIUS_FACTOR * 6_371_000;

/** Which edge of Deygout's construction. */
export type EdgeRole = 'principal' | 'transmitter-side' | 'receiver-side';

export interface DiffractionEdge {
  role: EdgeRole;
  /** Index of the edge in the profile. */
  index: number;
  distanceM: number;
  v: number;
  lossDb: number;
}

/** Height of the earth's bulge at distances d1, d2 from the ends of a (sub-)path, m. */
export function earthBulgeM(d1M: number, d2M: number): number {
  return (d1M * d2M) / (2 * EFFECTIVE_EARTH_RADIUS_M);
}

/**
 * The interior point of profile[a..b] (exclusive) with the highest v for the straight ray from
 * height hA (m above the datum of `ground`, at distancesM[a]) to hB (at distancesM[b]); writes its
 * index and v to out[0], out[1] (index -1 and v -Infinity when there is no interior point).
 */
export function highestEdgeInto(
  distancesM: ArrayLike<number>,
  groundM: ArrayLike<number>,
  a: number,
  b: number,
  hA: number,
  hB: number,
  wavelength: number,
  out: Float64Array,
): void {
  const dA = distancesM[a];
  const span = distancesM[b] - dA;
  let best = -1;
  let bestV = Number.NEGATIVE_INFINITY;
  for (let i = a + 1; i < b; i++) {
    const d1 = distancesM[i] - dA;
    const d2 = span - d1;
    if (!(d1 > 0 && d2 > 0)) continue;
    const clearance = groundM[i] + earthBulgeM(d1, d2) - (hA + ((hB - hA) * d1) / span);
    const v = fresnelParameterV(clearance, d1, d2, wavelength);
    if (v > bestV) {
      bestV = v;
      best = i;
    }
  }
  out[0] = best;
  out[1] = bestV;
}

const scratch = new Float64Array(2);

/**
 * Deygout diffraction loss (dB, >= 0) of the path from profile point 0 to point count-1: transmitter
 * at `txHeightM` and receiver at `rxHeightM`, both on the datum of `groundM` (e.g. metres above sea
 * level, or above the site's ground). Pushes the edges with a loss to `edges` when given.
 */
export function deygoutLossDb(
  distancesM: ArrayLike<number>,
  groundM: ArrayLike<number>,
  count: number,
  txHeightM: number,
  rxHeightM: number,
  wavelength: number,
  edges?: DiffractionEdge[],
): number {
  const last = count - 1;
  if (last < 2) return 0;
  highestEdgeInto(distancesM, groundM, 0, last, txHeightM, rxHeightM, wavelength, scratch);
  const p = scratch[0];
  const vp = scratch[1];
  if (p < 0 || !(vp > KNIFE_EDGE_MIN_V)) return 0;
  const lossP = knifeEdgeLossDb(vp);
  // Sub-paths end on the principal edge's top (its ground, the bulge being that of the whole path's construction).
  const top = groundM[p];
  highestEdgeInto(distancesM, groundM, 0, p, txHeightM, top, wavelength, scratch);
  const t = scratch[0];
  const vt = scratch[1];
  const lossT = t >= 0 ? knifeEdgeLossDb(vt) : 0;
  highestEdgeInto(distancesM, groundM, p, last, top, rxHeightM, wavelength, scratch);
  const r = scratch[0];
  const vr = scratch[1];
  const lossR = r >= 0 ? knifeEdgeLossDb(vr) : 0;
  if (edges) {
    if (lossT > 0) edges.push({ role: 'transmitter-side', index: t, distanceM: distancesM[t], v: vt, lossDb: lossT });
    edges.push({ role: 'principal', index: p, distanceM: distancesM[p], v: vp, lossDb: lossP });
    if (lossR > 0) edges.push({ role: 'receiver-side', index: r, distanceM: distancesM[r], v: vr, lossDb: lossR });
  }
  return lossP + lossT + lossR;
}
