import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BOUNDARY, buildTestApp, type TestApp } from '../helpers/app.ts';
import { TEST_DATABASES } from '../helpers/databases.ts';

/**
 * Coverage figures are cached per raster and reports (the map asks on every move); the cache must
 * follow the data: a new report, an indoor switch or a cell edit gives new figures.
 */
describe.each(TEST_DATABASES)('coverage figures cache on $name', (target) => {
  let t: TestApp;
  let cellId: number;
  beforeAll(async () => {
    t = await buildTestApp(target);
    const post = async (url: string, payload: object) => {
      const res = await t.app.inject({ method: 'POST', url, payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    await post('/api/v1/areas', { code: 'figs', name: 'Figures', boundary: TEST_BOUNDARY, settings: { resolutionM: 100 } });
    const site = await post('/api/v1/areas/figs/sites', {
      code: 'S1',
      name: 'S1',
      lon: 124.85,
      lat: 46.65,
      cells: [{ code: 'G1', technology: 'GSM', frequencyMhz: 950, heightM: 35, azimuthDeg: 0, powerDbm: 30 }],
    });
    cellId = site.cells[0].id;
  });
  afterAll(async () => t?.close());

  const figures = async (query = '') => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/areas/figs/coverage?technology=GSM${query}` });
    expect(res.statusCode, res.body).toBe(200);
    const { computedMs: _ms, cached: _cached, ...rest } = res.json();
    return rest;
  };
  const report = (lon: number, lat: number) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/figs/reports',
      payload: { lon, lat, kind: 'weak-signal', source: 'callback', reportedAt: '2006-05-01T08:00:00Z', technology: 'GSM' },
    });

  it('answers the same figures again, and new ones after a report, an indoor switch or a cell edit', async () => {
    const first = await figures();
    expect(await figures()).toEqual(first);
    expect((await report(124.85, 46.6505)).statusCode).toBe(201);
    expect((await report(124.89, 46.69)).statusCode).toBe(201);
    const withReports = await figures();
    expect(withReports.reportsTotal).toBe(first.reportsTotal + 2);
    expect(withReports.reportsUncovered).toBeGreaterThanOrEqual(first.reportsUncovered);
    const indoor = await figures('&indoor=true');
    expect(indoor.indoor).toBe(true);
    expect(indoor.coveredKm2).toBeLessThan(withReports.coveredKm2);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/areas/figs/cells/${cellId}`, payload: { powerDbm: 46 } })).statusCode).toBe(
      200,
    );
    expect((await figures()).coveredKm2).toBeGreaterThan(withReports.coveredKm2);
  });
});
