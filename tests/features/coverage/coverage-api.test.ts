import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { pathLossDb } from '../../../server/core/radio/path-loss.ts';
import { antennaAttenuationDb, depressionAngleDeg } from '../../../server/core/radio/antenna-pattern.ts';
import { receivedLevelDbm } from '../../../server/core/radio/link-budget.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp } from '../../helpers/app.ts';

// A 10 km square (about) around one omni GSM cell, one environment class, 50 m pixels.
const LON0 = 124.85;
const LAT0 = 46.65;
const DLON = 0.066; // ≈ 5 km at 46.65° N
const DLAT = 0.045; // ≈ 5 km
const boundary: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [LON0 - DLON, LAT0 - DLAT],
      [LON0 + DLON, LAT0 - DLAT],
      [LON0 + DLON, LAT0 + DLAT],
      [LON0 - DLON, LAT0 + DLAT],
      [LON0 - DLON, LAT0 - DLAT],
    ],
  ],
};
const omni = {
  code: 'G1',
  technology: 'GSM',
  frequencyMhz: 900,
  heightM: 30,
  azimuthDeg: null,
  beamwidthDeg: 360,
  tiltDeg: 0,
  powerDbm: 36,
  gainDbi: 0,
  lossDb: 0,
};

/** Level of the omni cell at a distance, by the published link budget (Hata suburban + vertical pattern). */
function levelAtKm(distanceKm: number): number {
  const loss = pathLossDb({ frequencyMhz: 900, baseHeightM: 30, mobileHeightM: 1.5, distanceKm, environment: 'suburban' }).lossDb;
  return receivedLevelDbm(omni, loss, antennaAttenuationDb(omni, 0, depressionAngleDeg(30, 1.5, distanceKm * 1000)));
}

