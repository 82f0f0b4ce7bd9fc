import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { PerceivedCoverage } from '../../../server/contract/surveys.ts';
import { TEST_BOUNDARY, buildTestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';

/** The dashboard asks every area for its perceived coverage: an area with no survey, settlement or cell answers, never a 500. */
describe.each(TEST_DATABASES)('perceived coverage of a bare area on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await buildTestApp(target));
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/areas',
      payload: { code: 'bare', name: 'Bare', boundary: TEST_BOUNDARY },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(async () => close());

  it('answers no rows and no answers', async () => {
    for (const network of ['GSM', 'CDMA', 'any']) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/areas/bare/surveys/perceived?network=${network}` });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as PerceivedCoverage;
      expect(body).toMatchObject({ network, answers: 0, answersInPlaces: 0, items: [] });
    }
  });

  it('counts a settlement with answers once they are added', async () => {
    const [lon, lat] = TEST_BOUNDARY.coordinates[0][0];
    const [lon2, lat2] = TEST_BOUNDARY.coordinates[0][2];
    const centre: [number, number] = [(lon + lon2) / 2, (lat + lat2) / 2];
    const settlement = await app.inject({
      method: 'POST',
      url: '/api/v1/areas/bare/settlements',
      payload: { code: 'V1', name: '测试村 Test Village', population: 500, geometry: { type: 'Point', coordinates: centre } },
    });
    expect(settlement.statusCode, settlement.body).toBe(201);
    for (const satisfaction of [1, 2, 5]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/areas/bare/survey-responses',
        payload: { lon: centre[0], lat: centre[1], satisfaction, technology: 'GSM', answeredAt: '2006-06-12T02:00:00Z' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const body = (await app.inject({ method: 'GET', url: '/api/v1/areas/bare/surveys/perceived?network=GSM' })).json() as PerceivedCoverage;
    // No cell: nothing is predicted covered; three answers are too few to flag.
    expect(body.items).toEqual([
      expect.objectContaining({ code: 'V1', kind: 'settlement', answers: 3, satisfied: 1, unsatisfied: 2, predictedPct: 0, flag: null }),
    ]);
    expect(body.items[0].perceivedPct).toBeCloseTo(100 / 3, 10);
  });
});
