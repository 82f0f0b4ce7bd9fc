import { describe, expect, it } from 'vitest';
import { computeCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { environmentAt, pointQuery } from '../../../server/core/coverage/point-query.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { pixelToLonLat } from '../../../server/core/geo/grid-lookup.ts';
import { resolveAreaSettings } from '../../../server/core/model.ts';
import { antennaAttenuationDb, depressionAngleDeg, pathLossDb } from '../../../server/core/radio/index.ts';
import { seededRandom } from '../geo/fixtures.ts';
import { makeCell, offsetKm } from './fixtures.ts';
import { randomScenario } from './random-scenario.ts';

describe('pointQuery', () => {
  it('computes the link budget of a sector 3 km from the point by hand', () => {
    const settings = resolveAreaSettings({});
    const cell = makeCell({ azimuthDeg: 20, tiltDeg: 3, heightM: 35 });
    const [lon, lat] = offsetKm(0, 3);
    const r = pointQuery([cell], 'urban', settings, lon, lat, 'GSM');
    const server = r.servers[0];
    expect(server.distanceKm).toBeCloseTo(3, 2);
    const loss = pathLossDb({
      frequencyMhz: 900,
      baseHeightM: 35,
      mobileHeightM: 1.5,
      distanceKm: server.distanceKm,
      environment: 'urban',
    });
    const attenuation = antennaAttenuationDb(cell, 0, depressionAngleDeg(35, 1.5, server.distanceKm * 1000));
    expect(server.pathLossDb).toBeCloseTo(loss.lossDb, 9);
    expect(server.antennaAttenuationDb).toBeCloseTo(attenuation, 6);
    expect(r.levelDbm).toBeCloseTo(40 + 12 - 2 - loss.lossDb - attenuation, 6);
    expect(r.covered).toBe(r.levelDbm! >= settings.thresholdsDbm.GSM);
    expect(server.extrapolated).toBe(false);
  });
  it('flags servers beyond 20 km, filters by technology and ranks by margin over each own threshold', () => {
    const settings = resolveAreaSettings({ thresholdsDbm: { GSM: -90, CDMA: -100, UMTS: -100, LTE: -110, NR: -110 } });
    const gsm = makeCell({ powerDbm: 46 });
    const cdma = makeCell({ technology: 'CDMA', frequencyMhz: 870, powerDbm: 41 });
    const [lon, lat] = offsetKm(2, 0);
    const any = pointQuery([gsm, cdma], 'suburban', settings, lon, lat, 'any');
    expect(any.servers.map((s) => s.cell)).toEqual([cdma.key, gsm.key]);
    expect(any.servers[0].levelDbm).toBeLessThan(any.servers[1].levelDbm);
    expect(pointQuery([gsm, cdma], 'suburban', settings, lon, lat, 'GSM').servers.map((s) => s.cell)).toEqual([gsm.key]);
    const far = pointQuery([gsm], 'rural', settings, ...offsetKm(25, 0), 'GSM');
    expect(far.servers[0].extrapolated).toBe(true);
    expect(pointQuery([gsm], 'urban', settings, ...offsetKm(60, 0), 'GSM')).toMatchObject({
      levelDbm: null,
      bestCell: null,
      covered: false,
    });
  });
  it('answers both the best margin and the strongest signal, each with its network', () => {
    // C-net wins on margin (-100 dBm threshold) while the G-net cell is the stronger signal.
    const settings = resolveAreaSettings({ thresholdsDbm: { GSM: -90, CDMA: -100, UMTS: -100, LTE: -110, NR: -110 } });
    const gsm = makeCell({ powerDbm: 46 });
    const cdma = makeCell({ technology: 'CDMA', frequencyMhz: 870, powerDbm: 41 });
    const [lon, lat] = offsetKm(2, 0);
    const any = pointQuery([gsm, cdma], 'suburban', settings, lon, lat, 'any');
    const [cdmaServer, gsmServer] = any.servers;
    expect(any).toMatchObject({ bestCell: cdma.key, bestTechnology: 'CDMA', levelDbm: cdmaServer.levelDbm });
    expect(any.bestMarginDb).toBeCloseTo(cdmaServer.levelDbm + 100, 9);
    expect(any.strongest).toMatchObject({ cell: gsm.key, technology: 'GSM', levelDbm: gsmServer.levelDbm });
    expect(any.strongest!.levelDbm).toBeGreaterThan(any.levelDbm!);
    const gsmOnly = pointQuery([gsm, cdma], 'suburban', settings, lon, lat, 'GSM');
    expect(gsmOnly.strongest?.cell).toBe(gsmOnly.bestCell);
    expect(pointQuery([gsm], 'urban', settings, ...offsetKm(60, 0), 'GSM')).toMatchObject({
      strongest: null,
      bestTechnology: null,
      bestMarginDb: null,
    });
  });
  it('agrees with the raster at pixel centres within 0.05 dB', () => {
    const { inputs, cells } = randomScenario(5, 6, 12, 50);
    const prepared = prepareArea(inputs);
    const raster = computeCoverageRaster(prepared, cells, 'any');
    const random = seededRandom(3);
    let compared = 0;
    let worstDb = 0;
    for (let k = 0; k < 400; k++) {
      const i = Math.floor(random() * raster.levelDbm.length);
      if (!prepared.mask[i] || raster.bestCell[i] < 0) continue;
      const [lon, lat] = pixelToLonLat(prepared.grid, i % prepared.grid.width, Math.floor(i / prepared.grid.width));
      const r = pointQuery(cells, environmentAt(prepared, lon, lat), prepared.settings, lon, lat, 'any');
      const margins = r.servers.map((s) => s.levelDbm - prepared.settings.thresholdsDbm[s.technology]);
      if (margins.length > 1 && margins[0] - margins[1] < 0.1) continue;
      expect(r.bestCell).toBe(cells[raster.bestCell[i]].key);
      worstDb = Math.max(worstDb, Math.abs(r.levelDbm! - raster.levelDbm[i]));
      compared++;
    }
    expect(compared).toBeGreaterThan(200);
    expect(worstDb).toBeLessThan(0.05);
  });
});
