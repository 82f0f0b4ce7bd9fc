import { describe, expect, it } from 'vitest';
import { calibrationStats, CalibrationInputError, errorStats } from '../../../server/core/calibration/index.ts';

describe('errorStats', () => {
  it('computes n, mean, population standard deviation and RMSE by hand', () => {
    // r = 1, 2, 3, 6: mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5, mean square (1 + 4 + 9 + 36) / 4 = 12.5
    const s = errorStats([1, 2, 3, 6]);
    expect(s.n).toBe(4);
    expect(s.meanErrorDb).toBeCloseTo(3, 12);
    expect(s.stdDevDb).toBeCloseTo(Math.sqrt(3.5), 12);
    expect(s.rmseDb).toBeCloseTo(Math.sqrt(12.5), 12);
    expect(s.rmseDb ** 2).toBeCloseTo(s.meanErrorDb ** 2 + s.stdDevDb ** 2, 10);
  });

  it('keeps its digits under a large common offset and gives zero spread for one value', () => {
    const s = errorStats([1e6 + 1, 1e6 + 2, 1e6 + 3]);
    expect(s.stdDevDb).toBeCloseTo(Math.sqrt(2 / 3), 6);
    expect(errorStats([-4])).toEqual({ n: 1, meanErrorDb: -4, stdDevDb: 0, rmseDb: 4 });
  });

  it('refuses statistics of nothing', () => {
    expect(() => errorStats([])).toThrow(CalibrationInputError);
  });
});

describe('calibrationStats', () => {
  it('groups by network and by environment class, leaving out empty groups', () => {
    const s = calibrationStats([
      { technology: 'GSM', environment: 'urban', residualDb: 2 },
      { technology: 'GSM', environment: 'suburban', residualDb: -2 },
      { technology: 'CDMA', environment: 'urban', residualDb: 4 },
    ]);
    expect(s.all).toMatchObject({ n: 3, meanErrorDb: 4 / 3 });
    expect(s.byTechnology.GSM).toMatchObject({ n: 2, meanErrorDb: 0, stdDevDb: 2, rmseDb: 2 });
    expect(s.byTechnology.CDMA).toMatchObject({ n: 1, meanErrorDb: 4 });
    expect(Object.keys(s.byTechnology)).toEqual(['GSM', 'CDMA']);
    expect(s.byEnvironment.urban).toMatchObject({ n: 2, meanErrorDb: 3, stdDevDb: 1 });
    expect(Object.keys(s.byEnvironment)).toEqual(['urban', 'suburban']);
  });
});
