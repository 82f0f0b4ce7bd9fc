/**
 * The acceptance story in one file: a complaint sheet as a branch office keeps it (GBK, a
 * title row above the header, its own headers and wording — 室内无覆盖, 室内覆盖差, 听不清 — no
 * 来源 column, most rows with an address only, one address the gazetteer does not know) imported
 * through `npm run import` (--partial, --lang zh) and through the route the web screen uses
 * (import-jobs, lang zh). Both must give the same records: the right kinds, the address-placed rows at
 * their places (located 'address'), the original wording kept, the default source, and a report that
 * names the unmatched address's line, column and value and lists the unrecognised wording with its count.
 */
import iconv from 'iconv-lite';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportCli } from '../../../scripts/import.ts';
import type { ImportJob, ImportReport } from '../../../server/contract/imports.ts';
import { openDatabase } from '../../../server/db/database.ts';
import { migrateToLatest } from '../../../server/db/migrate.ts';
import type { Database } from '../../../server/db/types.ts';
import { fixture, testAreaBoundary } from '../../fixtures/imports/generate.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { insertTestArea } from './helpers.ts';

/** The sheet: a title row and a blank row above the header, no 来源 column, lon/lat only where a GPS reading was taken. */
const SHEET = [
  '2006年让胡路区客户投诉汇总表,,,,,,,',
  ',,,,,,,',
  '投诉单号,受理时间,用户地址,故障现象,客户级别,处理状态,经度（°）,纬度（°）',
  'TS-0601,2006-06-01 09:30,远望高层7号楼,室内无覆盖,金卡,未处理,124.862,46.662',
  'TS-0602,2006/6/2 10:00,大庆市让胡路区喇嘛甸镇富强村3组,室内覆盖差,普通,处理中,,',
  'TS-0603,2006-06-03 11:00,龙南联通营业厅对面,通话中断,,,,',
  'TS-0604,2006-06-04 12:00,大庆市让胡路区北湖路138号,信号差,普通,未处理,,',
  'TS-0605,2006-06-05 13:00,物资大厦３楼,听不清,普通,未处理,,',
  'TS-0606,2006-06-06 14:00,远望小区2栋,听不清,普通,已解决,,',
  'TS-0607,2006-06-07 15:00,喇嘛甸镇,家门口经常没信号,普通,未处理,,',
];
const sheet = () => iconv.encode(`${SHEET.join('\r\n')}\r\n`, 'gbk');

/**
 * What both ways must store, by ticket: kind, position, how it was placed, and the sheet's wording
 * where a rule (not an exact spelling of the vocabulary, such as 通话中断) classified it or nothing did.
 */
const EXPECTED = [
  { external_id: 'TS-0601', kind: 'indoor', located: 'coordinates', place_name: null, lon: 124.862, lat: 46.662, original: '室内无覆盖' },
  { external_id: 'TS-0602', kind: 'indoor', located: 'address', place_name: '富强村', lon: 124.6553, lat: 46.9548, original: '室内覆盖差' },
  {
    external_id: 'TS-0603',
    kind: 'dropped-call',
    located: 'address',
    place_name: '龙南营业厅',
    lon: 124.8842,
    lat: 46.5884,
    original: null,
  },
  { external_id: 'TS-0605', kind: 'other', located: 'address', place_name: '物资大厦', lon: 124.8694, lat: 46.6571, original: '听不清' },
  { external_id: 'TS-0606', kind: 'other', located: 'address', place_name: '远望高层', lon: 124.8712, lat: 46.6608, original: '听不清' },
  {
    external_id: 'TS-0607',
    kind: 'no-signal',
    located: 'address',
    place_name: '喇嘛甸镇',
    lon: 124.7452,
    lat: 46.9046,
    original: '家门口经常没信号',
  },
];

async function storedReports(db: Kysely<Database>, areaId: number) {
  const rows = await db
    .selectFrom('problem_reports')
    .select(['external_id', 'kind', 'located', 'place_name', 'lon', 'lat', 'original_values', 'source', 'customer_tier', 'status'])
    .where('area_id', '=', areaId)
    .orderBy('external_id')
    .execute();
  return rows;
}

