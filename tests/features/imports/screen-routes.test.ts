import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportAuditList, ImportDetection, ImportJob, ImportReport } from '../../../server/contract/imports.ts';
import { installErrorHandler } from '../../../server/error-handler.ts';
import { importsRoutes } from '../../../server/features/imports/routes.ts';
import { fixture, GBK_REPORT_PLACES, gbkGcj02ReportsCsv } from '../../fixtures/imports/generate.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { areaCounts, insertTestArea, openTestDatabase } from './helpers.ts';

type Part = { name: string; value: string } | { name: string; fileName: string; content: Buffer };

function multipartBody(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----import-screen-test-boundary';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    } else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        part.content,
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const HEADER = '编号,经度,纬度,网络,问题类型,来源,客户等级,时间,状态,地址,备注';
/** A reports sheet in WGS84: one row per place, with `kinds` as the problem wording. */
function reportsCsv(kinds: string[], opts: { note?: string; extra?: string[] } = {}): Buffer {
  const rows = [HEADER];
  GBK_REPORT_PLACES.forEach((p, i) => {
    if (i >= kinds.length) return;
    rows.push(
      [p.id, p.wgs[0], p.wgs[1], 'G网', kinds[i], '投诉', '普通', `2006-06-0${i + 1} 09:30`, '未处理', p.address, opts.note ?? ''].join(
        ',',
      ),
    );
  });
  rows.push(...(opts.extra ?? []));
  return iconv.encode(`${rows.join('\r\n')}\r\n`, 'gbk');
}

describe.each(TEST_DATABASES)('import screen routes (detect, jobs, history, undo) on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let areaSeq = 0;

  beforeAll(async () => {
    const opened = await openTestDatabase(target);
    close = opened.close;
    app = Fastify({
      ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true } },
    }).withTypeProvider<TypeBoxTypeProvider>();
    app.decorate('db', opened.handle.db);
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request) => {
      request.principal = { userId: 1, username: 'screen-tester', role: 'admin', via: 'token' };
    });
    installErrorHandler(app);
    await app.register(importsRoutes, { prefix: '/api/v1' });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
  });

  const newArea = async () => {
    const code = `screen-area-${++areaSeq}`;
    return { id: await insertTestArea(app.db, code), code };
  };
  const send = (url: string, parts: Part[]) => app.inject({ method: 'POST', url: `/api/v1${url}`, ...multipartBody(parts) });
  const importSync = async (area: string, content: Buffer, fields: Record<string, string> = {}) => {
    const res = await send(`/areas/${area}/imports`, [
      { name: 'kind', value: 'reports' },
      ...Object.entries(fields).map(([name, value]) => ({ name, value })),
      { name: 'file', fileName: 'reports.csv', content },
    ]);
    return { status: res.statusCode, report: res.json() as ImportReport };
  };
  const undo = (area: string, id: number) => app.inject({ method: 'POST', url: `/api/v1/areas/${area}/imports/${id}/undo` });
  const reportRows = (areaId: number) =>
    app.db
      .selectFrom('problem_reports')
      .select(['external_id', 'note', 'kind'])
      .where('area_id', '=', areaId)
      .orderBy('external_id')
      .execute();

  it('detects the kind, format, encoding, CRS, mapping and positions of a GBK sheet without being told', async () => {
    const area = await newArea();
    const res = await send(`/areas/${area.code}/imports/detect`, [
      { name: 'file', fileName: '高德坐标回访记录.csv', content: gbkGcj02ReportsCsv() },
    ]);
    expect(res.statusCode).toBe(200);
    const d = res.json() as ImportDetection;
    expect(d).toMatchObject({
      kind: 'reports',
      kindGuessed: true,
      format: 'csv',
      encoding: 'gbk',
      crs: 'gcj02',
      crsBasis: 'name',
      headerLine: 1,
    });
    expect(d.columns.find((c) => c.header === '编号')).toEqual({ header: '编号', field: 'external_id', by: 'alias' });
    expect(d.columns.find((c) => c.header === '问题类型')?.field).toBe('kind');
    expect(d.kinds.map((k) => k.kind)).toContain('reports');
    expect(d.preview).toHaveLength(4);
    d.preview.forEach((row, i) => {
      expect(row.errors).toEqual([]);
      expect(row.position![0]).toBeCloseTo(GBK_REPORT_PLACES[i].wgs[0], 5);
      expect(row.position![1]).toBeCloseTo(GBK_REPORT_PLACES[i].wgs[1], 5);
    });
    // The same file read as WGS84 (an override) lands a few hundred metres off: positions follow the CRS.
    const asWgs = (
      await send(`/areas/${area.code}/imports/detect`, [
        { name: 'crs', value: 'wgs84' },
        { name: 'file', fileName: 'r.csv', content: gbkGcj02ReportsCsv() },
      ])
    ).json() as ImportDetection;
    expect(asWgs).toMatchObject({ crs: 'wgs84', crsBasis: 'given' });
    expect(Math.abs(asWgs.preview[0].position![0] - GBK_REPORT_PLACES[0].wgs[0])).toBeGreaterThan(1e-3);
  });

  it('lists unrecognised categorical values with counts and the values they can map to, and row errors', async () => {
    const area = await newArea();
    const content = reportsCsv(['听不清', '信号弱', '听不清', '无信号'], {
      extra: ['HF-0699,124.86,46.66,G网,掉话,投诉,普通,不是日期,未处理,某地,'],
    });
    const d = (
      await send(`/areas/${area.code}/imports/detect`, [
        { name: 'kind', value: 'reports' },
        { name: 'file', fileName: 'r.csv', content },
      ])
    ).json() as ImportDetection;
    expect(d.kindGuessed).toBe(false);
    const unknown = d.unrecognised.find((u) => u.value === '听不清');
    expect(unknown).toMatchObject({ column: '问题类型', field: 'kind', count: 2 });
    expect(unknown!.choices).toContain('weak-signal');
    expect(d.sampleRows).toBe(5);
    expect(d.preview[4].errors.map((e) => e.column)).toContain('时间');
    expect(d.preview[4].position).toBeNull();
  });

  it('reads the header from the row the user names when a title row looks like one', async () => {
    const area = await newArea();
    const titled = Buffer.concat([iconv.encode('让胡路区投诉汇总,2006年6月\r\n', 'gbk'), reportsCsv(['信号弱', '无信号'])]);
    const guessed = (
      await send(`/areas/${area.code}/imports/detect`, [
        { name: 'kind', value: 'reports' },
        { name: 'file', fileName: 'r.csv', content: titled },
      ])
    ).json() as ImportDetection;
    expect(guessed.headerLine).toBe(1);
    expect(guessed.missing).toContain('lon');
    const named = (
      await send(`/areas/${area.code}/imports/detect`, [
        { name: 'kind', value: 'reports' },
        { name: 'headerRow', value: '2' },
        { name: 'file', fileName: 'r.csv', content: titled },
      ])
    ).json() as ImportDetection;
    expect(named).toMatchObject({ headerLine: 2, missing: [] });
    expect(named.preview.map((r) => r.line)).toEqual([3, 4]);
    const imported = await importSync(area.code, titled, { headerRow: '2' });
    expect(imported.report.errors).toEqual([]);
    expect(imported.report).toMatchObject({ committed: true, rowsInserted: 2 });
    const bad = await send(`/areas/${area.code}/imports/detect`, [
      { name: 'headerRow', value: '0' },
      { name: 'file', fileName: 'r.csv', content: titled },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('/body/headerRow');
    const beyond = await send(`/areas/${area.code}/imports/detect`, [
      { name: 'headerRow', value: '50' },
      { name: 'file', fileName: 'r.csv', content: titled },
    ]);
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json().message).toContain('no row 50');
  });

  it('answers 400 naming the field for a bad override and for a missing file', async () => {
    const area = await newArea();
    const bad = await send(`/areas/${area.code}/imports/detect`, [
      { name: 'crs', value: 'mercator' },
      { name: 'file', fileName: 'r.csv', content: reportsCsv(['信号弱']) },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('/body/crs');
    const none = await send(`/areas/${area.code}/imports/detect`, [{ name: 'kind', value: 'reports' }]);
    expect(none.statusCode).toBe(400);
  });

  it('runs an import as a job whose progress and report the client polls', async () => {
    const area = await newArea();
    const started = await send(`/areas/${area.code}/import-jobs`, [
      { name: 'kind', value: 'reports' },
      { name: 'file', fileName: 'r.csv', content: reportsCsv(['信号弱', '无信号', '掉话']) },
    ]);
    expect(started.statusCode).toBe(202);
    const job = started.json() as ImportJob;
    expect(job.bytesTotal).toBeGreaterThan(0);
    let polled: ImportJob = job;
    while (polled.state === 'running') {
      await nextTurn();
      polled = (await app.inject({ method: 'GET', url: `/api/v1/areas/${area.code}/import-jobs/${job.id}` })).json() as ImportJob;
    }
    expect(polled).toMatchObject({ state: 'done', reportStatus: 200, rowsRead: 3, bytesRead: job.bytesTotal, error: null });
    expect(polled.report).toMatchObject({ rowsInserted: 3, committed: true, encoding: 'gbk' });
    expect((await areaCounts(app.db, area.id)).reports).toBe(3);
    const other = await newArea();
    const foreign = await app.inject({ method: 'GET', url: `/api/v1/areas/${other.code}/import-jobs/${job.id}` });
    expect(foreign.statusCode).toBe(404);
  });

  it('a job with a file that cannot be read ends failed with the 400 the synchronous route answers', async () => {
    const area = await newArea();
    const started = (
      await send(`/areas/${area.code}/import-jobs`, [
        { name: 'kind', value: 'reports' },
        { name: 'file', fileName: 'empty.csv', content: Buffer.alloc(0) },
      ])
    ).json() as ImportJob;
    let polled = started;
    while (polled.state === 'running') {
      await nextTurn();
      polled = (await app.inject({ method: 'GET', url: `/api/v1/areas/${area.code}/import-jobs/${started.id}` })).json() as ImportJob;
    }
    expect(polled.state).toBe('failed');
    expect(polled.error).toMatchObject({ statusCode: 400 });
    expect(polled.error!.message).toContain('empty.csv');
  });

  it('undo removes exactly the rows an import inserted and restores those it updated, newest first', async () => {
    const area = await newArea();
    const first = await importSync(area.code, reportsCsv(['信号弱', '无信号'], { note: '第一次' }));
    expect(first.report.rowsInserted).toBe(2);
    const second = await importSync(area.code, reportsCsv(['掉话', '掉话', '室内'], { note: '第二次' }));
    expect(second.report).toMatchObject({ rowsInserted: 1, rowsUpdated: 2 });

    const blocked = await undo(area.code, first.report.importId);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().message).toContain(`later import(s) ${second.report.importId}`);

    const undone = await undo(area.code, second.report.importId);
    expect(undone.statusCode).toBe(200);
    expect(undone.json()).toMatchObject({ importId: second.report.importId, deleted: 1, restored: 2, undoneBy: 'screen-tester' });
    expect(await reportRows(area.id)).toEqual([
      { external_id: 'HF-0601', note: '第一次', kind: 'weak-signal' },
      { external_id: 'HF-0602', note: '第一次', kind: 'no-signal' },
    ]);
    const again = await undo(area.code, second.report.importId);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('undone already');

    const history = (await app.inject({ method: 'GET', url: `/api/v1/areas/${area.code}/imports` })).json() as ImportAuditList;
    const [latest, earliest] = history.items;
    expect(latest).toMatchObject({ id: second.report.importId, undoable: false, undoneBy: 'screen-tester', username: 'screen-tester' });
    expect(latest.undoneAt).not.toBeNull();
    expect(earliest).toMatchObject({ id: first.report.importId, undoable: true, undoneAt: null, fileName: 'reports.csv' });
    expect(earliest.sha256).toMatch(/^[0-9a-f]{64}$/);

    expect((await undo(area.code, first.report.importId)).statusCode).toBe(200);
    expect(await reportRows(area.id)).toEqual([]);
  });

  it('refuses to undo when a row the import wrote was edited since, and a dry run or a rejected file', async () => {
    const area = await newArea();
    const done = await importSync(area.code, reportsCsv(['信号弱', '无信号']));
    await app.db
      .updateTable('problem_reports')
      .set({ status: 'investigating', updated_at: new Date(Date.now() + 60_000) })
      .where('area_id', '=', area.id)
      .where('external_id', '=', 'HF-0602')
      .execute();
    const edited = await undo(area.code, done.report.importId);
    expect(edited.statusCode).toBe(409);
    expect(edited.json().message).toContain('edited afterwards');
    expect((await areaCounts(app.db, area.id)).reports).toBe(2);

    const dry = await importSync(area.code, reportsCsv(['信号弱']), { dryRun: 'true' });
    expect((await undo(area.code, dry.report.importId)).statusCode).toBe(409);
    const rejected = await importSync(area.code, reportsCsv(['信号弱'], { extra: ['X-1,1,1,G网,掉话,投诉,普通,2006-01-01,未处理,,'] }));
    expect(rejected.status).toBe(422);
    expect((await undo(area.code, rejected.report.importId)).statusCode).toBe(409);
    expect((await undo(area.code, 999999)).statusCode).toBe(404);
  });

  it('undo of a cells import removes its sites and cells, and the errors of an import download as CSV', async () => {
    const area = await newArea();
    const res = await send(`/areas/${area.code}/imports`, [
      { name: 'kind', value: 'cells' },
      { name: 'file', fileName: 'cells-zh.csv', content: readFileSync(fixture('cells-zh.csv')) },
    ]);
    expect(res.statusCode).toBe(200);
    const before = await areaCounts(app.db, area.id);
    expect(before.cells).toBeGreaterThan(0);
    const undone = await undo(area.code, (res.json() as ImportReport).importId);
    expect(undone.statusCode).toBe(200);
    expect(undone.json().deleted).toBe(before.cells + before.sites);
    expect(await areaCounts(app.db, area.id)).toMatchObject({ cells: 0, sites: 0 });

    const rejected = await importSync(area.code, reportsCsv(['信号弱'], { extra: ['X-1,1,1,G网,掉话,投诉,普通,2006-01-01,未处理,,'] }));
    const csv = await app.inject({ method: 'GET', url: `/api/v1/areas/${area.code}/imports/${rejected.report.importId}/errors.csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('line,column,value,reason,code');
    expect(lines.length).toBe(1 + rejected.report.errors.length);
    expect(lines[1]).toMatch(/^3,/);
    expect(lines[1]).toContain('outside the area boundary');
    const zh = await app.inject({
      method: 'GET',
      url: `/api/v1/areas/${area.code}/imports/${rejected.report.importId}/errors.csv?lang=zh`,
    });
    expect(zh.body).toContain('不在区域边界内');
    expect(zh.body).toContain(',outside-area');
  });

  it("keeps the codes and both languages in the audit, so the history reads in the asker's language", async () => {
    const area = await newArea();
    // Unrecognised wording (kept as other, listed as a warning) and one row outside the area (an error).
    const bad = await importSync(
      area.code,
      reportsCsv(['听不清', '听不清'], { extra: ['X-1,1,1,G网,掉话,投诉,普通,2006-01-01,未处理,,'] }),
      {
        partial: 'true',
      },
    );
    expect(bad.status).toBe(200);
    const url = `/api/v1/areas/${area.code}/imports`;
    const en = (await app.inject({ method: 'GET', url })).json() as ImportAuditList;
    const zh = (await app.inject({ method: 'GET', url, headers: { 'accept-language': 'zh-CN,zh;q=0.9' } })).json() as ImportAuditList;
    const zhByQuery = (await app.inject({ method: 'GET', url: `${url}?lang=zh`, headers: { 'accept-language': 'en' } })).json();
    expect(en.items[0].warnings).toContainEqual(expect.stringContaining('value "听不清" not recognised in 2 row(s)'));
    expect(zh.items[0].warnings).toContainEqual(expect.stringContaining('无法识别的值"听不清"（共 2 行）'));
    expect(zhByQuery.items[0].warnings).toEqual(zh.items[0].warnings);
    const detail = await app.inject({ method: 'GET', url: `${url}/${bad.report.importId}?lang=zh` });
    expect(detail.json().errors).toEqual([
      expect.objectContaining({ line: 4, code: 'outside-area', reason: expect.stringContaining('不在区域边界内') }),
    ]);
    const detailEn = await app.inject({ method: 'GET', url: `${url}/${bad.report.importId}?lang=en` });
    expect(detailEn.json().errors[0]).toMatchObject({ code: 'outside-area', reason: expect.stringContaining('outside the area boundary') });
    // What is stored: the code and both texts, not one language.
    const stored = await app.db
      .selectFrom('imports')
      .select(['errors', 'warnings'])
      .where('id', '=', bad.report.importId)
      .executeTakeFirstOrThrow();
    expect((stored.errors as unknown[])[0]).toMatchObject({
      code: 'outside-area',
      reason: expect.any(String),
      reasonZh: expect.any(String),
    });
    expect(stored.warnings as unknown[]).toContainEqual(
      expect.objectContaining({ code: 'unrecognised-value', en: expect.any(String), zh: expect.stringContaining('听不清') }),
    );
  });
});
