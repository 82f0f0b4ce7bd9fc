import { describe, expect, it } from 'vitest';
import { createAreaTester } from '../../../server/core/import/area-tester.ts';

const SQUARE: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [124.8, 46.6],
      [124.9, 46.6],
      [124.9, 46.7],
      [124.8, 46.7],
      [124.8, 46.6],
    ],
  ],
};
/** Degrees of longitude per km at 46.65° N. */
const LON_PER_KM = 1 / (111.32 * Math.cos((46.65 * Math.PI) / 180));

describe('createAreaTester', () => {
  it('tests points against the polygon, edges inside', () => {
    const area = createAreaTester(SQUARE);
    expect(area.containsPoint(124.85, 46.65)).toBe(true);
    expect(area.containsPoint(124.9, 46.65)).toBe(true);
    expect(area.containsPoint(124.95, 46.65)).toBe(false);
    expect(area.bbox).toEqual([124.8, 46.6, 124.9, 46.7]);
  });

  it('accepts points up to the tolerance outside the boundary', () => {
    const fiveKmEast = 124.9 + 5 * LON_PER_KM;
    expect(createAreaTester(SQUARE, 6000).containsPoint(fiveKmEast, 46.65)).toBe(true);
    expect(createAreaTester(SQUARE, 4000).containsPoint(fiveKmEast, 46.65)).toBe(false);
    expect(createAreaTester(SQUARE, 6000).containsPoint(125.5, 46.65)).toBe(false);
  });

  it('tells whether a polygon touches the area', () => {
    const area = createAreaTester(SQUARE);
    const across: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [124.85, 46.65],
          [125, 46.65],
          [125, 46.8],
          [124.85, 46.8],
          [124.85, 46.65],
        ],
      ],
    };
    const away: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [125.1, 46.65],
          [125.2, 46.65],
          [125.2, 46.8],
          [125.1, 46.8],
          [125.1, 46.65],
        ],
      ],
    };
    expect(area.intersects(across, [124.85, 46.65, 125, 46.8])).toBe(true);
    expect(area.intersects(away, [125.1, 46.65, 125.2, 46.8])).toBe(false);
  });
});
