import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_AREA_SETTINGS } from '../../../server/core/model.ts';
import { findArea } from '../../../server/features/areas/repository.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { TEST_BOUNDARY, buildTestApp } from '../../helpers/app.ts';

/** The jsonb `settings` column is read through a typed parser: known settings checked, other keys kept. */
describe.each(TEST_DATABASES)('stored area settings on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await buildTestApp(target));
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/areas',
          payload: { code: 'st', name: 'Stored', boundary: TEST_BOUNDARY, settings: { resolutionM: 100, thresholdsDbm: { CDMA: -97 } } },
        })
      ).statusCode,
    ).toBe(201);
  });
  afterAll(async () => close());

  const store = (settings: unknown) =>
    app.db
      .updateTable('areas')
      .set({ settings: JSON.stringify(settings) })
      .where('code', '=', 'st')
      .execute();

  it('reads what the API stored as typed overrides merged over the defaults', async () => {
    const area = await findArea(app.db, 'st');
    expect(area?.storedSettings).toEqual({ resolutionM: 100, thresholdsDbm: { CDMA: -97 } });
    expect(area?.settings).toEqual({
      ...DEFAULT_AREA_SETTINGS,
      resolutionM: 100,
      thresholdsDbm: { ...DEFAULT_AREA_SETTINGS.thresholdsDbm, CDMA: -97 },
    });
  });

  it('leaves out a known setting of the wrong type (its default applies) and keeps other keys as stored', async () => {
    await store({
      resolutionM: '50',
      defaultEnvironment: 'jungle',
      overlapMarginDb: 4,
      thresholdsDbm: { GSM: -85, CDMA: 'low', XYZ: -1 },
      opencellidDefaults: { heightM: 25 },
    });
    const area = await findArea(app.db, 'st');
    expect(area?.storedSettings).toEqual({ overlapMarginDb: 4, thresholdsDbm: { GSM: -85 }, opencellidDefaults: { heightM: 25 } });
    expect(area?.settings).toMatchObject({
      resolutionM: DEFAULT_AREA_SETTINGS.resolutionM,
      defaultEnvironment: DEFAULT_AREA_SETTINGS.defaultEnvironment,
      overlapMarginDb: 4,
    });
    expect(area?.settings.thresholdsDbm).toEqual({ ...DEFAULT_AREA_SETTINGS.thresholdsDbm, GSM: -85 });
    const answer = await app.inject({ method: 'GET', url: '/api/v1/areas/st' });
    expect(Object.keys(answer.json().settings.thresholdsDbm)).toEqual(['GSM', 'CDMA', 'UMTS', 'LTE', 'NR']);
  });

  it('keeps the other keys through an update of the settings', async () => {
    await store({ resolutionM: 100, opencellidDefaults: { heightM: 25 } });
    expect((await app.inject({ method: 'PATCH', url: '/api/v1/areas/st', payload: { settings: { minGapAreaKm2: 0.1 } } })).statusCode).toBe(
      200,
    );
    expect((await findArea(app.db, 'st'))?.storedSettings).toEqual({
      resolutionM: 100,
      minGapAreaKm2: 0.1,
      thresholdsDbm: {},
      opencellidDefaults: { heightM: 25 },
    });
  });

  it('reads a settings value that is not an object as no settings', async () => {
    await store([1, 2]);
    expect((await findArea(app.db, 'st'))?.storedSettings).toEqual({});
  });
});
