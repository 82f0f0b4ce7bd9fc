import type { Kysely } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../../server/db/database.ts';
import { migrateToLatest } from '../../../server/db/migrate.ts';
import type { Database } from '../../../server/db/types.ts';
import { testAreaBoundary } from '../../fixtures/imports/generate.ts';
import type { TestDatabase } from '../../helpers/databases.ts';

/** A fresh migrated database of the given kind with the test area (code "ranghulu-test"). */
export async function openTestDatabase(target: TestDatabase): Promise<{ handle: DatabaseHandle; areaId: number; close(): Promise<void> }> {
  const created = await target.create();
  const handle = await openDatabase({ databaseUrl: created.databaseUrl, dataDir: created.dataDir });
  await migrateToLatest(handle.db);
  const areaId = await insertTestArea(handle.db);
  return {
    handle,
    areaId,
    async close() {
      await handle.close();
      await created.drop();
    },
  };
}

export async function insertTestArea(db: Kysely<Database>, code = 'ranghulu-test'): Promise<number> {
  const boundary = testAreaBoundary();
  const ring = boundary.coordinates[0];
  const row = await db
    .insertInto('areas')
    .values({
      code,
      name: '让胡路区（测试）',
      boundary: JSON.stringify(boundary),
      min_lon: Math.min(...ring.map((p) => p[0])),
      min_lat: Math.min(...ring.map((p) => p[1])),
      max_lon: Math.max(...ring.map((p) => p[0])),
      max_lat: Math.max(...ring.map((p) => p[1])),
      settings: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Row counts of everything an import writes for one area, to prove that a rejected file changed nothing. */
export async function areaCounts(db: Kysely<Database>, areaId: number): Promise<Record<string, number>> {
  const count = async (table: 'sites' | 'problem_reports' | 'candidates' | 'survey_measurements' | 'clutter_zones' | 'settlements') => {
    const { n } = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('area_id', '=', areaId)
      .executeTakeFirstOrThrow();
    return Number(n);
  };
  const { n: cells } = await db
    .selectFrom('cells')
    .innerJoin('sites', 'sites.id', 'cells.site_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sites.area_id', '=', areaId)
    .executeTakeFirstOrThrow();
  return {
    sites: await count('sites'),
    cells: Number(cells),
    reports: await count('problem_reports'),
    candidates: await count('candidates'),
    measurements: await count('survey_measurements'),
    clutter: await count('clutter_zones'),
    settlements: await count('settlements'),
  };
}
