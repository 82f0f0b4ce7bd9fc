import { CalibrationInputError } from './calibration-input-error.ts';

/** Error statistics of residuals r = measured - predicted, dB. */
export interface ErrorStats {
  n: number;
  /** Mean of r, dB: positive = the network is stronger than predicted. */
  meanErrorDb: number;
  /** Population standard deviation of r (divides by n), dB, so that rmse² = mean² + stdDev². */
  stdDevDb: number;
  /** Root mean square of r, dB. */
  rmseDb: number;
}

/**
 * n, mean, population standard deviation and RMSE of residuals in dB (two-pass, so a large
 * common offset does not cancel digits). Throws on an empty list: statistics of nothing are not 0.
 */
export function errorStats(residualsDb: ArrayLike<number>): ErrorStats {
  const n = residualsDb.length;
  if (n === 0) throw new CalibrationInputError('no-samples', 'error statistics need at least one residual, got 0');
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    sum += residualsDb[i];
    sumSquares += residualsDb[i] * residualsDb[i];
  }
  const mean = sum / n;
  let centred = 0;
  for (let i = 0; i < n; i++) centred += (residualsDb[i] - mean) ** 2;
  return { n, meanErrorDb: mean, stdDevDb: Math.sqrt(centred / n), rmseDb: Math.sqrt(sumSquares / n) };
}
