import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../server/db/database.ts';
import { importFile } from '../../../server/features/imports/service.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { reportsCsv } from '../../reliability/helpers/kill-import.ts';
import { areaCounts, insertTestArea, openTestDatabase } from './helpers.ts';

/**
 * A file rejected at its last row has had its other rows written (in batches, while the rest was
 * read) before the transaction was rolled back. The embedded database has no autovacuum: the import
 * vacuums the tables it wrote, so the table is back to its size (indexes keep their pages, free for
 * the next rows). PostgreSQL's autovacuum does the same in its own time.
 */
describe.each(TEST_DATABASES)('space after a rejected import on $name', (target) => {
  let handle: DatabaseHandle;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const opened = await openTestDatabase(target);
    handle = opened.handle;
    close = opened.close;
  });
  afterAll(async () => close?.());

  const heapBytes = async () =>
    Number((await sql<{ bytes: string }>`SELECT pg_relation_size('problem_reports')::int8 AS bytes`.execute(handle.db)).rows[0].bytes);

  it('of 30,000 reports rejected at the last row leaves the rows, and on the embedded database the table size, as they were', {
    timeout: 180_000,
  }, async () => {
    const areaId = await insertTestArea(handle.db, 'rejected');
    const run = (file: Buffer) =>
      importFile(handle.db, { areaId, kind: 'reports', source: { buffer: file }, fileName: 'r.csv', username: 'test' });
    expect(await run(reportsCsv(10_000, 'K'))).toMatchObject({ committed: true });
    await sql`VACUUM problem_reports`.execute(handle.db);
    const before = { counts: await areaCounts(handle.db, areaId), heap: await heapBytes() };

    const bad = Buffer.concat([reportsCsv(30_000, 'K'), Buffer.from('K-bad,124.862,46.662,GSM,no-signal,callback,2006-02-30,x\n')]);
    expect(await run(bad)).toMatchObject({ committed: false, rowsTotal: 30_001, rowsRejected: 1, errorCount: 1 });
    expect(await areaCounts(handle.db, areaId)).toEqual(before.counts);
    if (target.name === 'pglite') expect(await heapBytes()).toBe(before.heap);
  });
});
