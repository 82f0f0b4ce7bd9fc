import { describe, expect, it } from 'vitest';
import { geometryIntersectsBBox } from '../../../server/core/export/index.ts';

// A right triangle whose bbox is [0,0,1,1] but which leaves the corner near (1,1) empty.
const triangle: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [1, 0],
      [0, 1],
      [0, 0],
    ],
  ],
};

describe('geometryIntersectsBBox', () => {
  it('tests the geometry itself, not its bounding box', () => {
    expect(geometryIntersectsBBox(triangle, [0.8, 0.8, 2, 2])).toBe(false);
    expect(geometryIntersectsBBox(triangle, [0.4, 0.4, 2, 2])).toBe(true);
    expect(geometryIntersectsBBox(triangle, [0.1, 0.1, 0.2, 0.2])).toBe(true);
    expect(geometryIntersectsBBox(triangle, [-1, -1, 3, 3])).toBe(true);
  });
  it('handles points, multipolygons with holes and boxes across the antimeridian', () => {
    expect(geometryIntersectsBBox({ type: 'Point', coordinates: [124.85, 46.65] }, [124.8, 46.6, 124.9, 46.7])).toBe(true);
    expect(geometryIntersectsBBox({ type: 'Point', coordinates: [124.95, 46.65] }, [124.8, 46.6, 124.9, 46.7])).toBe(false);
    const donut: GeoJSON.MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [0, 0],
            [10, 0],
            [10, 10],
            [0, 10],
            [0, 0],
          ],
          [
            [2, 2],
            [8, 2],
            [8, 8],
            [2, 8],
            [2, 2],
          ],
        ],
      ],
    };
    expect(geometryIntersectsBBox(donut, [4, 4, 6, 6])).toBe(false);
    expect(geometryIntersectsBBox(donut, [1, 4, 6, 6])).toBe(true);
    expect(geometryIntersectsBBox({ type: 'Point', coordinates: [-179.5, 0] }, [179, -1, -179, 1])).toBe(true);
    expect(geometryIntersectsBBox({ type: 'Point', coordinates: [0, 0] }, [179, -1, -179, 1])).toBe(false);
  });
});
