import { describe, expect, it } from 'vitest';
import {
  antennaAttenuationDb,
  combinedGainDb,
  depressionAngleDeg,
  horizontalGainDb,
  receivedLevelDbm,
  verticalGainDb,
  wrapDegrees,
} from '../../../server/core/radio/index.ts';

describe('horizontal pattern (3GPP TR 36.814)', () => {
  it('is 0 dB on boresight, -3 dB at half the beamwidth, capped at 25 dB', () => {
    expect(horizontalGainDb(0, 65)).toBeCloseTo(0, 12);
    expect(horizontalGainDb(32.5, 65)).toBeCloseTo(-3, 12);
    expect(horizontalGainDb(-32.5, 65)).toBeCloseTo(-3, 12);
    expect(horizontalGainDb(90, 65)).toBeCloseTo(-12 * (90 / 65) ** 2, 12);
    expect(horizontalGainDb(180, 65)).toBe(-25);
  });
  it('wraps angles', () => {
    expect(wrapDegrees(370)).toBeCloseTo(10, 12);
    expect(wrapDegrees(-190)).toBeCloseTo(170, 12);
    expect(horizontalGainDb(360 + 32.5, 65)).toBeCloseTo(-3, 9);
  });
});

describe('vertical and combined pattern', () => {
  it('is 0 dB at the tilt, -3 dB at tilt + 5 deg (10 deg beamwidth), capped at 20 dB', () => {
    expect(verticalGainDb(4, 4)).toBeCloseTo(0, 12);
    expect(verticalGainDb(9, 4)).toBeCloseTo(-3, 12);
    expect(verticalGainDb(-1, 4)).toBeCloseTo(-3, 12);
    expect(verticalGainDb(60, 4)).toBe(-20);
  });
  it('caps the combined attenuation at 25 dB', () => {
    expect(combinedGainDb(-23, -20)).toBe(-25);
    expect(combinedGainDb(-3, -3)).toBeCloseTo(-6, 12);
  });
  it('omni cells have no horizontal term', () => {
    const omni = { azimuthDeg: null, beamwidthDeg: 65, tiltDeg: 2 };
    expect(antennaAttenuationDb(omni, 123, 2)).toBeCloseTo(0, 12);
    const sector = { azimuthDeg: 120, beamwidthDeg: 65, tiltDeg: 2 };
    expect(antennaAttenuationDb(sector, 120 + 32.5, 7)).toBeCloseTo(6, 12);
    expect(antennaAttenuationDb(sector, 300, 2)).toBe(25);
  });
  it('depression angle of a 31.5 m mast over a 1.5 m receiver 30 m away is 45 deg', () => {
    expect(depressionAngleDeg(31.5, 1.5, 30)).toBeCloseTo(45, 12);
  });
});

describe('link budget', () => {
  it('level = power + gain - feeder loss - path loss - antenna attenuation', () => {
    expect(receivedLevelDbm({ powerDbm: 43, gainDbi: 15, lossDb: 3 }, 140, 6)).toBe(-91);
  });
});
