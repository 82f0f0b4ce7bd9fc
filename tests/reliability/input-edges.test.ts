import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BOUNDARY, buildTestApp, type TestApp } from '../helpers/app.ts';
import { TEST_DATABASES } from '../helpers/databases.ts';
import { nonFiniteNumbers } from './helpers/stored-invariants.ts';
import { deepArraysJson, deepObjectsJson } from './helpers/hostile-values.ts';
import { multipartBody } from './helpers/route-fuzz.ts';

/** Regression tests for the input holes the route fuzzing found, one case each. */
describe.each(TEST_DATABASES)('hostile input edges on $name', (target) => {
  let t: TestApp;
  const cell = { code: 'G1', technology: 'GSM', frequencyMhz: 950, heightM: 35, azimuthDeg: 0, powerDbm: 43 };
  beforeAll(async () => {
    t = await buildTestApp(target);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/areas', payload: { code: 'edge', name: 'Edge', boundary: TEST_BOUNDARY } }))
        .statusCode,
    ).toBe(201);
  });
  afterAll(async () => t?.close());

  const expectFieldError = (
    res: { statusCode: number; json(): { error: string; message: string; details: Array<{ field: string }> } },
    status: number,
    field: string,
  ) => {
    expect(res.statusCode).toBe(status);
    const body = res.json();
    expect(typeof body.error).toBe('string');
    expect(typeof body.message).toBe('string');
    expect(body.details[0]?.field).toBe(field);
  };

  it('refuses "Infinity" and "1e400" strings that schema coercion would turn into numbers past min/max', async () => {
    const site = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/edge/sites',
      payload: { code: 'S1', name: 'S1', lon: 124.85, lat: 46.65, cells: [{ ...cell, frequencyMhz: 'Infinity', heightM: '1e400' }] },
    });
    expectFieldError(site, 400, '/body/cells/0/frequencyMhz');
    const report = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/edge/reports',
      payload: { lon: '-Infinity', lat: 46.65, kind: 'other', source: 'callback', reportedAt: '2006-05-01T00:00:00Z' },
    });
    expectFieldError(report, 400, '/body/lon');
    const point = await t.app.inject({ method: 'GET', url: '/api/v1/areas/edge/coverage/point?lon=124.85&lat=Infinity' });
    expectFieldError(point, 400, '/querystring/lat');
    const item = await t.app.inject({ method: 'GET', url: '/api/v1/areas/edge/sites/Infinity' });
    expectFieldError(item, 400, '/params/id');
    expect(await nonFiniteNumbers(t.app.db)).toEqual([]);
  });

  it('refuses the NUL character (PostgreSQL cannot store it) naming the field', async () => {
    const site = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/edge/sites',
      payload: { code: 'S\u00002', name: 'x', lon: 124.85, lat: 46.65, cells: [] },
    });
    expectFieldError(site, 400, '/body/code');
    expectFieldError(await t.app.inject({ method: 'GET', url: '/api/v1/areas/a%00b' }), 400, '/params/areaId');
  });

  it('answers 404, not a database range error, for ids beyond int4', async () => {
    for (const url of ['/api/v1/areas/2147483648', '/api/v1/areas/99999999999999999999', '/api/v1/areas/edge/scenarios/2147483648']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error).toBe('not_found');
    }
  });

  it('names /body for bodies the JSON parser refuses, and /params for over-long path parameters', async () => {
    const post = (payload: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/areas/edge/sites', headers: { 'content-type': 'application/json' }, payload });
    expectFieldError(await post(''), 400, '/body');
    expectFieldError(await post('{"code": "a", "lon": 1'), 400, '/body');
    expectFieldError(await post('{"__proto__": {"role": "admin"}}'), 400, '/body');
    const long = await t.app.inject({ method: 'GET', url: `/api/v1/areas/${'x'.repeat(5000)}` });
    expectFieldError(long, 414, '/params');
    expect(long.json().error).toBe('uri_too_long');
  });

  it('answers 400 to 10,000 nested arrays or objects where a body or a geometry is expected', async () => {
    for (const payload of [
      deepArraysJson(10_000),
      deepObjectsJson(10_000),
      `{"code":"z","name":"z","boundary":${deepArraysJson(10_000)}}`,
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/areas', headers: { 'content-type': 'application/json' }, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0].field).toMatch(/^\/body/);
    }
  });

  it('serves imports in the app (admin only) and answers 400 to a malformed multipart body', async () => {
    const csv = Buffer.from('lon,lat,kind,source,reported_at\n124.85,46.65,weak-signal,callback,2006-05-01T08:00:00Z\n');
    const form = multipartBody([
      { name: 'kind', value: 'reports' },
      { name: 'file', fileName: 'r.csv', content: csv },
    ]);
    const planner = await t.tokenFor('planner');
    expect(
      (
        await t.anonymousInject({
          method: 'POST',
          url: '/api/v1/areas/edge/imports',
          ...form,
          headers: { ...form.headers, authorization: `Bearer ${planner}` },
        })
      ).statusCode,
    ).toBe(403);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/areas/edge/imports', ...form });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ committed: true, rowsInserted: 1 });
    for (const [contentType, payload] of [
      ['multipart/form-data', 'x'],
      [
        'multipart/form-data; boundary=abc',
        '--abc\r\nContent-Disposition: form-data; name="kind"\r\n\r\nreports\r\n--abc\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nlon,lat\r\n1,2',
      ],
    ]) {
      expectFieldError(
        await t.app.inject({ method: 'POST', url: '/api/v1/areas/edge/imports', headers: { 'content-type': contentType }, payload }),
        400,
        '/body',
      );
    }
  });

  it('refuses an area too large for its resolution (the engine could never compute it) naming the field', async () => {
    const big: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [100, 30],
          [130, 30],
          [130, 50],
          [100, 50],
          [100, 30],
        ],
      ],
    };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas',
      payload: { code: 'huge', name: 'Huge', boundary: big, settings: { resolutionM: 5 } },
    });
    expectFieldError(created, 422, '/body/settings/resolutionM');
    expectFieldError(
      await t.app.inject({ method: 'POST', url: '/api/v1/areas', payload: { code: 'huge', name: 'Huge', boundary: big } }),
      422,
      '/body/boundary',
    );
    expectFieldError(await t.app.inject({ method: 'PATCH', url: '/api/v1/areas/edge', payload: { boundary: big } }), 422, '/body/boundary');
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/areas/edge', payload: { settings: { resolutionM: 5 } } })).statusCode).toBe(
      200,
    );
  });

  it('answers 422, not 500 or a cut-off stream, for a stored area the engine refuses', async () => {
    // An area stored before the size check existed (or written by hand): 30° x 20° at 5 m.
    await t.app.db
      .insertInto('areas')
      .values({
        code: 'legacy-huge',
        name: 'Legacy',
        settings: JSON.stringify({ resolutionM: 5 }),
        min_lon: 100,
        min_lat: 30,
        max_lon: 130,
        max_lat: 50,
        boundary: JSON.stringify({
          type: 'Polygon',
          coordinates: [
            [
              [100, 30],
              [130, 30],
              [130, 50],
              [100, 50],
              [100, 30],
            ],
          ],
        }),
      })
      .execute();
    for (const url of [
      '/api/v1/areas/legacy-huge/coverage',
      '/api/v1/areas/legacy-huge/coverage/point?lon=110&lat=40',
      '/api/v1/areas/legacy-huge/coverage/tiles/5/26/11.png',
      '/api/v1/areas/legacy-huge/hotspots',
      '/api/v1/areas/legacy-huge/exports/gaps-gsm.geojson',
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(422);
      expect(res.json()).toMatchObject({ error: 'unprocessable', details: [{ field: 'area' }] });
      expect(res.json().message).toMatch(/exceeds/);
    }
  });
});
