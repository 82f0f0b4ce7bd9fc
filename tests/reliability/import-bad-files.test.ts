import fc from 'fast-check';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatError } from '../../server/core/formats/errors.ts';
import { AppError } from '../../server/errors.ts';
import type { ImportKind } from '../../server/core/formats/kinds.ts';
import { importFile } from '../../server/features/imports/service.ts';
import { fixture } from '../fixtures/imports/generate.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { TEST_DATABASES } from '../helpers/databases.ts';
import { areaCounts, insertTestArea } from '../features/imports/helpers.ts';
import { multipartBody } from './helpers/route-fuzz.ts';
import { fileSource } from '../../server/features/imports/file-source.ts';

const REPORTS_HEADER = 'external_id,lon,lat,kind,source,reported_at,address\n';
const goodReportRow = (i: number) => `R-${i},124.862,46.662,weak-signal,callback,2006-05-01T08:00:00Z,远望高层${i}号楼\n`;

/** Files no import may write anything from, and why. */
function badFiles(): Array<{ label: string; fileName: string; content: Buffer; kind?: ImportKind; encoding?: string }> {
  const pngHeader = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const garbage = Buffer.alloc(4096);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
  const good = REPORTS_HEADER + goodReportRow(1) + goodReportRow(2);
  return [
    { label: 'empty file', fileName: 'empty.csv', content: Buffer.alloc(0) },
    { label: 'only a byte-order mark', fileName: 'bom.csv', content: Buffer.from([0xef, 0xbb, 0xbf]) },
    { label: 'only blank lines', fileName: 'blank.csv', content: Buffer.from('\n\n\r\n  \n') },
    { label: 'binary garbage', fileName: 'garbage.csv', content: garbage },
    { label: 'a PNG named .csv', fileName: 'photo.csv', content: Buffer.concat([pngHeader, garbage]) },
    { label: 'a zip that is not xlsx/kmz', fileName: 'data.xlsx', content: Buffer.concat([Buffer.from('PK\u0003\u0004'), garbage]) },
    {
      label: 'truncated CSV (unclosed quote in the last row)',
      fileName: 'cut.csv',
      content: Buffer.from(good + 'R-3,124.862,46.662,weak-signal,callback,2006-05-01T08:00:00Z,"楼'),
    },
    { label: 'truncated CSV (row cut mid-field)', fileName: 'cut2.csv', content: Buffer.from(good + 'R-3,124.86') },
    { label: 'UTF-16 text', fileName: 'unicode.csv', content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good, 'utf16le')]) },
    { label: 'GBK bytes declared UTF-8', fileName: 'gbk.csv', content: iconv.encode(good, 'gbk'), encoding: 'utf8' },
    {
      label: 'NUL bytes inside fields',
      fileName: 'nul.csv',
      content: Buffer.from(REPORTS_HEADER + 'R-1,124.862,46.662,weak-signal,callback,2006-05-01T08:00:00Z,a\u0000b\n'),
    },
    {
      label: 'NaN and Infinity coordinates',
      fileName: 'nan.csv',
      content: Buffer.from(
        REPORTS_HEADER +
          'R-1,NaN,46.662,weak-signal,callback,2006-05-01T08:00:00Z,x\nR-2,Infinity,-Infinity,weak-signal,callback,2006-05-01T08:00:00Z,x\nR-3,1e400,46.6,weak-signal,callback,2006-05-01T08:00:00Z,x\n',
      ),
    },
    {
      label: 'one good row, then a row outside the area',
      fileName: 'outside.csv',
      content: Buffer.from(good + 'R-9,10.0,10.0,weak-signal,callback,2006-05-01T08:00:00Z,x\n'),
    },
    {
      label: 'truncated GeoJSON',
      fileName: 'cut.geojson',
      content: Buffer.from(readFileSync(fixture('settlements.geojson'), 'utf8').slice(0, 300)),
      kind: 'settlements',
    },
    {
      label: 'GeoJSON with a bow-tie polygon',
      fileName: 'bow.geojson',
      kind: 'clutter',
      content: Buffer.from(
        JSON.stringify({
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { code: 'Z9', environment: 'urban' },
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [124.8, 46.6],
                    [124.9, 46.7],
                    [124.9, 46.6],
                    [124.8, 46.7],
                    [124.8, 46.6],
                  ],
                ],
              },
            },
          ],
        }),
      ),
    },
    {
      label: 'GeoJSON crossing the antimeridian',
      fileName: 'am.geojson',
      kind: 'clutter',
      content: Buffer.from(
        JSON.stringify({
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { code: 'Z8', environment: 'urban' },
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [179.9, 46.6],
                    [-179.9, 46.6],
                    [-179.9, 46.7],
                    [179.9, 46.7],
                    [179.9, 46.6],
                  ],
                ],
              },
            },
          ],
        }),
      ),
    },
    { label: 'truncated KML', fileName: 'cut.kml', content: Buffer.from(readFileSync(fixture('phone-app.kml'), 'utf8').slice(0, 400)) },
    {
      label: 'XML entity bomb',
      fileName: 'bomb.kml',
      content: Buffer.from(
        `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&lol4;</name><Point><coordinates>124.86,46.66</coordinates></Point></Placemark></Document></kml>`,
      ),
    },
    {
      label: 'a 3 MB line without a newline',
      fileName: 'long.csv',
      content: Buffer.from(REPORTS_HEADER + 'R-1,124.862,46.662,weak-signal,callback,2006-05-01T08:00:00Z,' + 'x'.repeat(3_000_000)),
    },
  ];
}

