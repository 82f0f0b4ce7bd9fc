import type { EnvironmentClass } from '../model.ts';
import type { CalibrationTerm } from '../radio/path-loss.ts';
import { errorStats } from './error-stats.ts';
import { fitLine } from './line-fit.ts';

/** How a class was calibrated: intercept and slope, intercept only (narrow distances), or not at all. */
export type FitMethod = 'intercept-and-slope' | 'intercept-only' | 'none';

/** The fit of one environment class, in the path-loss sense of CalibrationTerm. */
export interface EnvironmentFit {
  environment: EnvironmentClass;
  /** Samples the fit used. */
  n: number;
  method: FitMethod;
  /** Why the fit fell back to intercept only or was skipped; null for a full fit. */
  note: string | null;
  /** Added to the model's loss at 1 km, dB (negative = the network is stronger than the model). */
  interceptDeltaDb: number | null;
  /** Added to the model's slope, dB per decade of distance. */
  slopeDeltaDb: number | null;
  interceptStdErrDb: number | null;
  slopeStdErrDb: number | null;
  /** Population standard deviation of log10(distance km) over the samples, decades. */
  log10DistanceSpread: number | null;
  minDistanceKm: number | null;
  maxDistanceKm: number | null;
}

export interface EnvironmentFitOptions {
  /** Fewer samples than this: the class stays uncalibrated. */
  minSamples: number;
  /** Distances spread less than this (std of log10 d, decades): intercept only. */
  minLog10DistanceSpread: number;
  /** A fitted |slope delta| above this, dB/decade, is not trusted: intercept only. */
  maxSlopeDeltaDb: number;
  /** A slope known less precisely than this (standard error, dB/decade) is not applied: intercept only. */
  maxSlopeStdErrDb: number;
}

/** Terms are stored and applied rounded to 1 / TERM_SCALE dB. */
const TERM_SCALE = 100;

const round = (v: number) => Math.round(v * TERM_SCALE) / TERM_SCALE + 0;

/**
 * Fit residual r = measured - predicted ≈ a + b·log10(d km) by least squares for one class and
 * turn it into a path-loss term: interceptDeltaDb = -a, slopeDeltaDb = -b (more measured level =
 * less loss). Falls back to a = mean(r), b = 0 when distances are too narrow or the slope is
 * implausible or too uncertain; skips the class below minSamples. Terms rounded to 0.01 dB.
 */
export function fitEnvironment(
  environment: EnvironmentClass,
  log10DistanceKm: readonly number[],
  residualDb: readonly number[],
  options: EnvironmentFitOptions,
): EnvironmentFit {
  const n = residualDb.length;
  const distances = distanceFigures(log10DistanceKm);
  if (n < options.minSamples || n === 0) {
    const note = `${n} sample(s), fewer than the minimum of ${options.minSamples}`;
    return {
      environment,
      n,
      method: 'none',
      note,
      interceptDeltaDb: null,
      slopeDeltaDb: null,
      interceptStdErrDb: null,
      slopeStdErrDb: null,
      ...distances,
    };
  }
  const spread = distances.log10DistanceSpread ?? 0;
  if (n < 3) return interceptOnly(environment, residualDb, distances, `${n} sample(s) cannot fix a slope: intercept only`);
  if (spread < options.minLog10DistanceSpread) {
    return interceptOnly(
      environment,
      residualDb,
      distances,
      `distances spread ${spread.toFixed(3)} decade(s), less than ${options.minLog10DistanceSpread}: intercept only`,
    );
  }
  const line = fitLine(log10DistanceKm, residualDb);
  if (Math.abs(line.slope) > options.maxSlopeDeltaDb) {
    return interceptOnly(
      environment,
      residualDb,
      distances,
      `fitted slope change ${(-line.slope).toFixed(1)} dB/decade exceeds ±${options.maxSlopeDeltaDb}: intercept only`,
    );
  }
  if (line.slopeStdErr > options.maxSlopeStdErrDb) {
    return interceptOnly(
      environment,
      residualDb,
      distances,
      `slope uncertain (standard error ${line.slopeStdErr.toFixed(2)} > ${options.maxSlopeStdErrDb} dB/decade): intercept only`,
    );
  }
  return {
    environment,
    n,
    method: 'intercept-and-slope',
    note: null,
    interceptDeltaDb: round(-line.intercept),
    slopeDeltaDb: round(-line.slope),
    interceptStdErrDb: line.interceptStdErr,
    slopeStdErrDb: line.slopeStdErr,
    ...distances,
  };
}

type DistanceFigures = Pick<EnvironmentFit, 'log10DistanceSpread' | 'minDistanceKm' | 'maxDistanceKm'>;

function interceptOnly(
  environment: EnvironmentClass,
  residualDb: readonly number[],
  distances: DistanceFigures,
  note: string,
): EnvironmentFit {
  const { n, meanErrorDb, stdDevDb } = errorStats(residualDb);
  return {
    environment,
    n,
    method: 'intercept-only',
    note,
    interceptDeltaDb: round(-meanErrorDb),
    slopeDeltaDb: 0,
    interceptStdErrDb: n > 1 ? stdDevDb / Math.sqrt(n - 1) : null,
    slopeStdErrDb: null,
    ...distances,
  };
}

/** The term to store for a fit, or null when the class was not calibrated. */
export function termOf(fit: EnvironmentFit): CalibrationTerm | null {
  if (fit.method === 'none' || fit.interceptDeltaDb === null || fit.slopeDeltaDb === null) return null;
  return { interceptDeltaDb: fit.interceptDeltaDb, slopeDeltaDb: fit.slopeDeltaDb };
}

function distanceFigures(log10DistanceKm: readonly number[]): DistanceFigures {
  if (log10DistanceKm.length === 0) return { log10DistanceSpread: null, minDistanceKm: null, maxDistanceKm: null };
  let min = Infinity;
  let max = -Infinity;
  for (const x of log10DistanceKm) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = log10DistanceKm.reduce((s, x) => s + x, 0) / log10DistanceKm.length;
  const variance = log10DistanceKm.reduce((s, x) => s + (x - mean) ** 2, 0) / log10DistanceKm.length;
  return { log10DistanceSpread: Math.sqrt(variance), minDistanceKm: 10 ** min, maxDistanceKm: 10 ** max };
}
