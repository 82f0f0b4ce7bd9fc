/**
 * The demo generator's link budget is the engine's (server/core/radio) with the generator's own
 * simplifications: a 50 m clamp, no free-space floor, no vertical pattern.
 */
import { describe, expect, it } from 'vitest';
import { bestServer, hataLossDb, receivedLevelDbm } from '../../../scripts/demo-data/hata.ts';
import { offsetKm } from '../../../scripts/demo-data/geo.ts';
import type { CellSpec, EnvironmentClass } from '../../../server/core/model.ts';
import { horizontalGainDb } from '../../../server/core/radio/antenna-pattern.ts';
import { cost231HataModel } from '../../../server/core/radio/cost231-hata.ts';
import { okumuraHataModel } from '../../../server/core/radio/okumura-hata.ts';

const ENVIRONMENTS: EnvironmentClass[] = ['urban-large', 'urban', 'suburban', 'rural'];

function cell(over: Partial<CellSpec>): CellSpec {
  return {
    key: 'S1/1',
    siteCode: 'S1',
    cellCode: '1',
    technology: 'GSM',
    frequencyMhz: 950,
    heightM: 35,
    azimuthDeg: 60,
    beamwidthDeg: 65,
    tiltDeg: 4,
    powerDbm: 43,
    gainDbi: 15,
    lossDb: 3,
    lon: 124.85,
    lat: 46.65,
    ...over,
  };
}

describe('demo link budget', () => {
  it('is Okumura-Hata at 870-950 MHz (the demo networks), held constant inside 50 m', () => {
    for (const environment of ENVIRONMENTS) {
      for (const f of [870, 950]) {
        const m = okumuraHataModel(f, 35, 1.5, environment);
        expect(hataLossDb(f, 35, 1.5, 3, environment)).toBeCloseTo(m.interceptDb + m.slopeDbPerDecade * Math.log10(3), 10);
        expect(hataLossDb(f, 35, 1.5, 0.01, environment)).toBe(hataLossDb(f, 35, 1.5, 0.05, environment));
      }
    }
  });

  it("follows the engine's choice of model: COST-231 Hata above 1500 MHz", () => {
    for (const environment of ENVIRONMENTS) {
      const m = cost231HataModel(1840, 30, 1.5, environment);
      expect(hataLossDb(1840, 30, 1.5, 2, environment)).toBeCloseTo(m.interceptDb + m.slopeDbPerDecade * Math.log10(2), 10);
    }
  });

  it('subtracts the horizontal pattern toward the point, and none for an omni cell', () => {
    const sector = cell({});
    const omni = cell({ azimuthDeg: null });
    const point = offsetKm([sector.lon, sector.lat], 2, 0); // due east: 30° off the 60° boresight
    const omniLevel = receivedLevelDbm(omni, point, 'urban', 1.5);
    expect(receivedLevelDbm(sector, point, 'urban', 1.5)).toBeCloseTo(omniLevel + horizontalGainDb(30, 65), 6);
    expect(omniLevel).toBeCloseTo(43 + 15 - 3 - hataLossDb(950, 35, 1.5, 2, 'urban'), 6);
  });

  it('picks the strongest cell', () => {
    const near = cell({ key: 'near' });
    const far = cell({ key: 'far', lon: 124.95 });
    expect(bestServer([far, near], [124.86, 46.65], 'suburban', 1.5).key).toBe('near');
    expect(bestServer([], [124.86, 46.65], 'suburban', 1.5)).toEqual({ levelDbm: -Infinity, key: null });
  });
});
