import { describe, expect, it } from 'vitest';
import { createCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { pixelToLonLat } from '../../../server/core/geo/grid-lookup.ts';
import type { LonLat } from '../../../server/core/model.ts';
import { strongestLevelWithin, uncoveredShare } from '../../../server/core/planning/raster-lookups.ts';
import { makeCell, squareArea } from '../coverage/fixtures.ts';

// A 2 km square at 100 m: a 20-odd pixel grid around Daqing, one GSM cell (outdoor threshold below).
const prepared = prepareArea(squareArea(1, { resolutionM: 100 }));
const { grid } = prepared;
const cell = makeCell();

function raster() {
  return createCoverageRaster(prepared, [cell], 'GSM');
}
const at = (col: number, row: number) => row * grid.width + col;
const centre = (col: number, row: number): LonLat => pixelToLonLat(grid, col, row);

describe('uncoveredShare', () => {
  const r = raster();
  const threshold = r.cellThresholdDbm[0];
  r.bestCell[at(5, 5)] = 0;
  r.levelDbm[at(5, 5)] = threshold + 10; // covered
  r.bestCell[at(6, 5)] = 0;
  r.levelDbm[at(6, 5)] = threshold - 0.5; // served, below the threshold
  r.bestCell[at(7, 5)] = 0;
  r.levelDbm[at(7, 5)] = threshold; // exactly at the threshold: covered

  it('counts points on uncovered pixels and off the grid against all points', () => {
    const offGrid: LonLat = [0, 0];
    expect(uncoveredShare(grid, r, [centre(5, 5), centre(6, 5), centre(8, 5), offGrid])).toBe(0.75);
    expect(uncoveredShare(grid, r, [centre(5, 5), centre(7, 5)])).toBe(0);
    expect(uncoveredShare(grid, r, [centre(5, 5), centre(6, 5), centre(5, 5)])).toBeCloseTo(1 / 3, 12);
  });

  it('is 0 for no points', () => {
    expect(uncoveredShare(grid, r, [])).toBe(0);
  });
});

describe('strongestLevelWithin', () => {
  // 250 m at 100 m pixels: whole pixels within 3 of the centre pixel (10, 10).
  const r = raster();
  const set = (col: number, row: number, levelDbm: number, best = 0) => {
    r.bestCell[at(col, row)] = best;
    r.levelDbm[at(col, row)] = levelDbm;
  };
  set(13, 10, -70); // 3 pixels east: in reach
  set(12, 12, -50); // √8 ≈ 2.83 pixels: in reach, the strongest
  set(13, 11, -40); // √10 ≈ 3.16 pixels: out of reach
  set(10, 11, -30, -1); // no server there
  set(11, 10, -45); // outside the boundary (mask below)
  const mask = Uint8Array.from(prepared.mask);
  mask[at(11, 10)] = 0;
  const area = { grid, mask };
  const [lon, lat] = centre(10, 10);

  it('takes the strongest served pixel inside the boundary within the radius', () => {
    expect(prepared.mask[at(12, 12)]).toBe(1);
    expect(strongestLevelWithin(area, r, lon, lat, 0.25)).toBe(-50);
    expect(strongestLevelWithin(area, r, lon, lat, 0.35)).toBe(-40);
    expect(strongestLevelWithin({ grid, mask: prepared.mask }, r, lon, lat, 0.15)).toBe(-45);
  });

  it('is null off the grid or with no served pixel in reach', () => {
    expect(strongestLevelWithin(area, r, 0, 0, 5)).toBeNull();
    expect(strongestLevelWithin(area, r, ...centre(2, 2), 0.1)).toBeNull();
  });
});
