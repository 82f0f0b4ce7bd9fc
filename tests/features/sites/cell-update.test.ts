import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { TEST_BOUNDARY, buildTestApp } from '../../helpers/app.ts';

/** PATCH /cells/:id changes what it names and nothing else (no schema default fills in the rest). */
describe.each(TEST_DATABASES)('cell edits on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await buildTestApp(target));
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/areas', payload: { code: 'edits', name: 'Edits', boundary: TEST_BOUNDARY } }))
        .statusCode,
    ).toBe(201);
  });
  afterAll(async () => close());

  it('keeps the fields a PATCH does not name', async () => {
    const stored = {
      code: 'G1',
      technology: 'GSM',
      frequencyMhz: 950,
      heightM: 35,
      azimuthDeg: 120,
      beamwidthDeg: 33,
      tiltDeg: 6,
      powerDbm: 43,
      gainDbi: 17,
      lossDb: 2.5,
    };
    const site = await app.inject({
      method: 'POST',
      url: '/api/v1/areas/edits/sites',
      payload: { code: 'S1', name: 'One', lon: 124.85, lat: 46.65, cells: [stored] },
    });
    expect(site.statusCode).toBe(201);
    const id = site.json().cells[0].id;
    const { code: _, ...radio } = stored;
    for (const change of [{ powerDbm: 40 }, { tiltDeg: 8 }, { azimuthDeg: null }, { beamwidthDeg: 65, lossDb: 0 }] as Array<
      Record<string, unknown>
    >) {
      const res = await app.inject({ method: 'PATCH', url: `/api/v1/areas/edits/cells/${id}`, payload: change });
      expect(res.statusCode).toBe(200);
      Object.assign(radio, change);
      expect(res.json().properties).toMatchObject(radio);
      expect((await app.inject({ method: 'GET', url: `/api/v1/areas/edits/cells/${id}` })).json().properties).toMatchObject(radio);
    }
    const bad = await app.inject({ method: 'PATCH', url: `/api/v1/areas/edits/cells/${id}`, payload: { tiltDeg: 90 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('/body/tiltDeg');
  });
});
