import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import type { LonLat } from '../../../server/core/model.ts';
import { convexHull, enclosingPolygon } from '../../../server/core/planning/convex-hull.ts';

/** Signed area of a closed ring (shoelace), positive when counter-clockwise. */
function signedArea(ring: number[][]): number {
  let a = 0;
  for (let k = 0; k + 1 < ring.length; k++) a += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
  return a / 2;
}

describe('convexHull', () => {
  it('keeps the corners of a square and drops interior and edge points', () => {
    const hull = convexHull([
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
      [1, 1],
      [1, 0],
      [0.5, 1.5],
    ]);
    expect(hull).toEqual([
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ]);
  });

  it('reduces collinear and repeated points to their extremes', () => {
    expect(
      convexHull([
        [0, 0],
        [1, 1],
        [2, 2],
        [1, 1],
      ]),
    ).toEqual([
      [0, 0],
      [2, 2],
    ]);
    expect(
      convexHull([
        [3, 4],
        [3, 4],
      ]),
    ).toEqual([[3, 4]]);
  });
});

describe('enclosingPolygon', () => {
  const points: LonLat[] = [
    [124.9, 46.6],
    [124.91, 46.6],
    [124.905, 46.61],
    [124.905, 46.603],
  ];

  it('is the closed counter-clockwise hull of the points', () => {
    const polygon = enclosingPolygon(points, 50);
    const ring = polygon.coordinates[0];
    expect(ring).toHaveLength(4);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(signedArea(ring)).toBeGreaterThan(0);
    for (const [k, p] of [points[0], points[1], points[2]].entries()) {
      expect(ring[k][0]).toBeCloseTo(p[0], 9);
      expect(ring[k][1]).toBeCloseTo(p[1], 9);
    }
  });

  it('buffers one point into a 16-gon disc of the given radius', () => {
    const ring = enclosingPolygon([[124.9, 46.6]], 50).coordinates[0];
    expect(ring).toHaveLength(17);
    const mPerDegLat = 6_371_008.8 * (Math.PI / 180);
    const north = Math.max(...ring.map((p) => p[1]));
    expect((north - 46.6) * mPerDegLat).toBeCloseTo(50, 6);
  });

  it('rejects an empty point set', () => {
    expect(() => enclosingPolygon([], 50)).toThrow(/empty/);
  });

  it('buffers two points into a capsule that contains both', () => {
    const pair: LonLat[] = [
      [124.9, 46.6],
      [124.91, 46.6],
    ];
    const polygon = enclosingPolygon(pair, 50);
    expect(signedArea(polygon.coordinates[0])).toBeGreaterThan(0);
    for (const p of pair) expect(booleanPointInPolygon(p, polygon)).toBe(true);
    expect(booleanPointInPolygon([124.905, 46.6 + 0.0003], polygon)).toBe(true); // ~33 m north of the axis
    expect(booleanPointInPolygon([124.905, 46.6 + 0.0006], polygon)).toBe(false); // ~67 m north
  });
});