/**
 * Unreadable or invalid files through the upload route and through importFile directly: a clear
 * error (400 for an unreadable file naming /body/file, 422 with the rows for bad rows, 422 naming the
 * limit for a value longer than IMPORT_MAX_VALUE_CHARS), never a 5xx,
 * and nothing written to the area.
 */
describe.each(TEST_DATABASES)('importing bad files on $name', (target) => {
  let t: TestApp;
  let areaId: number;
  let dir: string;
  beforeAll(async () => {
    t = await buildTestApp(target);
    areaId = await insertTestArea(t.app.db, 'bad-files');
    dir = await mkdtemp(join(tmpdir(), 'cp-bad-files-'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const upload = (kind: string, fileName: string, content: Buffer, extra: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/areas/${areaId}/imports`,
      ...multipartBody([
        { name: 'kind', value: kind },
        ...Object.entries(extra).map(([name, value]) => ({ name, value })),
        { name: 'file', fileName, content },
      ]),
    });

  it('answers each bad file over HTTP with a clear 400/422 and writes nothing', async () => {
    const before = await areaCounts(t.app.db, areaId);
    const failures: string[] = [];
    for (const f of badFiles()) {
      const res = await upload(f.kind ?? 'reports', f.fileName, f.content, f.encoding ? { encoding: f.encoding } : {});
      const body = res.json();
      if (res.statusCode === 400) {
        if (body.error !== 'bad_request' || !body.details?.[0]?.field?.startsWith('/body') || !/\S/.test(body.message))
          failures.push(`${f.label}: 400 without a field: ${res.body.slice(0, 200)}`);
      } else if (res.statusCode === 422 && typeof body.error === 'string') {
        // Refused by an import limit (a cell over IMPORT_MAX_VALUE_CHARS): the error names the limit.
        if (!body.error.startsWith('import_') || body.details?.[0]?.field !== '/body/file' || !/limit \w+=\d+/.test(body.message))
          failures.push(`${f.label}: 422 without the limit: ${res.body.slice(0, 200)}`);
      } else if (res.statusCode === 422) {
        if (body.committed !== false || !(body.errorCount > 0) || !body.errors?.[0]?.reason)
          failures.push(`${f.label}: 422 without row errors: ${res.body.slice(0, 200)}`);
      } else {
        failures.push(`${f.label}: status ${res.statusCode}: ${res.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await areaCounts(t.app.db, areaId)).toEqual(before);
  });

  it('importFile throws FormatError or reports uncommitted bad rows for each, and writes nothing', async () => {
    const before = await areaCounts(t.app.db, areaId);
    const failures: string[] = [];
    for (const f of badFiles()) {
      const path = join(dir, f.fileName);
      await writeFile(path, f.content);
      try {
        const report = await importFile(t.app.db, {
          areaId,
          kind: f.kind ?? 'reports',
          source: { bytes: fileSource(path) },
          fileName: f.fileName,
          username: 'test',
          ...(f.encoding ? { encoding: f.encoding as 'utf8' } : {}),
        });
        if (report.committed || report.errorCount === 0)
          failures.push(`${f.label}: committed=${report.committed}, ${report.errorCount} error(s)`);
      } catch (err) {
        const refused = err instanceof AppError && err.statusCode === 422 && err.code.startsWith('import_');
        if (!(err instanceof FormatError) && !refused)
          failures.push(`${f.label}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await areaCounts(t.app.db, areaId)).toEqual(before);
  });

  it('never answers 5xx to random bytes, random text or randomly cut good files (fixed seed)', async () => {
    const before = await areaCounts(t.app.db, areaId);
    const good = Buffer.from(REPORTS_HEADER + Array.from({ length: 20 }, (_, i) => goodReportRow(i)).join(''));
    const files = fc.sample(
      fc.oneof(
        fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((b) => Buffer.from(b)),
        fc.string({ unit: 'binary', maxLength: 500 }).map((s) => Buffer.from(REPORTS_HEADER + s)),
        fc.integer({ min: 1, max: good.length - 2 }).map((n) => good.subarray(0, n)),
      ),
      { seed: 42, numRuns: 40 },
    );
    const statuses = new Map<number, number>();
    for (const [i, content] of files.entries()) {
      const res = await upload('reports', `random-${i}.csv`, content);
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      expect(res.statusCode, `${content.toString('latin1').slice(0, 80)} -> ${res.body.slice(0, 200)}`).toBeLessThan(500);
      expect(res.json().error ?? res.json().committed, res.body.slice(0, 200)).toBeDefined();
    }
    console.log(`random files on ${target.name}: statuses ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`);
    // A cut-down good file may legitimately import its complete rows; everything else must not.
    const after = await areaCounts(t.app.db, areaId);
    expect({ ...after, reports: before.reports }).toEqual(before);
  });

  it('answers a header-only file with a report of zero rows and writes nothing', async () => {
    const before = await areaCounts(t.app.db, areaId);
    const res = await upload('reports', 'header.csv', Buffer.from(REPORTS_HEADER));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rowsTotal: 0, rowsInserted: 0, rowsUpdated: 0 });
    expect(await areaCounts(t.app.db, areaId)).toEqual(before);
  });

  it('imports a good file after all that (the area is not left locked or half-written)', async () => {
    const res = await upload('reports', 'good.csv', Buffer.from(REPORTS_HEADER + goodReportRow(1001) + goodReportRow(1002)));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ committed: true, rowsTotal: 2 });
  });
});
