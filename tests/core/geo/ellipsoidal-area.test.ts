import { describe, expect, it } from 'vitest';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { regionPolygons } from '../../../server/core/coverage/gap-polygons.ts';
import {
  ellipsoidalAreaKm2,
  ellipsoidalAreaM2,
  meanPixelAreaKm2,
  utmCentralMeridianDeg,
  utmPointScale,
} from '../../../server/core/geo/ellipsoidal-area.ts';
import { createAreaGrid, rasteriseBoundaryMask, utmProjection } from '../../../server/core/geo/index.ts';
import { resolveAreaSettings } from '../../../server/core/model.ts';
import { ranghuluBoundary } from './fixtures.ts';

const WGS84_A = 6378137;
const WGS84_F = 1 / 298.257223563;

/** Total surface of an oblate ellipsoid, closed form: 2πa² + π(b²/e)·ln((1+e)/(1−e)). */
function ellipsoidSurfaceM2(a: number, f: number): number {
  const b = a * (1 - f);
  const e = Math.sqrt(f * (2 - f));
  return 2 * Math.PI * a * a + Math.PI * ((b * b) / e) * Math.log((1 + e) / (1 - e));
}

const polygon = (ring: number[][]): GeoJSON.Polygon => ({ type: 'Polygon', coordinates: [ring] });

describe('ellipsoidalAreaM2 (Karney, WGS84)', () => {
  it("gives the published area of GeographicLib's Antarctica example (13,662,703,680,020.1 m2)", () => {
    // [lat, lon] as in the GeographicLib documentation (Planimeter / PolygonArea example).
    const latLon = [
      [-63.1, -58],
      [-72.9, -74],
      [-71.9, -102],
      [-74.9, -102],
      [-74.3, -131],
      [-77.5, -163],
      [-77.4, 163],
      [-71.7, 172],
      [-65.9, 140],
      [-65.7, 113],
      [-66.6, 88],
      [-66.9, 59],
      [-69.8, 25],
      [-70.0, -4],
      [-71.0, -14],
      [-77.3, -33],
      [-77.9, -46],
      [-74.7, -61],
    ];
    const ring = latLon.map(([lat, lon]) => [lon, lat]);
    expect(ellipsoidalAreaM2(polygon([...ring, ring[0]]))).toBeCloseTo(13662703680020.1, 0);
  });
  it('gives one eighth of the ellipsoid for the octant bounded by the equator and two meridians (all geodesics)', () => {
    const octant = polygon([
      [0, 0],
      [90, 0],
      [0, 90],
      [0, 0],
    ]);
    const expected = ellipsoidSurfaceM2(WGS84_A, WGS84_F) / 8;
    expect(Math.abs(ellipsoidalAreaM2(octant) / expected - 1)).toBeLessThan(1e-12);
    expect(expected / 1e6).toBeCloseTo(510065621.7 / 8, 0);
  });
  it('measures the Ranghulu boundary at 1192.10 km2 (pyproj Geod(ellps=WGS84)), not the spherical 1189.0', () => {
    expect(ellipsoidalAreaKm2(ranghuluBoundary())).toBeCloseTo(1192.1, 2);
  });
  it('ignores ring orientation and subtracts holes; a MultiPolygon sums its parts', () => {
    const ccw = [
      [124, 46],
      [124.1, 46],
      [124.1, 46.1],
      [124, 46.1],
      [124, 46],
    ];
    const cw = [...ccw].reverse();
    const hole = [
      [124.02, 46.02],
      [124.04, 46.02],
      [124.04, 46.04],
      [124.02, 46.04],
      [124.02, 46.02],
    ];
    const outer = ellipsoidalAreaM2(polygon(ccw));
    expect(ellipsoidalAreaM2(polygon(cw))).toBeCloseTo(outer, 3);
    expect(outer / 1e6).toBeGreaterThan(85);
    expect(outer / 1e6).toBeLessThan(86.5);
    const withHole: GeoJSON.Polygon = { type: 'Polygon', coordinates: [ccw, hole] };
    expect(ellipsoidalAreaM2(withHole)).toBeCloseTo(outer - ellipsoidalAreaM2(polygon(hole)), 3);
    const multi: GeoJSON.MultiPolygon = { type: 'MultiPolygon', coordinates: [[ccw], [hole]] };
    expect(ellipsoidalAreaM2(multi)).toBeCloseTo(outer + ellipsoidalAreaM2(polygon(hole)), 3);
  });
});

describe('utmPointScale', () => {
  it("is k0 = 0.9996 on the central meridian and matches the Jacobian of proj4's UTM to 1e-8 away from it", () => {
    expect(utmPointScale(123, 0, 123)).toBeCloseTo(0.9996, 12);
    const projection = utmProjection(32651);
    const a = WGS84_A;
    const e2 = WGS84_F * (2 - WGS84_F);
    for (const [lon, lat] of [
      [124.5, 46.4],
      [125.9, 47.1],
      [120.1, 45.2],
      [123, 46.6],
    ]) {
      const d = 1e-5;
      const [x, y] = projection.forward([lon, lat]);
      const [xe, ye] = projection.forward([lon + d, lat]);
      const [xn, yn] = projection.forward([lon, lat + d]);
      const gridArea = Math.abs((xe - x) * (yn - y) - (xn - x) * (ye - y));
      const phi = (lat * Math.PI) / 180;
      const w = Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
      const groundArea = ((a * (1 - e2)) / w ** 3) * ((a / w) * Math.cos(phi)) * ((d * Math.PI) / 180) ** 2;
      expect(Math.abs(utmPointScale(lon, lat, utmCentralMeridianDeg(51)) ** 2 - gridArea / groundArea)).toBeLessThan(1e-8);
    }
  });
});

describe('meanPixelAreaKm2 on the Ranghulu grid', () => {
  const boundary = ranghuluBoundary();
  const settings = resolveAreaSettings({ resolutionM: 25 });
  const prepared = prepareArea({ boundary, settings, clutter: [], settlements: [] });

  it('is the 625 m2 grid pixel divided by k² (UTM zone 51, 1.9° east of the central meridian: about 0.034 % more)', () => {
    const grid = createAreaGrid(boundary, 25);
    expect(meanPixelAreaKm2(grid, rasteriseBoundaryMask(grid, boundary))).toBe(prepared.pixelAreaKm2);
    expect(prepared.pixelAreaKm2 / 0.000625 - 1).toBeGreaterThan(0.0003);
    expect(prepared.pixelAreaKm2 / 0.000625 - 1).toBeLessThan(0.0004);
  });
  it("makes count × pixel area equal the Karney area of the traced pixel outline, and the boundary polygon's to 0.01 %", () => {
    const selected = new Uint8Array(prepared.mask);
    const regions = regionPolygons(prepared, selected, { minAreaKm2: 0, idPrefix: 'mask', clipToBoundary: false });
    let pixelKm2 = 0;
    let outlineKm2 = 0;
    for (const f of regions.features) {
      pixelKm2 += f.properties.areaKm2;
      outlineKm2 += ellipsoidalAreaKm2(f.geometry);
    }
    expect(pixelKm2).toBeCloseTo(prepared.insidePixelCount * prepared.pixelAreaKm2, 6);
    expect(Math.abs(outlineKm2 / pixelKm2 - 1)).toBeLessThan(1e-5);
    expect(Math.abs(pixelKm2 / ellipsoidalAreaKm2(boundary) - 1)).toBeLessThan(1e-4);
  });
});
