import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { TEST_DATABASES } from '../helpers/databases.ts';
import { TEST_BOUNDARY, buildTestApp } from '../helpers/app.ts';

const cell = (code: string, azimuthDeg: number | null, technology = 'GSM') => ({
  code,
  technology,
  frequencyMhz: technology === 'GSM' ? 950 : 870,
  heightM: 35,
  azimuthDeg,
  beamwidthDeg: 65,
  tiltDeg: 4,
  powerDbm: 43,
  gainDbi: 16,
  lossDb: 3,
});

describe.each(TEST_DATABASES)('HTTP API on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await buildTestApp(target));
  });
  afterAll(async () => close());

  const json = async (method: string, url: string, payload?: unknown) => {
    const res = await app.inject({ method: method as 'GET', url, payload: payload as object });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };

  it('reports health with the database kind', async () => {
    const { status, body } = await json('GET', '/api/v1/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', database: target.name });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('creates, reads, updates and deletes an area; settings merge over defaults', async () => {
    const created = await json('POST', '/api/v1/areas', {
      code: 'a1',
      name: 'Area 1',
      boundary: TEST_BOUNDARY,
      settings: { resolutionM: 50 },
      unknownField: 1,
    });
    expect(created.status).toBe(201);
    expect(created.body.settings).toMatchObject({ resolutionM: 50, receiverHeightM: 1.5, thresholdsDbm: { GSM: -90, CDMA: -95 } });
    expect(created.body.bbox).toEqual([124.8, 46.6, 124.9, 46.7]);
    expect(created.body).not.toHaveProperty('unknownField');
    const byCode = await json('GET', '/api/v1/areas/a1');
    expect(byCode.body.id).toBe(created.body.id);
    const v0 = byCode.body.inputsVersion;
    const patched = await json('PATCH', '/api/v1/areas/a1', { settings: { thresholdsDbm: { GSM: -85 } } });
    expect(patched.body.settings.thresholdsDbm).toMatchObject({ GSM: -85, CDMA: -95 });
    expect(patched.body.inputsVersion).toBeGreaterThan(v0);
    expect((await json('POST', '/api/v1/areas', { code: 'a1', name: 'again', boundary: TEST_BOUNDARY })).status).toBe(409);
    expect((await json('DELETE', '/api/v1/areas/a1')).status).toBe(204);
    expect((await json('GET', '/api/v1/areas/a1')).status).toBe(404);
  });

  it('rejects bad areas with the field named', async () => {
    const bow: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    const selfIntersecting = await json('POST', '/api/v1/areas', { code: 'bad', name: 'bad', boundary: bow });
    expect(selfIntersecting.status).toBe(422);
    expect(selfIntersecting.body.message).toMatch(/self-intersecting/);
    const outOfRange = await json('POST', '/api/v1/areas', {
      code: 'bad',
      name: 'bad',
      boundary: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [200, 0],
            [0, 1],
            [0, 0],
          ],
        ],
      },
    });
    expect(outOfRange.status).toBe(422);
    expect(outOfRange.body.details[0].field).toBe('/body/boundary/coordinates/0/1/0');
    const missing = await json('POST', '/api/v1/areas', { code: 'bad', boundary: TEST_BOUNDARY });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: 'validation_error' });
    expect(missing.body.details[0].field).toBe('/body/name');
  });

  describe('inside an area', () => {
    beforeAll(async () => {
      expect((await json('POST', '/api/v1/areas', { code: 'zone', name: 'Zone', boundary: TEST_BOUNDARY })).status).toBe(201);
    });

    it('creates a site with nested cells and serves the cells layer as GeoJSON', async () => {
      const site = await json('POST', '/api/v1/areas/zone/sites', {
        code: 'S1',
        name: '站一',
        lon: 124.85,
        lat: 46.65,
        cells: [cell('G1', 0), cell('G2', 120), cell('C1', null, 'CDMA')],
      });
      expect(site.status).toBe(201);
      expect(site.body.cells).toHaveLength(3);
      const all = await json('GET', '/api/v1/areas/zone/cells');
      expect(all.body.type).toBe('FeatureCollection');
      expect(all.body.features).toHaveLength(3);
      const g1 = all.body.features.find((f: { properties: { code: string } }) => f.properties.code === 'G1');
      expect(g1.geometry.coordinates).toEqual([124.85, 46.65]);
      expect(g1.properties).toMatchObject({ siteCode: 'S1', siteName: '站一', technology: 'GSM', azimuthDeg: 0, heightM: 35 });
      const cdma = await json('GET', '/api/v1/areas/zone/cells?technology=CDMA');
      expect(cdma.body.features).toHaveLength(1);
      expect(cdma.body.features[0].properties.azimuthDeg).toBeNull();
      // The layer is revalidated with an ETag that changes with the network.
      const first = await app.inject({ method: 'GET', url: '/api/v1/areas/zone/cells' });
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"cells-/);
      expect((await app.inject({ method: 'GET', url: '/api/v1/areas/zone/cells', headers: { 'if-none-match': etag } })).statusCode).toBe(
        304,
      );
      // Edit one cell, as a planner does in the map.
      const edited = await json('PATCH', `/api/v1/areas/zone/cells/${g1.id}`, { azimuthDeg: 30, tiltDeg: 6 });
      expect(edited.body.properties).toMatchObject({ azimuthDeg: 30, tiltDeg: 6, powerDbm: 43 });
      const fresh = await app.inject({ method: 'GET', url: '/api/v1/areas/zone/cells', headers: { 'if-none-match': etag } });
      expect(fresh.statusCode).toBe(200);
      expect(fresh.json().features.find((f: { id: number }) => f.id === g1.id).properties.azimuthDeg).toBe(30);
      // Replace the cell list: C1 removed, G3 added.
      const updated = await json('PATCH', `/api/v1/areas/zone/sites/${site.body.id}`, {
        cells: [cell('G1', 10), cell('G2', 130), cell('G3', 250)],
      });
      expect(updated.body.cells.map((c: { code: string }) => c.code)).toEqual(['G1', 'G2', 'G3']);
      expect((await json('POST', '/api/v1/areas/zone/sites', { code: 'S1', name: 'dup', lon: 124.85, lat: 46.65, cells: [] })).status).toBe(
        409,
      );
    });

    it('rejects bad sites and cells with the field named', async () => {
      const negativeHeight = await json('POST', '/api/v1/areas/zone/sites', {
        code: 'S9',
        name: 'x',
        lon: 124.85,
        lat: 46.65,
        cells: [{ ...cell('G1', 0), heightM: -5 }],
      });
      expect(negativeHeight.status).toBe(400);
      expect(negativeHeight.body.details[0].field).toBe('/body/cells/0/heightM');
      const badTech = await json('POST', '/api/v1/areas/zone/sites', {
        code: 'S9',
        name: 'x',
        lon: 124.85,
        lat: 46.65,
        cells: [{ ...cell('G1', 0), technology: 'WIMAX' }],
      });
      expect(badTech.status).toBe(400);
      expect(badTech.body.details[0].field).toBe('/body/cells/0/technology');
      const badLon = await json('POST', '/api/v1/areas/zone/sites', { code: 'S9', name: 'x', lon: 181, lat: 46.65, cells: [] });
      expect(badLon.status).toBe(400);
      expect(badLon.body.details[0].field).toBe('/body/lon');
      const far = await json('POST', '/api/v1/areas/zone/sites', { code: 'S9', name: 'x', lon: 10, lat: 10, cells: [] });
      expect(far.status).toBe(422);
      const dupCells = await json('POST', '/api/v1/areas/zone/sites', {
        code: 'S9',
        name: 'x',
        lon: 124.85,
        lat: 46.65,
        cells: [cell('G1', 0), cell('G1', 120)],
      });
      expect(dupCells.status).toBe(422);
      expect(dupCells.body.details[0].field).toBe('/body/cells/1/code');
      expect((await json('GET', '/api/v1/areas/zone/sites/999999')).status).toBe(404);
      expect((await json('GET', '/api/v1/areas/nowhere/sites')).status).toBe(404);
    });

    it('serves reports with bbox filtering, paging and the status workflow', async () => {
      for (let i = 0; i < 25; i++) {
        const r = await json('POST', '/api/v1/areas/zone/reports', {
          externalId: `R${i}`,
          lon: 124.81 + i * 0.003,
          lat: 46.65,
          technology: i % 2 ? 'CDMA' : 'GSM',
          kind: 'weak-signal',
          source: 'callback',
          reportedAt: '2006-05-01T10:00:00+08:00',
          address: '让胡路',
        });
        expect(r.status).toBe(201);
      }
      const page1 = await json('GET', '/api/v1/areas/zone/reports?limit=10');
      expect(page1.body).toMatchObject({ numberMatched: 25, numberReturned: 10 });
      const page2 = await json('GET', `/api/v1/areas/zone/reports?limit=10&cursor=${page1.body.next}`);
      expect(page2.body.features[0].id).toBeGreaterThan(page1.body.features[9].id);
      const byOffset = await json('GET', '/api/v1/areas/zone/reports?limit=10&offset=20');
      expect(byOffset.body.numberReturned).toBe(5);
      expect(byOffset.body.next).toBeNull();
      const box = await json('GET', '/api/v1/areas/zone/reports?bbox=124.80,46.6,124.83,46.7');
      expect(box.body.features.every((f: { geometry: { coordinates: number[] } }) => f.geometry.coordinates[0] <= 124.83)).toBe(true);
      expect(box.body.numberMatched).toBe(7);
      const cdma = await json('GET', '/api/v1/areas/zone/reports?technology=CDMA');
      expect(cdma.body.numberMatched).toBe(12);
      expect((await json('GET', '/api/v1/areas/zone/reports?bbox=1,2,3')).status).toBe(400);
      expect((await json('GET', '/api/v1/areas/zone/reports?bbox=10,10,5,5')).status).toBe(400);

      const id = page1.body.features[0].id;
      expect((await json('PATCH', `/api/v1/areas/zone/reports/${id}`, { status: 'investigating' })).body.properties.status).toBe(
        'investigating',
      );
      const noResolution = await json('PATCH', `/api/v1/areas/zone/reports/${id}`, { status: 'resolved' });
      expect(noResolution.status).toBe(422);
      expect(noResolution.body.details[0].field).toBe('/body/resolution');
      const resolved = await json('PATCH', `/api/v1/areas/zone/reports/${id}`, {
        status: 'resolved',
        resolution: 'new-site',
        resolvedByCandidateCode: 'K1',
      });
      expect(resolved.body.properties).toMatchObject({ status: 'resolved', resolution: 'new-site', resolvedByCandidateCode: 'K1' });
      const reopened = await json('PATCH', `/api/v1/areas/zone/reports/${id}`, { status: 'open' });
      expect(reopened.body.properties).toMatchObject({ status: 'open', resolution: null, resolvedByCandidateCode: null });
      expect(
        (
          await json('POST', '/api/v1/areas/zone/reports', {
            externalId: 'R0',
            lon: 124.85,
            lat: 46.65,
            kind: 'other',
            source: 'complaint',
            reportedAt: '2006-01-01T00:00:00Z',
          })
        ).status,
      ).toBe(409);
      expect(
        (
          await json('POST', '/api/v1/areas/zone/reports', {
            lon: 124.85,
            lat: 46.65,
            kind: 'nonsense',
            source: 'complaint',
            reportedAt: '2006-01-01T00:00:00Z',
          })
        ).body.details[0].field,
      ).toBe('/body/kind');
      expect((await json('DELETE', `/api/v1/areas/zone/reports/${id}`)).status).toBe(204);
      expect((await json('GET', `/api/v1/areas/zone/reports/${id}`)).status).toBe(404);
    });

    it('manages candidates with a default 3-sector configuration', async () => {
      const c = await json('POST', '/api/v1/areas/zone/candidates', {
        code: 'K1',
        name: '候选一',
        lon: 124.86,
        lat: 46.66,
        technology: 'CDMA',
        cost: 80,
      });
      expect(c.status).toBe(201);
      expect(c.body.properties.cells.map((x: { azimuthDeg: number }) => x.azimuthDeg)).toEqual([0, 120, 240]);
      expect(c.body.properties.cells[0].technology).toBe('CDMA');
      expect(c.body.properties).toMatchObject({ status: 'proposed', origin: 'manual', cost: 80 });
      const mismatch = await json('POST', '/api/v1/areas/zone/candidates', {
        code: 'K2',
        name: 'x',
        lon: 124.86,
        lat: 46.66,
        technology: 'CDMA',
        cells: [cell('G1', 0, 'GSM')],
      });
      expect(mismatch.status).toBe(422);
      expect(mismatch.body.details[0].field).toBe('/body/cells/0/technology');
      const approved = await json('PATCH', `/api/v1/areas/zone/candidates/${c.body.id}`, { status: 'approved' });
      expect(approved.body.properties.status).toBe('approved');
    });

    it('manages clutter zones, settlements and measurements', async () => {
      const zone = await json('POST', '/api/v1/areas/zone/clutter', {
        code: 'U1',
        name: '城区',
        environment: 'urban',
        geometry: TEST_BOUNDARY,
      });
      expect(zone.status).toBe(201);
      expect(
        (await json('POST', '/api/v1/areas/zone/clutter', { code: 'U2', environment: 'jungle', geometry: TEST_BOUNDARY })).body.details[0]
          .field,
      ).toBe('/body/environment');
      const town = await json('POST', '/api/v1/areas/zone/settlements', {
        code: 'T1',
        name: '镇',
        population: 1200,
        geometry: { type: 'Point', coordinates: [124.85, 46.65] },
      });
      expect(town.status).toBe(201);
      expect(
        (
          await json('POST', '/api/v1/areas/zone/settlements', {
            code: 'T2',
            name: 'x',
            population: -1,
            geometry: { type: 'Point', coordinates: [124.85, 46.65] },
          })
        ).status,
      ).toBe(400);
      const m = await json('POST', '/api/v1/areas/zone/measurements', {
        survey: 'DT1',
        lon: 124.85,
        lat: 46.65,
        technology: 'GSM',
        levelDbm: -78.5,
        servingCell: 'S1/G1',
        measuredAt: '2006-06-01T09:00:00+08:00',
      });
      expect(m.status).toBe(201);
      expect(m.body.properties.externalId).toMatch(/^M-/);
      const list = await json('GET', '/api/v1/areas/zone/clutter?bbox=124.7,46.5,125,46.8');
      expect(list.body.numberMatched).toBe(1);
      expect((await json('GET', '/api/v1/areas/zone/clutter?bbox=120,40,121,41')).body.numberMatched).toBe(0);
    });

    it('answers unknown routes, bad JSON and wrong media types with JSON errors', async () => {
      expect((await json('GET', '/api/v1/nothing')).status).toBe(404);
      const bad = await app.inject({
        method: 'POST',
        url: '/api/v1/areas',
        headers: { 'content-type': 'application/json' },
        payload: '{"code":',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toHaveProperty('error');
      const media = await app.inject({ method: 'POST', url: '/api/v1/areas', headers: { 'content-type': 'text/xml' }, payload: '<a/>' });
      expect(media.statusCode).toBe(415);
      const big = await app.inject({
        method: 'POST',
        url: '/api/v1/areas',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ code: 'x', name: 'y'.repeat(11 * 1024 * 1024) }),
      });
      expect(big.statusCode).toBe(413);
    });

    it('publishes the OpenAPI document', async () => {
      const res = await app.inject({ method: 'GET', url: '/docs/json' });
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.json().paths)).toContain('/api/v1/areas/{areaId}/cells');
    });
  });
});
