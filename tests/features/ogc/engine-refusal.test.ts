import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { areaDataChanged } from '../../../server/features/areas/area-cache.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { TEST_BOUNDARY, buildTestApp, type TestApp } from '../../helpers/app.ts';

/** Stored data the coverage engine refuses is a 422 naming it under /ogc as under /api/v1, never a 500. */
describe.each(TEST_DATABASES)('engine refusals under OGC on $name', (target) => {
  let t: TestApp;
  let app: FastifyInstance;
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url });
    return { status: r.statusCode, body: r.json() };
  };
  beforeAll(async () => {
    t = await buildTestApp(target);
    app = t.app;
    const cell = { code: 'G1', technology: 'GSM', frequencyMhz: 950, heightM: 35, azimuthDeg: null, powerDbm: 43 };
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/areas',
          payload: { code: 'ref', name: 'Refused', boundary: TEST_BOUNDARY, settings: { resolutionM: 200 } },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/areas/ref/sites',
          payload: { code: 'A', name: 'A', lon: 124.85, lat: 46.65, cells: [cell] },
        })
      ).statusCode,
    ).toBe(201);
  });
  afterAll(async () => t?.close());

  it('names an area setting stored out of range (here by SQL) in a 422, on the API and in OGC', async () => {
    expect((await get('/ogc/collections/ref-gaps-gsm/items')).status).toBe(200);
    await sql`UPDATE areas SET settings = jsonb_set(settings, '{receiverHeightM}', '0'), inputs_version = inputs_version + 1 WHERE code = 'ref'`.execute(
      app.db,
    );
    areaDataChanged();
    const api = await get('/api/v1/areas/ref/coverage?technology=GSM');
    expect(api.status).toBe(422);
    expect(api.body.message).toContain('settings.receiverHeightM 0 m: below the minimum 0.5 m');
    const ogc = await get('/ogc/collections/ref-gaps-gsm/items');
    expect(ogc.status).toBe(422);
    expect(ogc.body).toEqual({
      code: 'Unprocessable',
      description: expect.stringContaining('settings.receiverHeightM 0 m: below the minimum 0.5 m'),
    });
  });
});