function expectStored(rows: Awaited<ReturnType<typeof storedReports>>, source: string) {
  expect(rows.map((r) => r.external_id)).toEqual(EXPECTED.map((e) => e.external_id));
  rows.forEach((row, i) => {
    const { original, ...expected } = EXPECTED[i];
    expect(row).toMatchObject(expected);
    // The sheet's own wording is kept on the record (the popup shows it).
    expect((row.original_values as Record<string, string> | null)?.['故障现象'] ?? null).toBe(original);
    expect(row.source).toBe(source);
  });
  expect(rows.find((r) => r.external_id === 'TS-0601')).toMatchObject({ customer_tier: 'high', status: 'open' });
  expect(rows.find((r) => r.external_id === 'TS-0606')).toMatchObject({ status: 'resolved' });
}

/** The report's Chinese wording of the unmatched address and of the unrecognised value with its count. */
function expectChineseReport(report: ImportReport) {
  expect(report).toMatchObject({ lang: 'zh', encoding: 'gbk', committed: true, rowsTotal: 7, rowsRejected: 1 });
  expect(report.errors).toEqual([
    {
      line: 7,
      column: '用户地址',
      value: '大庆市让胡路区北湖路138号',
      code: 'address-not-found',
      reason: '地名库中没有与该地址匹配的地点（请提供坐标，或以 places 类型导入该地点或别名）',
    },
  ]);
  expect(report.unrecognisedValues).toContainEqual(
    expect.objectContaining({ column: '故障现象', field: 'kind', value: '听不清', count: 2, firstLine: 8, assigned: 'other' }),
  );
  expect(report.warnings).toContain('第 8 行，列"故障现象"：无法识别的值"听不清"（共 2 行），已按 other 导入（可添加值映射来归类）');
  expect(report.warnings).toContain('已跳过表头上方的第 1-2 行');
  expect(report.warnings.some((w) => w.startsWith('文件没有来源列'))).toBe(true);
}

