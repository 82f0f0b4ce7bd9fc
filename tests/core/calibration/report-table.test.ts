import { describe, expect, it } from 'vitest';
import { type EnvironmentFit, errorStats, formatCalibrationTable } from '../../../server/core/calibration/index.ts';

const fit = (overrides: Partial<EnvironmentFit>): EnvironmentFit => ({
  environment: 'urban',
  n: 3,
  method: 'intercept-and-slope',
  note: null,
  interceptDeltaDb: -3.08,
  slopeDeltaDb: -0.86,
  interceptStdErrDb: 0.28,
  slopeStdErrDb: 0.64,
  log10DistanceSpread: 0.4,
  minDistanceKm: 0.1,
  maxDistanceKm: 8,
  ...overrides,
});

describe('formatCalibrationTable', () => {
  it('lines up before and after per group and shows the terms with their standard errors', () => {
    const before = errorStats([1, 2, 6]);
    const after = errorStats([-0.0001, -1, 1.0001]);
    const text = formatCalibrationTable({
      before: { all: before, byTechnology: { GSM: before }, byEnvironment: { urban: before } },
      after: { all: after, byTechnology: { GSM: after }, byEnvironment: { urban: after } },
      fits: [
        fit({}),
        fit({
          environment: 'rural',
          method: 'intercept-only',
          slopeDeltaDb: 0,
          slopeStdErrDb: null,
          note: 'distances spread 0.116 decade(s), less than 0.15: intercept only',
        }),
        fit({
          environment: 'urban-large',
          method: 'none',
          interceptDeltaDb: null,
          slopeDeltaDb: null,
          interceptStdErrDb: null,
          slopeStdErrDb: null,
          note: '3 sample(s), fewer than the minimum of 30',
        }),
      ],
      sampleCount: 3,
      excluded: { saturated: 110, belowFloor: 0, unknownServingCell: 2, noServer: 0, tooClose: 7, freeSpaceFloor: 0 },
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('3 samples; left out: 110 saturated, 2 unknown serving cell, 7 too close to the mast');
    // mean 3, std √(14/3) = 2.16, rmse √(41/3) = 3.70; after: mean 0.00003 prints +0.00, never -0.00
    expect(lines.find((l) => l.startsWith('all '))).toBe('all               3  +3.00   2.16   3.70    +0.00   0.82   0.82');
    expect(lines.find((l) => l.startsWith('GSM '))).toContain('+3.00');
    expect(text).not.toContain('-0.00');
    const header = lines.find((l) => l.startsWith('group'))!;
    const allRow = lines.find((l) => l.startsWith('all '))!;
    expect(header.lastIndexOf('rmse') + 4).toBe(allRow.length);
    const termRow = (label: string) => lines.filter((l) => l.startsWith(`${label} `)).at(-1);
    expect(termRow('urban')).toMatch(/intercept-and-slope\s+-3\.08 ±0\.28\s+-0\.86 ±0\.64$/);
    expect(termRow('rural')).toMatch(/intercept-only\s+-3\.08 ±0\.28\s+\+0\.00 {2}distances spread 0\.116/);
    expect(termRow('urban-large')).toMatch(/none\s+-\s+- {2}3 sample\(s\), fewer than the minimum of 30/);
  });
});