describe.each(TEST_DATABASES)('coverage API on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url });
    return { status: r.statusCode, body: r.json() };
  };
  beforeAll(async () => {
    ({ app, close } = await buildTestApp(target));
    const area = await app.inject({
      method: 'POST',
      url: '/api/v1/areas',
      payload: { code: 'disc', name: 'Disc', boundary, settings: { resolutionM: 50, defaultEnvironment: 'suburban' } },
    });
    expect(area.statusCode).toBe(201);
    const site = await app.inject({
      method: 'POST',
      url: '/api/v1/areas/disc/sites',
      payload: { code: 'S1', name: 'Centre', lon: LON0, lat: LAT0, cells: [omni] },
    });
    expect(site.statusCode).toBe(201);
    await app.inject({
      method: 'POST',
      url: '/api/v1/areas/disc/settlements',
      payload: { code: 'V1', name: 'Near', population: 1000, geometry: { type: 'Point', coordinates: [LON0 + 0.005, LAT0] } },
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/areas/disc/settlements',
      payload: { code: 'V2', name: 'Far', population: 3000, geometry: { type: 'Point', coordinates: [LON0 + 0.06, LAT0 + 0.04] } },
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/areas/disc/reports',
      payload: {
        externalId: 'far',
        lon: LON0 + 0.06,
        lat: LAT0 + 0.04,
        technology: 'GSM',
        kind: 'no-signal',
        source: 'complaint',
        reportedAt: '2006-03-01T00:00:00Z',
      },
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/areas/disc/reports',
      payload: {
        externalId: 'near',
        lon: LON0 + 0.001,
        lat: LAT0,
        technology: 'GSM',
        kind: 'indoor',
        source: 'callback',
        reportedAt: '2006-03-01T00:00:00Z',
      },
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/areas/disc/candidates',
      payload: {
        code: 'K1',
        name: 'Corner',
        lon: LON0 + 0.055,
        lat: LAT0 + 0.035,
        technology: 'GSM',
        cells: [{ ...omni, code: 'G1' }],
        cost: 50,
      },
    });
  });
  afterAll(async () => close());

  it('covers the disc of the link budget: coverage % = πr²/area within 1 %', async () => {
    const { status, body } = await get('/api/v1/areas/disc/coverage?technology=GSM');
    expect(status).toBe(200);
    // The radius where the link budget meets the -90 dBm threshold, by bisection.
    let lo = 0.1;
    let hi = 10;
    for (let k = 0; k < 60; k++) {
      const mid = (lo + hi) / 2;
      if (levelAtKm(mid) >= -90) lo = mid;
      else hi = mid;
    }
    const radiusKm = lo;
    expect(radiusKm).toBeGreaterThan(1.5);
    expect(radiusKm).toBeLessThan(2.5);
    const expectedPct = (100 * Math.PI * radiusKm ** 2) / body.areaKm2;
    expect(Math.abs(body.coveragePct - expectedPct) / expectedPct).toBeLessThan(0.01);
    expect(body).toMatchObject({
      technology: 'GSM',
      resolutionM: 50,
      thresholdDbm: -90,
      population: 4000,
      coveredPopulation: 1000,
      populationPct: 25,
      reportsTotal: 2,
      reportsUncovered: 1,
      cellCount: 1,
    });
    expect(body.areaKm2).toBeGreaterThan(90);
    expect(body.gapCount).toBe(1);
  });

  it('serves the same figures from the cache and recomputes after a change', async () => {
    const first = await get('/api/v1/areas/disc/coverage?technology=GSM');
    expect(first.body.cached).toBe(true);
    await app.inject({ method: 'PATCH', url: '/api/v1/areas/disc', payload: { settings: { thresholdsDbm: { GSM: -85 } } } });
    const stricter = await get('/api/v1/areas/disc/coverage?technology=GSM');
    expect(stricter.body.cached).toBe(false);
    expect(stricter.body.coveragePct).toBeLessThan(first.body.coveragePct);
    await app.inject({ method: 'PATCH', url: '/api/v1/areas/disc', payload: { settings: { thresholdsDbm: { GSM: -90 } } } });
  });

  it('counts indoor coverage with the penetration loss', async () => {
    const outdoor = await get('/api/v1/areas/disc/coverage?technology=GSM');
    const indoor = await get('/api/v1/areas/disc/coverage?technology=GSM&indoor=true');
    expect(indoor.body.indoor).toBe(true);
    expect(indoor.body.coveragePct).toBeLessThan(outdoor.body.coveragePct);
  });

  it('adds candidates to the network on request', async () => {
    const base = await get('/api/v1/areas/disc/coverage?technology=GSM');
    const plus = await get('/api/v1/areas/disc/coverage?technology=GSM&candidates=K1');
    expect(plus.body.coveragePct).toBeGreaterThan(base.body.coveragePct);
    expect(plus.body.reportsUncovered).toBe(0);
    expect(plus.body.cellCount).toBe(2);
    const unknown = await get('/api/v1/areas/disc/coverage?technology=GSM&candidates=NOPE');
    expect(unknown.status).toBe(422);
    expect(unknown.body.message).toMatch(/NOPE/);
  });

  it('returns gap polygons with area, population and reports', async () => {
    const { status, body } = await get('/api/v1/areas/disc/coverage/gaps?technology=GSM');
    expect(status).toBe(200);
    expect(body.features).toHaveLength(1);
    const gap = body.features[0];
    expect(['Polygon', 'MultiPolygon']).toContain(gap.geometry.type);
    const figures = await get('/api/v1/areas/disc/coverage?technology=GSM');
    expect(gap.properties.areaKm2).toBeCloseTo(figures.body.areaKm2 - figures.body.coveredKm2, 1);
    expect(gap.properties).toMatchObject({ population: 3000, reportCount: 1 });
  });

  it('computes the link budget exactly at a point', async () => {
    const near = await get(`/api/v1/areas/disc/coverage/point?technology=GSM&lon=${LON0 + 0.01}&lat=${LAT0}`);
    expect(near.status).toBe(200);
    expect(near.body).toMatchObject({ covered: true, bestCell: 'S1/G1', environment: 'suburban', thresholdDbm: -90 });
    expect(near.body.servers[0].distanceKm).toBeCloseTo(0.765, 1);
    expect(near.body.servers[0].levelDbm).toBeCloseTo(36 - near.body.servers[0].pathLossDb - near.body.servers[0].antennaAttenuationDb, 1);
    const far = await get(`/api/v1/areas/disc/coverage/point?technology=GSM&lon=${LON0 + 0.06}&lat=${LAT0 + 0.04}`);
    expect(far.body.covered).toBe(false);
    const outside = await get('/api/v1/areas/disc/coverage/point?technology=GSM&lon=10&lat=10');
    expect(outside.status).toBe(422);
    const bad = await get('/api/v1/areas/disc/coverage/point?technology=GSM&lon=abc&lat=10');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('/querystring/lon');
  });

  it('renders XYZ PNG tiles: coloured over the disc, transparent far away', async () => {
    // Tile containing the site at zoom 12.
    const z = 12;
    const x = Math.floor(((LON0 + 180) / 360) * 2 ** z);
    const latRad = (LAT0 * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * 2 ** z);
    const tile = await app.inject({ method: 'GET', url: `/api/v1/areas/disc/coverage/tiles/${z}/${x}/${y}.png?technology=GSM` });
    expect(tile.statusCode).toBe(200);
    expect(tile.headers['content-type']).toBe('image/png');
    const { PNG } = await import('pngjs');
    const image = PNG.sync.read(tile.rawPayload);
    let opaque = 0;
    for (let i = 3; i < image.data.length; i += 4) if (image.data[i] > 0) opaque++;
    expect(opaque).toBeGreaterThan(1000);
    const far = await app.inject({ method: 'GET', url: `/api/v1/areas/disc/coverage/tiles/${z}/0/0.png?technology=GSM` });
    const empty = PNG.sync.read(far.rawPayload);
    expect(empty.data.some((v, i) => i % 4 === 3 && v > 0)).toBe(false);
    for (const mode of ['best-server', 'overlap']) {
      expect(
        (await app.inject({ method: 'GET', url: `/api/v1/areas/disc/coverage/tiles/${z}/${x}/${y}.png?technology=GSM&mode=${mode}` }))
          .statusCode,
      ).toBe(200);
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/areas/disc/coverage/tiles/3/8/0.png' })).statusCode).toBe(400);
  });

  it('downloads the level grid as a GeoTIFF', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/areas/disc/coverage/grid.tif?technology=GSM' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('image/tiff');
    expect(r.headers['content-disposition']).toMatch(/disc-gsm-level-50m\.tif/);
    expect(r.rawPayload.subarray(0, 4).toString('latin1')).toBe('II*\u0000');
  });

  it('answers a point query for any network with both the best margin and the strongest signal', async () => {
    // A C-net cell 3 dB weaker than the G-net one, but C-net's threshold (-95) is 5 dB lower than G-net's (-90).
    const cdma = { ...omni, code: 'C1', technology: 'CDMA', frequencyMhz: 870, powerDbm: 33 };
    const site = await app.inject({
      method: 'POST',
      url: '/api/v1/areas/disc/sites',
      payload: { code: 'S2', name: 'Centre C-net', lon: LON0, lat: LAT0, cells: [cdma] },
    });
    expect(site.statusCode).toBe(201);
    try {
      const any = await get(`/api/v1/areas/disc/coverage/point?technology=any&lon=${LON0 + 0.01}&lat=${LAT0}`);
      expect(any.status).toBe(200);
      const gsm = any.body.servers.find((s: { cell: string }) => s.cell === 'S1/G1');
      const cdmaServer = any.body.servers.find((s: { cell: string }) => s.cell === 'S2/C1');
      expect(gsm.levelDbm).toBeGreaterThan(cdmaServer.levelDbm);
      expect(any.body).toMatchObject({
        bestCell: 'S2/C1',
        bestTechnology: 'CDMA',
        strongestCell: 'S1/G1',
        strongestTechnology: 'GSM',
        strongestLevelDbm: gsm.levelDbm,
        covered: true,
        thresholdDbm: null,
      });
      expect(any.body.bestMarginDb).toBeCloseTo(cdmaServer.levelDbm + 95, 1);
      expect(any.body.levelDbm).toBeCloseTo(cdmaServer.levelDbm, 2);
    } finally {
      expect((await app.inject({ method: 'DELETE', url: `/api/v1/areas/disc/sites/${site.json().id}` })).statusCode).toBe(204);
    }
  });

  it('rejects an unknown technology naming the parameter', async () => {
    const r = await get('/api/v1/areas/disc/coverage?technology=WIMAX');
    expect(r.status).toBe(400);
    expect(r.body.details[0].field).toBe('/querystring/technology');
  });
});
