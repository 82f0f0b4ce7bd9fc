import { describe, expect, it } from 'vitest';
import { CalibrationInputError, fitLine } from '../../../server/core/calibration/index.ts';

describe('fitLine', () => {
  it('reproduces an exact line with zero residual', () => {
    const f = fitLine([0, 1, 2], [1, 3, 5]);
    expect(f.intercept).toBeCloseTo(1, 12);
    expect(f.slope).toBeCloseTo(2, 12);
    expect(f.residualStdDev).toBeCloseTo(0, 12);
  });

  it('matches a least-squares fit worked by hand', () => {
    // x̄ = 1.5, ȳ = 2.75, Sxx = 5, Sxy = 5.5 -> slope 1.1, intercept 1.1; SSE = 2.7, s² = 1.35
    const f = fitLine([0, 1, 2, 3], [1, 3, 2, 5]);
    expect(f.slope).toBeCloseTo(1.1, 12);
    expect(f.intercept).toBeCloseTo(1.1, 12);
    expect(f.meanX).toBeCloseTo(1.5, 12);
    expect(f.xStdDev).toBeCloseTo(Math.sqrt(5 / 4), 12);
    expect(f.residualStdDev).toBeCloseTo(Math.sqrt(1.35), 12);
    expect(f.slopeStdErr).toBeCloseTo(Math.sqrt(1.35 / 5), 12);
    expect(f.interceptStdErr).toBeCloseTo(Math.sqrt(1.35 * (1 / 4 + 2.25 / 5)), 12);
  });

  it('names what is wrong with unfit input', () => {
    expect(() => fitLine([1, 1, 1], [1, 2, 3])).toThrow(/distinct x values, all 3 are 1/);
    expect(() => fitLine([1, 2], [1, 2])).toThrow(/at least 3 points, got 2/);
    expect(() => fitLine([1, 2, 3], [1, 2])).toThrow(CalibrationInputError);
  });
});
