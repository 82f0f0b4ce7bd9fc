import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { importFile } from '../../../server/features/imports/service.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { TEST_BOUNDARY, buildTestApp, type TestApp } from '../../helpers/app.ts';
import { multipartBody } from '../../reliability/helpers/route-fuzz.ts';

const cell = {
  code: 'G1',
  technology: 'GSM',
  frequencyMhz: 950,
  heightM: 35,
  azimuthDeg: 0,
  beamwidthDeg: 65,
  tiltDeg: 4,
  powerDbm: 43,
  gainDbi: 16,
  lossDb: 3,
};

/** Values out of the model's ranges (core/radio/parameter-ranges.ts): an antenna at 0 m first, the finding that started this. */
const BAD: Array<[field: keyof typeof cell, value: number]> = [
  ['heightM', 0],
  ['heightM', 0.5],
  ['heightM', 301],
  ['frequencyMhz', 99],
  ['frequencyMhz', 6001],
  ['azimuthDeg', 361],
  ['beamwidthDeg', 0],
  ['tiltDeg', -21],
  ['tiltDeg', 46],
  ['powerDbm', 81],
  ['gainDbi', 31],
  ['lossDb', -0.5],
];

const CELLS_CSV = (heightM: string) =>
  Buffer.from(
    `site_code,site_name,lon,lat,cell_code,technology,frequency_mhz,height_m,azimuth_deg,power_dbm\nZ1,Zero,124.85,46.65,G1,GSM,950,${heightM},0,43\n`,
  );

