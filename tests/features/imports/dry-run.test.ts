import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../server/db/database.ts';
import { importFile, type ImportParams } from '../../../server/features/imports/service.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { reportsCsv } from '../../reliability/helpers/kill-import.ts';
import { areaCounts, insertTestArea, openTestDatabase } from './helpers.ts';

/** Bytes of a table and its indexes (main forks: the free-space and visibility maps only come and go with VACUUM). */
async function tableBytes(handle: DatabaseHandle, table: string): Promise<number> {
  const { rows } = await sql<{ bytes: string }>`
    SELECT sum(pg_relation_size(c.oid))::int8 AS bytes FROM pg_class c
    WHERE c.oid = ${table}::regclass OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = ${table}::regclass)`.execute(handle.db);
  return Number(rows[0].bytes);
}

/** Cells of `sites` three-sector sites inside the test area, as engineering lists them. */
function cellsCsv(sites: number, prefix: string): Buffer {
  const lines = ['site_code,site_name,lon,lat,cell_code,technology,frequency_mhz,height_m,azimuth_deg,tilt_deg,power_dbm'];
  for (let s = 0; s < sites; s++) {
    for (let c = 0; c < 3; c++)
      lines.push(
        `${prefix}-${s},站 ${s},${(124.81 + (s % 80) * 0.001).toFixed(4)},${(46.61 + Math.floor(s / 80) * 0.001).toFixed(4)},C${c},GSM,900,35,${c * 120},4,43`,
      );
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/**
 * A dry run reads and counts and writes no data row: tables and indexes keep their size and rows
 * (a rolled-back write left the space behind: about 235 MB per million rows on the embedded
 * database, which has no autovacuum to take it back), and its counts are those of the real import.
 */
describe.each(TEST_DATABASES)('dry runs on $name', (target) => {
  let handle: DatabaseHandle;
  let close: () => Promise<void>;
  let areaSeq = 0;
  beforeAll(async () => {
    const opened = await openTestDatabase(target);
    handle = opened.handle;
    close = opened.close;
  });
  afterAll(async () => close?.());

  const run = (areaId: number, kind: ImportParams['kind'], file: Buffer, dryRun: boolean) =>
    importFile(handle.db, { areaId, kind, source: { buffer: file }, fileName: `${kind}.csv`, username: 'test', dryRun });
  const sizes = async (tables: string[]) =>
    Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await tableBytes(handle, t)])));

  it('of 30,000 reports over 10,000 stored leaves the tables as they were and counts what the import then does', {
    timeout: 180_000,
  }, async () => {
    const areaId = await insertTestArea(handle.db, `dry-${++areaSeq}`);
    expect(await run(areaId, 'reports', reportsCsv(10_000, 'D'), false)).toMatchObject({ committed: true, rowsInserted: 10_000 });
    await sql`VACUUM problem_reports`.execute(handle.db);
    const before = { sizes: await sizes(['problem_reports']), counts: await areaCounts(handle.db, areaId) };

    // The first 10,000 rows are the stored ones again.
    const file = reportsCsv(30_000, 'D');
    const dry = await run(areaId, 'reports', file, true);
    expect(dry).toMatchObject({ dryRun: true, committed: false, rowsTotal: 30_000, rowsInserted: 20_000, rowsUpdated: 10_000 });
    expect({ sizes: await sizes(['problem_reports']), counts: await areaCounts(handle.db, areaId) }).toEqual(before);

    const real = await run(areaId, 'reports', file, false);
    expect(real).toMatchObject({ committed: true, rowsInserted: dry.rowsInserted, rowsUpdated: dry.rowsUpdated });
  });

  it('of cells leaves sites and cells as they were and counts sites and cells as the import does', { timeout: 180_000 }, async () => {
    const areaId = await insertTestArea(handle.db, `dry-${++areaSeq}`);
    expect(await run(areaId, 'cells', cellsCsv(500, 'S'), false)).toMatchObject({ committed: true, rowsInserted: 1500 });
    await sql`VACUUM sites, cells`.execute(handle.db);
    const before = { sizes: await sizes(['sites', 'cells']), counts: await areaCounts(handle.db, areaId) };

    const file = cellsCsv(3000, 'S');
    const dry = await run(areaId, 'cells', file, true);
    expect(dry).toMatchObject({ rowsInserted: 7500, rowsUpdated: 1500, sites: { inserted: 2500, updated: 500 } });
    expect({ sizes: await sizes(['sites', 'cells']), counts: await areaCounts(handle.db, areaId) }).toEqual(before);

    const real = await run(areaId, 'cells', file, false);
    expect(real).toMatchObject({ committed: true, rowsInserted: 7500, rowsUpdated: 1500, sites: dry.sites });
  });
});
