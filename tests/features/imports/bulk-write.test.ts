import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatError } from '../../../server/core/formats/errors.ts';
import { defaultSectorCells } from '../../../server/core/default-cells.ts';
import type { CandidateImport, ReportImport, SettlementImport } from '../../../server/core/import/types.ts';
import type { DatabaseHandle } from '../../../server/db/database.ts';
import { encodeCopyBinary } from '../../../server/features/imports/copy-binary.ts';
import { createAreaUpserter, detectBulkTransport, listImportAudits } from '../../../server/features/imports/repository.ts';
import { COPY_BATCH_ROWS, createRowWriter } from '../../../server/features/imports/row-writer.ts';
import { importFile, type ImportParams } from '../../../server/features/imports/service.ts';
import { GBK_REPORT_PLACES } from '../../fixtures/imports/generate.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { areaCounts, insertTestArea, openTestDatabase } from './helpers.ts';

/** Text a staging COPY must carry unchanged: separators, escapes, quotes, CJK, an emoji, long text. */
const AWKWARD_TEXT = ['tab\there', 'line\nbreak\r\nCRLF', 'back\\slash \\N', '"quoted", \'single\'', '让胡路区 🚧', 'x'.repeat(300), ''];

function report(i: number, overrides: Partial<ReportImport> = {}): ReportImport {
  return {
    line: i + 2,
    externalId: `R${String(i).padStart(5, '0')}`,
    lon: 124.8 + i * 1e-7 + 1 / 3,
    lat: 46.6 - i * 1e-7,
    technology: i % 2 ? 'GSM' : 'CDMA',
    kind: 'weak-signal',
    source: 'callback',
    customerTier: 'regular',
    reportedAt: new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999) + i * 86_400_001),
    status: 'open',
    address: AWKWARD_TEXT[i % AWKWARD_TEXT.length],
    note: i % 3 === 0 ? null : `note ${i}`,
    originalValues: null,
    located: 'coordinates',
    placeId: null,
    placeName: null,
    locationRadiusM: null,
    ...overrides,
  };
}

/** `rows` report rows of a CSV inside the test area (the four places of the GBK fixture, jittered). */
function reportsCsv(rows: number, bad?: { line: number }): Buffer {
  let text = 'external_id,lon,lat,technology,kind,source,customer_tier,reported_at,status,address,note\n';
  for (let i = 0; i < rows; i++) {
    const [lon, lat] = GBK_REPORT_PLACES[i % GBK_REPORT_PLACES.length].wgs;
    const line = i + 2;
    // A row is bad for its date: an unknown category no longer rejects a row.
    const date = bad?.line === line ? '2006-02-30' : '2006-05-01T08:00:00Z';
    text += `B${i},${(lon + (i % 97) * 1e-5).toFixed(6)},${(lat + (i % 89) * 1e-5).toFixed(6)},GSM,no-signal,callback,mid,${date},open,"地址 ${i}, 楼",\n`;
  }
  return Buffer.from(text, 'utf8');
}

