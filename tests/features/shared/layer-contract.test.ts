import type { FastifyInstance } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClutterFeature, ClutterPage } from '../../../server/contract/clutter.ts';
import { MeasurementFeature, MeasurementPage } from '../../../server/contract/measurements.ts';
import { ReportFeature, ReportPage } from '../../../server/contract/reports.ts';
import { SettlementFeature, SettlementPage } from '../../../server/contract/settlements.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { TEST_BOUNDARY, buildTestApp, type TestApp } from '../../helpers/app.ts';

const SQUARE: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [124.82, 46.62],
      [124.84, 46.62],
      [124.84, 46.64],
      [124.82, 46.64],
      [124.82, 46.62],
    ],
  ],
};

/**
 * The map layers stored in the area's tables (reports, measurements, clutter, settlements): every
 * answer is what the layer's contract (server/contract) says, field for field, so the web client's
 * types, derived from the same schemas, hold. Rows go through the typed layer repository.
 */
describe.each(TEST_DATABASES)('layer routes and their contract on $name', (target) => {
  let t: TestApp;
  let app: FastifyInstance;
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
    const r = await app.inject({ method, url: `/api/v1/areas/layers/${url}`, payload });
    return { status: r.statusCode, body: r.body ? r.json() : null };
  };
  /** The answer, typed, after checking it against `schema` (a failure names the first mismatch). */
  const conforming = <S extends TSchema>(schema: S, body: unknown): Static<S> => {
    expect([...Value.Errors(schema, body)].slice(0, 1)).toEqual([]);
    if (!Value.Check(schema, body)) throw new Error('Value.Check disagrees with Value.Errors');
    return body;
  };

  beforeAll(async () => {
    t = await buildTestApp(target);
    app = t.app;
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/areas', payload: { code: 'layers', name: 'Layers', boundary: TEST_BOUNDARY } }))
        .statusCode,
    ).toBe(201);
  });
  afterAll(async () => t?.close());

  it('reports: defaults, a digest as the external id, the workflow, filters and key conflicts', async () => {
    const minimal = { lon: 124.85, lat: 46.65, kind: 'indoor', source: 'complaint', reportedAt: '2006-03-01T08:00:00+08:00' };
    const created = await call('POST', 'reports', minimal);
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(conforming(ReportFeature, created.body)).toEqual({
      type: 'Feature',
      id,
      geometry: { type: 'Point', coordinates: [124.85, 46.65] },
      properties: {
        id,
        externalId: expect.stringMatching(/^R-[0-9a-f]{16}$/),
        technology: 'unknown',
        kind: 'indoor',
        source: 'complaint',
        customerTier: 'regular',
        reportedAt: '2006-03-01T00:00:00.000Z',
        status: 'open',
        resolution: null,
        resolvedBySiteCode: null,
        resolvedByCandidateCode: null,
        address: null,
        note: null,
        located: 'coordinates',
        placeName: null,
        locationRadiusM: null,
      },
    });
    const again = await call('POST', 'reports', minimal);
    expect(again.status).toBe(409);
    expect(again.body.details[0]).toMatchObject({ field: '/body/externalId', value: created.body.properties.externalId });

    const other = await call('POST', 'reports', {
      ...minimal,
      externalId: 'CB-1',
      technology: 'GSM',
      customerTier: 'high',
      status: 'resolved',
      resolution: 'repeater',
      resolvedBySiteCode: 'S1',
      address: '喇嘛甸镇富强村3组',
    });
    expect(conforming(ReportFeature, other.body)).toMatchObject({
      properties: {
        externalId: 'CB-1',
        technology: 'GSM',
        customerTier: 'high',
        status: 'resolved',
        resolution: 'repeater',
        resolvedBySiteCode: 'S1',
        address: '喇嘛甸镇富强村3组',
      },
    });
    const clash = await call('PATCH', `reports/${id}`, { externalId: 'CB-1' });
    expect(clash.status).toBe(409);
    expect(clash.body.details[0]).toMatchObject({ field: '/body/externalId', value: 'CB-1' });
    // Renaming to its own key is no conflict; reopening clears the resolution and what fixed it.
    expect((await call('PATCH', `reports/${other.body.id}`, { externalId: 'CB-1', note: '回访' })).status).toBe(200);
    const reopened = await call('PATCH', `reports/${other.body.id}`, { status: 'investigating' });
    expect(conforming(ReportFeature, reopened.body).properties).toMatchObject({
      status: 'investigating',
      resolution: null,
      resolvedBySiteCode: null,
      note: '回访',
    });

    const page = await call('GET', 'reports?status=investigating&technology=GSM&kind=indoor&source=complaint');
    expect(conforming(ReportPage, page.body)).toMatchObject({ type: 'FeatureCollection', numberMatched: 1, numberReturned: 1, next: null });
    expect(page.body.features[0].id).toBe(other.body.id);
    expect(conforming(ReportPage, (await call('GET', 'reports?limit=1')).body).next).toBe(id);
    expect((await call('GET', 'reports?status=resolved')).body.numberMatched).toBe(0);
    expect(conforming(ReportFeature, (await call('GET', `reports/${id}`)).body)).toEqual(created.body);
    expect((await call('DELETE', `reports/${id}`)).status).toBe(204);
    expect((await call('DELETE', `reports/${id}`)).status).toBe(404);
  });

  it('measurements: a digest as the external id, moves checked against the area, the survey filter', async () => {
    const created = await call('POST', 'measurements', {
      lon: 124.86,
      lat: 46.66,
      technology: 'CDMA',
      levelDbm: -91.5,
      measuredAt: '2006-06-12T09:30:00+08:00',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(conforming(MeasurementFeature, created.body)).toEqual({
      type: 'Feature',
      id,
      geometry: { type: 'Point', coordinates: [124.86, 46.66] },
      properties: {
        id,
        externalId: expect.stringMatching(/^M-[0-9a-f]{16}$/),
        survey: null,
        technology: 'CDMA',
        levelDbm: -91.5,
        servingCell: null,
        measuredAt: '2006-06-12T01:30:00.000Z',
      },
    });
    const far = await call('PATCH', `measurements/${id}`, { lon: 126 });
    expect(far.status).toBe(422);
    expect(far.body.details[0].field).toBe('/body/lon');
    const changed = await call('PATCH', `measurements/${id}`, { survey: 'DT-7', servingCell: 'S1/C1', levelDbm: -88 });
    expect(conforming(MeasurementFeature, changed.body).properties).toMatchObject({
      survey: 'DT-7',
      servingCell: 'S1/C1',
      levelDbm: -88,
      technology: 'CDMA',
    });
    expect(conforming(MeasurementPage, (await call('GET', 'measurements?survey=DT-7&technology=CDMA')).body).numberMatched).toBe(1);
    expect((await call('GET', 'measurements?survey=DT-8')).body.numberMatched).toBe(0);
  });

  it('clutter zones: the polygon and its bbox as stored, code conflicts, the environment filter', async () => {
    const created = await call('POST', 'clutter', { code: 'Z1', environment: 'suburban', geometry: SQUARE });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(conforming(ClutterFeature, created.body)).toEqual({
      type: 'Feature',
      id,
      geometry: SQUARE,
      properties: { id, code: 'Z1', name: null, environment: 'suburban' },
    });
    expect((await call('POST', 'clutter', { code: 'Z2', name: '城区', environment: 'urban', geometry: TEST_BOUNDARY })).status).toBe(201);
    expect((await call('PATCH', `clutter/${id}`, { code: 'Z2' })).status).toBe(409);
    const moved = await call('PATCH', `clutter/${id}`, { name: '东湖', geometry: TEST_BOUNDARY });
    expect(conforming(ClutterFeature, moved.body)).toMatchObject({
      geometry: TEST_BOUNDARY,
      properties: { code: 'Z1', name: '东湖', environment: 'suburban' },
    });
    // The stored bbox moved with the polygon: the zone is found where only the new polygon reaches.
    const corner = await call('GET', 'clutter?bbox=124.88,46.68,124.89,46.69&environment=suburban');
    expect(conforming(ClutterPage, corner.body).features.map((f) => f.id)).toEqual([id]);
  });

  it('settlements: points and polygons, population and the approximate flag', async () => {
    const point = await call('POST', 'settlements', {
      code: 'fuqiang',
      name: '富强村 Fuqiang Village',
      population: 1000,
      approximate: true,
      geometry: { type: 'Point', coordinates: [124.87, 46.69] },
    });
    expect(point.status).toBe(201);
    expect(conforming(SettlementFeature, point.body)).toEqual({
      type: 'Feature',
      id: point.body.id,
      geometry: { type: 'Point', coordinates: [124.87, 46.69] },
      properties: { id: point.body.id, code: 'fuqiang', name: '富强村 Fuqiang Village', population: 1000, approximate: true },
    });
    const polygon = await call('POST', 'settlements', { code: 'yinyi', name: '银亿阳光城', population: 8000, geometry: SQUARE });
    expect(conforming(SettlementFeature, polygon.body).properties).toMatchObject({ population: 8000, approximate: false });
    const changed = await call('PATCH', `settlements/${polygon.body.id}`, { population: 8500 });
    expect(conforming(SettlementFeature, changed.body)).toMatchObject({
      geometry: SQUARE,
      properties: { code: 'yinyi', population: 8500 },
    });
    expect(conforming(SettlementPage, (await call('GET', 'settlements')).body).numberMatched).toBe(2);
  });
});
