/**
 * Address-placed reports count with their lower precision: their weight is spread over the pixels of
 * their place's circle (location_radius_m), in the report weights planning and hotspots read, instead
 * of all on one exact pixel.
 */
import { describe, expect, it } from 'vitest';
import { reportWeightsByPixel } from '../../../server/core/coverage/coverage-figures.ts';
import type { PreparedArea } from '../../../server/core/coverage/prepared-area.ts';
import { reportPixelShares } from '../../../server/core/coverage/report-spread.ts';
import { createAreaGrid, lonLatToPixel, pixelToLonLat } from '../../../server/core/geo/index.ts';
import { buildDemandModel } from '../../../server/core/planning/coverage-demand.ts';

/** A 5 km square area at Ranghulu on a 100 m grid (50 × 50 pixels), every pixel inside. */
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
const mask = new Uint8Array(grid.width * grid.height).fill(1);
const prepared = { grid, mask } as unknown as PreparedArea;
/** The centre of a pixel in the middle of the grid. */
const centreCol = Math.floor(grid.width / 2);
const centreRow = Math.floor(grid.height / 2);
const [lon, lat] = pixelToLonLat(grid, centreCol, centreRow);
const centreIndex = centreRow * grid.width + centreCol;

describe('reportPixelShares', () => {
  it('puts a report with exact coordinates whole on its pixel', () => {
    expect(reportPixelShares(grid, mask, lon, lat)).toEqual([{ index: centreIndex, share: 1 }]);
    // A radius within half a pixel is no less precise than the pixel itself.
    expect(reportPixelShares(grid, mask, lon, lat, 50)).toEqual([{ index: centreIndex, share: 1 }]);
  });

  it('spreads an address-placed report evenly over the pixels within its radius', () => {
    // Pixel centres within 300 m of a pixel centre on a 100 m lattice: the lattice points with
    // i² + j² ≤ 9, i.e. 29 pixels (Gauss circle problem, N(3) = 29).
    const shares = reportPixelShares(grid, mask, lon, lat, 300);
    expect(shares).toHaveLength(29);
    for (const s of shares) expect(s.share).toBeCloseTo(1 / 29, 12);
    expect(shares.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 12);
    const cols = shares.map((s) => s.index % grid.width);
    const rows = shares.map((s) => Math.floor(s.index / grid.width));
    expect(Math.min(...cols)).toBe(centreCol - 3);
    expect(Math.max(...cols)).toBe(centreCol + 3);
    expect(Math.min(...rows)).toBe(centreRow - 3);
    expect(Math.max(...rows)).toBe(centreRow + 3);
  });

  it('keeps only the part inside the boundary', () => {
    const half = new Uint8Array(mask.length);
    for (let row = 0; row < grid.height; row++) for (let col = 0; col < centreCol; col++) half[row * grid.width + col] = 1;
    // West of the centre column: the columns i = −3, −2, −1 of the circle hold 1 + 5 + 5 = 11 pixels.
    const shares = reportPixelShares(grid, half, lon, lat, 300);
    expect(shares).toHaveLength(11);
    expect(shares.every((s) => s.index % grid.width < centreCol)).toBe(true);
    expect(reportPixelShares(grid, new Uint8Array(mask.length), lon, lat, 300)).toEqual([]);
  });
});

describe('report weights with precision', () => {
  it('counts an exact report on one pixel and an address-placed one over its area, with the same total weight', () => {
    const exact = reportWeightsByPixel(prepared, 'GSM', [{ lon, lat, technology: 'GSM', weight: 3 }]);
    expect([...exact]).toEqual([[centreIndex, 3]]);
    const placed = reportWeightsByPixel(prepared, 'GSM', [{ lon, lat, technology: 'GSM', weight: 3, radiusM: 300 }]);
    expect(placed.size).toBe(29);
    expect(placed.get(centreIndex)).toBeCloseTo(3 / 29, 12);
    expect([...placed.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(3, 12);
  });

  it('gives a candidate covering part of the place only that part of the report in the plan demand', () => {
    const reports = [{ lon, lat, technology: 'GSM' as const, weight: 1, radiusM: 300 }];
    const reportWeights = reportWeightsByPixel(prepared, 'GSM', reports);
    // Candidate A covers the report's exact pixel only; candidate B the whole circle.
    const circle = [...reportWeights.keys()].sort((a, b) => a - b);
    const demand = buildDemandModel({
      mask,
      population: new Float32Array(mask.length),
      pixelAreaKm2: 0.01,
      baseCovered: new Uint8Array(mask.length),
      reportWeights,
      footprints: [
        { code: 'A', cost: 1, coveredPixels: Uint32Array.from([centreIndex]) },
        { code: 'B', cost: 1, coveredPixels: Uint32Array.from(circle) },
      ],
      weights: { population: 0, reports: 100, areaKm2: 0 },
    });
    const gain = (j: number) => [...demand.model.candidates[j].covers].reduce((a, i) => a + demand.model.weights[i], 0);
    expect(gain(0)).toBeCloseTo(100 / 29, 9);
    expect(gain(1)).toBeCloseTo(100, 9);
    // With exact coordinates, covering the one pixel would have earned the whole report.
    const exactWeights = reportWeightsByPixel(prepared, 'GSM', [{ lon, lat, technology: 'GSM', weight: 1 }]);
    expect(exactWeights.get(lonLatToPixel(grid, lon, lat)!.index)).toBe(1);
  });
});
