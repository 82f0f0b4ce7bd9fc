import { CalibrationInputError } from './calibration-input-error.ts';

/** Ordinary least-squares line y ≈ intercept + slope·x with the usual standard errors. */
export interface LineFit {
  n: number;
  intercept: number;
  slope: number;
  /** Mean and population standard deviation of x: the spread the slope is estimated over. */
  meanX: number;
  xStdDev: number;
  /** Standard deviation of the fit's residuals with n - 2 degrees of freedom. */
  residualStdDev: number;
  interceptStdErr: number;
  slopeStdErr: number;
}

/**
 * Least-squares straight line through (x[i], y[i]), centred sums for accuracy:
 * slope = Sxy / Sxx, intercept = ȳ - slope·x̄, s² = SSE / (n - 2), SE(slope) = s / √Sxx,
 * SE(intercept) = s·√(1/n + x̄²/Sxx). Needs n >= 3 and x not all equal.
 * Source: Draper & Smith, "Applied Regression Analysis", 3rd ed., §1.2-1.4.
 */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): LineFit {
  const n = x.length;
  if (n !== y.length) throw new CalibrationInputError('invalid-fit', `x and y differ in length: ${n} and ${y.length}`);
  if (n < 3) throw new CalibrationInputError('invalid-fit', `a line fit needs at least 3 points, got ${n}`);
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += x[i];
    meanY += y[i];
  }
  meanX /= n;
  meanY /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - meanX) ** 2;
    sxy += (x[i] - meanX) * (y[i] - meanY);
  }
  if (!(sxx > 0)) throw new CalibrationInputError('invalid-fit', `a line fit needs distinct x values, all ${n} are ${meanX}`);
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (y[i] - intercept - slope * x[i]) ** 2;
  const s = Math.sqrt(sse / (n - 2));
  return {
    n,
    intercept,
    slope,
    meanX,
    xStdDev: Math.sqrt(sxx / n),
    residualStdDev: s,
    interceptStdErr: s * Math.sqrt(1 / n + (meanX * meanX) / sxx),
    slopeStdErr: s / Math.sqrt(sxx),
  };
}