describe.each(TEST_DATABASES)('a branch complaint sheet, through the CLI and the web screen, on $name', (target) => {
  describe('npm run import', () => {
    let databaseUrl: string | undefined;
    let dir: string | null = null;
    let drop: () => Promise<void>;
    let areaId: number;
    const files = mkdtempSync(join(tmpdir(), 'branch-sheet-'));

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      databaseUrl = created.databaseUrl;
      if (!databaseUrl) dir = mkdtempSync(join(tmpdir(), 'branch-sheet-db-'));
      const handle = await openDatabase({ databaseUrl, dataDir: dir ?? '' });
      await migrateToLatest(handle.db);
      areaId = await insertTestArea(handle.db, 'ranghulu-test');
      await handle.close();
      writeFileSync(join(files, '2006年6月投诉汇总.csv'), sheet());
    });
    afterAll(async () => {
      await drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
      rmSync(files, { recursive: true, force: true });
    });

    const cli = async (...args: string[]) => {
      const out: string[] = [];
      const dbArgs = databaseUrl ? ['--database-url', databaseUrl] : ['--data-dir', dir!];
      const code = await runImportCli([...args, ...dbArgs], { out: (t) => out.push(t), err: (t) => out.push(t), isTty: false, env: {} });
      return { code, out: out.join('\n') };
    };

    it('imports every placeable row with --partial and reports in Chinese with --lang zh', async () => {
      expect((await cli('places', fixture('places-zh.csv'), '--area', 'ranghulu-test')).code).toBe(0);
      const file = join(files, '2006年6月投诉汇总.csv');
      // All-or-nothing: the unmatched address keeps the whole file out, named in Chinese.
      const strict = await cli('reports', file, '--area', 'ranghulu-test', '--lang', 'zh');
      expect(strict.code).toBe(1);
      expect(strict.out).toContain('大庆市让胡路区北湖路138号');
      expect(strict.out).toContain('地名库中没有与该地址匹配的地点');
      expect(strict.out).toContain('用户地址');

      const text = await cli('reports', file, '--area', 'ranghulu-test', '--partial', '--lang', 'zh');
      // Exit 1: a row was bad, though the others were written.
      expect(text.code).toBe(1);
      expect(text.out).toContain('第 8 行，列"故障现象"：无法识别的值"听不清"（共 2 行）');
      const handle = await openDatabase({ databaseUrl, dataDir: dir ?? '' });
      try {
        expectStored(await storedReports(handle.db, areaId), 'unknown');
      } finally {
        await handle.close();
      }
      // The same file again (JSON report): the same rows updated, nothing new, the same Chinese report.
      const again = await cli('reports', file, '--area', 'ranghulu-test', '--partial', '--lang', 'zh', '--json');
      const report = JSON.parse(again.out) as ImportReport;
      expectChineseReport(report);
      expect(report).toMatchObject({ rowsInserted: 0, rowsUpdated: 6 });
    });
  });

  describe('the web screen (import-jobs, the route it polls)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(target);
    });
    afterAll(async () => t?.close());

    const multipart = (parts: ({ name: string; value: string } | { name: string; fileName: string; content: Buffer })[]) => {
      const boundary = '----branch-sheet-boundary';
      const chunks: Buffer[] = [];
      for (const part of parts) {
        if ('value' in part)
          chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
        else
          chunks.push(
            Buffer.from(
              `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: text/csv\r\n\r\n`,
            ),
            part.content,
            Buffer.from('\r\n'),
          );
      }
      chunks.push(Buffer.from(`--${boundary}--\r\n`));
      return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
    };

    it('detects the sheet, then imports it as a job in Chinese, with the same records as the CLI', async () => {
      const code = 'branch-web';
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/v1/areas', payload: { code, name: code, boundary: testAreaBoundary() } }))
          .statusCode,
      ).toBe(201);
      const places = await t.app.inject({
        method: 'POST',
        url: `/api/v1/areas/${code}/imports`,
        ...multipart([
          { name: 'kind', value: 'places' },
          { name: 'file', fileName: 'places-zh.csv', content: readFileSync(fixture('places-zh.csv')) },
        ]),
      });
      expect(places.statusCode).toBe(200);

      // What the screen shows first: the kind, the encoding, the header row under the title, the columns.
      const detect = await t.app.inject({
        method: 'POST',
        url: `/api/v1/areas/${code}/imports/detect`,
        ...multipart([{ name: 'file', fileName: '2006年6月投诉汇总.csv', content: sheet() }]),
      });
      expect(detect.statusCode).toBe(200);
      const d = detect.json();
      expect(d).toMatchObject({ kind: 'reports', encoding: 'gbk', headerLine: 3 });
      const field = (header: string) => d.columns.find((c: { header: string }) => c.header === header)?.field;
      expect([field('投诉单号'), field('受理时间'), field('用户地址'), field('故障现象'), field('客户级别'), field('处理状态')]).toEqual([
        'external_id',
        'reported_at',
        'address',
        'kind',
        'customer_tier',
        'status',
      ]);

      const started = await t.app.inject({
        method: 'POST',
        url: `/api/v1/areas/${code}/import-jobs`,
        ...multipart([
          { name: 'kind', value: 'reports' },
          { name: 'partial', value: 'true' },
          { name: 'source', value: 'complaint' },
          { name: 'lang', value: 'zh' },
          { name: 'file', fileName: '2006年6月投诉汇总.csv', content: sheet() },
        ]),
      });
      expect(started.statusCode).toBe(202);
      let job = started.json() as ImportJob;
      while (job.state === 'running') {
        await nextTurn();
        job = (await t.app.inject({ method: 'GET', url: `/api/v1/areas/${code}/import-jobs/${job.id}` })).json() as ImportJob;
      }
      expect(job).toMatchObject({ state: 'done', reportStatus: 200 });
      const report = job.report as ImportReport;
      expectChineseReport(report);
      expect(report.rowsInserted).toBe(6);

      const area = await t.app.db.selectFrom('areas').select('id').where('code', '=', code).executeTakeFirstOrThrow();
      // The source given in the form, since the sheet has none.
      expectStored(await storedReports(t.app.db, area.id), 'complaint');

      // The layer as the map reads it: the kept wording and where an address-placed report was put.
      const layer = (await t.app.inject({ method: 'GET', url: `/api/v1/areas/${code}/reports?limit=100` })).json();
      const ts02 = layer.features.find((f: { properties: { externalId: string } }) => f.properties.externalId === 'TS-0602');
      expect(ts02.properties).toMatchObject({
        located: 'address',
        placeName: '富强村',
        locationRadiusM: 500,
        kind: 'indoor',
        originalValues: { 故障现象: '室内覆盖差' },
      });

      // The history answers in Chinese too.
      const history = (await t.app.inject({ method: 'GET', url: `/api/v1/areas/${code}/imports?lang=zh` })).json();
      expect(history.items[0]).toMatchObject({ fileName: '2006年6月投诉汇总.csv', rowsInserted: 6, rowsRejected: 1 });
      expect(history.items[0].warnings).toContain(
        '第 8 行，列"故障现象"：无法识别的值"听不清"（共 2 行），已按 other 导入（可添加值映射来归类）',
      );
    });
  });
});
