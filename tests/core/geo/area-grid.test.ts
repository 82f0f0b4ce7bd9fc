import { describe, expect, it } from 'vitest';
import {
  createAreaGrid,
  ellipsoidalAreaKm2,
  meanPixelAreaKm2,
  lonLatToPixel,
  pixelToLonLat,
  rasteriseBoundaryMask,
  rasteriseEnvironment,
  rasterisePopulation,
  tileWindows,
  utmProjection,
  utmZoneForLonLat,
} from '../../../server/core/geo/index.ts';
import { ranghuluBoundary } from './fixtures.ts';

function square(lon: number, lat: number, sizeDeg: number): GeoJSON.Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + sizeDeg, lat],
        [lon + sizeDeg, lat + sizeDeg],
        [lon, lat + sizeDeg],
        [lon, lat],
      ],
    ],
  };
}

describe('UTM zones', () => {
  it('picks zone 51N (EPSG:32651) for Daqing and 56S (EPSG:32756) for Sydney', () => {
    expect(utmZoneForLonLat(124.87, 46.65)).toEqual({ zone: 51, south: false, epsg: 32651 });
    expect(utmZoneForLonLat(151.2, -33.9)).toEqual({ zone: 56, south: true, epsg: 32756 });
  });
  it('puts the central meridian at easting 500 000 m and round-trips', () => {
    const p = utmProjection(32651);
    const [x, y] = p.forward([123, 46.65]);
    expect(x).toBeCloseTo(500000, 3);
    expect(y).toBeGreaterThan(5.16e6);
    const back = p.inverse(p.forward([124.87, 46.65]));
    expect(back[0]).toBeCloseTo(124.87, 9);
    expect(back[1]).toBeCloseTo(46.65, 9);
  });
});

describe('area grid on the Ranghulu boundary', () => {
  const boundary = ranghuluBoundary();
  const grid = createAreaGrid(boundary, 25);
  const mask = rasteriseBoundaryMask(grid, boundary);

  it('is in zone 51N with an origin snapped to the resolution', () => {
    expect(grid.epsg).toBe(32651);
    expect(grid.originX % 25).toBe(0);
    expect(grid.originY % 25).toBe(0);
  });
  it('masks an area within 0.01 % of the ellipsoidal polygon area', () => {
    let inside = 0;
    for (let i = 0; i < mask.length; i++) inside += mask[i];
    const maskKm2 = inside * meanPixelAreaKm2(grid, mask);
    expect(Math.abs(maskKm2 / ellipsoidalAreaKm2(boundary) - 1)).toBeLessThan(0.0001);
    expect(inside).toBeGreaterThan(1.8e6);
  });
  it('maps lon/lat to pixels and back to the pixel centre', () => {
    const pixel = lonLatToPixel(grid, 124.87, 46.65);
    expect(pixel).not.toBeNull();
    const [lon, lat] = pixelToLonLat(grid, pixel!.col, pixel!.row);
    expect(Math.abs(lon - 124.87)).toBeLessThan(25 / 76000);
    expect(Math.abs(lat - 46.65)).toBeLessThan(25 / 111000);
    expect(lonLatToPixel(grid, lon, lat)).toEqual(pixel);
    expect(lonLatToPixel(grid, 100, 46)).toBeNull();
  });
  it('tiles the grid without overlap or gap', () => {
    const tiles = tileWindows(grid, 256);
    expect(tiles.reduce((a, t) => a + t.width * t.height, 0)).toBe(grid.width * grid.height);
    expect(tiles.every((t) => t.width <= 256 && t.height <= 256)).toBe(true);
  });
});

describe('environment and population rasters', () => {
  const area = square(124.8, 46.6, 0.1);
  const grid = createAreaGrid(area, 100);

  it('paints clutter zones over the default class, later zones winning', () => {
    const env = rasteriseEnvironment(
      grid,
      [
        { environment: 'urban', geometry: square(124.82, 46.62, 0.04) },
        { environment: 'urban-large', geometry: square(124.83, 46.63, 0.01) },
      ],
      'rural',
    );
    const at = (lon: number, lat: number) => env[lonLatToPixel(grid, lon, lat)!.index];
    expect(at(124.81, 46.61)).toBe(3);
    expect(at(124.85, 46.65)).toBe(1);
    expect(at(124.835, 46.635)).toBe(0);
  });
  it('spreads polygon population evenly, keeps tiny polygons and points whole, drops people off the grid', () => {
    const pop = rasterisePopulation(grid, [
      { population: 1000, geometry: square(124.82, 46.62, 0.02) },
      { population: 70, geometry: square(124.851, 46.651, 0.0002) },
      { population: 30, geometry: { type: 'Point', coordinates: [124.88, 46.68] } },
      { population: 55, geometry: { type: 'Point', coordinates: [120, 40] } },
    ]);
    let total = 0;
    const values = new Set<number>();
    for (let i = 0; i < pop.length; i++) {
      total += pop[i];
      if (pop[i] > 0) values.add(pop[i]);
    }
    expect(total).toBeCloseTo(1100, 2);
    expect(pop[lonLatToPixel(grid, 124.8511, 46.6511)!.index]).toBeCloseTo(70, 4);
    expect(pop[lonLatToPixel(grid, 124.88, 46.68)!.index]).toBeCloseTo(30, 4);
    expect(values.size).toBe(3);
  });
});
