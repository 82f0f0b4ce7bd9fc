import { describe, expect, it } from 'vitest';
import { DEFAULT_CALIBRATION_OPTIONS, fitEnvironment, termOf } from '../../../server/core/calibration/index.ts';

const options = DEFAULT_CALIBRATION_OPTIONS;
/** 40 log-distances evenly over ±0.3 decade around 1 km. */
const xs = Array.from({ length: 40 }, (_, k) => -0.3 + (0.6 * k) / 39);

describe('fitEnvironment', () => {
  it('turns residual = a + b·log10(d) into the loss terms -a and -b', () => {
    const f = fitEnvironment(
      'urban',
      xs,
      xs.map((x) => 2 - 5 * x),
      options,
    );
    expect(f).toMatchObject({ method: 'intercept-and-slope', note: null, interceptDeltaDb: -2, slopeDeltaDb: 5, n: 40 });
    expect(f.slopeStdErrDb).toBeCloseTo(0, 9);
    expect(f.minDistanceKm).toBeCloseTo(10 ** -0.3, 9);
    expect(f.maxDistanceKm).toBeCloseTo(10 ** 0.3, 9);
    expect(termOf(f)).toEqual({ interceptDeltaDb: -2, slopeDeltaDb: 5 });
  });

  it('does not apply a slope it cannot pin down: intercept only, with the standard error named', () => {
    // ±8 dB alternating scatter: mean residual 0 and a slope of standard error ≈ 8 / √(40·0.031) ≈ 7 dB/decade.
    const f = fitEnvironment(
      'urban',
      xs,
      xs.map((_, k) => 1 + (k % 2 === 0 ? 8 : -8)),
      options,
    );
    expect(f.method).toBe('intercept-only');
    expect(f.note).toMatch(/slope uncertain \(standard error \d+\.\d\d > 2 dB\/decade\): intercept only/);
    expect(f.interceptDeltaDb).toBe(-1);
    expect(f.slopeDeltaDb).toBe(0);
    expect(f.interceptStdErrDb).toBeCloseTo(8 / Math.sqrt(39), 9);
  });

  it('skips a class below the minimum and needs three samples for a slope', () => {
    expect(termOf(fitEnvironment('rural', [0, 0.5], [1, 2], options))).toBeNull();
    const two = fitEnvironment('rural', [0, 0.5], [1, 2], { ...options, minSamples: 1 });
    expect(two).toMatchObject({ method: 'intercept-only', interceptDeltaDb: -1.5, slopeDeltaDb: 0 });
    expect(two.note).toMatch(/2 sample\(s\) cannot fix a slope/);
    expect(fitEnvironment('rural', [], [], options)).toMatchObject({ method: 'none', n: 0, log10DistanceSpread: null });
  });
});
