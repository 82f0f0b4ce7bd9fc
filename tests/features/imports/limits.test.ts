import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.ts';
import { importFile } from '../../../server/features/imports/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { kmzBomb, xlsxWithHugeSharedString } from '../../helpers/zip-bombs.ts';
import { multipartBody } from '../../reliability/helpers/route-fuzz.ts';
import { areaCounts, insertTestArea } from './helpers.ts';
import { fileSource } from '../../../server/features/imports/file-source.ts';

const MiB = 1024 * 1024;
/** The expanded-size limit these apps run with (IMPORT_MAX_EXPANDED_BYTES), small to keep the tests quick. */
const EXPANDED_LIMIT = 256 * MiB;
/** The whole-document limit these apps run with (IMPORT_MAX_DOCUMENT_BYTES). */
const DOCUMENT_LIMIT = 2 * MiB;

/** A CSV of the reports header widened to a million columns, and one row. */
function millionColumnCsv(): Buffer {
  const extra = Array.from({ length: 1_000_000 - 7 }, (_, i) => `extra${i}`).join(',');
  return Buffer.from(
    `external_id,lon,lat,kind,source,reported_at,address,${extra}\nR-1,124.862,46.662,weak-signal,callback,2006-05-01T08:00:00Z,x\n`,
  );
}

/**
 * Decompression bombs and oversized files through the upload route and the import service: each is
 * refused with 413 or 422 and an error naming the limit and its setting (never a 500), nothing is
 * written, and no import is recorded.
 */
describe.each(TEST_DATABASES)('import limits on $name', (target) => {
  let t: TestApp;
  let areaId: number;
  let dir: string;
  let kmz: Buffer;
  beforeAll(async () => {
    t = await buildTestApp(target, { config: { importMaxExpandedBytes: EXPANDED_LIMIT, importMaxDocumentBytes: DOCUMENT_LIMIT } });
    areaId = await insertTestArea(t.app.db, 'limits');
    dir = await mkdtemp(join(tmpdir(), 'cp-import-limits-'));
    kmz = await kmzBomb(4 * 1024 * MiB);
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const upload = (kind: string, fileName: string, content: Buffer) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/areas/${areaId}/imports`,
      ...multipartBody([
        { name: 'kind', value: kind },
        { name: 'file', fileName, content },
      ]),
    });
  const importsRecorded = async () =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/areas/${areaId}/imports` })).json().total as number;

  it('answers a KMZ bomb (4 GiB of Placemarks in a 14 MB upload) 413 naming IMPORT_MAX_EXPANDED_BYTES', async () => {
    expect(kmz.length).toBeLessThan(20 * MiB);
    const before = { counts: await areaCounts(t.app.db, areaId), imports: await importsRecorded() };
    const res = await upload('reports', '采集.kmz', kmz);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(413);
    expect(res.json()).toEqual({
      error: 'import_expanded_too_large',
      message: `采集.kmz: the archive expands to more than 268,435,456 bytes (stopped in doc.kml) (limit IMPORT_MAX_EXPANDED_BYTES=${EXPANDED_LIMIT})`,
      details: [{ field: '/body/file', message: 'expanded-too-large', value: { limit: 'IMPORT_MAX_EXPANDED_BYTES', max: EXPANDED_LIMIT } }],
    });
    expect({ counts: await areaCounts(t.app.db, areaId), imports: await importsRecorded() }).toEqual(before);
  });

  it('answers a 450 KB workbook with one 450-million-character shared string 422 naming IMPORT_MAX_VALUE_CHARS', async () => {
    const res = await upload('reports', '投诉.xlsx', await xlsxWithHugeSharedString(450_000_000));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(422);
    const body = res.json();
    expect(body.error).toBe('import_value_too_long');
    expect(body.message).toMatch(
      /^投诉\.xlsx: xl\/sharedStrings\.xml: a text value starting at byte \d+ is longer than 1,000,000 characters \(limit IMPORT_MAX_VALUE_CHARS=1000000\)$/,
    );
  });

  it('answers a GeoJSON file larger than the whole-document limit 413 naming IMPORT_MAX_DOCUMENT_BYTES', async () => {
    const feature = (i: number) => ({
      type: 'Feature',
      properties: { external_id: `R-${i}`, kind: 'weak-signal', source: 'callback', reported_at: '2006-05-01T08:00:00Z' },
      geometry: { type: 'Point', coordinates: [124.862, 46.662] },
    });
    const geojson = Buffer.from(
      JSON.stringify({ type: 'FeatureCollection', features: Array.from({ length: 20_000 }, (_, i) => feature(i)) }),
    );
    expect(geojson.length).toBeGreaterThan(DOCUMENT_LIMIT);
    const before = { counts: await areaCounts(t.app.db, areaId), imports: await importsRecorded() };
    const res = await upload('reports', 'reports.geojson', geojson);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(413);
    expect(res.json()).toMatchObject({
      error: 'import_document_too_large',
      details: [{ field: '/body/file', message: 'document-too-large', value: { limit: 'IMPORT_MAX_DOCUMENT_BYTES', max: DOCUMENT_LIMIT } }],
    });
    expect(res.json().message).toMatch(
      /^reports\.geojson: the GeoJSON file is larger than 2 MiB, .* \(limit IMPORT_MAX_DOCUMENT_BYTES=2097152\)$/,
    );
    expect({ counts: await areaCounts(t.app.db, areaId), imports: await importsRecorded() }).toEqual(before);
  });

  it('answers a CSV with a million columns 422 naming the column limit', async () => {
    const before = await importsRecorded();
    const res = await upload('reports', 'wide.csv', millionColumnCsv());
    expect(res.statusCode, res.body.slice(0, 300)).toBe(422);
    expect(res.json()).toMatchObject({
      error: 'import_too_many_columns',
      message: 'wide.csv: row 1 (the header) has 1,000,000 columns; at most 500 are read (fixed limit 500)',
    });
    expect(res.body.length).toBeLessThan(1000);
    expect(await importsRecorded()).toBe(before);
  });

  it('throws the same errors from importFile, the call the command line and the demo seed make', async () => {
    const path = join(dir, 'bomb.kmz');
    await writeFile(path, kmz);
    const err = await importFile(t.app.db, {
      areaId,
      kind: 'reports',
      source: { bytes: fileSource(path) },
      fileName: 'bomb.kmz',
      username: 'test',
      limits: { maxExpandedBytes: 64 * MiB },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'import_expanded_too_large', statusCode: 413 });
    expect((err as AppError).message).toBe(
      'bomb.kmz: the archive expands to more than 67,108,864 bytes (stopped in doc.kml) (limit IMPORT_MAX_EXPANDED_BYTES=67108864)',
    );
    const wide = await importFile(t.app.db, {
      areaId,
      kind: 'reports',
      source: { buffer: millionColumnCsv() },
      fileName: 'wide.csv',
      username: 'test',
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(wide).toMatchObject({ code: 'import_too_many_columns', statusCode: 422 });
  });
});
