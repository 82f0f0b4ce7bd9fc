/**
 * Link budget used to design and check the demo network: the engine's Okumura-Hata / COST-231 Hata
 * coefficients and horizontal antenna pattern (server/core/radio), with the generator's own
 * simplifications kept in the thin wrappers below (the demo data set was designed with them).
 */
import type { CellSpec, EnvironmentClass, LonLat } from '../../server/core/model.ts';
import { horizontalGainDb } from '../../server/core/radio/antenna-pattern.ts';
import { receivedLevelDbm as linkBudgetLevelDbm } from '../../server/core/radio/link-budget.ts';
import { logDistanceLossDb } from '../../server/core/radio/log-distance-model.ts';
import { pathLossCoefficients } from '../../server/core/radio/path-loss.ts';
import { deltaKm } from './geo.ts';

/**
 * Closest distance used in the formula, km (inside this the loss is held constant). The generator's
 * own clamp: the engine evaluates down to 10 m and floors the loss at free space, the demo's design
 * check does neither (at 870-950 MHz the two differ only within a few hundred metres of a rural mast).
 */
const MIN_DISTANCE_KM = 0.05;

/**
 * Median path loss of the engine's model for the frequency (Okumura-Hata up to 1500 MHz, COST-231
 * Hata above, see pathLossCoefficients), dB, at max(distanceKm, 50 m), without the free-space floor.
 * @param environment clutter class at the receiver (Hata's urban-large/urban, suburban and open-area corrections)
 */
export function hataLossDb(
  frequencyMhz: number,
  baseHeightM: number,
  mobileHeightM: number,
  distanceKm: number,
  environment: EnvironmentClass,
): number {
  const model = pathLossCoefficients(frequencyMhz, baseHeightM, mobileHeightM, environment);
  return logDistanceLossDb(model, Math.max(distanceKm, MIN_DISTANCE_KM));
}

/**
 * Received level of one cell at a point, dBm: power + gain - loss - path loss - horizontal pattern
 * attenuation (horizontalGainDb; no vertical pattern, no terrain: the generator's simplification).
 */
export function receivedLevelDbm(cell: CellSpec, point: LonLat, environment: EnvironmentClass, mobileHeightM: number): number {
  const [dx, dy] = deltaKm([cell.lon, cell.lat], point);
  const distance = Math.hypot(dx, dy);
  const pathLoss = hataLossDb(cell.frequencyMhz, cell.heightM, mobileHeightM, distance, environment);
  let attenuationDb = 0;
  if (cell.azimuthDeg !== null && distance > 0) {
    const bearing = (Math.atan2(dx, dy) * 180) / Math.PI;
    attenuationDb = -horizontalGainDb(bearing - cell.azimuthDeg, cell.beamwidthDeg);
  }
  return linkBudgetLevelDbm(cell, pathLoss, attenuationDb);
}

export interface BestServer {
  levelDbm: number;
  /** `siteCode/cellCode` of the strongest cell, or null when no cell was given. */
  key: string | null;
}

/** Strongest of `cells` (one technology) at a point. */
export function bestServer(cells: readonly CellSpec[], point: LonLat, environment: EnvironmentClass, mobileHeightM: number): BestServer {
  let best: BestServer = { levelDbm: -Infinity, key: null };
  for (const cell of cells) {
    const level = receivedLevelDbm(cell, point, environment, mobileHeightM);
    if (level > best.levelDbm) best = { levelDbm: level, key: cell.key };
  }
  return best;
}
