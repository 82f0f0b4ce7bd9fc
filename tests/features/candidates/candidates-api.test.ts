import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { SMALL_AREA_BOUNDARY as boundary, sector } from '../../helpers/small-area.ts';

interface CandidateAnswer {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: number[] };
  properties: {
    id: number;
    code: string;
    technology: string;
    status: string;
    origin: string;
    cost: number | null;
    note: string | null;
    approximate: boolean;
    cells: Array<{ code: string; technology: string; azimuthDeg: number | null }>;
  };
}

// The candidate sites of an area as a GeoJSON layer: paging, filters, natural-key conflicts, cell lists.
describe.each(TEST_DATABASES)('candidates API on $name', (target) => {
  let t: TestApp;
  const req = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers?: Record<string, string>) => {
    const r = await t.app.inject({ method, url, payload, headers });
    return { status: r.statusCode, body: r.body ? r.json() : null };
  };
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await buildTestApp(target);
    expect((await req('POST', '/api/v1/areas', { code: 'cand', name: 'Candidate town', boundary })).status).toBe(201);
  });
  afterAll(async () => t.close());

  it('creates candidates with three default sectors, or the cells given', async () => {
    const k1 = await req('POST', '/api/v1/areas/cand/candidates', {
      code: 'K1',
      name: 'East',
      lon: 124.9,
      lat: 46.65,
      technology: 'CDMA',
      cost: 80,
    });
    expect(k1.status).toBe(201);
    const f = k1.body as CandidateAnswer;
    ids.K1 = f.id;
    expect(f).toMatchObject({ type: 'Feature', id: f.properties.id, geometry: { type: 'Point', coordinates: [124.9, 46.65] } });
    expect(f.properties).toMatchObject({
      code: 'K1',
      name: 'East',
      technology: 'CDMA',
      cost: 80,
      status: 'proposed',
      origin: 'manual',
      approximate: false,
      note: null,
    });
    expect(f.properties).not.toHaveProperty('lon');
    expect(f.properties.cells.map((c) => [c.code, c.technology, c.azimuthDeg])).toEqual([
      ['C1', 'CDMA', 0],
      ['C2', 'CDMA', 120],
      ['C3', 'CDMA', 240],
    ]);

    const k2 = await req('POST', '/api/v1/areas/cand/candidates', {
      code: 'K2',
      name: 'West',
      lon: 124.79,
      lat: 46.68,
      technology: 'GSM',
      cells: [{ code: 'O1', technology: 'GSM', frequencyMhz: 950, heightM: 30, powerDbm: 40 }],
      status: 'approved',
      origin: 'generated',
      approximate: true,
      note: 'roof',
    });
    expect(k2.status).toBe(201);
    ids.K2 = k2.body.id;
    expect(k2.body.properties).toMatchObject({ status: 'approved', origin: 'generated', approximate: true, note: 'roof', cost: null });
    expect(k2.body.properties.cells).toEqual([
      {
        code: 'O1',
        technology: 'GSM',
        frequencyMhz: 950,
        heightM: 30,
        azimuthDeg: null,
        beamwidthDeg: 65,
        tiltDeg: 0,
        powerDbm: 40,
        gainDbi: 0,
        lossDb: 0,
      },
    ]);
    const k3 = await req('POST', '/api/v1/areas/cand/candidates', {
      code: 'K3',
      name: 'South',
      lon: 124.85,
      lat: 46.61,
      technology: 'GSM',
    });
    ids.K3 = k3.body.id;
  });

  it('refuses bad candidates, naming the field', async () => {
    const mismatch = await req('POST', '/api/v1/areas/cand/candidates', {
      code: 'X',
      name: 'x',
      lon: 124.86,
      lat: 46.66,
      technology: 'CDMA',
      cells: [sector('G1', 0)],
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.details[0]).toMatchObject({ field: '/body/cells/0/technology', value: 'GSM' });
    const duplicate = await req('POST', '/api/v1/areas/cand/candidates', {
      code: 'X',
      name: 'x',
      lon: 124.86,
      lat: 46.66,
      technology: 'GSM',
      cells: [sector('G1', 0), sector('G1', 90)],
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.details[0]).toMatchObject({ field: '/body/cells/1/code', value: 'G1' });
    const outside = await req('POST', '/api/v1/areas/cand/candidates', { code: 'X', name: 'x', lon: 125.5, lat: 46.66, technology: 'GSM' });
    expect(outside.status).toBe(422);
    expect(outside.body.details[0].field).toBe('/body/lon');
    const taken = await req('POST', '/api/v1/areas/cand/candidates', {
      code: 'K1',
      name: 'again',
      lon: 124.86,
      lat: 46.66,
      technology: 'GSM',
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({
      error: 'conflict',
      message: 'candidate code "K1" already exists in area "cand"',
      details: [{ field: '/body/code', value: 'K1' }],
    });
    const badStatus = await req('POST', '/api/v1/areas/cand/candidates', {
      code: 'X',
      name: 'x',
      lon: 124.86,
      lat: 46.66,
      technology: 'GSM',
      status: 'maybe',
    });
    expect(badStatus.status).toBe(400);
    const viewer = await t.tokenFor('viewer');
    expect(
      (
        await req(
          'POST',
          '/api/v1/areas/cand/candidates',
          { code: 'X', name: 'x', lon: 124.86, lat: 46.66, technology: 'GSM' },
          { authorization: `Bearer ${viewer}` },
        )
      ).status,
    ).toBe(403);
  });

  it('lists candidates with filters, a bbox and paging', async () => {
    const all = await req('GET', '/api/v1/areas/cand/candidates');
    expect(all.body).toMatchObject({ type: 'FeatureCollection', numberMatched: 3, numberReturned: 3, next: null });
    expect(all.body.features.map((f: CandidateAnswer) => f.properties.code)).toEqual(['K1', 'K2', 'K3']);
    const codes = async (query: string) =>
      (await req('GET', `/api/v1/areas/cand/candidates?${query}`)).body.features.map((f: CandidateAnswer) => f.properties.code);
    expect(await codes('technology=GSM')).toEqual(['K2', 'K3']);
    expect(await codes('status=approved')).toEqual(['K2']);
    expect(await codes('origin=manual&technology=GSM')).toEqual(['K3']);
    expect(await codes('bbox=124.84,46.6,124.95,46.7')).toEqual(['K1', 'K3']);
    const first = await req('GET', '/api/v1/areas/cand/candidates?limit=2');
    expect(first.body).toMatchObject({ numberMatched: 3, numberReturned: 2, next: ids.K2 });
    const rest = await req('GET', `/api/v1/areas/cand/candidates?limit=2&cursor=${first.body.next}`);
    expect(rest.body.features.map((f: CandidateAnswer) => f.properties.code)).toEqual(['K3']);
    expect(rest.body.next).toBeNull();
    expect(await codes('limit=1&offset=1')).toEqual(['K2']);
    expect((await req('GET', '/api/v1/areas/cand/candidates?offset=1&cursor=1')).status).toBe(400);
    expect((await req('GET', '/api/v1/areas/cand/candidates?origin=found')).status).toBe(400);
    expect((await req('GET', '/api/v1/areas/nowhere/candidates')).status).toBe(404);
  });

  it('gets one candidate, or 404', async () => {
    const one = await req('GET', `/api/v1/areas/cand/candidates/${ids.K2}`);
    expect(one.status).toBe(200);
    expect(one.body.properties.code).toBe('K2');
    const missing = await req('GET', '/api/v1/areas/cand/candidates/9999');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('candidate "9999" not found');
  });

  it('updates a candidate: fields, position, technology (cells follow) and cells', async () => {
    const url = `/api/v1/areas/cand/candidates/${ids.K1}`;
    const approved = await req('PATCH', url, { status: 'approved', cost: null, lon: 124.91 });
    expect(approved.status).toBe(200);
    expect(approved.body.properties).toMatchObject({ status: 'approved', cost: null, code: 'K1' });
    expect(approved.body.geometry.coordinates).toEqual([124.91, 46.65]);
    const gsm = await req('PATCH', url, { technology: 'GSM' });
    expect(gsm.body.properties.technology).toBe('GSM');
    expect(gsm.body.properties.cells.map((c: { technology: string; azimuthDeg: number }) => [c.technology, c.azimuthDeg])).toEqual([
      ['GSM', 0],
      ['GSM', 120],
      ['GSM', 240],
    ]);
    const cells = await req('PATCH', url, { cells: [sector('G7', 45)] });
    expect(cells.body.properties.cells.map((c: { code: string }) => c.code)).toEqual(['G7']);
    const mismatch = await req('PATCH', url, { cells: [sector('C1', 45, 'CDMA')] });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.details[0].field).toBe('/body/cells/0/technology');
    const taken = await req('PATCH', url, { code: 'K2' });
    expect(taken.status).toBe(409);
    expect((await req('PATCH', url, { code: 'K1' })).status).toBe(200);
    const outside = await req('PATCH', url, { lat: 47.5 });
    expect(outside.status).toBe(422);
    const unchanged = await req('PATCH', url, {});
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.properties).toMatchObject({ code: 'K1', technology: 'GSM', status: 'approved' });
    expect((await req('PATCH', '/api/v1/areas/cand/candidates/9999', { name: 'x' })).status).toBe(404);
  });

  it('deletes a candidate, then 404', async () => {
    expect((await req('DELETE', `/api/v1/areas/cand/candidates/${ids.K3}`)).status).toBe(204);
    expect((await req('DELETE', `/api/v1/areas/cand/candidates/${ids.K3}`)).status).toBe(404);
    expect((await req('GET', '/api/v1/areas/cand/candidates')).body.numberMatched).toBe(2);
  });
});
