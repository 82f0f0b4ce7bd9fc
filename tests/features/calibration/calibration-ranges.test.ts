import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { areaDataChanged } from '../../../server/features/areas/area-cache.ts';
import { loadActiveCalibration } from '../../../server/features/calibration/repository.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { TEST_BOUNDARY, buildTestApp, type TestApp } from '../../helpers/app.ts';
import { SITES, driveTest, omni } from './fixtures.ts';

/** Calibration terms obey the ranges of core/radio/parameter-ranges.ts, fitted or stored. */
describe.each(TEST_DATABASES)('calibration term ranges on $name', (target) => {
  let t: TestApp;
  let app: FastifyInstance;
  let areaId: number;
  const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const r = await app.inject({ method, url, payload });
    return { status: r.statusCode, body: r.body ? r.json() : null };
  };

  beforeAll(async () => {
    t = await buildTestApp(target);
    app = t.app;
    const area = await call('POST', '/api/v1/areas', {
      code: 'cal',
      name: 'Calibration',
      boundary: TEST_BOUNDARY,
      settings: { resolutionM: 100, defaultEnvironment: 'urban' },
    });
    expect(area.status).toBe(201);
    areaId = area.body.id;
    for (const s of SITES)
      expect((await call('POST', '/api/v1/areas/cal/sites', { ...s, cells: [{ code: 'G1', ...omni }] })).status).toBe(201);
    // A network 50 dB stronger than Okumura-Hata predicts: the data are wrong (units, cells), not the clutter.
    const rows = driveTest(300, 7, { interceptDeltaDb: -50, slopeDeltaDb: 0 }).map((m) => ({
      area_id: areaId,
      external_id: m.externalId,
      survey: m.survey,
      lon: m.lon,
      lat: m.lat,
      technology: m.technology,
      level_dbm: m.levelDbm,
      serving_cell: m.servingCell,
      measured_at: new Date(m.measuredAt),
    }));
    await app.db.insertInto('survey_measurements').values(rows).execute();
  });
  afterAll(async () => t?.close());

  it('reports a fitted term out of range but refuses to apply it, naming the term', async () => {
    const report = await call('POST', '/api/v1/areas/cal/calibration', {});
    expect(report.status).toBe(200);
    expect(report.body.terms.urban.interceptDeltaDb).toBeLessThan(-40);
    const applied = await call('POST', '/api/v1/areas/cal/calibration', { apply: true });
    expect(applied.status).toBe(422);
    expect(applied.body.details[0]).toMatchObject({
      field: 'terms.urban.interceptDeltaDb',
      value: report.body.terms.urban.interceptDeltaDb,
    });
    expect(applied.body.message).toContain('below the minimum -40 dB');
    expect((await call('GET', '/api/v1/areas/cal/calibration')).status).toBe(404);
  });

  it('calibrates around a cell stored at 0 m instead of refusing the area', async () => {
    expect(
      (
        await call('POST', '/api/v1/areas/cal/sites', {
          code: 'S3',
          name: 'Low',
          lon: 124.85,
          lat: 46.65,
          cells: [{ code: 'G1', ...omni }],
        })
      ).status,
    ).toBe(201);
    await sql`UPDATE cells SET height_m = 0 WHERE site_id = (SELECT id FROM sites WHERE code = 'S3')`.execute(app.db);
    // Without a serving cell each sample is predicted from its best server among all cells, S3 included.
    await sql`UPDATE survey_measurements SET serving_cell = NULL`.execute(app.db);
    areaDataChanged();
    const report = await call('POST', '/api/v1/areas/cal/calibration', {});
    expect(report.status).toBe(200);
    expect(report.body.terms.urban.interceptDeltaDb).toBeLessThan(-40);
  });

  it('leaves a class uncalibrated when its stored term breaks the rule, so coverage still answers', async () => {
    // A slope correction of -50 dB/decade would make the loss fall with distance.
    const terms = { urban: { interceptDeltaDb: 0, slopeDeltaDb: -50 }, suburban: { interceptDeltaDb: -5, slopeDeltaDb: 1 } };
    await app.db
      .insertInto('calibrations')
      .values({
        area_id: areaId,
        enabled: true,
        technology: 'all',
        terms: JSON.stringify(terms),
        stats: JSON.stringify({}),
        sample_count: 0,
      })
      .execute();
    areaDataChanged();
    expect(await loadActiveCalibration(app.db, areaId)).toMatchObject({ calibration: { suburban: terms.suburban } });
    expect((await loadActiveCalibration(app.db, areaId))!.calibration.urban).toBeUndefined();
    expect((await call('GET', '/api/v1/areas/cal/coverage?technology=GSM')).status).toBe(200);
  });
});
