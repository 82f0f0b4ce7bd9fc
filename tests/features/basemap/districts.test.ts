import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';

const DISTRICTS_FILE = new URL('../../../geo-data/daqing-districts.geojson', import.meta.url);

/** The offline base map: the districts file as shipped, serialised through the contract's schema. */
describe.each(TEST_DATABASES)('GET /basemap/districts on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(target);
  });
  afterAll(async () => t?.close());

  it('answers the file as it is, field for field, twice (the second from memory)', async () => {
    const expected = JSON.stringify(JSON.parse(await readFile(DISTRICTS_FILE, 'utf8')));
    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/basemap/districts' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=3600');
      expect(res.body).toBe(expected);
    }
  });

  it('needs a signed-in user', async () => {
    expect((await t.anonymousInject({ method: 'GET', url: '/api/v1/basemap/districts' })).statusCode).toBe(401);
  });
});
