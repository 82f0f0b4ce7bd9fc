import { type AreaSettings, type CellSpec, ENVIRONMENT_CLASSES } from '../model.ts';
import type { PathLossCalibration } from '../radio/path-loss.ts';
import { CalibrationInputError } from './calibration-input-error.ts';
import { type CalibrationStats, calibrationStats } from './calibration-stats.ts';
import { type EnvironmentFit, fitEnvironment, termOf } from './environment-fit.ts';
import type { PreparedArea } from '../coverage/prepared-area.ts';
import { type DriveTestSample, indexCells, predictSample, type SamplePrediction } from './sample-prediction.ts';

export interface CalibrationOptions {
  /** Per environment class; fewer samples leave the class uncalibrated. */
  minSamples: number;
  /** Levels at or above this are handset saturation, dBm: left out. */
  saturationDbm: number;
  /** Levels below this are the receiver's floor, dBm: left out. */
  floorDbm: number;
  /** Samples nearer their cell than this are left out (near field, mast shadow), km. */
  minDistanceKm: number;
  /** Std of log10(d) below this, decades: fit the intercept only. */
  minLog10DistanceSpread: number;
  /** Fitted |slope delta| above this, dB/decade: fit the intercept only. */
  maxSlopeDeltaDb: number;
  /** Slope standard error above this, dB/decade: fit the intercept only. */
  maxSlopeStdErrDb: number;
}

export const DEFAULT_CALIBRATION_OPTIONS: CalibrationOptions = {
  minSamples: 30,
  saturationDbm: -40,
  floorDbm: -115,
  minDistanceKm: 0.1,
  minLog10DistanceSpread: 0.15,
  maxSlopeDeltaDb: 15,
  maxSlopeStdErrDb: 2,
};

/** Samples left out, by reason. */
export interface ExcludedCounts {
  saturated: number;
  belowFloor: number;
  unknownServingCell: number;
  noServer: number;
  tooClose: number;
  /** Used for statistics but not for the fit: the loss is on the free-space floor. */
  freeSpaceFloor: number;
}

export interface CalibrationResult {
  /** Terms to store: one per calibrated class (see PathLossCalibration). */
  terms: PathLossCalibration;
  /** One entry per environment class with samples, ENVIRONMENT_CLASSES order. */
  fits: EnvironmentFit[];
  /** Statistics of measured - predicted with the uncalibrated model... */
  before: CalibrationStats;
  /** ...and re-predicted with `terms`, over the same samples. */
  after: CalibrationStats;
  sampleCount: number;
  excluded: ExcludedCounts;
  options: CalibrationOptions;
}

export interface CalibrationInput {
  samples: readonly DriveTestSample[];
  cells: readonly CellSpec[];
  settings: AreaSettings;
  options?: Partial<CalibrationOptions>;
  /** The prepared area when it has a DEM: predictions take the engine's terrain terms (see pointQuery). */
  terrainArea?: PreparedArea | null;
}

interface UsedSample {
  sample: DriveTestSample;
  prediction: SamplePrediction;
}

/**
 * Drive-test calibration of the path-loss model: predict every usable sample with the uncalibrated
 * engine (serving cell, else best server), fit residual ≈ a + b·log10(d km) per environment class
 * (fitEnvironment: interceptDeltaDb = -a, slopeDeltaDb = -b), then re-predict with the fitted terms.
 * Pure; levels dBm, distances km, coordinates WGS84 [lon, lat]. Throws when no sample is usable.
 */
export function calibrate(input: CalibrationInput): CalibrationResult {
  const options = resolveOptions(input.options);
  const cells = indexCells(input.cells);
  const excluded: ExcludedCounts = { saturated: 0, belowFloor: 0, unknownServingCell: 0, noServer: 0, tooClose: 0, freeSpaceFloor: 0 };
  const used: UsedSample[] = [];
  for (const sample of input.samples) {
    if (sample.levelDbm >= options.saturationDbm) excluded.saturated++;
    else if (sample.levelDbm < options.floorDbm) excluded.belowFloor++;
    else {
      const prediction = predictSample(sample, cells, input.settings, null, input.terrainArea ?? null);
      if (prediction === 'unknown-serving-cell') excluded.unknownServingCell++;
      else if (prediction === 'no-server') excluded.noServer++;
      else if (prediction.distanceKm < options.minDistanceKm) excluded.tooClose++;
      else used.push({ sample, prediction });
    }
  }
  if (used.length === 0)
    throw new CalibrationInputError('no-samples', `none of the ${input.samples.length} sample(s) is usable for calibration`);

  const fits: EnvironmentFit[] = [];
  const terms: PathLossCalibration = {};
  for (const environment of ENVIRONMENT_CLASSES) {
    const group = used.filter((u) => u.sample.environment === environment);
    if (group.length === 0) continue;
    const fitted = group.filter((u) => !u.prediction.atFreeSpaceFloor);
    excluded.freeSpaceFloor += group.length - fitted.length;
    const fit = fitEnvironment(
      environment,
      fitted.map((u) => u.prediction.log10DistanceKm),
      fitted.map((u) => u.sample.levelDbm - u.prediction.predictedDbm),
      options,
    );
    fits.push(fit);
    const term = termOf(fit);
    if (term) terms[environment] = term;
  }

  const residual = (u: UsedSample, predictedDbm: number) => ({
    technology: u.sample.technology,
    environment: u.sample.environment,
    residualDb: u.sample.levelDbm - predictedDbm,
  });
  const before = calibrationStats(used.map((u) => residual(u, u.prediction.predictedDbm)));
  const after = calibrationStats(used.map((u) => residual(u, repredict(u, cells, input.settings, terms, input.terrainArea ?? null))));
  return { terms, fits, before, after, sampleCount: used.length, excluded, options };
}

function repredict(
  u: UsedSample,
  cells: ReturnType<typeof indexCells>,
  settings: AreaSettings,
  terms: PathLossCalibration,
  terrainArea: PreparedArea | null,
): number {
  const again = predictSample(u.sample, cells, settings, terms, terrainArea);
  // Same cells as the first pass, so a sample that had a prediction still has one.
  if (typeof again === 'string') throw new Error(`re-prediction lost its server (${again})`);
  return again.predictedDbm;
}

function resolveOptions(partial: Partial<CalibrationOptions> = {}): CalibrationOptions {
  const options = { ...DEFAULT_CALIBRATION_OPTIONS };
  for (const [key, value] of Object.entries(partial) as [keyof CalibrationOptions, number | undefined][]) {
    if (value === undefined) continue;
    if (!Number.isFinite(value)) throw new CalibrationInputError('invalid-option', `option ${key} must be a finite number, got ${value}`);
    options[key] = value;
  }
  if (!(options.minSamples >= 1))
    throw new CalibrationInputError('invalid-option', `option minSamples must be >= 1, got ${options.minSamples}`);
  if (!(options.floorDbm < options.saturationDbm)) {
    throw new CalibrationInputError(
      'invalid-option',
      `option floorDbm (${options.floorDbm}) must be below saturationDbm (${options.saturationDbm})`,
    );
  }
  for (const key of ['minDistanceKm', 'minLog10DistanceSpread', 'maxSlopeDeltaDb', 'maxSlopeStdErrDb'] as const) {
    if (!(options[key] >= 0)) throw new CalibrationInputError('invalid-option', `option ${key} must be >= 0, got ${options[key]}`);
  }
  return options;
}
