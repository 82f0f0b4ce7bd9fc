import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportCli, type CliIo } from '../../../scripts/import.ts';
import { openDatabase } from '../../../server/db/database.ts';
import { migrateToLatest } from '../../../server/db/migrate.ts';
import type { Database } from '../../../server/db/types.ts';
import type { Kysely } from 'kysely';
import { COMPLAINT_SHEET_ROWS, complaintSheetGbk } from '../../fixtures/imports/generate.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { insertTestArea } from './helpers.ts';

/** What every row of the complaint sheet must become (kind, network, tier, status), in sheet order. */
const EXPECTED = [
  ['TS-0301', 'indoor', 'CDMA', 'high', 'investigating'],
  ['TS-0302', 'indoor', 'GSM', 'regular', 'resolved'],
  ['TS-0303', 'dropped-call', 'CDMA', 'regular', 'open'],
  ['TS-0304', 'other', 'GSM', 'mid', 'open'],
  ['TS-0305', 'weak-signal', 'unknown', 'high', 'investigating'],
  ['TS-0306', 'no-signal', 'GSM', 'regular', 'open'],
  ['TS-0307', 'data', 'CDMA', 'regular', 'resolved'],
  ['TS-0308', 'other', 'GSM', 'regular', 'open'],
];

async function reports(db: Kysely<Database>, areaCode: string) {
  return db
    .selectFrom('problem_reports')
    .innerJoin('areas', 'areas.id', 'problem_reports.area_id')
    .select(['external_id', 'kind', 'technology', 'customer_tier', 'status', 'source', 'original_values', 'lon', 'lat', 'reported_at'])
    .where('areas.code', '=', areaCode)
    .orderBy('external_id')
    .execute();
}