/** Every way into the model refuses a parameter out of its range, naming the field, and stores nothing. */
describe.each(TEST_DATABASES)('model parameter ranges at every entry on $name', (target) => {
  let t: TestApp;
  let app: FastifyInstance;
  let siteId: number;
  let cellId: number;
  let candidateId: number;
  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const r = await app.inject({ method, url, payload });
    return { status: r.statusCode, body: r.body ? r.json() : null };
  };
  const cellCount = async () =>
    Number(
      (
        await app.db
          .selectFrom('cells')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await buildTestApp(target);
    app = t.app;
    expect((await call('POST', '/api/v1/areas', { code: 'ranges', name: 'Ranges', boundary: TEST_BOUNDARY })).status).toBe(201);
    const site = await call('POST', '/api/v1/areas/ranges/sites', { code: 'A', name: 'A', lon: 124.85, lat: 46.65, cells: [cell] });
    expect(site.status).toBe(201);
    siteId = site.body.id;
    cellId = site.body.cells[0].id;
    const candidate = await call('POST', '/api/v1/areas/ranges/candidates', {
      code: 'K1',
      name: 'K',
      lon: 124.86,
      lat: 46.66,
      technology: 'GSM',
      cells: [cell],
    });
    expect(candidate.status).toBe(201);
    candidateId = candidate.body.id;
  });
  afterAll(async () => t?.close());

  it('refuses each value at POST sites, PATCH sites, PATCH cells, POST and PATCH candidates and scenario changes, naming the field', async () => {
    const before = await cellCount();
    for (const [field, value] of BAD) {
      const bad = { ...cell, [field]: value };
      const entries: Array<[string, 'POST' | 'PATCH', string, object, string]> = [
        [
          'POST sites',
          'POST',
          '/api/v1/areas/ranges/sites',
          { code: 'B', name: 'B', lon: 124.85, lat: 46.65, cells: [bad] },
          `/body/cells/0/${field}`,
        ],
        ['PATCH sites', 'PATCH', `/api/v1/areas/ranges/sites/${siteId}`, { cells: [bad] }, `/body/cells/0/${field}`],
        ['PATCH cells', 'PATCH', `/api/v1/areas/ranges/cells/${cellId}`, { [field]: value }, `/body/${field}`],
        [
          'POST candidates',
          'POST',
          '/api/v1/areas/ranges/candidates',
          { code: 'K2', name: 'K', lon: 124.86, lat: 46.66, technology: 'GSM', cells: [bad] },
          `/body/cells/0/${field}`,
        ],
        ['PATCH candidates', 'PATCH', `/api/v1/areas/ranges/candidates/${candidateId}`, { cells: [bad] }, `/body/cells/0/${field}`],
        [
          'scenario changes',
          'POST',
          '/api/v1/areas/ranges/scenarios',
          { name: `s-${field}-${value}`, changes: { cellChanges: [{ cell: 'A/G1', [field]: value }] } },
          `/body/changes/cellChanges/0/${field}`,
        ],
      ];
      for (const [entry, method, url, payload, path] of entries) {
        const res = await call(method, url, payload);
        expect(res.status, `${entry} ${field} ${value}`).toBe(400);
        expect(res.body.details[0].field, `${entry} ${field} ${value}`).toBe(path);
      }
    }
    expect(await cellCount()).toBe(before);
    expect((await call('GET', `/api/v1/areas/ranges/cells/${cellId}`)).body.properties).toMatchObject({ heightM: 35, tiltDeg: 4 });
    expect((await call('GET', '/api/v1/areas/ranges/scenarios')).body.items).toEqual([]);
  });

  it('accepts the boundary values themselves', async () => {
    const low = await call('POST', '/api/v1/areas/ranges/sites', {
      code: 'L',
      name: 'L',
      lon: 124.85,
      lat: 46.65,
      cells: [{ ...cell, heightM: 1, frequencyMhz: 100, beamwidthDeg: 1, tiltDeg: -20, powerDbm: -10, gainDbi: -10, lossDb: 0 }],
    });
    expect(low.status).toBe(201);
    expect(
      (
        await call('PATCH', `/api/v1/areas/ranges/cells/${low.body.cells[0].id}`, {
          heightM: 300,
          frequencyMhz: 6000,
          azimuthDeg: 360,
          beamwidthDeg: 360,
          tiltDeg: 45,
          powerDbm: 80,
          gainDbi: 30,
          lossDb: 30,
        })
      ).status,
    ).toBe(200);
  });

  it('refuses area settings out of range, naming the setting', async () => {
    for (const [setting, value] of [
      ['receiverHeightM', 0],
      ['resolutionM', 4],
      ['indoorPenetrationLossDb', -1],
      ['pilotPollutionCount', 1.5],
    ] as const) {
      const res = await call('PATCH', '/api/v1/areas/ranges', { settings: { [setting]: value } });
      expect(res.status, setting).toBe(400);
      expect(res.body.details[0].field).toBe(`/body/settings/${setting}`);
    }
    const threshold = await call('PATCH', '/api/v1/areas/ranges', { settings: { thresholdsDbm: { GSM: -20 } } });
    expect(threshold.body.details[0].field).toBe('/body/settings/thresholdsDbm/GSM');
  });

  it('reports a cells file row with an antenna at 0 m (line, column, value) and writes nothing, by upload and by the library', async () => {
    const before = await cellCount();
    const form = multipartBody([
      { name: 'kind', value: 'cells' },
      { name: 'file', fileName: 'zero.csv', content: CELLS_CSV('0') },
    ]);
    const upload = await app.inject({ method: 'POST', url: '/api/v1/areas/ranges/imports', ...form });
    expect(upload.statusCode).toBe(422);
    expect(upload.json()).toMatchObject({
      committed: false,
      rowsRejected: 1,
      errors: [{ line: 2, column: 'height_m', value: '0', reason: 'antenna height (m) must be within 1..300' }],
    });
    const area = (await call('GET', '/api/v1/areas/ranges')).body;
    const library = await importFile(app.db, {
      areaId: area.id,
      kind: 'cells',
      source: { buffer: CELLS_CSV('0') },
      fileName: 'zero.csv',
      username: 'tests',
    });
    expect(library).toMatchObject({ committed: false, errors: [{ line: 2, column: 'height_m', value: '0' }] });
    expect(await cellCount()).toBe(before);
    const ok = await importFile(app.db, {
      areaId: area.id,
      kind: 'cells',
      source: { buffer: CELLS_CSV('1') },
      fileName: 'one.csv',
      username: 'tests',
    });
    expect(ok).toMatchObject({ committed: true, rowsInserted: 1 });
  });
});
