import { describe, expect, it } from 'vitest';
import { computeCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { coverageFigures, type CoverageReport } from '../../../server/core/coverage/coverage-figures.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { makeCell, offsetKm, rectangleKm, squareArea } from './fixtures.ts';

describe('coverageFigures on hand-made people and reports', () => {
  // One omni cell at the centre covering a disc of a few km inside a 16 km square.
  const inputs = squareArea(8);
  inputs.settlements.push(
    { population: 1000, geometry: rectangleKm(-1, -1, 1, 1) },
    { population: 500, geometry: { type: 'Point', coordinates: offsetKm(7, 7) } },
    { population: 99, geometry: { type: 'Point', coordinates: offsetKm(20, 0) } },
  );
  const prepared = prepareArea(inputs);
  const cells = [makeCell({ tiltDeg: 1 })];
  const reports: CoverageReport[] = [
    { ...lonLat(0.5, 0.5), technology: 'GSM' },
    { ...lonLat(-7, 7), technology: 'unknown', weight: 2 },
    { ...lonLat(7, -7), technology: 'CDMA' },
    { ...lonLat(30, 0), technology: 'GSM', weight: 10 },
  ];

  function lonLat(eastKm: number, northKm: number) {
    const [lon, lat] = offsetKm(eastKm, northKm);
    return { lon, lat };
  }

  it('counts area, people and reports of the run inside the boundary', () => {
    const f = coverageFigures(prepared, computeCoverageRaster(prepared, cells, 'GSM'), { reports });
    expect(f.areaKm2).toBeCloseTo(256, -0.5);
    expect(f.coveredKm2).toBeGreaterThan(4);
    expect(f.coveragePct).toBeCloseTo((100 * f.coveredKm2) / f.areaKm2, 9);
    expect(f.population).toBeCloseTo(1500, 2);
    expect(f.coveredPopulation).toBeCloseTo(1000, 2);
    expect(f.populationPct).toBeCloseTo(66.667, 2);
    expect(f.reportsTotal).toBe(3);
    expect(f.reportsUncovered).toBe(2);
    expect(f).toMatchObject({ technology: 'GSM', indoor: false });
  });
  it("counts every report in an 'any' run and none of another technology's cells", () => {
    const f = coverageFigures(prepared, computeCoverageRaster(prepared, cells, 'any'), { reports });
    expect(f.reportsTotal).toBe(4);
    expect(f.reportsUncovered).toBe(3);
    const cdma = coverageFigures(prepared, computeCoverageRaster(prepared, cells, 'CDMA'), { reports });
    expect(cdma.coveredKm2).toBe(0);
    expect(cdma.reportsTotal).toBe(3);
    expect(cdma.reportsUncovered).toBe(3);
  });
  it('shrinks indoors', () => {
    const raster = computeCoverageRaster(prepared, cells, 'GSM');
    const outdoor = coverageFigures(prepared, raster);
    const indoor = coverageFigures(prepared, raster, { indoor: true });
    expect(indoor.indoor).toBe(true);
    expect(indoor.coveredKm2).toBeLessThan(outdoor.coveredKm2 * 0.5);
    expect(indoor.coveredKm2).toBeGreaterThan(0);
  });
});
