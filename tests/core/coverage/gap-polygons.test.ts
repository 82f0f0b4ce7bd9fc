import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { createCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { gapPolygons } from '../../../server/core/coverage/gap-polygons.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { pixelToLonLat } from '../../../server/core/geo/grid-lookup.ts';
import { seededRandom } from '../geo/fixtures.ts';
import { makeCell, squareArea } from './fixtures.ts';

const inputs = squareArea(5, { resolutionM: 100 });
const prepared = prepareArea(inputs);
const { width } = prepared.grid;
const cell = makeCell();

/** A raster covered everywhere except the listed pixels. */
function rasterWithHoles(uncovered: (col: number, row: number) => boolean) {
  const raster = createCoverageRaster(prepared, [cell], 'GSM');
  for (let i = 0; i < raster.bestCell.length; i++) {
    if (!prepared.mask[i] || uncovered(i % width, Math.floor(i / width))) continue;
    raster.bestCell[i] = 0;
    raster.levelDbm[i] = -60;
  }
  return raster;
}

const inRect = (c0: number, r0: number, c1: number, r1: number) => (c: number, r: number) => c >= c0 && c < c1 && r >= r0 && r < r1;

function hasRepeatedVertex(ring: GeoJSON.Position[]): boolean {
  const seen = new Set(ring.slice(0, -1).map((p) => `${p[0]},${p[1]}`));
  return seen.size !== ring.length - 1;
}

describe('gapPolygons', () => {
  it('outlines a rectangular hole exactly, counter-clockwise, with its area, people and reports', () => {
    const raster = rasterWithHoles(inRect(10, 20, 30, 35));
    const [lon, lat] = pixelToLonLat(prepared.grid, 12, 22);
    const localInputs = { ...inputs, settlements: [{ population: 250, geometry: { type: 'Point' as const, coordinates: [lon, lat] } }] };
    const withPeople = prepareArea(localInputs);
    const gaps = gapPolygons(withPeople, raster, { reports: [{ lon, lat, technology: 'GSM', weight: 3 }, { lon, lat, technology: 'CDMA' }] });
    expect(gaps.features).toHaveLength(1);
    const gap = gaps.features[0];
    expect(gap.id).toBe('gap-1');
    expect(gap.properties.areaKm2).toBeCloseTo(20 * 15 * 0.01, 9);
    expect(gap.properties.population).toBeCloseTo(250, 3);
    expect(gap.properties.reportCount).toBe(3);
    expect(gap.geometry.type).toBe('Polygon');
    const ring = (gap.geometry as GeoJSON.Polygon).coordinates[0];
    expect(ring).toHaveLength(5);
    expect(turf.booleanClockwise(ring)).toBe(false);
    expect(Math.abs(turf.area(gap) / 1e6 / gap.properties.areaKm2 - 1)).toBeLessThan(0.003);
    expect(turf.booleanPointInPolygon(gap.properties.centroid, gap)).toBe(true);
  });
  it('keeps an island of coverage as a hole', () => {
    const raster = rasterWithHoles((c, r) => inRect(20, 20, 40, 40)(c, r) && !inRect(25, 25, 35, 35)(c, r));
    const [gap] = gapPolygons(prepared, raster).features;
    const polygon = gap.geometry as GeoJSON.Polygon;
    expect(polygon.coordinates).toHaveLength(2);
    expect(turf.booleanClockwise(polygon.coordinates[1])).toBe(true);
    expect(gap.properties.areaKm2).toBeCloseTo(3, 9);
    expect(Math.abs(turf.area(gap) / 1e6 / 3 - 1)).toBeLessThan(0.003);
    expect(turf.booleanValid(gap)).toBe(true);
  });
  it('joins pixels touching at a corner (8-connectivity) into one simple ring', () => {
    const raster = rasterWithHoles((c, r) => inRect(10, 10, 13, 13)(c, r) || inRect(13, 13, 16, 16)(c, r));
    const gaps = gapPolygons(prepared, raster, { minGapAreaKm2: 0 });
    expect(gaps.features).toHaveLength(1);
    const ring = (gaps.features[0].geometry as GeoJSON.Polygon).coordinates[0];
    expect(hasRepeatedVertex(ring)).toBe(false);
    expect(gaps.features[0].properties.areaKm2).toBeCloseTo(0.18, 9);
  });
  it('drops gaps below minGapAreaKm2 and sorts the rest largest first', () => {
    const raster = rasterWithHoles((c, r) => inRect(5, 5, 7, 7)(c, r) || inRect(40, 40, 50, 50)(c, r) || inRect(60, 10, 80, 20)(c, r));
    expect(gapPolygons(prepared, raster).features.map((f) => f.properties.areaKm2)).toEqual([2, 1]);
    expect(gapPolygons(prepared, raster, { minGapAreaKm2: 0 }).features.map((f) => Number(f.properties.areaKm2.toFixed(6)))).toEqual([2, 1, 0.04]);
  });
  it('traces random speckle into simple rings whose areas match the pixel counts', () => {
    const random = seededRandom(9);
    const raster = rasterWithHoles(() => random() < 0.45);
    const gaps = gapPolygons(prepared, raster, { minGapAreaKm2: 0 });
    let uncoveredKm2 = 0;
    for (let i = 0; i < raster.bestCell.length; i++) if (prepared.mask[i] && raster.bestCell[i] < 0) uncoveredKm2 += 0.01;
    const totalKm2 = gaps.features.reduce((a, f) => a + f.properties.areaKm2, 0);
    expect(totalKm2).toBeCloseTo(uncoveredKm2, 6);
    let repeated = 0;
    let areaMismatch = 0;
    let invalid = 0;
    for (const f of gaps.features) {
      if (!turf.booleanValid(f)) invalid++;
      const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const polygon of polygons) for (const ring of polygon) if (hasRepeatedVertex(ring)) repeated++;
      if (Math.abs(turf.area(f) / 1e6 - f.properties.areaKm2) > 0.003 * f.properties.areaKm2 + 0.0002) areaMismatch++;
    }
    expect(repeated).toBe(0);
    expect(invalid).toBe(0);
    expect(areaMismatch).toBe(0);
    expect(gaps.features.some((f) => f.geometry.type === 'Polygon' && f.geometry.coordinates.length > 3)).toBe(true);
  });
  it('simplifies outlines when asked, keeping the area close', () => {
    const raster = rasterWithHoles((c, r) => (c - 50) ** 2 + (r - 50) ** 2 < 400);
    const exact = gapPolygons(prepared, raster).features[0];
    const simple = gapPolygons(prepared, raster, { simplifyToleranceM: 100 }).features[0];
    const count = (f: typeof exact) => (f.geometry as GeoJSON.Polygon).coordinates[0].length;
    expect(count(simple)).toBeLessThan(count(exact) / 2);
    expect(Math.abs(turf.area(simple) / turf.area(exact) - 1)).toBeLessThan(0.02);
  });
});
