import type { EnvironmentClass } from '../model.ts';
import { COST231_HATA_RANGE_MHZ, cost231HataModel } from './cost231-hata.ts';
import { EngineInputError } from './engine-input-error.ts';
import { FREE_SPACE_SLOPE_DB_PER_DECADE, freeSpaceInterceptDb } from './free-space-loss.ts';
import type { LogDistanceModel } from './log-distance-model.ts';
import { OKUMURA_HATA_RANGE_MHZ, okumuraHataModel } from './okumura-hata.ts';

/** Distances below this are evaluated at it, km (avoids log10(0) at the mast foot). */
export const MIN_DISTANCE_KM = 0.01;
/** Upper distance limit of the Hata models, km; beyond it results are flagged extrapolated. */
export const MAX_MODEL_DISTANCE_KM = 20;

export type PathLossModelName = 'okumura-hata' | 'cost231-hata';

/** Per-environment calibration of a log-distance model, both terms added to the model's. */
export interface CalibrationTerm {
  interceptDeltaDb: number;
  slopeDeltaDb: number;
}

/** Per-area calibration, by environment class; missing classes are uncalibrated. */
export type PathLossCalibration = Partial<Record<EnvironmentClass, CalibrationTerm>>;

/** Everything needed to evaluate the loss of one (cell, environment) pair at any distance. */
export interface PathLossCoefficients extends LogDistanceModel {
  model: PathLossModelName;
  /** Free-space loss at 1 km, dB: the floor is freeSpaceInterceptDb + 20·log10(d km). */
  freeSpaceInterceptDb: number;
  /** True when the frequency lies outside the chosen model's range. */
  frequencyExtrapolated: boolean;
}

export interface PathLossInput {
  frequencyMhz: number;
  /** Base-station antenna height above ground, m. */
  baseHeightM: number;
  /** Mobile antenna height above ground, m. */
  mobileHeightM: number;
  distanceKm: number;
  environment: EnvironmentClass;
}

export interface PathLossResult {
  lossDb: number;
  model: PathLossModelName;
  /** Frequency outside the model's range or distance beyond 20 km. */
  extrapolated: boolean;
  /** The free-space floor was higher than the empirical model. */
  freeSpaceFloor: boolean;
}

function assertPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new EngineInputError(`${name} must be a positive finite number, got ${value}`);
  }
}

/**
 * Intercept (dB at 1 km) and slope (dB/decade) of the empirical model chosen by frequency:
 * Okumura-Hata up to 1500 MHz, COST-231 Hata above; frequencies outside 150-2000 MHz use the
 * nearer model and are flagged. An optional per-environment calibration adds interceptDeltaDb
 * and slopeDeltaDb. Units: MHz, metres. Sources: see okumuraHataModel and cost231HataModel.
 */
export function pathLossCoefficients(
  frequencyMhz: number,
  baseHeightM: number,
  mobileHeightM: number,
  environment: EnvironmentClass,
  calibration?: PathLossCalibration | null,
): PathLossCoefficients {
  assertPositive('frequencyMhz', frequencyMhz);
  assertPositive('baseHeightM', baseHeightM);
  assertPositive('mobileHeightM', mobileHeightM);
  const useCost231 = frequencyMhz > OKUMURA_HATA_RANGE_MHZ.max;
  const base = useCost231
    ? cost231HataModel(frequencyMhz, baseHeightM, mobileHeightM, environment)
    : okumuraHataModel(frequencyMhz, baseHeightM, mobileHeightM, environment);
  const term = calibration?.[environment];
  const slopeDbPerDecade = base.slopeDbPerDecade + (term?.slopeDeltaDb ?? 0);
  if (!(slopeDbPerDecade > 0)) {
    throw new EngineInputError(`calibrated slope for '${environment}' must stay positive, got ${slopeDbPerDecade} dB/decade`);
  }
  return {
    model: useCost231 ? 'cost231-hata' : 'okumura-hata',
    interceptDb: base.interceptDb + (term?.interceptDeltaDb ?? 0),
    slopeDbPerDecade,
    freeSpaceInterceptDb: freeSpaceInterceptDb(frequencyMhz),
    frequencyExtrapolated: useCost231 ? frequencyMhz > COST231_HATA_RANGE_MHZ.max : frequencyMhz < OKUMURA_HATA_RANGE_MHZ.min,
  };
}

/**
 * Loss at log10(distance in km), dB: max(intercept + slope·x, free-space loss) so short links never
 * lose less than free space (ITU-R P.525-4). x must already be clamped to log10(MIN_DISTANCE_KM).
 */
export function lossAtLog10DistanceDb(coefficients: PathLossCoefficients, log10DistanceKm: number): number {
  const empiricalDb = coefficients.interceptDb + coefficients.slopeDbPerDecade * log10DistanceKm;
  const freeSpaceDb = coefficients.freeSpaceInterceptDb + FREE_SPACE_SLOPE_DB_PER_DECADE * log10DistanceKm;
  return empiricalDb > freeSpaceDb ? empiricalDb : freeSpaceDb;
}

/**
 * Median path loss, dB, by frequency: Okumura-Hata (150-1500 MHz) or COST-231 Hata (1500-2000 MHz).
 * Distances under 1 km use the formula floored at free space; under 10 m they are evaluated at 10 m;
 * beyond 20 km, or outside 150-2000 MHz, the formula is extrapolated and `extrapolated` is set.
 * Heights outside hb 30-200 m / hm 1-10 m are computed as given and not flagged.
 */
export function pathLossDb(input: PathLossInput, calibration?: PathLossCalibration | null): PathLossResult {
  if (!(input.distanceKm >= 0)) throw new EngineInputError(`distanceKm must be >= 0, got ${input.distanceKm}`);
  const c = pathLossCoefficients(input.frequencyMhz, input.baseHeightM, input.mobileHeightM, input.environment, calibration);
  const x = Math.log10(Math.max(input.distanceKm, MIN_DISTANCE_KM));
  const lossDb = lossAtLog10DistanceDb(c, x);
  return {
    lossDb,
    model: c.model,
    extrapolated: c.frequencyExtrapolated || input.distanceKm > MAX_MODEL_DISTANCE_KM,
    freeSpaceFloor: lossDb > c.interceptDb + c.slopeDbPerDecade * x,
  };
}
