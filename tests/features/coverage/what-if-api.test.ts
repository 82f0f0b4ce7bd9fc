/**
 * GET /coverage/what-if: the planner's preview of one more candidate, by difference from the base's
 * raster, gives the same figures as /coverage with the candidate added (the full recompute), for
 * each network, outdoor and indoor, on the existing network and on top of other candidates, and
 * draws what the candidate newly covers for the map; bad input is refused naming the field or the
 * candidate.
 */
import type { FastifyInstance } from 'fastify';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';

const LON0 = 124.85;
const LAT0 = 46.65;
const DLON = 0.066;
const DLAT = 0.045;
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
const cell = (code: string, technology: 'GSM' | 'CDMA') => ({
  code,
  technology,
  frequencyMhz: technology === 'GSM' ? 900 : 870,
  heightM: 30,
  azimuthDeg: null,
  beamwidthDeg: 360,
  tiltDeg: 0,
  powerDbm: 36,
  gainDbi: 0,
  lossDb: 0,
});
const FIGURES = ['coveredKm2', 'coveragePct', 'coveredPopulation', 'populationPct', 'reportsTotal', 'reportsUncovered'] as const;

describe.each(TEST_DATABASES)('what-if API on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url });
    return { status: r.statusCode, body: r.json() };
  };
  const post = async (url: string, payload: object) => {
    const r = await app.inject({ method: 'POST', url, payload });
    expect(r.statusCode, r.body).toBe(201);
  };

  beforeAll(async () => {
    ({ app, close } = await buildTestApp(target, { config: { expensiveRateLimitPerMinute: 1000 } }));
    await post('/api/v1/areas', { code: 'wi', name: 'What-if', boundary, settings: { resolutionM: 100, defaultEnvironment: 'suburban' } });
    await post('/api/v1/areas/wi/sites', {
      code: 'S1',
      name: 'Centre',
      lon: LON0,
      lat: LAT0,
      cells: [cell('G1', 'GSM'), cell('C1', 'CDMA')],
    });
    for (const [code, dx, dy] of [
      ['V1', 0.005, 0],
      ['V2', 0.055, 0.035],
      ['V3', -0.05, -0.03],
    ] as const)
      await post('/api/v1/areas/wi/settlements', {
        code,
        name: code,
        population: 1000,
        geometry: { type: 'Point', coordinates: [LON0 + dx, LAT0 + dy] },
      });
    for (const [id, dx, dy, technology] of [
      ['r1', 0.056, 0.036, 'GSM'],
      ['r2', -0.05, -0.03, 'CDMA'],
      ['r3', 0.057, 0.034, 'unknown'],
    ] as const)
      await post('/api/v1/areas/wi/reports', {
        externalId: id,
        lon: LON0 + dx,
        lat: LAT0 + dy,
        technology,
        kind: 'no-signal',
        source: 'complaint',
        reportedAt: '2006-03-01T00:00:00Z',
      });
    await post('/api/v1/areas/wi/candidates', {
      code: 'K1',
      name: 'North-east',
      lon: LON0 + 0.055,
      lat: LAT0 + 0.035,
      technology: 'GSM',
      cells: [cell('G1', 'GSM')],
      cost: 50,
    });
    await post('/api/v1/areas/wi/candidates', {
      code: 'K2',
      name: 'South-west',
      lon: LON0 - 0.05,
      lat: LAT0 - 0.03,
      technology: 'CDMA',
      cells: [cell('C1', 'CDMA')],
      cost: 40,
    });
  }, 120_000);
  afterAll(async () => close());

  it('gives the figures of the full recompute with the candidate added, per network, outdoor and indoor', async () => {
    for (const technology of ['GSM', 'CDMA', 'any'])
      for (const indoor of [false, true])
        for (const [base, add] of [
          ['', 'K1'],
          ['', 'K2'],
          ['K1', 'K2'],
          ['K2', 'K1'],
        ]) {
          const label = `${technology} indoor=${indoor} ${base || '-'} + ${add}`;
          const q = `technology=${technology}&indoor=${indoor}`;
          // The base's figures first, as the planner's page has them before a preview: its raster is then cached.
          const before = await get(`/api/v1/areas/wi/coverage?${q}${base ? `&candidates=${base}` : ''}`);
          const whatIf = await get(`/api/v1/areas/wi/coverage/what-if?${q}&add=${add}${base ? `&candidates=${base}` : ''}`);
          expect(whatIf.status, label).toBe(200);
          const after = await get(`/api/v1/areas/wi/coverage?${q}&candidates=${[base, add].filter(Boolean).join(',')}`);
          for (const key of FIGURES) {
            expect(whatIf.body.before[key], `${label} before ${key}`).toBeCloseTo(before.body[key], 9);
            expect(whatIf.body.after[key], `${label} after ${key}`).toBeCloseTo(after.body[key], 9);
          }
          expect(whatIf.body.newlyCoveredKm2, label).toBeCloseTo(after.body.coveredKm2 - before.body.coveredKm2, 9);
          expect(whatIf.body.add).toBe(add);
          expect(whatIf.body.candidates).toEqual(base ? [base] : []);
          expect(whatIf.body.baseCached, label).toBe(true);
        }
    // The added G-net site covers the north-east village, the C-net one the south-west: gains on their own network.
    const k1 = (await get('/api/v1/areas/wi/coverage/what-if?technology=GSM&add=K1')).body;
    expect(k1.newlyCoveredPopulation).toBeGreaterThan(0);
    expect(k1.after.reportsUncovered).toBeLessThan(k1.before.reportsUncovered);
    const k2OnGsm = (await get('/api/v1/areas/wi/coverage/what-if?technology=GSM&add=K2')).body;
    expect(k2OnGsm.newlyCoveredKm2).toBe(0);
    expect(k2OnGsm.addedCoverage).toBeNull();
  });

  it('draws what the candidate newly covers as an image around it, one opaque pixel per newly covered grid pixel', async () => {
    const k1 = (await get('/api/v1/areas/wi/coverage/what-if?technology=GSM&add=K1')).body;
    const image = k1.addedCoverage;
    const png = PNG.sync.read(Buffer.from(image.png, 'base64'));
    expect([png.width, png.height]).toEqual([image.widthPx, image.heightPx]);
    let drawn = 0;
    for (let i = 3; i < png.data.length; i += 4) if (png.data[i] === 255) drawn++;
    // 100 m pixels: 0.01 km2 each (the figures count pixel areas on the ellipsoid, within a percent).
    expect(drawn * 0.01).toBeCloseTo(k1.newlyCoveredKm2, 1);
    // Its corners frame the candidate (north-east of the centre) and stay inside the area.
    const [nw, , se] = image.corners as [number, number][];
    expect(nw[0]).toBeLessThan(LON0 + 0.055);
    expect(se[0]).toBeGreaterThan(LON0 + 0.055);
    expect(nw[1]).toBeGreaterThan(LAT0 + 0.035);
    expect(se[1]).toBeLessThan(LAT0 + 0.035);
    expect(se[0]).toBeLessThanOrEqual(LON0 + DLON + 0.002);
    expect(nw[1]).toBeLessThanOrEqual(LAT0 + DLAT + 0.002);
  });

  it('adds nothing for a candidate already in the base, and refuses bad input naming it', async () => {
    const same = await get('/api/v1/areas/wi/coverage/what-if?technology=GSM&candidates=K1&add=K1');
    expect(same.status).toBe(200);
    expect(same.body.after).toEqual(same.body.before);
    expect(same.body.newlyCoveredKm2).toBe(0);

    const unknown = await get('/api/v1/areas/wi/coverage/what-if?technology=GSM&add=NOPE');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('NOPE');
    const missing = await get('/api/v1/areas/wi/coverage/what-if?technology=GSM');
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('add');
    const badNetwork = await get('/api/v1/areas/wi/coverage/what-if?technology=LTE5&add=K1');
    expect(badNetwork.status).toBe(400);
    const badBase = await get('/api/v1/areas/wi/coverage/what-if?technology=GSM&candidates=NOPE&add=K1');
    expect(badBase.status).toBe(422);
    expect(badBase.body.message).toContain('NOPE');
  });
});
