import { describe, expect, it } from 'vitest';
import { computeCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { pointQuery } from '../../../server/core/coverage/point-query.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { lonLatToPixel, pixelToLonLat } from '../../../server/core/geo/grid-lookup.ts';
import { pathLossDb } from '../../../server/core/radio/index.ts';
import { makeCell, offsetKm, squareArea } from './fixtures.ts';
import { withGround } from './terrain-scene.ts';

describe('point query with terrain', () => {
  const flat = prepareArea(squareArea(5, { resolutionM: 50 }, 'rural'));
  const cell = makeCell({ heightM: 30, azimuthDeg: null, powerDbm: 43 });
  const [siteX] = (() => {
    const p = lonLatToPixel(flat.grid, cell.lon, cell.lat)!;
    return [flat.grid.originX + (p.col + 0.5) * flat.grid.resolutionM];
  })();
  // Ground 100 m, a north-south ridge 2 km east of the site rising 70 m.
  const ridge = withGround(flat, (x) => 100 + 70 * Math.exp(-(((x - siteX - 2000) / 120) ** 2)));
  const [lon, lat] = offsetKm(4, 0.3);
  const pixel = lonLatToPixel(flat.grid, lon, lat)!;
  const [plon, plat] = pixelToLonLat(flat.grid, pixel.col, pixel.row);

  it('reports the profile, the ridge as principal edge, and adds its loss to the path loss', () => {
    const r = pointQuery([cell], 'rural', flat.settings, plon, plat, 'GSM', { terrainArea: ridge, cutoffMarginDb: 1000 });
    const server = r.servers[0];
    const t = server.terrain!;
    expect(t.siteGroundM).toBeCloseTo(100, 6);
    expect(t.edges.find((e) => e.role === 'principal')!.distanceM).toBeGreaterThan(1850);
    expect(t.edges.find((e) => e.role === 'principal')!.distanceM).toBeLessThan(2150);
    expect(t.diffractionLossDb).toBeGreaterThan(5);
    expect(t.profile.length).toBeGreaterThan(10);
    expect(t.profile[0]).toMatchObject({ distanceM: 0, groundM: expect.closeTo(100, 6), lineOfSightM: expect.closeTo(130, 6) });
    const hata = pathLossDb({
      frequencyMhz: 900,
      baseHeightM: t.effectiveHeightM,
      mobileHeightM: 1.5,
      distanceKm: server.distanceKm,
      environment: 'rural',
    });
    expect(server.pathLossDb).toBeCloseTo(hata.lossDb + t.diffractionLossDb, 9);
    // The raster's level at that pixel: the same terms, from the pixel centre in UTM (a few cm from the point's geodesic distance).
    const raster = computeCoverageRaster(ridge, [cell], 'GSM');
    expect(Math.abs(raster.levelDbm[pixel.index] - server.levelDbm)).toBeLessThan(0.05);
  });

  it('gives the answer without a DEM on flat ground (within 0.01 dB)', () => {
    const level = withGround(flat, () => 240);
    const withDem = pointQuery([cell], 'rural', flat.settings, plon, plat, 'GSM', { terrainArea: level });
    const without = pointQuery([cell], 'rural', flat.settings, plon, plat, 'GSM');
    expect(Math.abs(withDem.servers[0].levelDbm - without.servers[0].levelDbm)).toBeLessThan(0.01);
    expect(withDem.servers[0].terrain!.diffractionLossDb).toBe(0);
    expect(without.servers[0].terrain).toBeUndefined();
  });
});
