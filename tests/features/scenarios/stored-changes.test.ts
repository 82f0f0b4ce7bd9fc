import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { findScenario } from '../../../server/features/scenarios/repository.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { TEST_BOUNDARY, buildTestApp } from '../../helpers/app.ts';

/** The jsonb `changes` column of a scenario is read through a typed parser. */
describe.each(TEST_DATABASES)('stored scenario changes on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let areaId: number;
  beforeAll(async () => {
    ({ app, close } = await buildTestApp(target));
    areaId = (
      await app.inject({ method: 'POST', url: '/api/v1/areas', payload: { code: 'sch', name: 'Changes', boundary: TEST_BOUNDARY } })
    ).json().id;
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/areas/sch/scenarios',
          payload: { name: 's1', changes: { removeCells: ['A/G1'] } },
        })
      ).statusCode,
    ).toBe(422);
    await app.db
      .insertInto('scenarios')
      .values({ area_id: areaId, name: 's1', description: null, changes: JSON.stringify({}), created_by: null })
      .execute();
  });
  afterAll(async () => close());

  const store = (changes: unknown) =>
    app.db
      .updateTable('scenarios')
      .set({ changes: JSON.stringify(changes) })
      .where('name', '=', 's1')
      .execute();

  it('reads absent lists as empty', async () => {
    expect((await findScenario(app.db, areaId, 's1'))?.changes).toEqual({ addCandidates: [], cellChanges: [], removeCells: [] });
    const answer = await app.inject({ method: 'GET', url: '/api/v1/areas/sch/scenarios/s1' });
    expect(answer.json().changes).toEqual({ addCandidates: [], cellChanges: [], removeCells: [] });
  });

  it('keeps of a cell change its key and the radio parameters that are numbers (or a null azimuth)', async () => {
    await store({
      addCandidates: ['K1', 7],
      cellChanges: [{ cell: 'A/G1', tiltDeg: 6, azimuthDeg: null, powerDbm: 'high', technology: 'CDMA' }, 'x'],
      removeCells: ['A/G2'],
    });
    const scenario = await findScenario(app.db, areaId, 's1');
    expect(scenario?.changes).toEqual({
      addCandidates: ['K1'],
      cellChanges: [{ cell: 'A/G1', tiltDeg: 6, azimuthDeg: null }],
      removeCells: ['A/G2'],
    });
  });

  it('reads changes that are not an object as none', async () => {
    await store([1, 2]);
    expect((await findScenario(app.db, areaId, 's1'))?.changes).toEqual({ addCandidates: [], cellChanges: [], removeCells: [] });
  });
});
