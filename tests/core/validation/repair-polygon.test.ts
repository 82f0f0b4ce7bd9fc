import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ellipsoidalAreaKm2 } from '../../../server/core/geo/ellipsoidal-area.ts';
import { repairPolygon } from '../../../server/core/validation/repair-polygon.ts';
import { polygonIssues } from '../../../server/core/validation/geometry.ts';
import { seededPolygon } from '../../../scripts/bench/seeded-polygons.ts';

describe('repairPolygon', () => {
  it('leaves a valid polygon alone', () => {
    const square: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    expect(repairPolygon(square)).toEqual({ geometry: square, notes: [] });
  });
  it('makes the coarse Ranghulu boundary valid without changing its area', () => {
    const g = JSON.parse(readFileSync(new URL('../../../geo-data/ranghulu/boundary.geojson', import.meta.url), 'utf8')).features[0]
      .geometry;
    expect(polygonIssues(g).some((i) => /self-intersecting/.test(i.message))).toBe(true);
    const r = repairPolygon(g);
    expect(polygonIssues(r.geometry)).toEqual([]);
    expect(ellipsoidalAreaKm2(r.geometry)).toBeCloseTo(ellipsoidalAreaKm2(g), 1);
    expect(r.notes[0]).toMatch(
      /^rebuilt rings that crossed or touched themselves \(first near \[124\.\d{6}, 46\.\d{6}\]\); area unchanged/,
    );
    // The ellipsoidal area, as the figures and pyproj give it (the spherical formula said 1189.0).
    expect(r.notes[0]).toContain('area unchanged (1192.10 km2)');
  });
  it('leaves a valid 200,000-vertex polygon alone (the check is n log n, not pairwise)', () => {
    const big = seededPolygon(200_000, 7);
    expect(repairPolygon(big)).toEqual({ geometry: big, notes: [] });
  });
  it('refuses a bow-tie, whose "repair" would change its area', () => {
    const bow: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    expect(() => repairPolygon(bow)).toThrow(/changed the area/);
  });
});
