import { PARAMETER_RANGES } from '../parameter-ranges.ts';

/**
 * Effective base-station antenna height for Okumura-Hata / COST-231 Hata on irregular terrain:
 * the mast height plus the ground height at the site, minus the mean ground height along the path
 * toward the receiver between 3 and 15 km from the site (Okumura et al. 1968; ITU-R P.529-3 §2,
 * "height of the base station antenna above the average terrain height between 3 and 15 km").
 * Paths shorter than 15 km have no full 3-15 km stretch: the mean is taken between 0.2·d and d,
 * the rule of ITU-R P.1546-6 Annex 5 §3.1.1 for h1 on land paths under 15 km (which meets the
 * 3-15 km rule at d = 15 km).
 * The result is clamped to the Hata validity range hb 30-200 m (Hata 1980), widened to include the
 * mast's own height, so flat ground gives back the mast height exactly; `clamped` says when it bit.
 */

/** Averaging stretch of the mean terrain height, m from the site (Okumura; ITU-R P.529-3). */
export const EFFECTIVE_HEIGHT_FROM_M = 3000;
export const EFFECTIVE_HEIGHT_TO_M = 15000;
/** Under 15 km the stretch is [SHORT_PATH_FROM_FRACTION · d, d] (ITU-R P.1546-6 Annex 5 §3.1.1). */
export const SHORT_PATH_FROM_FRACTION = 0.2;

const HATA_HEIGHT = PARAMETER_RANGES.heightM.modelRange;

/** The stretch of the path (m from the site) whose mean ground height is the reference. */
export function averagingStretchM(pathM: number): { fromM: number; toM: number } {
  if (pathM >= EFFECTIVE_HEIGHT_TO_M) return { fromM: EFFECTIVE_HEIGHT_FROM_M, toM: EFFECTIVE_HEIGHT_TO_M };
  return { fromM: SHORT_PATH_FROM_FRACTION * pathM, toM: pathM };
}

/**
 * Mean of groundM over the profile points whose distance lies in [fromM, toM]; the point nearest
 * to the stretch when none does (a path shorter than one profile step).
 */
export function meanGroundM(distancesM: ArrayLike<number>, groundM: ArrayLike<number>, count: number, fromM: number, toM: number): number {
  let sum = 0;
  let n = 0;
  let nearest = 0;
  let nearestGap = Number.POSITIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const d = distancesM[i];
    if (d >= fromM && d <= toM) {
      sum += groundM[i];
      n++;
    }
    const gap = d < fromM ? fromM - d : d > toM ? d - toM : 0;
    if (gap < nearestGap) {
      nearestGap = gap;
      nearest = i;
    }
  }
  return n > 0 ? sum / n : groundM[nearest];
}

export interface EffectiveHeight {
  /** Height used in the Hata formula, m. */
  heightM: number;
  /** Mast + site ground - mean ground before clamping, m. */
  unclampedM: number;
  /** The unclamped height left [min(mast, 30), max(mast, 200)] m and was clamped. */
  clamped: boolean;
}

/** Clamp limits of the effective height of a mast, m: the Hata range widened to the mast height. */
export function effectiveHeightLimitsM(mastHeightM: number): { minM: number; maxM: number } {
  return { minM: Math.min(mastHeightM, HATA_HEIGHT.min), maxM: Math.max(mastHeightM, HATA_HEIGHT.max) };
}

/** Effective base-station height from mast height and ground heights, m (see the module comment). */
export function effectiveBaseHeight(mastHeightM: number, siteGroundM: number, meanGroundAlongPathM: number): EffectiveHeight {
  const unclampedM = mastHeightM + (siteGroundM - meanGroundAlongPathM);
  const { minM, maxM } = effectiveHeightLimitsM(mastHeightM);
  const heightM = unclampedM < minM ? minM : unclampedM > maxM ? maxM : unclampedM;
  return { heightM, unclampedM, clamped: heightM !== unclampedM };
}