describe.each(TEST_DATABASES)('a complaint sheet in its own words through the API on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(target);
    await insertTestArea(t.app.db, 'wording-api');
  });
  afterAll(async () => t?.close());

  const post = (fields: Record<string, string>, headers: Record<string, string> = {}) => {
    const boundary = '----wording-test';
    const parts = Object.entries({ kind: 'reports', ...fields }).map(([name, value]) =>
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
    const payload = Buffer.concat([
      ...parts,
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="投诉汇总.csv"\r\n\r\n`),
      complaintSheetGbk(),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/wording-api/imports',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers },
    });
  };

  it('imports every row with its class, keeps the wording, reports 听不清, remembers a mapping', async () => {
    const first = await post({});
    expect(first.statusCode).toBe(200);
    const report = first.json();
    expect(report).toMatchObject({ encoding: 'gbk', committed: true, rowsTotal: 8, rowsInserted: 8, rowsRejected: 0, lang: 'en' });
    expect(report.unrecognisedValues).toEqual([
      { column: '故障现象', field: 'kind', value: '听不清', count: 2, firstLine: 7, assigned: 'other' },
    ]);
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        'rows 1-2 above the header skipped',
        'no source column: every report gets source "unknown"',
        'line 7, column "故障现象": value "听不清" not recognised in 2 row(s); imported as other (add a value mapping to classify it)',
      ]),
    );
    let rows = await reports(t.app.db, 'wording-api');
    expect(rows.map((r) => [r.external_id, r.kind, r.technology, r.customer_tier, r.status])).toEqual(EXPECTED);
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['unknown']));
    expect(rows[0].original_values).toEqual({ 用户级别: 'VIP客户', 故障现象: '室内无覆盖', 处理情况: '已派单' });
    expect(rows[1].original_values).toEqual({ 故障现象: '室内覆盖差', 处理情况: '处理完毕' });
    expect(rows[3].original_values).toEqual({ 故障现象: '听不清' });
    expect(rows[6].original_values).toBeNull();
    expect(rows[0].lon).toBeCloseTo(COMPLAINT_SHEET_ROWS[0].wgs[0], 6);
    expect(rows[2].reported_at!.toISOString()).toBe('2006-03-15T16:00:00.000Z');

    // The popup's data: the layer answers the original wording with the report.
    const layer = await t.app.inject({ method: 'GET', url: '/api/v1/areas/wording-api/reports?limit=500' });
    const feature = layer.json().features.find((f: { properties: { externalId: string } }) => f.properties.externalId === 'TS-0301');
    expect(feature.properties.originalValues).toEqual({ 用户级别: 'VIP客户', 故障现象: '室内无覆盖', 处理情况: '已派单' });

    // A mapping (keyed by the header as the user writes it) and a source for the file.
    const mapped = await post({ values: JSON.stringify({ '故障现象（描述）': { 听不清: 'weak-signal' } }), source: '投诉' });
    expect(mapped.statusCode).toBe(200);
    expect(mapped.json()).toMatchObject({ rowsInserted: 0, rowsUpdated: 8, unrecognisedValues: [] });
    rows = await reports(t.app.db, 'wording-api');
    expect(rows.filter((r) => r.kind === 'weak-signal').map((r) => r.external_id)).toEqual(['TS-0304', 'TS-0305', 'TS-0308']);
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['complaint']));

    // Remembered for the area and kind: the next import applies it without being told.
    const remembered = await t.app.inject({ method: 'GET', url: '/api/v1/areas/wording-api/imports/value-mappings/reports' });
    expect(remembered.json()).toMatchObject({
      kind: 'reports',
      mappings: { '故障现象（描述）': { 听不清: 'weak-signal' } },
      updatedBy: 'admin',
    });
    const again = await post({}, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    expect(again.json()).toMatchObject({ lang: 'zh', unrecognisedValues: [] });
    expect(again.json().warnings).toContain('已应用本区域为 reports 保存的 1 条值映射');
    expect((await reports(t.app.db, 'wording-api')).find((r) => r.external_id === 'TS-0308')!.kind).toBe('weak-signal');
  });

  it('imports rows that carry nothing but a position', async () => {
    const boundary = '----wording-position';
    const csv = Buffer.from('经度,纬度,备注\n124.862,46.662,只有坐标\n124.78,46.58,\n');
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nreports\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\n\r\n`),
      csv,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    await insertTestArea(t.app.db, 'wording-position');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/wording-position/imports',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ committed: true, rowsInserted: 2, errorCount: 0 });
    const rows = await reports(t.app.db, 'wording-position');
    expect(rows.map((r) => [r.kind, r.technology, r.source, r.customer_tier, r.status, r.reported_at])).toEqual([
      ['other', 'unknown', 'unknown', 'regular', 'open', null],
      ['other', 'unknown', 'unknown', 'regular', 'open', null],
    ]);
    const layer = await t.app.inject({ method: 'GET', url: '/api/v1/areas/wording-position/reports' });
    expect(layer.statusCode).toBe(200);
    expect(layer.json().features.map((f: { properties: { reportedAt: string | null } }) => f.properties.reportedAt)).toEqual([null, null]);
    const hotspots = await t.app.inject({ method: 'GET', url: '/api/v1/areas/wording-position/hotspots' });
    expect(hotspots.statusCode).toBe(200);
  });

  it('refuses a bad mapping naming the entry, and answers errors in Chinese with stable codes', async () => {
    const bad = await post({ values: JSON.stringify({ 故障现象: { 听不清: '听不见' } }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('"故障现象 / 听不清": "听不见" is not a kind value; expected one of no-signal');
    const notCategorical = await post({ values: JSON.stringify({ 用户地址: { a: 'other' } }) });
    expect(notCategorical.statusCode).toBe(400);
    expect(notCategorical.json().message).toContain('column "用户地址" is address, not a categorical column');
    const shape = await post({ values: '["other"]' });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().details[0].field).toBe('/body/values');
    const badSource = await post({ source: '信鸽' });
    expect(badSource.statusCode).toBe(400);
    expect(badSource.json().message).toContain('/body/source: must be one of callback');

    const boundary = '----wording-zh';
    const csv = Buffer.from('编号,经度,纬度,问题描述,投诉时间\nZ1,124.862,46.662,室内无覆盖,2006-02-30\n');
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nreports\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="lang"\r\n\r\nzh\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="z.csv"\r\n\r\n`),
      csv,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const zh = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/wording-api/imports',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'accept-language': 'en' },
    });
    expect(zh.statusCode).toBe(422);
    expect(zh.json().errors).toEqual([
      { line: 2, column: '投诉时间', value: '2006-02-30', reason: '2006 年 2 月没有 30 日', code: 'bad-date' },
    ]);
  });

  it('lists and replaces remembered mappings, validating every entry', async () => {
    const url = '/api/v1/areas/wording-api/imports/value-mappings/reports';
    const put = await t.app.inject({
      method: 'PUT',
      url,
      payload: { mappings: { 问题描述: { 听不清: '其他' }, 处理结果: { 挂起: 'open' } } },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ mappings: { 问题描述: { 听不清: '其他' }, 处理结果: { 挂起: 'open' } } });
    const bad = await t.app.inject({
      method: 'PUT',
      url,
      payload: { mappings: { 问题描述: { 听不清: 'loud' }, 自定义: { x: 'nothing' } } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field)).toEqual([
      '/body/mappings/问题描述 / 听不清',
      '/body/mappings/自定义 / x',
    ]);
    const unknownKind = await t.app.inject({ method: 'GET', url: '/api/v1/areas/wording-api/imports/value-mappings/phones' });
    expect(unknownKind.statusCode).toBe(400);
    const viewer = await t.tokenFor('viewer');
    const denied = await t.anonymousInject({
      method: 'PUT',
      url,
      payload: { mappings: {} },
      headers: { authorization: `Bearer ${viewer}` },
    });
    expect(denied.statusCode).toBe(403);
    const empty = await t.app.inject({ method: 'GET', url: '/api/v1/areas/wording-api/imports/value-mappings/cells' });
    expect(empty.json()).toEqual({ kind: 'cells', mappings: {}, updatedAt: null, updatedBy: null });
  });
});

function captureIo(env: NodeJS.ProcessEnv): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (s) => stdout.push(s), err: (s) => stderr.push(s), isTty: false, env };
}

describe.each(TEST_DATABASES)('a complaint sheet in its own words through npm run import on $name', (target) => {
  let dbArgs: string[];
  let drop: () => Promise<void>;
  let databaseUrl: string | undefined;
  let dir: string;

  beforeAll(async () => {
    const created = await target.create();
    drop = created.drop;
    databaseUrl = created.databaseUrl;
    dir = mkdtempSync(join(tmpdir(), 'import-wording-'));
    dbArgs = databaseUrl ? ['--database-url', databaseUrl] : ['--data-dir', join(dir, 'db')];
    const handle = await openDatabase({ databaseUrl, dataDir: join(dir, 'db') });
    await migrateToLatest(handle.db);
    await insertTestArea(handle.db, 'wording-cli');
    await handle.close();
    writeFileSync(join(dir, '投诉汇总.csv'), complaintSheetGbk());
    writeFileSync(join(dir, 'values.json'), JSON.stringify({ 故障现象: { 听不清: 'other' } }));
  });
  afterAll(async () => {
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (env: NodeJS.ProcessEnv, ...args: string[]) => {
    const io = captureIo(env);
    const code = await runImportCli([...args, ...dbArgs], io);
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };

  it('imports the whole sheet with --source, speaks Chinese under a Chinese locale, remembers --values', async () => {
    const first = await cli(
      { LANG: 'zh_CN.UTF-8' },
      'reports',
      join(dir, '投诉汇总.csv'),
      '--area',
      'wording-cli',
      '--source',
      'complaint',
    );
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^已导入: 投诉汇总.csv → wording-cli，类型 reports（csv, gbk）/);
    expect(first.out).toContain('行：读取 8，新增 8，更新 0，拒绝 0，跳过 0');
    expect(first.out).toContain('已跳过表头上方的第 1-2 行');
    expect(first.out).toContain('第 7 行，列"故障现象"：无法识别的值"听不清"（共 2 行），已按 other 导入（可添加值映射来归类）');

    const mapped = await cli(
      {},
      'reports',
      join(dir, '投诉汇总.csv'),
      '--area',
      'wording-cli',
      '--values',
      join(dir, 'values.json'),
      '--json',
    );
    expect(mapped.code).toBe(0);
    expect(JSON.parse(mapped.out)).toMatchObject({ rowsUpdated: 8, unrecognisedValues: [], lang: 'en' });

    const handle = await openDatabase({ databaseUrl, dataDir: join(dir, 'db') });
    try {
      const rows = await reports(handle.db, 'wording-cli');
      expect(rows.map((r) => [r.external_id, r.kind, r.technology, r.customer_tier, r.status])).toEqual(EXPECTED);
      // The second file had no source column and no --source: the stored source stays.
      expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['complaint']));
      const stored = await handle.db.selectFrom('import_value_mappings').selectAll().execute();
      expect(stored.map((s) => [s.kind, s.mappings])).toEqual([['reports', { 故障现象: { 听不清: 'other' } }]]);
    } finally {
      await handle.close();
    }

    const badValues = join(dir, 'bad-values.json');
    writeFileSync(badValues, '{"故障现象": {"听不清": 3}}');
    const bad = await cli({}, 'reports', join(dir, '投诉汇总.csv'), '--area', 'wording-cli', '--values', badValues);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--values: "故障现象 / 听不清": the category must be a non-empty string');
  });
});
