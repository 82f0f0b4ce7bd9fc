import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { importFile } from '../../../server/features/imports/service.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { TEST_BOUNDARY, buildTestApp } from '../../helpers/app.ts';

const shell = TEST_BOUNDARY.coordinates[0];
/** All positions equal: encloses nothing. */
const pointRing = [
  [124.85, 46.65],
  [124.85, 46.65],
  [124.85, 46.65],
  [124.85, 46.65],
];
/** All positions on one line (exactly, in binary): encloses nothing. */
const lineRing = [
  [124.8125, 46.625],
  [124.875, 46.625],
  [124.84375, 46.625],
  [124.8125, 46.625],
];

/** Zero-area rings are refused, naming the ring, by the area and layer routes and by imports. */
describe.each(TEST_DATABASES)('zero-area rings on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let areaId: number;
  beforeAll(async () => {
    ({ app, close } = await buildTestApp(target));
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/areas',
      payload: { code: 'zero', name: 'Zero', boundary: TEST_BOUNDARY, settings: { resolutionM: 200 } },
    });
    expect(created.statusCode).toBe(201);
    areaId = created.json().id;
  });
  afterAll(async () => close());

  const send = async (method: 'POST' | 'PATCH', url: string, payload: object) => {
    const res = await app.inject({ method, url, payload });
    return { status: res.statusCode, body: res.json() };
  };

  it('refuses an area whose boundary is one repeated point, naming the ring', async () => {
    const res = await send('POST', '/api/v1/areas', { code: 'dot', name: 'Dot', boundary: { type: 'Polygon', coordinates: [pointRing] } });
    expect(res.status).toBe(422);
    expect(res.body.details[0]).toEqual({
      field: '/body/boundary/coordinates/0',
      message: 'ring has zero area: all 4 positions are [124.85, 46.65]',
    });
    expect(res.body.message).toBe('/body/boundary/coordinates/0: ring has zero area: all 4 positions are [124.85, 46.65]');
    expect((await app.inject({ method: 'GET', url: '/api/v1/areas/dot' })).statusCode).toBe(404);
  });

  it('refuses a boundary edit whose hole lies on a line, and keeps the old boundary', async () => {
    const res = await send('PATCH', '/api/v1/areas/zero', { boundary: { type: 'Polygon', coordinates: [shell, lineRing] } });
    expect(res.status).toBe(422);
    expect(res.body.details[0].field).toBe('/body/boundary/coordinates/1');
    expect(res.body.details[0].message).toMatch(
      /^ring has zero area: all 4 positions lie on the line through \[124\.8125, 46\.625\] and \[124\.875, 46\.625\]$/,
    );
    expect((await app.inject({ method: 'GET', url: '/api/v1/areas/zero' })).json().boundary).toEqual(TEST_BOUNDARY);
  });

  it('refuses a clutter multipolygon with a zero-area hole, naming polygon and ring', async () => {
    const square = [
      [124.84, 46.64],
      [124.86, 46.64],
      [124.86, 46.66],
      [124.84, 46.66],
      [124.84, 46.64],
    ];
    const res = await send('POST', '/api/v1/areas/zero/clutter', {
      code: 'Z1',
      environment: 'urban',
      geometry: { type: 'MultiPolygon', coordinates: [[square, pointRing]] },
    });
    expect(res.status).toBe(422);
    expect(res.body.details[0]).toEqual({
      field: '/body/geometry/coordinates/0/1',
      message: 'ring has zero area: all 4 positions are [124.85, 46.65]',
    });
  });

  it('rejects the row of a clutter import with a zero-area polygon and imports nothing', async () => {
    const feature = (code: string, ring: number[][]) => ({
      type: 'Feature',
      properties: { code, environment: 'urban' },
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
    const file = {
      type: 'FeatureCollection',
      features: [
        feature('U1', [
          [124.84, 46.64],
          [124.86, 46.64],
          [124.86, 46.66],
          [124.84, 46.64],
        ]),
        feature('U2', lineRing),
      ],
    };
    const report = await importFile(app.db, {
      areaId,
      username: 'admin',
      kind: 'clutter',
      source: { buffer: Buffer.from(JSON.stringify(file)) },
      fileName: 'clutter.geojson',
    });
    expect(report).toMatchObject({ committed: false, rowsInserted: 0 });
    expect(report.errors).toEqual([
      expect.objectContaining({
        line: 2,
        column: 'geometry',
        value: 'geometry/coordinates/0',
        reason: expect.stringMatching(/^ring has zero area: all 4 positions lie on the line/),
      }),
    ]);
  });
});
