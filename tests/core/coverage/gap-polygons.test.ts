import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { createCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { gapPolygons, regionPolygons } from '../../../server/core/coverage/gap-polygons.ts';
import { pixelCovered } from '../../../server/core/coverage/coverage-figures.ts';
import { ellipsoidalAreaKm2 } from '../../../server/core/geo/ellipsoidal-area.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { pixelToLonLat } from '../../../server/core/geo/grid-lookup.ts';
import { seededRandom } from '../geo/fixtures.ts';
import { makeCell, squareArea } from './fixtures.ts';

const inputs = squareArea(5, { resolutionM: 100 });
const prepared = prepareArea(inputs);
const { width } = prepared.grid;
const cell = makeCell();
/** Ellipsoidal area of one 100 m pixel here, km2 (0.01 km2 on the UTM grid). */
const px = prepared.pixelAreaKm2;

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
    const gaps = gapPolygons(withPeople, raster, {
      reports: [
        { lon, lat, technology: 'GSM', weight: 3 },
        { lon, lat, technology: 'CDMA' },
      ],
    });
    expect(gaps.features).toHaveLength(1);
    const gap = gaps.features[0];
    expect(gap.id).toBe('gap-1');
    expect(gap.properties.areaKm2).toBeCloseTo(20 * 15 * px, 12);
    expect(gap.properties.population).toBeCloseTo(250, 3);
    expect(gap.properties.reportCount).toBe(3);
    expect(gap.geometry.type).toBe('Polygon');
    const ring = (gap.geometry as GeoJSON.Polygon).coordinates[0];
    expect(ring).toHaveLength(5);
    expect(turf.booleanClockwise(ring)).toBe(false);
    expect(Math.abs(ellipsoidalAreaKm2(gap.geometry) / gap.properties.areaKm2 - 1)).toBeLessThan(1e-4);
    expect(turf.booleanPointInPolygon(gap.properties.centroid, gap)).toBe(true);
  });
  it('keeps an island of coverage as a hole', () => {
    const raster = rasterWithHoles((c, r) => inRect(20, 20, 40, 40)(c, r) && !inRect(25, 25, 35, 35)(c, r));
    const [gap] = gapPolygons(prepared, raster).features;
    const polygon = gap.geometry as GeoJSON.Polygon;
    expect(polygon.coordinates).toHaveLength(2);
    expect(turf.booleanClockwise(polygon.coordinates[1])).toBe(true);
    expect(gap.properties.areaKm2).toBeCloseTo(300 * px, 12);
    expect(Math.abs(ellipsoidalAreaKm2(gap.geometry) / gap.properties.areaKm2 - 1)).toBeLessThan(1e-4);
    expect(turf.booleanValid(gap)).toBe(true);
  });
  it('joins pixels touching at a corner (8-connectivity) into one simple ring', () => {
    const raster = rasterWithHoles((c, r) => inRect(10, 10, 13, 13)(c, r) || inRect(13, 13, 16, 16)(c, r));
    const gaps = gapPolygons(prepared, raster, { minGapAreaKm2: 0 });
    expect(gaps.features).toHaveLength(1);
    const ring = (gaps.features[0].geometry as GeoJSON.Polygon).coordinates[0];
    expect(hasRepeatedVertex(ring)).toBe(false);
    expect(gaps.features[0].properties.areaKm2).toBeCloseTo(18 * px, 12);
  });
  it('drops gaps below minGapAreaKm2 and sorts the rest largest first', () => {
    const raster = rasterWithHoles((c, r) => inRect(5, 5, 7, 7)(c, r) || inRect(40, 40, 50, 50)(c, r) || inRect(60, 10, 80, 20)(c, r));
    expect(gapPolygons(prepared, raster).features.map((f) => f.properties.areaKm2)).toEqual([200 * px, 100 * px]);
    expect(gapPolygons(prepared, raster, { minGapAreaKm2: 0 }).features.map((f) => f.properties.areaKm2)).toEqual([
      200 * px,
      100 * px,
      4 * px,
    ]);
  });
  it('traces random speckle into simple rings whose areas match the pixel counts', () => {
    const random = seededRandom(9);
    const raster = rasterWithHoles(() => random() < 0.45);
    // Whole pixel outlines (not clipped to the boundary) must measure their pixels.
    const uncovered = new Uint8Array(raster.bestCell.length);
    for (let i = 0; i < uncovered.length; i++) uncovered[i] = prepared.mask[i] && !pixelCovered(raster, i, 0) ? 1 : 0;
    const gaps = regionPolygons(prepared, uncovered, { minAreaKm2: 0, idPrefix: 'gap', clipToBoundary: false });
    let uncoveredKm2 = 0;
    for (let i = 0; i < raster.bestCell.length; i++) if (prepared.mask[i] && raster.bestCell[i] < 0) uncoveredKm2 += px;
    const totalKm2 = gaps.features.reduce((a, f) => a + f.properties.areaKm2, 0);
    expect(totalKm2).toBeCloseTo(uncoveredKm2, 6);
    let repeated = 0;
    let areaMismatch = 0;
    let invalid = 0;
    for (const f of gaps.features) {
      if (!turf.booleanValid(f)) invalid++;
      const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const polygon of polygons) for (const ring of polygon) if (hasRepeatedVertex(ring)) repeated++;
      // Saddle corners add 0.05² / 2 pixel each.
      if (Math.abs(ellipsoidalAreaKm2(f.geometry) - f.properties.areaKm2) > 0.003 * f.properties.areaKm2 + 0.0002) areaMismatch++;
    }
    expect(repeated).toBe(0);
    expect(invalid).toBe(0);
    expect(areaMismatch).toBe(0);
    expect(gaps.features.some((f) => f.geometry.type === 'Polygon' && f.geometry.coordinates.length > 3)).toBe(true);
  });
  it('clips outlines to the boundary: no vertex outside it, area and people still those of the pixels', () => {
    // Everything uncovered: one gap, the whole inside of the boundary, whose edge pixels overhang it.
    const raster = rasterWithHoles(() => true);
    const [gap] = gapPolygons(prepared, raster, { simplifyToleranceM: 50 }).features;
    expect(gap.properties.areaKm2).toBeCloseTo(prepared.insidePixelCount * px, 9);
    const unclipped = regionPolygons(prepared, prepared.mask, { minAreaKm2: 0, idPrefix: 'gap', clipToBoundary: false }).features[0];
    const boundary = turf.feature(inputs.boundary);
    const outsideM = (f: typeof gap) =>
      Math.max(
        ...turf
          .coordAll(f)
          .map((p) => (turf.booleanPointInPolygon(p, boundary) ? 0 : turf.pointToPolygonDistance(p, boundary, { units: 'meters' }))),
      );
    expect(outsideM(unclipped)).toBeGreaterThan(20);
    expect(outsideM(gap)).toBeLessThan(0.5);
    expect(turf.booleanValid(gap)).toBe(true);
    // What is cut off is the overhang of the edge pixels; the dents between them stay out, so the outline is a little smaller than its pixels.
    const clippedKm2 = ellipsoidalAreaKm2(gap.geometry);
    expect(clippedKm2).toBeLessThan(Math.min(gap.properties.areaKm2, ellipsoidalAreaKm2(inputs.boundary)));
    expect(clippedKm2).toBeGreaterThan(0.98 * gap.properties.areaKm2);
  });
  it('clips a gap with a hole on the boundary into a valid polygon that keeps the hole', () => {
    // A band along the western edge, with a covered island inside it.
    const raster = rasterWithHoles((c, r) => c < 12 && r >= 20 && r < 60 && !inRect(4, 30, 8, 40)(c, r));
    const [gap] = gapPolygons(prepared, raster).features;
    expect(gap.geometry.type).toBe('Polygon');
    const polygon = gap.geometry as GeoJSON.Polygon;
    expect(polygon.coordinates).toHaveLength(2);
    expect(turf.booleanClockwise(polygon.coordinates[0])).toBe(false);
    expect(turf.booleanClockwise(polygon.coordinates[1])).toBe(true);
    expect(turf.booleanValid(gap)).toBe(true);
    expect(
      turf
        .coordAll(gap)
        .every(
          (p) =>
            turf.booleanPointInPolygon(p, inputs.boundary) ||
            (turf.pointToPolygonDistance(p, inputs.boundary, { units: 'meters' }) as number) < 0.5,
        ),
    ).toBe(true);
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
