import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { AREA_CACHE_TTL_MS } from '../../../server/features/areas/area-cache.ts';
import { requireArea } from '../../../server/features/areas/service.ts';
import { createSite } from '../../../server/features/sites/service.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { TEST_BOUNDARY, buildTestApp } from '../../helpers/app.ts';

const cell = (code: string, tiltDeg: number) => ({
  code,
  technology: 'GSM' as const,
  frequencyMhz: 950,
  heightM: 35,
  azimuthDeg: 0,
  beamwidthDeg: 65,
  tiltDeg,
  powerDbm: 43,
  gainDbi: 16,
  lossDb: 3,
});
const report = (externalId: string, lon: number) => ({
  externalId,
  lon,
  lat: 46.65,
  technology: 'GSM',
  kind: 'weak-signal',
  source: 'callback',
  reportedAt: '2006-05-01T10:00:00+08:00',
});

/**
 * The area row, the cells layer, the reports pages and the cell list behind coverage are cached; a
 * write through the API (or the services) must show in the very next read, ETags included.
 */
describe.each(TEST_DATABASES)('read caches of area data on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await buildTestApp(target));
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/areas',
          payload: { code: 'cache', name: 'Cache', boundary: TEST_BOUNDARY, settings: { resolutionM: 200 } },
        })
      ).statusCode,
    ).toBe(201);
    const site = await app.inject({
      method: 'POST',
      url: '/api/v1/areas/cache/sites',
      payload: { code: 'S1', name: 'One', lon: 124.85, lat: 46.65, cells: [cell('G1', 2), cell('G2', 4)] },
    });
    expect(site.statusCode).toBe(201);
  });
  afterAll(async () => close());
  afterEach(() => vi.useRealTimers());

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const cells = () => get('/api/v1/areas/cache/cells');
  const tiltOf = (body: { features: Array<{ id: number; properties: { tiltDeg: number } }> }, id: number) =>
    body.features.find((f) => f.id === id)!.properties.tiltDeg;

  it('serves the cells layer as stored bytes with an ETag, and a cell edit changes both at once', async () => {
    const first = await cells();
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    const etag = first.headers.etag as string;
    const g1 = first.json().features.find((f: { properties: { code: string } }) => f.properties.code === 'G1');
    // Cached: the same bytes and ETag, and 304 for the ETag.
    const again = await cells();
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(etag);
    expect((await get('/api/v1/areas/cache/cells', { 'if-none-match': etag })).statusCode).toBe(304);

    for (const tiltDeg of [7, 8, 2]) {
      const before = (await cells()).headers.etag;
      expect((await app.inject({ method: 'PATCH', url: `/api/v1/areas/cache/cells/${g1.id}`, payload: { tiltDeg } })).statusCode).toBe(200);
      const after = await get('/api/v1/areas/cache/cells', { 'if-none-match': before as string });
      expect(after.statusCode).toBe(200);
      expect(after.headers.etag).not.toBe(before);
      expect(tiltOf(after.json(), g1.id)).toBe(tiltDeg);
      // The area answers the new inputs version too.
      expect((await get('/api/v1/areas/cache')).json().inputsVersion).toBe((await requireArea(app.db, 'cache')).inputsVersion);
    }
  });

  it('shows site writes and area edits in the next read', async () => {
    const count = async () => (await cells()).json().features.length;
    const n0 = await count();
    const site = await app.inject({
      method: 'POST',
      url: '/api/v1/areas/cache/sites',
      payload: { code: 'S2', name: 'Two', lon: 124.86, lat: 46.66, cells: [cell('G1', 0)] },
    });
    expect(site.statusCode).toBe(201);
    expect(await count()).toBe(n0 + 1);
    expect(
      (
        await app.inject({
          method: 'PATCH',
          url: `/api/v1/areas/cache/sites/${site.json().id}`,
          payload: { name: 'Two renamed', cells: [cell('G1', 0), cell('G2', 1)] },
        })
      ).statusCode,
    ).toBe(200);
    const renamed = (await cells()).json().features.filter((f: { properties: { siteCode: string } }) => f.properties.siteCode === 'S2');
    expect(renamed.map((f: { properties: { siteName: string } }) => f.properties.siteName)).toEqual(['Two renamed', 'Two renamed']);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/areas/cache/sites/${site.json().id}` })).statusCode).toBe(204);
    expect(await count()).toBe(n0);

    // Through the service, not HTTP (a script in the same process): also seen at once.
    await createSite(app.db, await requireArea(app.db, 'cache'), {
      code: 'S3',
      name: 'Three',
      lon: 124.84,
      lat: 46.64,
      cells: [cell('G1', 3)],
    });
    expect(await count()).toBe(n0 + 1);

    // Other features' writes (here a settlement, which the engine reads) move the cached area on too.
    const vBefore = (await get('/api/v1/areas/cache')).json().inputsVersion;
    const village = await app.inject({
      method: 'POST',
      url: '/api/v1/areas/cache/settlements',
      payload: { code: 'V1', name: 'Village', population: 500, geometry: { type: 'Point', coordinates: [124.85, 46.66] } },
    });
    expect(village.statusCode).toBe(201);
    expect((await get('/api/v1/areas/cache')).json().inputsVersion).toBeGreaterThan(vBefore);

    const v0 = (await get('/api/v1/areas/cache')).json().inputsVersion;
    expect(
      (
        await app.inject({
          method: 'PATCH',
          url: '/api/v1/areas/cache',
          payload: { name: 'Cache (renamed)', settings: { thresholdsDbm: { GSM: -88 } } },
        })
      ).statusCode,
    ).toBe(200);
    const area = (await get('/api/v1/areas/cache')).json();
    expect(area).toMatchObject({ name: 'Cache (renamed)', settings: { thresholdsDbm: { GSM: -88 } } });
    expect(area.inputsVersion).toBeGreaterThan(v0);
    expect((await app.inject({ method: 'PATCH', url: '/api/v1/areas/cache', payload: { code: 'cache2' } })).statusCode).toBe(200);
    expect((await get('/api/v1/areas/cache')).statusCode).toBe(404);
    expect((await get('/api/v1/areas/cache2')).json().name).toBe('Cache (renamed)');
    expect((await app.inject({ method: 'PATCH', url: '/api/v1/areas/cache2', payload: { code: 'cache' } })).statusCode).toBe(200);
    expect((await get('/api/v1/areas/cache2')).statusCode).toBe(404);
  });

  it('computes coverage with an edited cell at once (the cell list is cached too)', async () => {
    const figures = async () => (await get('/api/v1/areas/cache/coverage?technology=GSM')).json();
    const level = async () => {
      const point = (await get('/api/v1/areas/cache/coverage/point?lon=124.85&lat=46.66&technology=GSM')).json();
      return point.servers.find((s: { cell: string }) => s.cell === 'S1/G2').levelDbm as number;
    };
    await figures();
    expect((await figures()).cached).toBe(true);
    const before = await level();
    const g2 = (await cells())
      .json()
      .features.find(
        (f: { properties: { code: string; siteCode: string } }) => f.properties.siteCode === 'S1' && f.properties.code === 'G2',
      );
    expect((await app.inject({ method: 'PATCH', url: `/api/v1/areas/cache/cells/${g2.id}`, payload: { powerDbm: 20 } })).statusCode).toBe(
      200,
    );
    expect((await figures()).cached).toBe(false);
    expect(await level()).toBeCloseTo(before - 23, 1);
  });

  it('caches a reports page with an ETag and shows report writes in the next read', async () => {
    for (let i = 0; i < 6; i++)
      expect(
        (await app.inject({ method: 'POST', url: '/api/v1/areas/cache/reports', payload: report(`R${i}`, 124.81 + i * 0.01) })).statusCode,
      ).toBe(201);
    const url = '/api/v1/areas/cache/reports?bbox=124.80,46.6,124.84,46.7&limit=3';
    const first = await get(url);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ numberMatched: 4, numberReturned: 3 });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"reports-/);
    const again = await get(url);
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
    expect((await get(url, { 'if-none-match': etag })).statusCode).toBe(304);
    // The second page has its own entry.
    expect((await get(`${url}&cursor=${first.json().next}`)).json()).toMatchObject({ numberMatched: 4, numberReturned: 1 });

    const id = first.json().features[0].id;
    expect(
      (await app.inject({ method: 'PATCH', url: `/api/v1/areas/cache/reports/${id}`, payload: { status: 'investigating' } })).statusCode,
    ).toBe(200);
    const patched = await get(url, { 'if-none-match': etag });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().features[0].properties.status).toBe('investigating');
    expect(patched.headers.etag).not.toBe(etag);

    expect((await app.inject({ method: 'POST', url: '/api/v1/areas/cache/reports', payload: report('R-new', 124.805) })).statusCode).toBe(
      201,
    );
    expect((await get(url)).json().numberMatched).toBe(5);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/areas/cache/reports/${id}` })).statusCode).toBe(204);
    const afterDelete = (await get(url)).json();
    expect(afterDelete.numberMatched).toBe(4);
    expect(afterDelete.features.map((f: { id: number }) => f.id)).not.toContain(id);
    // Filters are part of the key.
    expect((await get(`${url}&status=investigating`)).json().numberMatched).toBe(0);
    // Errors are not cached.
    expect((await get('/api/v1/areas/nowhere/reports?limit=3')).statusCode).toBe(404);
  });

  it('still checks the role and the credentials on a cached read', async () => {
    const url = '/api/v1/areas/cache/reports?limit=2';
    expect((await get(url)).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url, headers: { authorization: 'Bearer cpt_' + 'x'.repeat(43) } })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/areas/cache/cells', headers: { authorization: 'Bearer cpt_' + 'x'.repeat(43) } }))
        .statusCode,
    ).toBe(401);
  });

  it('sees a change written by another process after at most the cache time', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const first = await cells();
    const g1 = first
      .json()
      .features.find(
        (f: { properties: { code: string; siteCode: string } }) => f.properties.siteCode === 'S1' && f.properties.code === 'G1',
      );
    // Straight into the database, as a second instance or a hand-written statement would.
    await app.db.updateTable('cells').set({ tilt_deg: 11 }).where('id', '=', g1.id).execute();
    const within = await cells();
    expect(within.headers.etag).toBe(first.headers.etag);
    vi.advanceTimersByTime(AREA_CACHE_TTL_MS);
    const after = await cells();
    expect(after.headers.etag).not.toBe(first.headers.etag);
    expect(tiltOf(after.json(), g1.id)).toBe(11);
  });
});