describe.each(TEST_DATABASES)('bulk writes on $name', (target) => {
  let handle: DatabaseHandle;
  let close: () => Promise<void>;
  let areaSeq = 0;

  beforeAll(async () => {
    const opened = await openTestDatabase(target);
    handle = opened.handle;
    close = opened.close;
  });
  afterAll(async () => close?.());

  const newArea = () => insertTestArea(handle.db, `bulk-${++areaSeq}`);
  const run = (areaId: number, params: Omit<ImportParams, 'areaId' | 'username' | 'kind' | 'fileName'>) =>
    importFile(handle.db, { kind: 'reports', fileName: 'reports.csv', username: 'planner1', ...params, areaId });
  const reportRows = (areaId: number) =>
    handle.db.selectFrom('problem_reports').selectAll().where('area_id', '=', areaId).orderBy('external_id').execute();

  it('picks COPY on PostgreSQL and unnest on PGlite', async () => {
    expect(await detectBulkTransport(handle.db)).toBe(target.name === 'pglite' ? 'unnest' : 'copy');
  });

  it('counts inserts and updates exactly across many small batches, and keeps every value', async () => {
    const areaId = await newArea();
    const first = Array.from({ length: 25 }, (_, i) => report(i));
    const counts1 = await handle.db.transaction().execute(async (trx) => {
      const writer = await createRowWriter(
        trx,
        'reports',
        areaId,
        new Set(['external_id', 'lon', 'lat', 'kind', 'source', 'reported_at', 'status', 'address', 'note']),
        { batchRows: 10 },
      );
      for (const r of first) await writer.add(r);
      return writer.finish();
    });
    expect(counts1).toEqual({ inserted: 25, updated: 0 });
    const stored = await reportRows(areaId);
    expect(stored.map((r) => [r.external_id, r.lon, r.lat, r.technology, r.reported_at!.toISOString(), r.address, r.note])).toEqual(
      first.map((r) => [r.externalId, r.lon, r.lat, r.technology, r.reportedAt!.toISOString(), r.address, r.note]),
    );

    // Ten known keys among fifteen new ones; a file without technology or customer_tier leaves them alone.
    await handle.db
      .updateTable('problem_reports')
      .set({ status: 'resolved' })
      .where('area_id', '=', areaId)
      .where('external_id', '=', 'R00003')
      .execute();
    const second = [
      ...Array.from({ length: 10 }, (_, i) => report(i * 2, { technology: 'NR', note: 'again' })),
      ...Array.from({ length: 15 }, (_, i) => report(100 + i)),
    ];
    const counts2 = await handle.db.transaction().execute(async (trx) => {
      const writer = await createRowWriter(
        trx,
        'reports',
        areaId,
        new Set(['external_id', 'lon', 'lat', 'kind', 'source', 'reported_at', 'note']),
        { batchRows: 7 },
      );
      for (const r of second) await writer.add(r);
      return writer.finish();
    });
    expect(counts2).toEqual({ inserted: 15, updated: 10 });
    const after = await reportRows(areaId);
    expect(after).toHaveLength(40);
    const r2 = after.find((r) => r.external_id === 'R00002')!;
    expect([r2.technology, r2.note, r2.address]).toEqual(['CDMA', 'again', AWKWARD_TEXT[2]]);
    expect(after.find((r) => r.external_id === 'R00003')!.status).toBe('resolved');
  });

  it('imports a file larger than a COPY batch, re-imports it as updates, dry-runs and rejects it whole', { timeout: 180_000 }, async () => {
    const rows = COPY_BATCH_ROWS + 2_345;
    const areaId = await newArea();
    const file = reportsCsv(rows);

    const dry = await run(areaId, { source: { buffer: file }, dryRun: true });
    expect(dry).toMatchObject({ rowsTotal: rows, rowsInserted: rows, rowsUpdated: 0, committed: false });
    expect((await areaCounts(handle.db, areaId)).reports).toBe(0);

    const bad = await run(areaId, { source: { buffer: reportsCsv(rows, { line: rows }) } });
    expect(bad).toMatchObject({ rowsTotal: rows, rowsRejected: 1, errorCount: 1, committed: false, rowsInserted: 0 });
    expect(bad.errors[0]).toMatchObject({ line: rows, column: 'reported_at', value: '2006-02-30', code: 'bad-date' });
    expect((await areaCounts(handle.db, areaId)).reports).toBe(0);

    const first = await run(areaId, { source: { buffer: file } });
    expect(first).toMatchObject({ rowsTotal: rows, rowsInserted: rows, rowsUpdated: 0, committed: true });
    const second = await run(areaId, { source: { buffer: file } });
    expect(second).toMatchObject({ rowsTotal: rows, rowsInserted: 0, rowsUpdated: rows, committed: true });
    expect((await areaCounts(handle.db, areaId)).reports).toBe(rows);
    const sample = await handle.db
      .selectFrom('problem_reports')
      .selectAll()
      .where('area_id', '=', areaId)
      .where('external_id', '=', 'B20001')
      .executeTakeFirstOrThrow();
    expect(sample).toMatchObject({ address: '地址 20001, 楼', note: null, kind: 'no-signal', customer_tier: 'mid' });
    expect(sample.reported_at!.toISOString()).toBe('2006-05-01T08:00:00.000Z');

    const partialArea = await newArea();
    const partial = await run(partialArea, { source: { buffer: reportsCsv(rows, { line: 3 }) }, partial: true });
    expect(partial).toMatchObject({ rowsInserted: rows - 1, rowsRejected: 1, committed: true });
    expect((await areaCounts(handle.db, partialArea)).reports).toBe(rows - 1);
  });

  it('leaves nothing behind when the file turns unreadable after batches were written', async () => {
    const areaId = await newArea();
    const broken = Buffer.concat([
      reportsCsv(COPY_BATCH_ROWS + 500),
      Buffer.from('B-last,124.8,46.6,GSM,no-signal,callback,mid,2006-05-01,open,"never closed\n'),
    ]);
    await expect(run(areaId, { source: { buffer: broken } })).rejects.toBeInstanceOf(FormatError);
    // A batch still being written when the transaction ended would land outside it, a moment later.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await areaCounts(handle.db, areaId)).reports).toBe(0);
    expect((await listImportAudits(handle.db, areaId, 10, 0)).total).toBe(0);
    // The pool and its connections are fine afterwards.
    expect(await run(areaId, { source: { buffer: reportsCsv(10) } })).toMatchObject({ rowsInserted: 10, committed: true });
  });

  it('close() waits for the batch being written, so nothing reaches the connection after the transaction', async () => {
    const areaId = await newArea();
    const seen = await handle.db.transaction().execute(async (trx) => {
      const writer = await createRowWriter(trx, 'reports', areaId, new Set(['external_id']), { batchRows: 2 });
      await writer.add(report(1));
      await writer.add(report(2)); // a full batch: written in the background
      await writer.add(report(3)); // buffered, dropped by close()
      await writer.close();
      return (
        await trx.selectFrom('problem_reports').select('external_id').where('area_id', '=', areaId).orderBy('external_id').execute()
      ).map((r) => r.external_id);
    });
    expect(seen).toEqual(['R00001', 'R00002']);
  });

  it.runIf(target.name === 'postgres')(
    'runs concurrent imports into one area safely: a first import has it to itself, later ones share it',
    async () => {
      const areaId = await newArea();
      const file = reportsCsv(3_000);
      const reports = await Promise.all([run(areaId, { source: { buffer: file } }), run(areaId, { source: { buffer: file } })]);
      expect(reports.map((r) => [r.rowsInserted, r.rowsUpdated]).sort()).toEqual([
        [0, 3_000],
        [3_000, 0],
      ]);
      expect((await areaCounts(handle.db, areaId)).reports).toBe(3_000);
      // Into an area with reports, imports run side by side.
      const again = await Promise.all([run(areaId, { source: { buffer: file } }), run(areaId, { source: { buffer: reportsCsv(3_500) } })]);
      expect(again.map((r) => [r.rowsInserted, r.rowsUpdated])).toEqual([
        [0, 3_000],
        [500, 3_000],
      ]);
      expect((await areaCounts(handle.db, areaId)).reports).toBe(3_500);
    },
  );

  it.runIf(target.name === 'postgres')('writes the same values by COPY as by unnest, for every column type', async () => {
    const candidates: CandidateImport[] = [0, 1, 2].map((i) => ({
      line: i + 2,
      code: `C-${i}`,
      name: AWKWARD_TEXT[i],
      lon: 124.81 + i / 7,
      lat: 46.61,
      technology: 'GSM',
      cost: i === 1 ? null : 1.5e5 + i,
      status: 'proposed',
      origin: 'manual',
      approximate: i === 2,
      note: i ? null : '备注',
      cells: defaultSectorCells('GSM', i === 2 ? [] : [0, 120, 240]),
    }));
    const settlements: SettlementImport[] = [0, 1].map((i) => ({
      line: i + 2,
      code: `S-${i}`,
      name: `村 ${i}`,
      population: i ? 2_147_483_647 : 0,
      approximate: i === 1,
      geometry: { type: 'Point', coordinates: [124.8 + i, 46.6] },
      bbox: [124.8 + i, 46.6, 124.8 + i, 46.6],
    }));
    const reports = Array.from({ length: AWKWARD_TEXT.length }, (_, i) =>
      report(i, { reportedAt: new Date(Date.UTC(1900 + i * 100, 0, 1, 0, 0, 0, 1)) }),
    );
    const write = async (transport: 'copy' | 'unnest') => {
      const areaId = await newArea();
      await handle.db.transaction().execute(async (trx) => {
        const provided = new Set<string>();
        await createAreaUpserter(trx, transport, 'candidates', areaId, provided).write(candidates);
        await createAreaUpserter(trx, transport, 'settlements', areaId, provided).write(settlements);
        await createAreaUpserter(trx, transport, 'reports', areaId, provided).write(reports);
      });
      // Again with other notes: now every report is an update (staged COPY or unnest upsert).
      const again = reports.map((r, i) => ({ ...r, note: AWKWARD_TEXT[(i + 1) % AWKWARD_TEXT.length], lat: r.lat + 1e-9 }));
      const counts = await handle.db
        .transaction()
        .execute((trx) => createAreaUpserter(trx, transport, 'reports', areaId, new Set(['note'])).write(again));
      expect(counts).toEqual({ inserted: 0, updated: reports.length });
      const strip = <T extends Record<string, unknown>>(rows: T[]) => rows.map(({ id, area_id, created_at, updated_at, ...rest }) => rest);
      return {
        candidates: strip(await handle.db.selectFrom('candidates').selectAll().where('area_id', '=', areaId).orderBy('code').execute()),
        settlements: strip(await handle.db.selectFrom('settlements').selectAll().where('area_id', '=', areaId).orderBy('code').execute()),
        reports: strip(await reportRows(areaId)),
      };
    };
    const copied = await write('copy');
    expect(copied.candidates).toHaveLength(3);
    expect(copied.settlements[1].population).toBe(2_147_483_647);
    expect(copied.reports.map((r) => r.reported_at!.toISOString())).toEqual(reports.map((r) => r.reportedAt!.toISOString()));
    expect(copied.reports.map((r) => r.note)).toEqual(reports.map((_, i) => AWKWARD_TEXT[(i + 1) % AWKWARD_TEXT.length]));
    expect(copied).toEqual(await write('unnest'));
    // The staging tables are temporary: gone with the transaction.
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int4 AS n FROM pg_class WHERE relname LIKE 'import_stage_%'`.execute(
      handle.db,
    );
    expect(rows[0].n).toBe(0);
  });
});

describe('encodeCopyBinary', () => {
  it('writes the binary COPY header, tuples and trailer', () => {
    const out = encodeCopyBinary(
      [{ a: 'é', b: null }],
      [
        { name: 'a', type: 'text', value: (r: { a: string; b: null }) => r.a },
        { name: 'b', type: 'float8', value: (r: { a: string; b: null }) => r.b },
      ],
    );
    expect(out.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    expect([...out.subarray(11)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0xc3, 0xa9, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  });

  it('refuses a value that does not fit its column', () => {
    const field = (type: 'int4' | 'float8' | 'bool' | 'timestamptz', value: unknown) => [{ name: 'x', type, value: () => value as never }];
    expect(() => encodeCopyBinary([{}], field('int4', 1.5))).toThrow(TypeError);
    expect(() => encodeCopyBinary([{}], field('int4', 2 ** 31))).toThrow(TypeError);
    expect(() => encodeCopyBinary([{}], field('float8', '1'))).toThrow(TypeError);
    expect(() => encodeCopyBinary([{}], field('bool', 1))).toThrow(TypeError);
    expect(() => encodeCopyBinary([{}], field('timestamptz', new Date(Number.NaN)))).toThrow(TypeError);
  });
});
