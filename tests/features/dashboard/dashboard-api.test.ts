import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { SMALL_AREA_BOUNDARY as boundary, sector } from '../../helpers/small-area.ts';

const LON0 = 124.85;
const LAT0 = 46.65;

describe.each(TEST_DATABASES)('dashboard figures API on $name', (target) => {
  let test: TestApp;
  let app: FastifyInstance;
  const req = async (method: string, url: string, payload?: object, headers?: Record<string, string>) => {
    const r = await app.inject({ method: method as 'GET', url, payload, headers });
    return { status: r.statusCode, body: r.body ? r.json() : null };
  };
  let east: number;
  let noCdma: number;

  beforeAll(async () => {
    test = await buildTestApp(target);
    app = test.app;
    expect(
      (await req('POST', '/api/v1/areas', { code: 'dash', name: 'Dashboard town', boundary, settings: { resolutionM: 50 } })).status,
    ).toBe(201);
    expect(
      (
        await req('POST', '/api/v1/areas/dash/sites', {
          code: 'A',
          name: 'A',
          lon: LON0,
          lat: LAT0,
          cells: [sector('G1', 0), sector('G2', 120), sector('C1', null, 'CDMA')],
        })
      ).status,
    ).toBe(201);
    expect(
      (await req('POST', '/api/v1/areas/dash/candidates', { code: 'K1', name: 'East', lon: 124.9, lat: 46.65, technology: 'GSM' })).status,
    ).toBe(201);
    east = (await req('POST', '/api/v1/areas/dash/scenarios', { name: 'east', changes: { addCandidates: ['K1'] } })).body.id;
    noCdma = (await req('POST', '/api/v1/areas/dash/scenarios', { name: 'no CDMA', changes: { removeCells: ['A/C1'] } })).body.id;
  });
  afterAll(async () => test.close());

  it('answers every network for the existing network and each scenario asked for, as GET /coverage does one by one', async () => {
    const res = await req('GET', `/api/v1/areas/dash/dashboard/figures?scenarios=${east},${noCdma}`);
    expect(res.status).toBe(200);
    const items = res.body.items as {
      scenario: string | null;
      scenarioId: number | null;
      technology: string;
      figures: Record<string, unknown>;
    }[];
    expect(items.map((i) => `${i.scenario ?? 'existing'}/${i.technology}`)).toEqual([
      'existing/GSM',
      'existing/CDMA',
      'existing/any',
      'east/GSM',
      'east/CDMA',
      'east/any',
      'no CDMA/GSM',
      'no CDMA/CDMA',
      'no CDMA/any',
    ]);
    expect(items[3].scenarioId).toBe(east);
    for (const item of items) {
      const scenario = item.scenarioId === null ? '' : `&scenario=${item.scenarioId}`;
      const one = (await req('GET', `/api/v1/areas/dash/coverage?technology=${item.technology}${scenario}`)).body;
      for (const key of [
        'areaKm2',
        'coveredKm2',
        'coveragePct',
        'population',
        'coveredPopulation',
        'populationPct',
        'reportsTotal',
        'reportsUncovered',
        'gapCount',
        'cellCount',
        'thresholdDbm',
        'resolutionM',
      ]) {
        expect(item.figures[key], `${item.scenario}/${item.technology} ${key}`).toEqual(one[key]);
      }
      expect(item.figures.scenario).toBe(item.scenario);
    }
    const gsm = (name: string | null) => items.find((i) => i.scenario === name && i.technology === 'GSM')!.figures.coveragePct as number;
    expect(gsm('east')).toBeGreaterThan(gsm(null));
    expect(items.find((i) => i.scenario === 'no CDMA' && i.technology === 'CDMA')!.figures.coveredKm2).toBe(0);
  });

  it('answers the existing network alone without scenarios, and indoor figures on request', async () => {
    const outdoor = await req('GET', '/api/v1/areas/dash/dashboard/figures');
    expect(outdoor.status).toBe(200);
    expect(outdoor.body.items).toHaveLength(3);
    const indoor = await req('GET', '/api/v1/areas/dash/dashboard/figures?indoor=true');
    expect(indoor.body.items.every((i: { figures: { indoor: boolean } }) => i.figures.indoor)).toBe(true);
    expect(indoor.body.items[0].figures.coveredKm2).toBeLessThanOrEqual(outdoor.body.items[0].figures.coveredKm2);
  });

  it('names the problem with the scenarios asked for', async () => {
    const malformed = await req('GET', '/api/v1/areas/dash/dashboard/figures?scenarios=east');
    expect(malformed.status).toBe(400);
    expect(malformed.body.details[0].field).toContain('scenarios');
    const tooMany = await req(
      'GET',
      `/api/v1/areas/dash/dashboard/figures?scenarios=${Array.from({ length: 11 }, (_, i) => i + 1).join(',')}`,
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.details[0].field).toBe('/querystring/scenarios');
    expect((await req('GET', `/api/v1/areas/dash/dashboard/figures?scenarios=${east},999999`)).status).toBe(404);
    expect((await req('GET', '/api/v1/areas/nowhere/dashboard/figures')).status).toBe(404);
  });

  it('is read by viewers and refused to anonymous callers', async () => {
    const viewer = await test.tokenFor('viewer');
    expect((await req('GET', '/api/v1/areas/dash/dashboard/figures', undefined, { authorization: `Bearer ${viewer}` })).status).toBe(200);
    const anonymous = await test.anonymousInject({ method: 'GET', url: '/api/v1/areas/dash/dashboard/figures' });
    expect(anonymous.statusCode).toBe(401);
  });
});
