import { describe, expect, it } from 'vitest';
import { COST231_HATA_RANGE_MHZ } from '../../../server/core/radio/cost231-hata.ts';
import { OKUMURA_HATA_RANGE_MHZ } from '../../../server/core/radio/okumura-hata.ts';
import {
  CELL_RADIO_PARAMETERS,
  PARAMETER_RANGES,
  calibrationTermIssues,
  cellRadioIssues,
  inRange,
  parameterIssue,
  type ParameterName,
  type ParameterRange,
} from '../../../server/core/radio/parameter-ranges.ts';
import { pathLossCoefficients } from '../../../server/core/radio/path-loss.ts';

const NAMES = Object.keys(PARAMETER_RANGES) as ParameterName[];
const radio = {
  frequencyMhz: 950,
  heightM: 35,
  azimuthDeg: 120 as number | null,
  beamwidthDeg: 65,
  tiltDeg: 4,
  powerDbm: 43,
  gainDbi: 16,
  lossDb: 3,
};

describe('parameter ranges', () => {
  it.each(NAMES)('%s: accepts both bounds, refuses just outside them and anything not finite', (name) => {
    const range: ParameterRange = PARAMETER_RANGES[name];
    expect(range.min).toBeLessThan(range.max);
    expect(range.reason.length).toBeGreaterThan(20);
    const step = range.integer ? 1 : 1e-6 * Math.max(1, Math.abs(range.max - range.min));
    expect(inRange(name, range.min)).toBe(true);
    expect(inRange(name, range.max)).toBe(true);
    expect(parameterIssue(name, range.min - step)?.problem).toMatch(/^below the minimum /);
    expect(parameterIssue(name, range.max + step)?.problem).toMatch(/^above the maximum /);
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect(parameterIssue(name, value)?.problem).toBe('not a finite number');
    if (range.integer) expect(parameterIssue(name, range.min + 0.5)?.problem).toBe('not a whole number');
    if (range.modelRange) {
      // What the model was fitted on lies inside what is accepted; the rest is extrapolation.
      expect(range.modelRange.min).toBeGreaterThanOrEqual(range.min);
      expect(range.modelRange.max).toBeLessThanOrEqual(range.max);
    }
  });

  it('refuses an antenna at 0 m, naming the value, the bound and why', () => {
    expect(parameterIssue('heightM', 0)).toEqual({
      field: 'heightM',
      value: 0,
      problem: 'below the minimum 1 m',
      reason: PARAMETER_RANGES.heightM.reason,
      text: 'heightM 0 m: below the minimum 1 m',
    });
    expect(PARAMETER_RANGES.heightM.reason).toContain('log10(hb)');
    expect(parameterIssue('tiltDeg', 90, 'cellChanges/0/tiltDeg')?.text).toBe('cellChanges/0/tiltDeg 90°: above the maximum 45°');
    expect(parameterIssue('pilotPollutionCount', 0)?.text).toBe('pilotPollutionCount 0: below the minimum 1');
  });

  it('checks every radio parameter of a cell, azimuth null meaning omni', () => {
    expect(cellRadioIssues(radio)).toEqual([]);
    expect(cellRadioIssues({ ...radio, azimuthDeg: null })).toEqual([]);
    const issues = cellRadioIssues({ ...radio, heightM: 0, beamwidthDeg: 0, lossDb: Number.NaN });
    expect(issues.map((i) => i.text)).toEqual([
      'heightM 0 m: below the minimum 1 m',
      'beamwidthDeg 0°: below the minimum 1°',
      'lossDb NaN: not a finite number',
    ]);
    for (const name of CELL_RADIO_PARAMETERS)
      expect(cellRadioIssues({ ...radio, [name]: PARAMETER_RANGES[name].max + 1 }).map((i) => i.field)).toEqual([name]);
  });

  it('keeps a calibrated slope positive for every accepted height, and names bad terms', () => {
    for (const heightM of [PARAMETER_RANGES.heightM.min, 30, PARAMETER_RANGES.heightM.max]) {
      for (const frequencyMhz of [PARAMETER_RANGES.frequencyMhz.min, 950, 1800, PARAMETER_RANGES.frequencyMhz.max]) {
        const calibration = {
          rural: { interceptDeltaDb: PARAMETER_RANGES.interceptDeltaDb.min, slopeDeltaDb: PARAMETER_RANGES.slopeDeltaDb.min },
        };
        expect(
          pathLossCoefficients(frequencyMhz, heightM, PARAMETER_RANGES.receiverHeightM.max, 'rural', calibration).slopeDbPerDecade,
        ).toBeGreaterThan(5);
      }
    }
    expect(calibrationTermIssues({ interceptDeltaDb: -5, slopeDeltaDb: 2 })).toEqual([]);
    expect(calibrationTermIssues({ interceptDeltaDb: 41, slopeDeltaDb: -21 }, 'terms.urban.').map((i) => i.text)).toEqual([
      'terms.urban.interceptDeltaDb 41 dB: above the maximum 40 dB',
      'terms.urban.slopeDeltaDb -21 dB/decade: below the minimum -20 dB/decade',
    ]);
  });

  it('is where the models take their frequency ranges from', () => {
    expect(OKUMURA_HATA_RANGE_MHZ).toEqual({ min: 150, max: 1500 });
    expect(COST231_HATA_RANGE_MHZ).toEqual({ min: 1500, max: 2000 });
    expect(PARAMETER_RANGES.frequencyMhz.modelRange).toMatchObject({ min: OKUMURA_HATA_RANGE_MHZ.min, max: COST231_HATA_RANGE_MHZ.max });
  });
});
