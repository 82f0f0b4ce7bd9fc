import { describe, expect, it } from 'vitest';
import { computeCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { coverageFigures, type CoverageReport, pixelCovered } from '../../../server/core/coverage/coverage-figures.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { addCellsIncremental, warmWhatIf } from '../../../server/core/coverage/what-if.ts';
import { seededRandom } from '../geo/fixtures.ts';
import { makeCell, offsetKm, rectangleKm } from './fixtures.ts';
import { randomScenario } from './random-scenario.ts';

describe('addCellsIncremental', () => {
  const scenario = randomScenario(21, 7, 8, 50);
  const inputs = scenario.inputs;
  // Weakened base network, so the candidate has outdoor gaps to fill.
  const cells = scenario.cells.map((c) => ({ ...c, powerDbm: c.powerDbm - 12 }));
  inputs.settlements.push(
    { population: 20000, geometry: rectangleKm(-6, -6, 0, 0) },
    { population: 5000, geometry: rectangleKm(1, 2, 5, 6) },
    { population: 300, geometry: { type: 'Point', coordinates: offsetKm(3, -3) } },
  );
  const prepared = prepareArea(inputs);
  const random = seededRandom(4);
  const reports: CoverageReport[] = Array.from({ length: 300 }, (_, k) => {
    const [lon, lat] = offsetKm((random() * 2 - 1) * 7, (random() * 2 - 1) * 7);
    return { lon, lat, technology: k % 3 === 0 ? 'unknown' : k % 3 === 1 ? 'GSM' : 'CDMA', weight: 1 + (k % 2) };
  });
  const [lon, lat] = offsetKm(-3, -3);
  const candidate = [0, 120, 240].map((azimuthDeg, k) =>
    makeCell({
      key: `CAND/${k}`,
      siteCode: 'CAND',
      cellCode: String(k),
      lon,
      lat,
      azimuthDeg,
      tiltDeg: 3,
      heightM: 35,
      powerDbm: 43,
      gainDbi: 15,
      lossDb: 3,
    }),
  );

  for (const technology of ['GSM', 'any'] as const) {
    for (const indoor of [false, true]) {
      it(`equals a full recompute with the candidate (${technology}, ${indoor ? 'indoor' : 'outdoor'})`, () => {
        const base = computeCoverageRaster(prepared, cells, technology);
        const full = computeCoverageRaster(prepared, [...cells, ...candidate], technology);
        const result = addCellsIncremental(prepared, base, candidate, { indoor, reports });
        expect(result.before).toEqual(coverageFigures(prepared, base, { indoor, reports }));
        expect(result.after).toEqual(coverageFigures(prepared, full, { indoor, reports }));
        expect(result.newlyCoveredPixels.length).toBeGreaterThan(500);
        expect(result.newlyCoveredPopulation).toBeGreaterThan(0);
        expect(result.after.reportsUncovered).toBeLessThan(result.before.reportsUncovered);

        const extraLossDb = indoor ? prepared.settings.indoorPenetrationLossDb : 0;
        const gained: number[] = [];
        for (let i = 0; i < prepared.mask.length; i++) {
          if (prepared.mask[i] && pixelCovered(full, i, extraLossDb) && !pixelCovered(base, i, extraLossDb)) gained.push(i);
        }
        expect([...result.newlyCoveredPixels].sort((a, b) => a - b)).toEqual(gained);
        let wrong = 0;
        result.newlyCoveredPixels.forEach((i, k) => {
          if (result.newlyCoveredLevelDbm[k] !== full.levelDbm[i] || result.newlyCoveredBestCell[k] !== full.bestCell[i]) wrong++;
        });
        expect(wrong).toBe(0);
      });
    }
  }

  it('gives the same answer after warming the memoised index', () => {
    const cold = computeCoverageRaster(prepared, cells, 'GSM');
    const warm = computeCoverageRaster(prepared, cells, 'GSM');
    warmWhatIf(prepared, warm, { indoor: true, reports });
    const a = addCellsIncremental(prepared, cold, candidate, { indoor: true, reports });
    const b = addCellsIncremental(prepared, warm, candidate, { indoor: true, reports });
    expect(b.after).toEqual(a.after);
    expect(b.newlyCoveredPixels).toEqual(a.newlyCoveredPixels);
  });

  it('changes nothing for a candidate of another technology', () => {
    const base = computeCoverageRaster(prepared, cells, 'GSM');
    const cdma = candidate.map((c) => ({ ...c, technology: 'CDMA' as const, frequencyMhz: 870 }));
    const result = addCellsIncremental(prepared, base, cdma, { reports });
    expect(result.newlyCoveredPixels.length).toBe(0);
    expect(result.after).toEqual(result.before);
  });
});
