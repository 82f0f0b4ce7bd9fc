import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { findCandidate, listAreaCandidates } from '../../../server/features/candidates/repository.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { TEST_BOUNDARY, buildTestApp } from '../../helpers/app.ts';

/** The jsonb `cells` column of a candidate is read through a typed parser, whatever an older writer left there. */
describe.each(TEST_DATABASES)('stored candidate cells on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let areaId: number;
  let id: number;
  beforeAll(async () => {
    ({ app, close } = await buildTestApp(target));
    areaId = (
      await app.inject({ method: 'POST', url: '/api/v1/areas', payload: { code: 'cc', name: 'Cells', boundary: TEST_BOUNDARY } })
    ).json().id;
    id = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/areas/cc/candidates',
        payload: { code: 'K1', name: 'K1', lon: 124.85, lat: 46.65, technology: 'CDMA' },
      })
    ).json().id;
  });
  afterAll(async () => close());

  const store = (cells: unknown) =>
    app.db
      .updateTable('candidates')
      .set({ cells: JSON.stringify(cells) })
      .where('id', '=', id)
      .execute();

  it('reads the cells the API wrote as they are', async () => {
    const candidate = await findCandidate(app.db, areaId, id);
    expect(candidate?.cells.map((c) => [c.code, c.technology, c.azimuthDeg, c.heightM])).toEqual([
      ['C1', 'CDMA', 0, 35],
      ['C2', 'CDMA', 120, 35],
      ['C3', 'CDMA', 240, 35],
    ]);
  });

  it('reads a missing or non-numeric number as NaN (the engine reports and skips the cell) and skips what is no cell', async () => {
    await store([
      {
        code: 'X1',
        technology: 'LTE?',
        frequencyMhz: 870,
        heightM: '30',
        azimuthDeg: null,
        beamwidthDeg: 65,
        tiltDeg: 2,
        powerDbm: 40,
        gainDbi: 15,
        extra: 'kept',
      },
      5,
      null,
      'cell',
    ]);
    const [candidate] = await listAreaCandidates(app.db, areaId);
    expect(candidate.cells).toHaveLength(1);
    const [cell] = candidate.cells;
    expect(cell).toMatchObject({ code: 'X1', technology: 'CDMA', frequencyMhz: 870, azimuthDeg: null, beamwidthDeg: 65, extra: 'kept' });
    expect(cell.heightM).toBeNaN();
    expect(cell.lossDb).toBeNaN();
  });

  it('keeps the keys of each cell in their stored order (exports write them as they are)', async () => {
    await store([
      {
        lossDb: 3,
        code: 'Y1',
        technology: 'CDMA',
        frequencyMhz: 870,
        heightM: 30,
        azimuthDeg: 90,
        beamwidthDeg: 65,
        tiltDeg: 2,
        powerDbm: 40,
        gainDbi: 15,
      },
    ]);
    const stored = await app.db.selectFrom('candidates').select('cells').where('id', '=', id).executeTakeFirstOrThrow();
    const candidate = await findCandidate(app.db, areaId, id);
    expect(Object.keys(candidate!.cells[0])).toEqual(Object.keys((stored.cells as object[])[0]));
  });

  it('reads cells that are not a list as none', async () => {
    await store({ code: 'not a list' });
    expect((await findCandidate(app.db, areaId, id))?.cells).toEqual([]);
  });
});
