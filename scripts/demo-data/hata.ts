/**
 * Okumura-Hata link budget used to design and check the demo network.
 * Hata, "Empirical formula for propagation loss in land mobile radio services",
 * IEEE Trans. Veh. Technol. 29(3), 1980; valid for 150-1500 MHz, base 30-200 m, mobile 1-10 m, 1-20 km
 * (used here down to 50 m and beyond 20 km as the coverage engine does, flat terrain).
 */
import type { CellSpec, EnvironmentClass, LonLat } from '../../server/core/model.ts';
import { deltaKm } from './geo.ts';

/** Closest distance used in the formula, km (inside this the loss is held constant). */
const MIN_DISTANCE_KM = 0.05;
/** Attenuation floor of the horizontal pattern (front-to-back ratio), dB. */
const PATTERN_FLOOR_DB = 25;

/**
 * Okumura-Hata median path loss, dB.
 * @param frequencyMhz carrier, MHz
 * @param baseHeightM effective base-station antenna height, m
 * @param mobileHeightM receiver height, m
 * @param distanceKm ground distance, km
 * @param environment clutter class at the receiver: urban-large uses the large-city a(hm),
 *   suburban and rural (open area) apply Hata's corrections to the urban loss.
 */
export function okumuraHataLossDb(
  frequencyMhz: number,
  baseHeightM: number,
  mobileHeightM: number,
  distanceKm: number,
  environment: EnvironmentClass,
): number {
  const logF = Math.log10(frequencyMhz);
  const logHb = Math.log10(baseHeightM);
  const d = Math.max(distanceKm, MIN_DISTANCE_KM);
  const aHm =
    environment === 'urban-large'
      ? 3.2 * Math.log10(11.75 * mobileHeightM) ** 2 - 4.97
      : (1.1 * logF - 0.7) * mobileHeightM - (1.56 * logF - 0.8);
  const urban = 69.55 + 26.16 * logF - 13.82 * logHb - aHm + (44.9 - 6.55 * logHb) * Math.log10(d);
  if (environment === 'suburban') return urban - 2 * Math.log10(frequencyMhz / 28) ** 2 - 5.4;
  if (environment === 'rural') return urban - 4.78 * logF ** 2 + 18.33 * logF - 40.94;
  return urban;
}

/**
 * Horizontal antenna pattern attenuation (3GPP TR 36.814 parabolic model), dB, <= 0.
 * @param offsetDeg angle between boresight and the direction of interest, degrees
 * @param beamwidthDeg half-power beamwidth, degrees; `azimuthDeg === null` (omni) gives 0
 */
export function horizontalPatternDb(offsetDeg: number, beamwidthDeg: number): number {
  let phi = Math.abs(offsetDeg) % 360;
  if (phi > 180) phi = 360 - phi;
  return -Math.min(12 * (phi / beamwidthDeg) ** 2, PATTERN_FLOOR_DB);
}

/**
 * Received level of one cell at a point, dBm:
 * power + gain - loss - pathLoss - pattern attenuation (no vertical pattern, no terrain).
 */
export function receivedLevelDbm(cell: CellSpec, point: LonLat, environment: EnvironmentClass, mobileHeightM: number): number {
  const [dx, dy] = deltaKm([cell.lon, cell.lat], point);
  const distance = Math.hypot(dx, dy);
  const pathLoss = okumuraHataLossDb(cell.frequencyMhz, cell.heightM, mobileHeightM, distance, environment);
  let pattern = 0;
  if (cell.azimuthDeg !== null && distance > 0) {
    const bearing = (Math.atan2(dx, dy) * 180) / Math.PI;
    pattern = horizontalPatternDb(bearing - cell.azimuthDeg, cell.beamwidthDeg);
  }
  return cell.powerDbm + cell.gainDbi - cell.lossDb - pathLoss + pattern;
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
