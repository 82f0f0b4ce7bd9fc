/** A hotspot's uncovered share counts an address-placed report by the uncovered part of its place's circle. */
import { describe, expect, it } from 'vitest';
import type { CoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import type { PreparedArea } from '../../../server/core/coverage/prepared-area.ts';
import { createPixelShareCache } from '../../../server/core/coverage/report-spread.ts';
import { createAreaGrid, pixelToLonLat } from '../../../server/core/geo/index.ts';
import { reportsUncoveredShare } from '../../../server/core/planning/raster-lookups.ts';

const boundary: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [124.83, 46.63],
      [124.895, 46.63],
      [124.895, 46.675],
      [124.83, 46.675],
      [124.83, 46.63],
    ],
  ],
};
const grid = createAreaGrid(boundary, 100);
const n = grid.width * grid.height;
const mask = new Uint8Array(n).fill(1);
const col = Math.floor(grid.width / 2);
const row = Math.floor(grid.height / 2);
const [lon, lat] = pixelToLonLat(grid, col, row);

/** Covered (one cell, −70 dBm against −90) west of the report's column and on it, uncovered east of it. */
const bestCell = new Int32Array(n).fill(-1);
const levelDbm = new Float32Array(n).fill(-120);
for (let r = 0; r < grid.height; r++) {
  for (let c = 0; c <= col; c++) {
    bestCell[r * grid.width + c] = 0;
    levelDbm[r * grid.width + c] = -70;
  }
}
const run = {
  prepared: { grid, mask } as unknown as PreparedArea,
  raster: { bestCell, levelDbm, cellThresholdDbm: Float64Array.from([-90]) } as unknown as CoverageRaster,
};

describe('reportsUncoveredShare', () => {
  const sharesOf = createPixelShareCache(grid, mask);

  it('is 0 or 1 for a report at its own coordinates', () => {
    expect(reportsUncoveredShare(run.prepared, run.raster, [{ lon, lat }], sharesOf)).toBe(0);
    const [eastLon, eastLat] = pixelToLonLat(grid, col + 1, row);
    expect(reportsUncoveredShare(run.prepared, run.raster, [{ lon: eastLon, lat: eastLat, radiusM: null }], sharesOf)).toBe(1);
    expect(reportsUncoveredShare(run.prepared, run.raster, [])).toBe(0);
  });

  it('is the uncovered share of the circle for a report placed from its address', () => {
    // 29 pixels within 300 m; the 11 east of the report's column are uncovered.
    expect(reportsUncoveredShare(run.prepared, run.raster, [{ lon, lat, radiusM: 300 }], sharesOf)).toBeCloseTo(11 / 29, 12);
    // With a report at its own (covered) coordinates: the mean of the two.
    expect(
      reportsUncoveredShare(run.prepared, run.raster, [
        { lon, lat, radiusM: 300 },
        { lon, lat },
      ]),
    ).toBeCloseTo(11 / 58, 12);
  });
});
