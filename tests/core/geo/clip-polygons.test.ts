import { describe, expect, it } from 'vitest';
import { planeClipper, type PlanePolygon } from '../../../server/core/geo/clip-polygons.ts';

/** Shoelace area of a planar polygon (outer minus holes), m2. */
function areaM2(polygon: PlanePolygon): number {
  const ring = (r: GeoJSON.Position[]) => {
    let a = 0;
    for (let i = 0; i + 1 < r.length; i++) a += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
    return a / 2;
  };
  return Math.abs(ring(polygon[0])) - polygon.slice(1).reduce((s, h) => s + Math.abs(ring(h)), 0);
}
const rect = (x0: number, y0: number, x1: number, y1: number): GeoJSON.Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const signedArea = (r: GeoJSON.Position[]) => r.slice(0, -1).reduce((a, p, i) => a + p[0] * r[i + 1][1] - r[i + 1][0] * p[1], 0) / 2;

// UTM-like coordinates: a region 40 km wide around (600 km E, 5,160 km N).
const X = 600_000;
const Y = 5_160_000;

describe('planeClipper', () => {
  it("cuts a square that a triangle's hypotenuse crosses to the exact half, each vertex within a unit (1.4 mm here)", () => {
    // A right triangle whose hypotenuse is the line x + y = X + Y.
    const clipper = planeClipper([
      [
        [X - 20_000, Y - 20_000],
        [X + 20_000, Y - 20_000],
        [X - 20_000, Y + 20_000],
        [X - 20_000, Y - 20_000],
      ],
    ]);
    const out = clipper.clip([[rect(X - 10_500, Y + 9_500, X - 9_500, Y + 10_500)]]);
    expect(out).toHaveLength(1);
    expect(out[0]).toHaveLength(1);
    expect(Math.abs(areaM2(out[0]) / 500_000 - 1)).toBeLessThan(1e-5);
    for (const [x, y] of out[0][0]) expect(x - X + (y - Y)).toBeLessThanOrEqual(0.0014);
    expect(out[0][0].filter(([x, y]) => Math.abs(x - X + (y - Y)) < 0.0014).length).toBeGreaterThanOrEqual(2);
  });
  it('returns a polygon wholly inside unchanged and one wholly outside as nothing', () => {
    const clipper = planeClipper([rect(X - 20_000, Y - 20_000, X + 20_000, Y + 20_000)]);
    const inside: PlanePolygon = [rect(X, Y, X + 25, Y + 25), rect(X + 5, Y + 5, X + 10, Y + 10).reverse()];
    expect(clipper.clip([inside])).toEqual([inside]);
    expect(clipper.clip([[rect(X + 30_000, Y, X + 30_025, Y + 25)]])).toEqual([]);
  });
  it("keeps holes, honours the region's own holes, orients outer rings counter-clockwise and holes clockwise", () => {
    // The region: a 40 km square with a 2 km square hole in the middle.
    const clipper = planeClipper([rect(X - 20_000, Y - 20_000, X + 20_000, Y + 20_000), rect(X - 1_000, Y - 1_000, X + 1_000, Y + 1_000)]);
    // A 4 km square centred on the hole, with a hole of its own in its western part.
    const out = clipper.clip([[rect(X - 2_000, Y - 2_000, X + 2_000, Y + 2_000), rect(X - 1_800, Y - 500, X - 1_200, Y + 500)]]);
    expect(out).toHaveLength(1);
    expect(out[0]).toHaveLength(3);
    // Coordinates snap to 1.4 mm units: a few m2 on 11 km2.
    expect(Math.abs(areaM2(out[0]) / (16e6 - 4e6 - 0.6e6) - 1)).toBeLessThan(2e-6);
    expect(signedArea(out[0][0])).toBeGreaterThan(0);
    for (const hole of out[0].slice(1)) expect(signedArea(hole)).toBeLessThan(0);
  });
  it("splits a polygon that a concave region cuts in two into a multipolygon's parts", () => {
    // A U-shaped region: two arms 10 km apart joined in the south.
    const u = [
      [X - 10_000, Y - 10_000],
      [X + 10_000, Y - 10_000],
      [X + 10_000, Y + 10_000],
      [X + 5_000, Y + 10_000],
      [X + 5_000, Y - 5_000],
      [X - 5_000, Y - 5_000],
      [X - 5_000, Y + 10_000],
      [X - 10_000, Y + 10_000],
      [X - 10_000, Y - 10_000],
    ];
    const clipper = planeClipper([u]);
    const out = clipper.clip([[rect(X - 8_000, Y, X + 8_000, Y + 1_000)]]);
    expect(out).toHaveLength(2);
    for (const part of out) expect(Math.abs(areaM2(part) / 3e6 - 1)).toBeLessThan(2e-6);
  });
});
