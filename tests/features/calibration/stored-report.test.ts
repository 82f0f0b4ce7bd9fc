import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { CalibrationReport } from '../../../server/contract/calibration.ts';
import { findActiveCalibration } from '../../../server/features/calibration/repository.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { TEST_BOUNDARY, buildTestApp } from '../../helpers/app.ts';

const stats = {
  all: { n: 40, meanErrorDb: 1.5, stdDevDb: 6, rmseDb: 6.2 },
  byTechnology: { GSM: { n: 40, meanErrorDb: 1.5, stdDevDb: 6, rmseDb: 6.2 } },
  byEnvironment: {},
};
const report: CalibrationReport = {
  fits: [
    {
      environment: 'urban',
      n: 40,
      method: 'intercept-only',
      note: 'distances too close together',
      interceptDeltaDb: -1.5,
      slopeDeltaDb: null,
      interceptStdErrDb: 0.9,
      slopeStdErrDb: null,
      log10DistanceSpread: 0.1,
      minDistanceKm: 0.4,
      maxDistanceKm: 2,
    },
  ],
  before: stats,
  after: { ...stats, all: { n: 40, meanErrorDb: 0, stdDevDb: 6, rmseDb: 6 } },
  excluded: { saturated: 0, belowFloor: 0, unknownServingCell: 0, noServer: 0, tooClose: 1, freeSpaceFloor: 0 },
  options: {
    minSamples: 30,
    saturationDbm: -40,
    floorDbm: -115,
    minDistanceKm: 0.1,
    minLog10DistanceSpread: 0.15,
    maxSlopeDeltaDb: 15,
    maxSlopeStdErrDb: 2,
  },
};

/** The jsonb columns of a calibration are read through typed parsers: the terms checked, the report against its schema. */
describe.each(TEST_DATABASES)('stored calibration on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let areaId: number;
  beforeAll(async () => {
    ({ app, close } = await buildTestApp(target));
    areaId = (
      await app.inject({ method: 'POST', url: '/api/v1/areas', payload: { code: 'rep', name: 'Report', boundary: TEST_BOUNDARY } })
    ).json().id;
  });
  afterAll(async () => close());

  const store = async (terms: unknown, stats: unknown) => {
    await app.db.deleteFrom('calibrations').where('area_id', '=', areaId).execute();
    await app.db
      .insertInto('calibrations')
      .values({
        area_id: areaId,
        created_by: 'rf',
        enabled: true,
        technology: 'GSM',
        terms: JSON.stringify(terms),
        stats: JSON.stringify(stats),
        sample_count: 40,
      })
      .execute();
  };

  it('reads a stored report and the terms within their ranges', async () => {
    await store(
      { urban: { interceptDeltaDb: -1.5, slopeDeltaDb: 0 }, rural: { interceptDeltaDb: 'x', slopeDeltaDb: 0 }, suburban: 7 },
      report,
    );
    const stored = await findActiveCalibration(app.db, areaId);
    expect(stored?.report).toEqual(report);
    expect(stored?.terms).toEqual({ urban: { interceptDeltaDb: -1.5, slopeDeltaDb: 0 } });
    const answer = await app.inject({ method: 'GET', url: '/api/v1/areas/rep/calibration' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      technology: 'GSM',
      createdBy: 'rf',
      sampleCount: 40,
      fits: report.fits,
      excluded: report.excluded,
    });
  });

  it('refuses a stored report that does not match its schema, naming the calibration', async () => {
    const { after: _after, ...broken } = report;
    await store({}, broken);
    const row = await app.db.selectFrom('calibrations').select('id').where('area_id', '=', areaId).executeTakeFirstOrThrow();
    await expect(findActiveCalibration(app.db, areaId)).rejects.toThrow(
      `calibration ${row.id}: the stored report does not match the CalibrationReport schema`,
    );
  });
});
