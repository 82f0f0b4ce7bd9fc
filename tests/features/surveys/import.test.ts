import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import iconv from 'iconv-lite';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportCli, type CliIo } from '../../../scripts/import.ts';
import type { SurveyResponsePage } from '../../../server/contract/surveys.ts';
import { openDatabase } from '../../../server/db/database.ts';
import { migrateToLatest } from '../../../server/db/migrate.ts';
import { installErrorHandler } from '../../../server/error-handler.ts';
import { importsRoutes } from '../../../server/features/imports/routes.ts';
import { surveysRoutes } from '../../../server/features/surveys/routes.ts';
import { GBK_REPORT_PLACES } from '../../fixtures/imports/generate.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { insertTestArea, openTestDatabase } from '../imports/helpers.ts';

/** A branch's questionnaire sheet saved as CSV on a Chinese Windows: GBK, its own headers, words for the satisfaction. */
function questionnaireCsv(rows?: string[]): Buffer {
  const [a, b, c, d] = GBK_REPORT_PLACES.map((p) => p.wgs);
  const lines = rows ?? [
    `WJ-001,2006-06-12,C网,${a[0]},${a[1]},远望高层7号楼,不满意,掉话、室内差,,楼上C网老掉线`,
    `WJ-002,2006年6月13日,G网,${b[0]},${b[1]},方晓小区3号楼,很不满意,信号弱,是,`,
    `WJ-003,2006/06/14,,${c[0]},${c[1]},,满意,,,信号很好`,
    `WJ-004,2006-06-15,GSM,${d[0]},${d[1]},六厂生活区,4,听不清,否,`,
  ];
  return iconv.encode(
    ['问卷编号,答卷日期,使用网络,经度,纬度,详细地址,覆盖满意度,存在问题,室内差,意见建议', ...lines].join('\r\n') + '\r\n',
    'gbk',
  );
}

type Part = { name: string; value: string } | { name: string; fileName: string; content: Buffer };

