import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { multipartBody } from '../../reliability/helpers/route-fuzz.ts';
import { insertTestArea } from './helpers.ts';

const HEADER = 'external_id,lon,lat,kind,source,reported_at,address';

/**
 * What an import reports is bounded whatever the file: the first 1000 errors with values and
 * columns cut to 200 characters and reasons to 500, the first 100 warnings, counts of the rest; the
 * audit record keeps the counts and the first 100 errors. Before, a CSV with a million columns
 * answered 39.6 MB and left a 26.7 MB audit record that viewers could read.
 */
describe.each(TEST_DATABASES)('import report caps on $name', (target) => {
  let t: TestApp;
  let areaId: number;
  beforeAll(async () => {
    t = await buildTestApp(target);
    areaId = await insertTestArea(t.app.db, 'caps');
  });
  afterAll(async () => {
    await t?.close();
  });

  const upload = (fileName: string, content: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/areas/${areaId}/imports`,
      ...multipartBody([
        { name: 'kind', value: 'reports' },
        { name: 'file', fileName, content: Buffer.from(content) },
      ]),
    });
  /** The audit record of an import: through the API (viewers read it) and its stored size. */
  const audited = async (importId: number) => {
    const viewer = await t.tokenFor('viewer');
    const res = await t.anonymousInject({
      method: 'GET',
      url: `/api/v1/areas/${areaId}/imports/${importId}`,
      headers: { authorization: `Bearer ${viewer}` },
    });
    const { bytes } = (
      await sql<{ bytes: number }>`SELECT octet_length(errors::text)::int4 AS bytes FROM imports WHERE id = ${importId}`.execute(t.app.db)
    ).rows[0];
    return { body: res.json(), bytes };
  };

  it('lists the first 1000 of 5000 errors, each value and reason cut short, and audits the first 100', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `R-${i},124.862,46.662,no-signal,callback,${'不'.repeat(3000)},远望高层`);
    const res = await upload('long-values.csv', [HEADER, ...rows].join('\n'));
    expect(res.statusCode).toBe(422);
    const report = res.json();
    expect(report).toMatchObject({ errorCount: 5000, errorsOmitted: 4000, rowsRejected: 5000, committed: false });
    expect(report.errors).toHaveLength(1000);
    expect(report.errors[0]).toMatchObject({ line: 2, column: 'reported_at', code: 'not-a-date' });
    expect(report.errors[0].value).toBe(`${'不'.repeat(199)}…`);
    expect(Math.max(...report.errors.map((e: { reason: string }) => e.reason.length))).toBeLessThanOrEqual(500);
    expect(res.body.length).toBeLessThan(400_000);

    const { body, bytes } = await audited(report.importId);
    expect(body).toMatchObject({ errorCount: 5000, committed: false });
    expect(body.errors).toHaveLength(100);
    // The audit answers the error as the report did (same code, same language).
    expect(body.errors[99]).toEqual(report.errors[99]);
    expect(bytes).toBeLessThan(100_000);
  });

  it('answers a header of 500 long unknown names in a few KB, naming a few columns and counting the rest', async () => {
    const names = Array.from({ length: 500 }, (_, i) => `${'未知列'.repeat(700)}${i}`);
    const res = await upload('wide.csv', `${names.join(',')}\n${names.map(() => 'x').join(',')}\n`);
    expect(res.statusCode).toBe(422);
    const report = res.json();
    const missing = report.errors.find((e: { column: string }) => e.column === 'lon');
    expect(missing.reason).toMatch(/^required column missing \(columns found: "未知列未知列[^"]{0,40}…", .* and 49\d more\)$/);
    expect(report.warnings.find((w: string) => w.startsWith('columns ignored: '))).toMatch(/ and 49\d more$/);
    expect(res.body.length).toBeLessThan(20_000);
    expect((await audited(report.importId)).bytes).toBeLessThan(20_000);
  });

  it('lists the first 100 warnings and counts the others', async () => {
    // 400 columns that all mean longitude: each one after the first is a warning.
    const names = ['external_id', 'lat', 'kind', 'source', 'reported_at', ...Array.from({ length: 400 }, () => '经度')];
    const row = ['R-1', '46.662', 'weak-signal', 'callback', '2006-05-01T08:00:00Z', ...names.slice(5).map(() => '124.862')];
    const res = await upload('lons.csv', `${names.join(',')}\n${row.join(',')}\n`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ committed: true, rowsInserted: 1 });
    expect(report.warningsOmitted).toBeGreaterThanOrEqual(299);
    expect(report.warnings).toHaveLength(101);
    expect(report.warnings[100]).toBe(`… and ${report.warningsOmitted} more warning(s)`);
  });
});
