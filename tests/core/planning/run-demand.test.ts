import { describe, expect, it } from 'vitest';
import { pixelCovered, reportWeightsByPixel } from '../../../server/core/coverage/coverage-figures.ts';
import { computeCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { addCellsIncremental } from '../../../server/core/coverage/what-if.ts';
import { buildDemandModel } from '../../../server/core/planning/coverage-demand.ts';
import { candidateFootprints, demandModelOfRun } from '../../../server/core/planning/run-demand.ts';
import { makeCell, offsetKm, squareArea } from '../coverage/fixtures.ts';

describe('demandModelOfRun', () => {
  const prepared = prepareArea(squareArea(6, { resolutionM: 100 }));
  const raster = computeCoverageRaster(prepared, [makeCell({ lon: offsetKm(-3, 0)[0], lat: offsetKm(-3, 0)[1], powerDbm: 30 })], 'GSM');
  const candidate = (code: string, eastKm: number) => {
    const [lon, lat] = offsetKm(eastKm, 0);
    return {
      code,
      cost: 10,
      coveredPixels: Uint32Array.from(
        addCellsIncremental(prepared, raster, [makeCell({ lon, lat, powerDbm: 30 })]).newlyCoveredPixels,
      ).sort(),
    };
  };
  const footprints = [candidate('A', 2), candidate('B', 4)];
  const reports = [{ lon: offsetKm(2, 0)[0], lat: offsetKm(2, 0)[1], technology: 'GSM' as const, weight: 3 }];
  const weights = { population: 1, reports: 100, areaKm2: 200 };

  it("is buildDemandModel over the run's uncovered pixels, on shared memory", () => {
    const demand = demandModelOfRun({ prepared, raster, technology: 'GSM', reports, footprints, weights });
    const baseCovered = Uint8Array.from(prepared.mask, (inside, i) => (inside === 1 && pixelCovered(raster, i, 0) ? 1 : 0));
    const expected = buildDemandModel({
      mask: prepared.mask,
      population: prepared.population,
      pixelAreaKm2: prepared.pixelAreaKm2,
      baseCovered,
      reportWeights: reportWeightsByPixel(prepared, 'GSM', reports),
      footprints,
      weights,
    });
    expect(demand.demandPixels.length).toBeGreaterThan(100);
    expect([...demand.demandPixels]).toEqual([...expected.demandPixels]);
    expect([...demand.model.weights]).toEqual([...expected.model.weights]);
    expect(demand.model.candidates.map((c) => [c.code, [...c.covers]])).toEqual(
      expected.model.candidates.map((c) => [c.code, [...c.covers]]),
    );
    expect(demand.reports.reduce((a, b) => a + b, 0)).toBe(3);
    for (const array of [demand.demandPixels, demand.model.weights, demand.population, demand.reports, demand.model.candidates[0].covers]) {
      expect(array.buffer).toBeInstanceOf(SharedArrayBuffer);
    }
  });

  it("computes the candidates' footprints (what each would newly cover), sorted, on shared memory", () => {
    const cells = [2, 4].map((eastKm) => [makeCell({ lon: offsetKm(eastKm, 0)[0], lat: offsetKm(eastKm, 0)[1], powerDbm: 30 })]);
    const computed = candidateFootprints({ prepared, raster, candidates: cells.map((c) => ({ cells: c })) });
    expect(computed.map((f) => f.length)).toEqual(cells.map((c) => addCellsIncremental(prepared, raster, c).newlyCoveredPixels.length));
    for (const f of computed) {
      expect(f.length).toBeGreaterThan(100);
      expect([...f]).toEqual([...f].sort((a, b) => a - b));
      expect(f.buffer).toBeInstanceOf(SharedArrayBuffer);
    }
  });
});
