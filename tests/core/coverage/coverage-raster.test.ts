import { describe, expect, it } from 'vitest';
import { computeCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { coverageFigures, pixelCovered } from '../../../server/core/coverage/coverage-figures.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { pixelCentreX, pixelCentreY } from '../../../server/core/geo/area-grid.ts';
import { lonLatToPixel } from '../../../server/core/geo/grid-lookup.ts';
import { utmProjection } from '../../../server/core/geo/utm-projection.ts';
import { okumuraHataModel } from '../../../server/core/radio/okumura-hata.ts';
import { CENTRE, makeCell, offsetKm, squareArea } from './fixtures.ts';

/** Radius (km) where a tilted omni cell's level meets the threshold, closed form from Hata. */
function discRadiusKm(eirpDbm: number, thresholdDbm: number, heightM: number, receiverHeightM: number): number {
  const m = okumuraHataModel(900, heightM, receiverHeightM, 'suburban');
  return 10 ** ((eirpDbm - thresholdDbm - m.interceptDb) / m.slopeDbPerDecade);
}

function countCovered(prepared: ReturnType<typeof prepareArea>, raster: ReturnType<typeof computeCoverageRaster>, extraLossDb = 0): number {
  let n = 0;
  for (let i = 0; i < raster.levelDbm.length; i++) if (prepared.mask[i] && pixelCovered(raster, i, extraLossDb)) n++;
  return n;
}

describe('lone omni cell on flat suburban ground', () => {
  const prepared = prepareArea(squareArea(12));
  const settings = prepared.settings;
  const eirp = 40 + 12 - 2;
  const radiusKm = discRadiusKm(eirp, settings.thresholdsDbm.GSM, 30, settings.receiverHeightM);
  // Tilt the beam so the vertical pattern is exactly 0 dB at the disc edge: the edge is then pure Hata.
  const tiltDeg = (Math.atan2(30 - settings.receiverHeightM, radiusKm * 1000) * 180) / Math.PI;
  const cell = makeCell({ tiltDeg });
  const raster = computeCoverageRaster(prepared, [cell], 'GSM');

  it('covers a disc of the closed-form radius (coverage % within 1% of pi r^2 / area)', () => {
    expect(radiusKm).toBeGreaterThan(3);
    expect(radiusKm).toBeLessThan(11);
    const figures = coverageFigures(prepared, raster);
    const expectedPct = (100 * Math.PI * radiusKm * radiusKm) / figures.areaKm2;
    expect(Math.abs(figures.coveragePct / expectedPct - 1)).toBeLessThan(0.01);
  });
  it('is covered just inside the radius and not just outside it, in every direction', () => {
    for (let k = 0; k < 8; k++) {
      const a = (k * Math.PI) / 4;
      const inside = offsetKm(0.97 * radiusKm * Math.sin(a), 0.97 * radiusKm * Math.cos(a));
      const outside = offsetKm(1.03 * radiusKm * Math.sin(a), 1.03 * radiusKm * Math.cos(a));
      expect(pixelCovered(raster, lonLatToPixel(prepared.grid, ...inside)!.index, 0), `inside ${k}`).toBe(true);
      expect(pixelCovered(raster, lonLatToPixel(prepared.grid, ...outside)!.index, 0), `outside ${k}`).toBe(false);
    }
  });
  it('indoor coverage shrinks to the radius of threshold + penetration loss', () => {
    const indoorKm = discRadiusKm(eirp, settings.thresholdsDbm.GSM + settings.indoorPenetrationLossDb, 30, settings.receiverHeightM);
    const figures = coverageFigures(prepared, raster, { indoor: true });
    // The tilt is tuned for the outdoor edge, so allow for up to ~0.1 dB of vertical pattern at the indoor edge.
    expect(Math.abs(figures.coveredKm2 / (Math.PI * indoorKm * indoorKm) - 1)).toBeLessThan(0.02);
  });
  it('marks every covered pixel with the one server and a server count of 1', () => {
    let served = 0;
    let wrong = 0;
    for (let i = 0; i < raster.levelDbm.length; i++) {
      if (raster.bestCell[i] < 0) continue;
      served++;
      if (raster.bestCell[i] !== 0 || raster.serverCount[i] !== 1 || raster.pilotCount[i] !== 0) wrong++;
    }
    expect(served).toBeGreaterThan(countCovered(prepared, raster));
    expect(wrong).toBe(0);
  });
});

describe('sector and best-server geometry', () => {
  const prepared = prepareArea(squareArea(10));
  it('a sector covers farther along its azimuth than behind', () => {
    const raster = computeCoverageRaster(prepared, [makeCell({ azimuthDeg: 90, tiltDeg: 2 })], 'GSM');
    const centre = lonLatToPixel(prepared.grid, ...CENTRE)!;
    let east = 0;
    let west = 0;
    for (let col = 0; col < prepared.grid.width; col++) {
      const i = centre.row * prepared.grid.width + col;
      if (!pixelCovered(raster, i, 0)) continue;
      if (col > centre.col) east++;
      else if (col < centre.col) west++;
    }
    expect(east).toBeGreaterThan(4 * west);
    expect(west).toBeGreaterThan(0);
  });
  it('picks the nearer of two identical cells, and counts both where they are within the overlap margin', () => {
    const a = makeCell({ lon: offsetKm(-2, 0)[0], lat: offsetKm(-2, 0)[1] });
    const b = makeCell({ lon: offsetKm(2, 0)[0], lat: offsetKm(2, 0)[1] });
    const raster = computeCoverageRaster(prepared, [a, b], 'GSM');
    const projection = utmProjection(prepared.grid.epsg);
    const [ax, ay] = projection.forward([a.lon, a.lat]);
    const [bx, by] = projection.forward([b.lon, b.lat]);
    let checked = 0;
    for (let row = 0; row < prepared.grid.height; row += 7) {
      for (let col = 0; col < prepared.grid.width; col += 7) {
        const i = row * prepared.grid.width + col;
        if (raster.bestCell[i] < 0) continue;
        const x = pixelCentreX(prepared.grid, col);
        const y = pixelCentreY(prepared.grid, row);
        const da = Math.hypot(x - ax, y - ay);
        const db = Math.hypot(x - bx, y - by);
        if (Math.abs(da - db) < 30) continue;
        expect(raster.bestCell[i]).toBe(da < db ? 0 : 1);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    const mid = lonLatToPixel(prepared.grid, ...CENTRE)!.index;
    expect(raster.serverCount[mid]).toBe(2);
    const nearA = lonLatToPixel(prepared.grid, ...offsetKm(-2.2, 0))!.index;
    expect(raster.serverCount[nearA]).toBe(1);
  });
  it('counts co-located CDMA pilots of equal strength for pilot pollution', () => {
    const cells = [0, 1, 2, 3].map(() => makeCell({ technology: 'CDMA', frequencyMhz: 870 }));
    const raster = computeCoverageRaster(prepared, cells, 'CDMA');
    const i = lonLatToPixel(prepared.grid, ...offsetKm(1, 1))!.index;
    expect(raster.pilotCount[i]).toBe(4);
    expect(raster.serverCount[i]).toBe(4);
    expect(raster.bestCell[i]).toBe(0);
    expect(raster.pilotCount[i] > prepared.settings.pilotPollutionCount).toBe(true);
  });
  it("'any' covers the union of the GSM and CDMA coverage, each judged by its own threshold", () => {
    const gsm = makeCell({ lon: offsetKm(-3, 0)[0], lat: offsetKm(-3, 0)[1] });
    const cdma = makeCell({ technology: 'CDMA', frequencyMhz: 870, powerDbm: 36, lon: offsetKm(3, 0)[0], lat: offsetKm(3, 0)[1] });
    const cells = [gsm, cdma];
    const byGsm = computeCoverageRaster(prepared, cells, 'GSM');
    const byCdma = computeCoverageRaster(prepared, cells, 'CDMA');
    const byAny = computeCoverageRaster(prepared, cells, 'any');
    let union = 0;
    let mismatches = 0;
    for (let i = 0; i < prepared.mask.length; i++) {
      if (!prepared.mask[i]) continue;
      const expected = pixelCovered(byGsm, i, 0) || pixelCovered(byCdma, i, 0);
      if (expected) union++;
      if (pixelCovered(byAny, i, 0) !== expected) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(union).toBeGreaterThan(countCovered(prepared, byGsm));
    expect(union).toBeGreaterThan(countCovered(prepared, byCdma));
  });
});
