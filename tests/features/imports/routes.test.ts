import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandler } from '../../../server/error-handler.ts';
import { importsRoutes } from '../../../server/features/imports/routes.ts';
import { fixture, gbkGcj02ReportsCsv } from '../../fixtures/imports/generate.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { areaCounts, insertTestArea, openTestDatabase } from './helpers.ts';

type Part = { name: string; value: string } | { name: string; fileName: string; content: Buffer; type?: string };

/** A multipart/form-data body, parts in the given order. */
function multipartBody(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----coverage-planner-test-boundary';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    } else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
      );
      chunks.push(part.content, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(TEST_DATABASES)('imports routes on $name', (target) => {
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
    // The routes alone, without access control: every request comes from one signed-in planner.
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request) => {
      request.principal = { userId: 1, username: 'route-tester', role: 'planner', via: 'token' };
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
    const code = `route-area-${++areaSeq}`;
    return { id: await insertTestArea(app.db, code), code };
  };
  const post = (area: string | number, parts: Part[]) =>
    app.inject({ method: 'POST', url: `/api/v1/areas/${area}/imports`, ...multipartBody(parts) });

  it('imports an uploaded GBK CSV (area by code) and answers 200 with the report', async () => {
    const area = await newArea();
    const res = await post(area.code, [
      { name: 'kind', value: 'reports' },
      { name: 'crs', value: 'gcj02' },
      { name: 'file', fileName: '回访记录.csv', content: gbkGcj02ReportsCsv(), type: 'text/csv' },
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'reports', encoding: 'gbk', fileName: '回访记录.csv', rowsInserted: 4, committed: true });
  });

  it('accepts the fields after the file part', async () => {
    const area = await newArea();
    const res = await post(area.id, [
      { name: 'file', fileName: 'm.csv', content: readFileSync(fixture('measurements.csv')) },
      { name: 'kind', value: 'measurements' },
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json().rowsInserted).toBe(4);
  });

  it('answers 422 with the report when rows are bad and nothing was written; 200 in partial mode and dry runs', async () => {
    const area = await newArea();
    const file = { name: 'file', fileName: 'bad.csv', content: readFileSync(fixture('bad-reports.csv')) };
    const strict = await post(area.id, [{ name: 'kind', value: 'reports' }, file]);
    expect(strict.statusCode).toBe(422);
    expect(strict.json()).toMatchObject({ committed: false, rowsRejected: 8, errorCount: 8 });
    expect(strict.json().errors[0]).toEqual({
      line: 3,
      column: '经度',
      value: 'abc',
      reason: 'not a coordinate: expected decimal degrees or degrees/minutes/seconds',
      code: 'bad-coordinate',
    });
    expect((await areaCounts(app.db, area.id)).reports).toBe(0);
    const dry = await post(area.id, [{ name: 'kind', value: 'reports' }, { name: 'dryRun', value: 'true' }, file]);
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, committed: false });
    const partial = await post(area.id, [{ name: 'kind', value: 'reports' }, { name: 'partial', value: 'true' }, file]);
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toMatchObject({ committed: true, rowsInserted: 5, rowsRejected: 8 });
    expect((await areaCounts(app.db, area.id)).reports).toBe(5);
  });

  it('takes a mapping and OpenCelliD filters from form fields', async () => {
    const area = await newArea();
    const mapped = await post(area.id, [
      { name: 'kind', value: 'reports' },
      { name: 'mapping', value: readFileSync(fixture('mapping.json'), 'utf8') },
      { name: 'file', fileName: 'odd.csv', content: readFileSync(fixture('reports-odd-headers.csv')) },
    ]);
    expect(mapped.json()).toMatchObject({ rowsInserted: 2 });
    const ocid = await post(area.id, [
      { name: 'kind', value: 'cells' },
      { name: 'mcc', value: '460' },
      { name: 'mnc', value: '1' },
      { name: 'radio', value: 'gsm' },
      { name: 'partial', value: '1' },
      { name: 'file', fileName: 'cell_towers.csv', content: readFileSync(fixture('opencellid-extract.csv')) },
    ]);
    expect(ocid.statusCode).toBe(200);
    expect(ocid.json()).toMatchObject({ format: 'opencellid', rowsInserted: 3, sites: { inserted: 3 } });
  });

  it.each([
    ['no kind', [{ name: 'file', fileName: 'a.csv', content: Buffer.from('a,b\n1,2\n') }], 400, '/body/kind'],
    [
      'an unknown kind',
      [
        { name: 'kind', value: 'towers' },
        { name: 'file', fileName: 'a.csv', content: Buffer.from('a,b\n1,2\n') },
      ],
      400,
      '/body/kind',
    ],
    [
      'a bad crs',
      [
        { name: 'kind', value: 'reports' },
        { name: 'crs', value: 'utm' },
        { name: 'file', fileName: 'a.csv', content: Buffer.from('a,b\n1,2\n') },
      ],
      400,
      '/body/crs',
    ],
    [
      'bad mapping JSON',
      [
        { name: 'kind', value: 'reports' },
        { name: 'mapping', value: '{"a": 1}' },
        { name: 'file', fileName: 'a.csv', content: Buffer.from('a,b\n1,2\n') },
      ],
      400,
      '/body/mapping',
    ],
    ['no file', [{ name: 'kind', value: 'reports' }], 400, '/body/file'],
    [
      'an empty file',
      [
        { name: 'kind', value: 'reports' },
        { name: 'file', fileName: 'a.csv', content: Buffer.alloc(0) },
      ],
      400,
      '/body/file',
    ],
    [
      'a PDF',
      [
        { name: 'kind', value: 'reports' },
        { name: 'file', fileName: 'a.csv', content: Buffer.from('%PDF-1.4\n') },
      ],
      400,
      '/body/file',
    ],
  ] as Array<[string, Part[], number, string]>)('answers %s with %i naming the field', async (_what, parts, status, field) => {
    const area = await newArea();
    const res = await post(area.id, parts);
    expect(res.statusCode).toBe(status);
    expect(res.json().details[0].field).toBe(field);
  });

  it('answers 404 for an unknown area and 400 for a non-multipart body', async () => {
    expect((await post('nowhere', [{ name: 'kind', value: 'reports' }])).statusCode).toBe(404);
    const area = await newArea();
    const json = await app.inject({ method: 'POST', url: `/api/v1/areas/${area.id}/imports`, payload: { kind: 'reports' } });
    expect(json.statusCode).toBe(400);
  });

  it('lists the audit trail and shows one import with its errors', async () => {
    const area = await newArea();
    await post(area.id, [
      { name: 'kind', value: 'reports' },
      { name: 'file', fileName: 'bad.csv', content: readFileSync(fixture('bad-reports.csv')) },
    ]);
    await post(area.id, [
      { name: 'kind', value: 'reports' },
      { name: 'file', fileName: 'ok.csv', content: readFileSync(fixture('reports-utf8-bom.csv')) },
    ]);
    const list = await app.inject({ method: 'GET', url: `/api/v1/areas/${area.code}/imports?limit=10` });
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body.total).toBe(2);
    expect(body.items.map((i: { fileName: string; committed: boolean; mode: string }) => [i.fileName, i.committed, i.mode])).toEqual([
      ['ok.csv', true, 'all-or-nothing'],
      ['bad.csv', false, 'all-or-nothing'],
    ]);
    expect(body.items[0].errors).toBeUndefined();
    const detail = await app.inject({ method: 'GET', url: `/api/v1/areas/${area.id}/imports/${body.items[1].id}` });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().errors).toHaveLength(8);
    expect((await app.inject({ method: 'GET', url: `/api/v1/areas/${area.id}/imports/999999` })).statusCode).toBe(404);
  });
});