function multipartBody(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----survey-test-boundary';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part)
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        part.content,
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(TEST_DATABASES)('survey-responses import on $name', (target) => {
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
      request.principal = { userId: 1, username: 'survey-tester', role: 'planner', via: 'token' };
    });
    installErrorHandler(app);
    await app.register(importsRoutes, { prefix: '/api/v1' });
    await app.register(surveysRoutes, { prefix: '/api/v1' });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
  });

  const newArea = async () => {
    const code = `survey-area-${++areaSeq}`;
    await insertTestArea(app.db, code);
    return code;
  };
  const upload = (area: string, content: Buffer, extra: Part[] = []) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/areas/${area}/imports`,
      ...multipartBody([{ name: 'kind', value: 'survey-responses' }, ...extra, { name: 'file', fileName: '满意度调查.csv', content }]),
    });

  it('imports a GBK questionnaire sheet through the API and serves the answers as a layer', async () => {
    const area = await newArea();
    const res = await upload(area, questionnaireCsv());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'survey-responses', encoding: 'gbk', rowsInserted: 4, rowsRejected: 0, committed: true });
    expect(res.json().warnings).toContain('line 5, column 存在问题: unrecognised problem "听不清" kept as other');
    const page = (await app.inject({ method: 'GET', url: `/api/v1/areas/${area}/survey-responses` })).json() as SurveyResponsePage;
    expect(
      page.features.map((f) => [f.properties.externalId, f.properties.technology, f.properties.satisfaction, f.properties.problems]),
    ).toEqual([
      ['WJ-001', 'CDMA', 2, ['dropped-call', 'indoor']],
      ['WJ-002', 'GSM', 1, ['weak-signal', 'indoor']],
      ['WJ-003', 'unknown', 5, []],
      ['WJ-004', 'GSM', 4, ['other']],
    ]);
    expect(page.features[0].geometry.coordinates).toEqual(GBK_REPORT_PLACES[0].wgs);
    expect(page.features[0].properties).toMatchObject({ comment: '楼上C网老掉线', address: '远望高层7号楼', source: 'questionnaire' });
    expect(page.features[3].properties.problemsText).toBe('听不清');
    expect(page.features[0].properties.answeredAt).toBe('2006-06-11T16:00:00.000Z');
    const filtered = (await app.inject({ method: 'GET', url: `/api/v1/areas/${area}/survey-responses?technology=GSM` })).json();
    expect(filtered.numberMatched).toBe(2);
    // The same file again updates the same answers.
    expect((await upload(area, questionnaireCsv())).json()).toMatchObject({ rowsInserted: 0, rowsUpdated: 4, committed: true });
  });

  it('rejects the whole file when a row is bad, naming line, column and value; --partial keeps the good rows', async () => {
    const area = await newArea();
    const [a] = GBK_REPORT_PLACES.map((p) => p.wgs);
    const rows = [
      `WJ-1,2006-06-12,C网,${a[0]},${a[1]},,还行吧哈,,,`,
      `WJ-2,2006-06-12,C网,${a[0]},${a[1]},,满意,,,`,
      `WJ-3,2006-06-12,G网,,,某小区,满意,,,`,
    ];
    const res = await upload(area, questionnaireCsv(rows));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ committed: false, rowsInserted: 0, rowsRejected: 2 });
    expect(res.json().errors).toEqual([
      {
        line: 2,
        column: '覆盖满意度',
        value: '还行吧哈',
        code: 'bad-satisfaction',
        reason: 'expected a score 1..5 or 满意/基本满意/一般/不满意/很不满意',
      },
      {
        line: 4,
        column: '详细地址',
        value: '某小区',
        code: 'no-gazetteer',
        reason: 'no coordinates, and the area has no gazetteer to place the address by: import its places first (kind places)',
      },
    ]);
    expect((await app.inject({ method: 'GET', url: `/api/v1/areas/${area}/survey-responses` })).json().numberMatched).toBe(0);
    const partial = await upload(area, questionnaireCsv(rows), [{ name: 'partial', value: 'true' }]);
    expect(partial.json()).toMatchObject({ committed: true, rowsInserted: 1, rowsRejected: 2 });
  });

  it('refuses a file without a satisfaction column, naming it', async () => {
    const area = await newArea();
    const content = iconv.encode('答卷日期,经度,纬度\r\n2006-06-12,124.86,46.66\r\n', 'gbk');
    const res = await upload(area, content);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ committed: false });
    expect(res.json().errors[0]).toMatchObject({
      line: 1,
      column: 'satisfaction',
      reason: expect.stringContaining('required column missing'),
    });
  });

  it('creates, edits and deletes an answer through the layer routes; a bad body answers 400', async () => {
    const area = await newArea();
    const [lon, lat] = GBK_REPORT_PLACES[0].wgs;
    const created = await app.inject({
      method: 'POST',
      url: `/api/v1/areas/${area}/survey-responses`,
      payload: { lon, lat, satisfaction: 3, technology: 'CDMA', problems: ['indoor'], answeredAt: '2006-06-12T02:00:00Z' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().properties.id;
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/areas/${area}/survey-responses/${id}`,
      payload: { satisfaction: 5, problems: [] },
    });
    expect(patched.json().properties).toMatchObject({ satisfaction: 5, problems: [], technology: 'CDMA' });
    const bad = await app.inject({
      method: 'POST',
      url: `/api/v1/areas/${area}/survey-responses`,
      payload: { lon, lat, satisfaction: 6, answeredAt: '2006-06-12T02:00:00Z' },
    });
    expect(bad.statusCode).toBe(400);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/areas/${area}/survey-responses/${id}` })).statusCode).toBe(204);
  });
});

describe.each(TEST_DATABASES)('npm run import --kind survey-responses on $name', (target) => {
  let dbArgs: string[];
  let drop: () => Promise<void>;
  let dir: string | null = null;
  let fileDir: string;

  beforeAll(async () => {
    const created = await target.create();
    drop = created.drop;
    if (created.databaseUrl) dbArgs = ['--database-url', created.databaseUrl];
    else {
      dir = mkdtempSync(join(tmpdir(), 'survey-cli-'));
      dbArgs = ['--data-dir', dir];
    }
    const handle = await openDatabase({ databaseUrl: created.databaseUrl, dataDir: dir ?? '' });
    await migrateToLatest(handle.db);
    await insertTestArea(handle.db, 'ranghulu-test');
    await handle.close();
    fileDir = mkdtempSync(join(tmpdir(), 'survey-files-'));
  });
  afterAll(async () => {
    await drop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
    rmSync(fileDir, { recursive: true, force: true });
  });

  it('imports the questionnaire sheet and exits 0', async () => {
    const file = join(fileDir, '满意度调查.csv');
    writeFileSync(file, questionnaireCsv());
    const stdout: string[] = [];
    const io: CliIo = { out: (t) => stdout.push(t), err: (t) => stdout.push(t), isTty: false, env: {} };
    const code = await runImportCli(['--kind', 'survey-responses', file, '--area', 'ranghulu-test', ...dbArgs], io);
    expect(code, stdout.join('\n')).toBe(0);
    expect(stdout.join('\n')).toMatch(/^IMPORTED: 满意度调查.csv → ranghulu-test as survey-responses \(csv, gbk\)/);
    expect(stdout.join('\n')).toContain('rows: 4 read, 4 inserted, 0 updated, 0 rejected, 0 skipped');
  });

  it('exits 1 on a bad row', async () => {
    const file = join(fileDir, 'bad.csv');
    writeFileSync(file, questionnaireCsv(['WJ-9,2006-13-01,C网,124.86,46.66,,满意,,,']));
    const stdout: string[] = [];
    const io: CliIo = { out: (t) => stdout.push(t), err: (t) => stdout.push(t), isTty: false, env: {} };
    expect(await runImportCli(['survey-responses', file, '--area', 'ranghulu-test', ...dbArgs], io)).toBe(1);
    expect(stdout.join('\n')).toContain('line 2, 答卷日期: month 13 does not exist (value "2006-13-01")');
  });
});
