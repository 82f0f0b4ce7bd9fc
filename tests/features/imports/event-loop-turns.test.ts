import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../server/db/database.ts';
import { importFile } from '../../../server/features/imports/service.ts';
import { GBK_REPORT_PLACES } from '../../fixtures/imports/generate.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { openTestDatabase } from './helpers.ts';

/** `rows` report rows inside the test area. */
function reportsCsv(rows: number): Buffer {
  let text = 'external_id,lon,lat,technology,kind,source,reported_at\n';
  for (let i = 0; i < rows; i++) {
    const [lon, lat] = GBK_REPORT_PLACES[i % GBK_REPORT_PLACES.length].wgs;
    text += `T${i},${(lon + (i % 97) * 1e-5).toFixed(6)},${(lat + (i % 89) * 1e-5).toFixed(6)},GSM,no-signal,callback,2006-05-01T08:00:00Z\n`;
  }
  return Buffer.from(text, 'utf8');
}

/**
 * Parsing and validating a file runs in promise jobs, which the event loop cannot interrupt: an
 * import gives it a turn every 256 rows, so that other requests (and health checks) are answered
 * while a file of a few thousand rows is validated (on the embedded database everything else of an
 * import runs in this thread too).
 */
describe.each(TEST_DATABASES)('imports give the event loop turns ($name)', (target) => {
  let handle: DatabaseHandle;
  let close: () => Promise<void>;
  let areaId: number;
  beforeAll(async () => {
    ({ handle, close, areaId } = await openTestDatabase(target));
  });
  afterAll(async () => close?.());

  it('lets the event loop turn at least once per 256 rows while 3,000 rows are imported', async () => {
    let turns = 0;
    let done = false;
    const turn = () => {
      turns++;
      if (!done) setImmediate(turn);
    };
    setImmediate(turn);
    const report = await importFile(handle.db, {
      areaId,
      kind: 'reports',
      source: { buffer: reportsCsv(3000) },
      fileName: 'reports.csv',
      username: 'test',
    });
    done = true;
    expect(report).toMatchObject({ rowsTotal: 3000, rowsInserted: 3000, committed: true });
    expect(turns).toBeGreaterThanOrEqual(Math.floor(3000 / 256));
  });
});
