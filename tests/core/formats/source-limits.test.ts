import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceInput } from '../../../server/core/formats/byte-input.ts';
import { LimitExceededError } from '../../../server/core/formats/errors.ts';
import type { ImportLimits } from '../../../server/core/formats/limits.ts';
import { openSource } from '../../../server/core/formats/source.ts';
import { reportsWorkbook } from '../../fixtures/imports/generate.ts';
import { kmzBomb, sheetXml, workbookOf, xlsxWithHugeSharedString } from '../../helpers/zip-bombs.ts';
import { fileSource } from '../../../server/features/imports/file-source.ts';

const MiB = 1024 * 1024;

/** Open `input` and read every record; the records read, or the error thrown. */
async function readAll(input: SourceInput, fileName: string, limits?: Partial<ImportLimits>, sheet?: string) {
  const source = await openSource(input, { fileName, limits, sheet });
  const records = [];
  for await (const r of source.records) records.push(r);
  return { source, records };
}

async function refusal(promise: Promise<unknown>): Promise<LimitExceededError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LimitExceededError);
  return err as LimitExceededError;
}

describe('openSource under the import limits', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cp-source-limits-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a CSV with a million columns at its header', async () => {
    const header = Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',');
    const err = await refusal(readAll({ buffer: Buffer.from(`${header}\n${header}\n`) }, 'wide.csv'));
    expect(err).toMatchObject({ code: 'too-many-columns', limit: 'maxColumns', limitValue: 500, statusCode: 422 });
    expect(err.message).toBe('row 1 (the header) has 1,000,000 columns; at most 500 are read');
  });

  it('reads a header of a few names followed by many empty cells, and refuses a data row wider than the limit', async () => {
    const empties = ','.repeat(5000);
    const { source, records } = await readAll({ buffer: Buffer.from(`a,b${empties}\n1,2${empties}\n`) }, 'sheet.csv');
    expect(source.headers).toEqual(['a', 'b']);
    expect(records).toEqual([{ line: 2, fields: { a: '1', b: '2' } }]);
    const wide = Array.from({ length: 501 }, () => 'x').join(',');
    const err = await refusal(readAll({ buffer: Buffer.from(`a,b\n1,2\n${wide}\n`) }, 'rows.csv'));
    expect(err.message).toBe('row 3 has 501 columns; at most 500 are read');
  });

  it('refuses a CSV cell longer than maxValueChars, and a row longer than maxCsvRowChars before holding it', async () => {
    const long = await refusal(
      readAll({ buffer: Buffer.from(`id,address\n1,${'地'.repeat(2001)}\n`) }, 'long.csv', { maxValueChars: 2000 }),
    );
    expect(long).toMatchObject({ code: 'value-too-long', limit: 'maxValueChars', limitValue: 2000 });
    expect(long.message).toBe('row 2, "address": a value of 2,001 characters is longer than 2,000');
    const row = await refusal(readAll({ buffer: Buffer.from(`id,address\n1,"${'x'.repeat(30_000_000)}"\n`) }, 'row.csv'));
    expect(row).toMatchObject({ code: 'row-too-long', limit: 'maxCsvRowChars', limitValue: 16_000_000 });
    expect(row.message).toBe('row 2 is longer than 16,000,000 characters');
  });

  it('refuses a workbook with one 450-million-character shared string, from a file, a buffer or a stream', async () => {
    const workbook = await xlsxWithHugeSharedString(450_000_000);
    const path = join(dir, 'big.xlsx');
    await writeFile(path, workbook);
    for (const input of [{ bytes: fileSource(path) }, { buffer: workbook }, { stream: Readable.from([workbook]) }]) {
      const err = await refusal(readAll(input, 'big.xlsx'));
      expect(err).toMatchObject({ code: 'value-too-long', limitValue: 1_000_000 });
    }
  });

  it('refuses a KMZ bomb from a file before parsing its KML', async () => {
    const path = join(dir, 'bomb.kmz');
    await writeFile(path, await kmzBomb(2 * 1024 * MiB));
    const err = await refusal(readAll({ bytes: fileSource(path) }, 'bomb.kmz', { maxExpandedBytes: 16 * MiB }));
    expect(err.message).toBe('the archive expands to more than 16,777,216 bytes (stopped in doc.kml)');
  });

  it('refuses a workbook row with a cell beyond column 500, and reads one from a stream', async () => {
    const row = Array.from({ length: 501 }, (_, i) => `h${i}`);
    const err = await refusal(readAll({ buffer: workbookOf(sheetXml([row])) }, 'wide.xlsx'));
    expect(err).toMatchObject({ code: 'too-many-columns', limitValue: 500 });
    expect(err.message).toBe('row 1 has 501 columns; at most 500 are read');
    const { source, records } = await readAll({ stream: Readable.from([await reportsWorkbook()]) }, 'r.xlsx', undefined, '投诉记录');
    expect(source.format).toBe('xlsx');
    expect(records.map((r) => r.fields['编号'])).toEqual(['X-301', 'X-302', 'X-303']);
  });

  it('refuses features with more distinct properties than columns, and a KML text node over the value limit', async () => {
    const properties = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`p${i}`, i]));
    const geojson = JSON.stringify({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: [124.86, 46.66] } });
    expect((await refusal(readAll({ buffer: Buffer.from(geojson) }, 'f.geojson'))).message).toBe(
      'the features have 501 distinct properties; at most 500 columns are read',
    );
    const kml = `<kml><Placemark><name>${'x'.repeat(5000)}</name><Point><coordinates>124.86,46.66</coordinates></Point></Placemark></kml>`;
    const err = await refusal(readAll({ buffer: Buffer.from(kml) }, 'p.kml', { maxValueChars: 4000 }));
    expect(err.message).toBe('the KML document: a text value starting at byte 22 is longer than 4,000 characters');
  });

  it('refuses GeoJSON and KML documents longer than maxDocumentBytes before parsing them, also inside a KMZ', async () => {
    const feature = (i: number) => ({
      type: 'Feature',
      properties: { code: `S${i}` },
      geometry: { type: 'Point', coordinates: [124.86, 46.66] },
    });
    const geojson = JSON.stringify({ type: 'FeatureCollection', features: Array.from({ length: 30_000 }, (_, i) => feature(i)) });
    expect(geojson.length).toBeGreaterThan(2 * MiB);
    const fromFile = join(dir, 'big.geojson');
    await writeFile(fromFile, geojson);
    for (const input of [
      { bytes: fileSource(fromFile) },
      { buffer: Buffer.from(geojson) },
      { stream: Readable.from([Buffer.from(geojson)]) },
    ]) {
      const err = await refusal(readAll(input, 'big.geojson', { maxDocumentBytes: MiB }));
      expect(err).toMatchObject({ code: 'document-too-large', limit: 'maxDocumentBytes', limitValue: MiB, statusCode: 413 });
      expect(err.message).toMatch(/^the GeoJSON file is larger than 1 MiB, which is parsed whole in memory/);
    }
    // Below the limit the same file reads.
    expect((await readAll({ buffer: Buffer.from(geojson) }, 'big.geojson', { maxDocumentBytes: 4 * MiB })).records).toHaveLength(30_000);
    const kmz = await kmzBomb(3 * MiB);
    const err = await refusal(readAll({ buffer: kmz }, 'big.kmz', { maxDocumentBytes: MiB }));
    expect(err).toMatchObject({ code: 'document-too-large', statusCode: 413 });
    expect(err.message).toMatch(/^the KML document doc\.kml of the KMZ is larger than 1 MiB/);
    const kml = `<kml>${'<Placemark><Point><coordinates>124.86,46.66</coordinates></Point></Placemark>'.repeat(20_000)}</kml>`;
    expect((await refusal(readAll({ buffer: Buffer.from(kml) }, 'big.kml', { maxDocumentBytes: MiB }))).message).toMatch(
      /^the KML file is larger than 1 MiB/,
    );
  });
});
