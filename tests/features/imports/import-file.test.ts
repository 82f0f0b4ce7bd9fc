import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatError } from '../../../server/core/formats/errors.ts';
import type { DatabaseHandle } from '../../../server/db/database.ts';
import { findImportAudit, listImportAudits } from '../../../server/features/imports/repository.ts';
import { importFile, type ImportParams } from '../../../server/features/imports/service.ts';
import { GBK_REPORT_PLACES, fixture, gbkGcj02ReportsCsv, kmzOf, reportsWorkbook } from '../../fixtures/imports/generate.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { areaCounts, insertTestArea, openTestDatabase } from './helpers.ts';
import { fileSource } from '../../../server/features/imports/file-source.ts';

describe.each(TEST_DATABASES)('importFile on $name', (target) => {
  let handle: DatabaseHandle;
  let close: () => Promise<void>;
  let areaSeq = 0;

  beforeAll(async () => {
    const opened = await openTestDatabase(target);
    handle = opened.handle;
    close = opened.close;
  });
  afterAll(async () => close?.());

  /** Each test gets its own area, so counts are its own. */
  const newArea = () => insertTestArea(handle.db, `area-${++areaSeq}`);
  const run = (areaId: number, params: Omit<ImportParams, 'areaId' | 'username'> & { username?: string }) =>
    importFile(handle.db, { username: 'planner1', ...params, areaId });
  const reportRows = (areaId: number) =>
    handle.db.selectFrom('problem_reports').selectAll().where('area_id', '=', areaId).orderBy('external_id').execute();

  it('imports a GBK CSV with Chinese headers and GCJ-02 coordinates, exactly converted, and audits it', async () => {
    const areaId = await newArea();
    const buffer = gbkGcj02ReportsCsv();
    const report = await run(areaId, { kind: 'reports', source: { buffer }, fileName: '回访记录.csv', crs: 'gcj02' });
    expect(report).toMatchObject({
      format: 'csv',
      encoding: 'gbk',
      rowsTotal: 4,
      rowsInserted: 4,
      rowsUpdated: 0,
      rowsRejected: 0,
      committed: true,
      errors: [],
    });
    expect(report.sha256).toBe(createHash('sha256').update(buffer).digest('hex'));
    const rows = await reportRows(areaId);
    for (const place of GBK_REPORT_PLACES) {
      const row = rows.find((r) => r.external_id === place.id)!;
      // 1e-7° written to the file ≈ 1 cm; the inverse itself is exact to 1e-9°.
      expect(Math.abs(row.lon - place.wgs[0])).toBeLessThan(2e-7);
      expect(Math.abs(row.lat - place.wgs[1])).toBeLessThan(2e-7);
      expect(row.address).toBe(place.address);
    }
    expect(rows.map((r) => [r.technology, r.kind, r.source, r.customer_tier, r.status])).toEqual([
      ['GSM', 'weak-signal', 'callback', 'high', 'open'],
      ['CDMA', 'no-signal', 'questionnaire', 'mid', 'open'],
      ['GSM', 'dropped-call', 'complaint', 'regular', 'open'],
      ['CDMA', 'indoor', 'onsite-test', 'high', 'open'],
    ]);
    expect(rows[0].reported_at!.toISOString()).toBe('2006-06-01T01:30:00.000Z');
    const audit = await findImportAudit(handle.db, areaId, report.importId);
    expect(audit).toMatchObject({
      kind: 'reports',
      format: 'csv',
      fileName: '回访记录.csv',
      sha256: report.sha256,
      rowsTotal: 4,
      rowsInserted: 4,
      mode: 'all-or-nothing',
      username: 'planner1',
      committed: true,
      errorCount: 0,
    });
  });

  it('re-imports idempotently: second run inserts nothing, updates every row, no duplicates', async () => {
    const areaId = await newArea();
    const source = { bytes: fileSource(fixture('reports-utf8-bom.csv')) };
    const first = await run(areaId, { kind: 'reports', source, fileName: 'reports.csv' });
    expect(first).toMatchObject({ encoding: 'utf8', rowsTotal: 5, rowsInserted: 5, rowsUpdated: 0, committed: true });
    const derived = (await reportRows(areaId)).find((r) => r.address === '喇嘛甸镇富强村')!;
    expect(derived.external_id).toMatch(/^h[0-9a-f]{24}$/);
    const second = await run(areaId, { kind: 'reports', source, fileName: 'reports.csv' });
    expect(second).toMatchObject({ rowsTotal: 5, rowsInserted: 0, rowsUpdated: 5, committed: true, sha256: first.sha256 });
    expect((await areaCounts(handle.db, areaId)).reports).toBe(5);
    expect((await reportRows(areaId)).find((r) => r.address === '喇嘛甸镇富强村')!.external_id).toBe(derived.external_id);
    expect((await reportRows(areaId)).find((r) => r.external_id === 'TS2006-0102')!.note).toBe('客户来电：家中C网无信号, 需上门测试');
  });

  it('rejects a file with bad rows as a whole: every bad row reported, nothing changed, attempt audited', async () => {
    const areaId = await newArea();
    await run(areaId, { kind: 'reports', source: { bytes: fileSource(fixture('reports-utf8-bom.csv')) }, fileName: 'reports.csv' });
    const before = await areaCounts(handle.db, areaId);
    const rowsBefore = await reportRows(areaId);
    const report = await run(areaId, {
      kind: 'reports',
      source: { bytes: fileSource(fixture('bad-reports.csv')) },
      fileName: 'bad-reports.csv',
    });
    // An unknown problem kind (欠费停机), an empty source and an unknown network (X网) are no errors: those
    // rows get other / unknown / unknown and the values are listed as unrecognised.
    expect(report).toMatchObject({ committed: false, rowsTotal: 13, rowsInserted: 0, rowsUpdated: 0, rowsRejected: 8 });
    expect(report.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, '经度', 'bad-coordinate'],
      [4, '纬度', 'required'],
      [5, '经度/纬度', 'outside-area'],
      [7, '时间', 'bad-date'],
      [8, '经度', 'bad-coordinate'],
      [9, '纬度', 'out-of-range'],
      [10, '编号', 'duplicate'],
      [12, '(beyond last column)', 'extra-cells'],
    ]);
    expect(report.errors.find((e) => e.line === 10)!.reason).toBe('duplicate external_id (first on line 2)');
    expect(report.errors.find((e) => e.line === 5)!.reason).toBe('outside the area boundary');
    expect(report.unrecognisedValues).toEqual([
      { column: '问题类型', field: 'kind', value: '欠费停机', count: 1, firstLine: 6, assigned: 'other' },
      { column: '网络', field: 'technology', value: 'X网', count: 1, firstLine: 13, assigned: 'unknown' },
    ]);
    expect(report.errorCount).toBe(8);
    expect(await areaCounts(handle.db, areaId)).toEqual(before);
    expect(await reportRows(areaId)).toEqual(rowsBefore);
    const audit = await findImportAudit(handle.db, areaId, report.importId);
    expect(audit).toMatchObject({ mode: 'all-or-nothing', committed: false, rowsRejected: 8, errorCount: 8, rowsInserted: 0 });
    expect(audit!.errors).toHaveLength(8);
  });

  it('counts every error but lists the first 1000', async () => {
    const areaId = await newArea();
    const rows = [
      'external_id,lon,lat,kind,source,reported_at',
      ...Array.from({ length: 1200 }, (_, i) => `E${i},124.86,46.66,无信号,投诉,2006-13-0${(i % 9) + 1}`),
    ];
    const report = await run(areaId, { kind: 'reports', source: { buffer: Buffer.from(rows.join('\n')) }, fileName: 'many.csv' });
    expect(report).toMatchObject({ rowsTotal: 1200, rowsRejected: 1200, errorCount: 1200, committed: false });
    expect(report.errors).toHaveLength(1000);
    expect(report.errors[999]).toMatchObject({ line: 1001, column: 'reported_at', reason: 'month 13 does not exist' });
  });

  it('writes the good rows in partial mode', async () => {
    const areaId = await newArea();
    const report = await run(areaId, {
      kind: 'reports',
      source: { bytes: fileSource(fixture('bad-reports.csv')) },
      fileName: 'bad-reports.csv',
      partial: true,
    });
    expect(report).toMatchObject({ committed: true, partial: true, rowsInserted: 5, rowsRejected: 8, errorCount: 8 });
    const rows = await reportRows(areaId);
    expect(rows.map((r) => r.external_id)).toEqual(['B-01', 'B-05', 'B-10', 'B-12', 'B-13']);
    // Unrecognised values were imported with the column's default and kept as written.
    expect(rows.map((r) => [r.kind, r.source, r.technology, r.original_values])).toEqual([
      ['weak-signal', 'callback', 'GSM', null],
      ['other', 'callback', 'GSM', { 问题类型: '欠费停机' }],
      ['no-signal', 'unknown', 'CDMA', null],
      ['no-signal', 'complaint', 'unknown', { 网络: 'X网' }],
      ['dropped-call', 'questionnaire', 'CDMA', null],
    ]);
    expect((await findImportAudit(handle.db, areaId, report.importId))!.mode).toBe('partial');
  });

  it('dry-runs: reports what would be inserted, writes nothing, records the run', async () => {
    const areaId = await newArea();
    const report = await run(areaId, {
      kind: 'reports',
      source: { bytes: fileSource(fixture('reports-utf8-bom.csv')) },
      fileName: 'r.csv',
      dryRun: true,
    });
    expect(report).toMatchObject({ dryRun: true, committed: false, rowsInserted: 5, rowsUpdated: 0 });
    expect((await areaCounts(handle.db, areaId)).reports).toBe(0);
    expect(await findImportAudit(handle.db, areaId, report.importId)).toMatchObject({ mode: 'dry-run', committed: false, rowsInserted: 5 });
    const bad = await run(areaId, {
      kind: 'reports',
      source: { bytes: fileSource(fixture('bad-reports.csv')) },
      fileName: 'bad.csv',
      dryRun: true,
    });
    expect(bad).toMatchObject({ dryRun: true, committed: false, rowsInserted: 0, rowsRejected: 8 });
  });

  it('imports cells with Chinese headers: sites once, sectors and an omni cell, watts converted', async () => {
    const areaId = await newArea();
    const report = await run(areaId, { kind: 'cells', source: { bytes: fileSource(fixture('cells-zh.csv')) }, fileName: 'cells-zh.csv' });
    expect(report).toMatchObject({ committed: true, rowsInserted: 4, sites: { inserted: 2, updated: 0 } });
    const cells = await handle.db
      .selectFrom('cells')
      .innerJoin('sites', 'sites.id', 'cells.site_id')
      .select([
        'sites.code as site',
        'sites.status',
        'sites.address',
        'cells.code',
        'cells.technology',
        'cells.azimuth_deg',
        'cells.power_dbm',
        'cells.tilt_deg',
        'cells.beamwidth_deg',
      ])
      .where('sites.area_id', '=', areaId)
      .orderBy('sites.code')
      .orderBy('cells.code')
      .execute();
    expect(cells.map((c) => [c.site, c.status, c.code, c.technology, c.azimuth_deg, c.beamwidth_deg])).toEqual([
      ['RHL-C102', 'planned', 'C1', 'CDMA', null, 65],
      ['RHL-G101', 'existing', 'G1', 'GSM', 0, 65],
      ['RHL-G101', 'existing', 'G2', 'GSM', 120, 65],
      ['RHL-G101', 'existing', 'G3', 'GSM', 240, 65],
    ]);
    expect(cells[0].power_dbm).toBeCloseTo(43.01, 2);
    const again = await run(areaId, { kind: 'cells', source: { bytes: fileSource(fixture('cells-zh.csv')) }, fileName: 'cells-zh.csv' });
    expect(again).toMatchObject({ rowsInserted: 0, rowsUpdated: 4, sites: { inserted: 0, updated: 2 } });
  });

  it('only overwrites the columns a file has (a site list without addresses keeps them)', async () => {
    const areaId = await newArea();
    await run(areaId, { kind: 'cells', source: { bytes: fileSource(fixture('cells-zh.csv')) }, fileName: 'cells-zh.csv' });
    const update = 'site_code,lon,lat,cell_code,technology,frequency_mhz,height_m,power_dbm\nRHL-G101,124.862,46.662,G1,GSM,900,40,43\n';
    const report = await run(areaId, { kind: 'cells', source: { buffer: Buffer.from(update) }, fileName: 'update.csv' });
    expect(report).toMatchObject({ rowsUpdated: 1, sites: { updated: 1 } });
    const site = await handle.db
      .selectFrom('sites')
      .selectAll()
      .where('area_id', '=', areaId)
      .where('code', '=', 'RHL-G101')
      .executeTakeFirstOrThrow();
    expect(site.address).toBe('远望高层楼顶');
    expect(site.name).toBe('远望高层');
    const g1 = await handle.db
      .selectFrom('cells')
      .selectAll()
      .where('site_id', '=', site.id)
      .where('code', '=', 'G1')
      .executeTakeFirstOrThrow();
    expect([g1.height_m, g1.tilt_deg, g1.gain_dbi]).toEqual([40, 4, 15]);
  });

  it('imports candidates with one cell per azimuth', async () => {
    const areaId = await newArea();
    const report = await run(areaId, {
      kind: 'candidates',
      source: { bytes: fileSource(fixture('candidates.csv')) },
      fileName: 'candidates.csv',
    });
    expect(report).toMatchObject({ committed: true, rowsInserted: 3 });
    const rows = await handle.db.selectFrom('candidates').selectAll().where('area_id', '=', areaId).orderBy('code').execute();
    expect(
      rows.map((r) => [
        r.code,
        r.status,
        r.approximate,
        r.cost,
        (r.cells as Array<{ code: string; azimuthDeg: number | null }>).map((c) => `${c.code}@${c.azimuthDeg}`),
      ]),
    ).toEqual([
      ['CAND-T01', 'proposed', true, 62, ['C1@20', 'C2@140', 'C3@260']],
      ['CAND-T02', 'approved', true, 58, ['C1@30', 'C2@150', 'C3@270']],
      ['CAND-T03', 'proposed', true, 45, ['G1@null']],
    ]);
    expect((rows[2].cells as unknown[])[0]).toEqual({
      code: 'G1',
      technology: 'GSM',
      frequencyMhz: 900,
      heightM: 45,
      azimuthDeg: null,
      beamwidthDeg: 65,
      tiltDeg: 0,
      powerDbm: 43,
      gainDbi: 11,
      lossDb: 2,
    });
  });

  it('imports measurements, deriving ids where missing', async () => {
    const areaId = await newArea();
    const report = await run(areaId, {
      kind: 'measurements',
      source: { bytes: fileSource(fixture('measurements.csv')) },
      fileName: 'm.csv',
    });
    expect(report).toMatchObject({ committed: true, rowsInserted: 4 });
    const again = await run(areaId, {
      kind: 'measurements',
      source: { bytes: fileSource(fixture('measurements.csv')) },
      fileName: 'm.csv',
    });
    expect(again).toMatchObject({ rowsInserted: 0, rowsUpdated: 4 });
  });

  it('imports clutter and settlements from GeoJSON (Chinese environment names, a point settlement)', async () => {
    const areaId = await newArea();
    const clutter = await run(areaId, {
      kind: 'clutter',
      source: { bytes: fileSource(fixture('clutter.geojson')) },
      fileName: 'clutter.geojson',
    });
    expect(clutter).toMatchObject({ format: 'geojson', committed: true, rowsInserted: 4 });
    const zones = await handle.db.selectFrom('clutter_zones').selectAll().where('area_id', '=', areaId).orderBy('code').execute();
    expect(zones.map((z) => [z.code, z.environment, z.geometry.type])).toEqual([
      ['T-centre', 'urban-large', 'Polygon'],
      ['T-fangxiao', 'urban', 'Polygon'],
      ['T-lamadian', 'suburban', 'MultiPolygon'],
      ['T-wetland', 'rural', 'Polygon'],
    ]);
    expect([zones[0].min_lon, zones[0].min_lat, zones[0].max_lon, zones[0].max_lat]).toEqual([124.85, 46.645, 124.88, 46.67]);
    const settlements = await run(areaId, {
      kind: 'settlements',
      source: { bytes: fileSource(fixture('settlements.geojson')) },
      fileName: 's.geojson',
    });
    expect(settlements).toMatchObject({ committed: true, rowsInserted: 3 });
    const fuqiang = await handle.db
      .selectFrom('settlements')
      .selectAll()
      .where('area_id', '=', areaId)
      .where('code', '=', 'S-fuqiang')
      .executeTakeFirstOrThrow();
    expect(fuqiang).toMatchObject({ population: 1450, approximate: true, geometry: { type: 'Point', coordinates: [124.75, 46.93] } });
  });

  it('imports a phone-app KML (GCJ-02 placemarks, fields from descriptions and ExtendedData) and the same as KMZ', async () => {
    const areaId = await newArea();
    const report = await run(areaId, {
      kind: 'reports',
      source: { bytes: fileSource(fixture('phone-app.kml')) },
      fileName: 'phone-app.kml',
      crs: 'gcj02',
    });
    expect(report).toMatchObject({ format: 'kml', committed: true, rowsInserted: 3, errors: [] });
    const rows = await handle.db.selectFrom('problem_reports').selectAll().where('area_id', '=', areaId).orderBy('reported_at').execute();
    expect(rows.map((r) => [r.kind, r.source, r.technology, r.customer_tier, r.address])).toEqual([
      ['indoor', 'onsite-test', 'GSM', 'regular', '大庆市让胡路区远望高层7号楼'],
      ['no-signal', 'callback', 'CDMA', 'regular', null],
      ['dropped-call', 'complaint', 'unknown', 'mid', null],
    ]);
    expect(rows[0].lon).toBeCloseTo(124.862, 6);
    expect(rows[0].lat).toBeCloseTo(46.662, 6);
    const kmz = await kmzOf(readFileSync(fixture('phone-app.kml'), 'utf8'));
    const again = await run(areaId, { kind: 'reports', source: { buffer: kmz }, fileName: '采集.kmz', crs: 'gcj02' });
    expect(again).toMatchObject({ format: 'kmz', rowsInserted: 0, rowsUpdated: 3 });
  });

  it('imports the named sheet of an XLSX workbook (title row, dates, formulas, blank row)', async () => {
    const areaId = await newArea();
    const buffer = await reportsWorkbook();
    const firstSheet = await run(areaId, { kind: 'reports', source: { buffer }, fileName: '投诉汇总.xlsx' }).catch((e: unknown) => e);
    expect(firstSheet).toBeInstanceOf(FormatError);
    const report = await run(areaId, { kind: 'reports', source: { buffer }, fileName: '投诉汇总.xlsx', sheet: '投诉记录' });
    expect(report).toMatchObject({ format: 'xlsx', committed: true, rowsTotal: 3, rowsInserted: 3 });
    expect(report.warnings).toContain('worksheet "投诉记录": rows 1-1 above the header skipped');
    const rows = await reportRows(areaId);
    expect(rows.map((r) => [r.external_id, r.lon, r.reported_at!.toISOString(), r.note])).toEqual([
      ['X-301', 124.862, '2006-07-03T02:20:00.000Z', null],
      ['X-302', 124.78, '2006-08-14T16:00:00.000Z', '经度124.78'],
      ['X-303', 124.9, '2006-09-30T15:59:59.000Z', null],
    ]);
  });

  it('imports an OpenCelliD extract as approximate omni cells, filtered by mcc/mnc/radio and area', async () => {
    const areaId = await newArea();
    const source = { bytes: fileSource(fixture('opencellid-extract.csv')) };
    const strict = await run(areaId, { kind: 'cells', source, fileName: 'cell_towers.csv', mcc: 460, mnc: [1, 3] });
    expect(strict).toMatchObject({ format: 'opencellid', committed: false, rowsRejected: 1 });
    expect(strict.errors).toEqual([
      { line: 9, column: 'mcc', value: 'x', reason: 'mcc must be a non-negative integer', code: 'not-integer' },
    ]);
    const report = await run(areaId, { kind: 'cells', source, fileName: 'cell_towers.csv', mcc: 460, mnc: [1, 3], partial: true });
    expect(report).toMatchObject({
      committed: true,
      rowsTotal: 9,
      rowsInserted: 4,
      rowsRejected: 1,
      rowsSkipped: 4,
      sites: { inserted: 4 },
    });
    expect(report.warnings.some((w) => w.includes('not a cell radius'))).toBe(true);
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        '1 row(s) skipped: mnc 0 not selected',
        '1 row(s) skipped: mcc 250 not selected',
        '1 row(s) skipped: radio NR not selected',
      ]),
    );
    const sites = await handle.db.selectFrom('sites').selectAll().where('area_id', '=', areaId).orderBy('code').execute();
    expect(sites.map((s) => [s.code, s.approximate])).toEqual([
      ['OCID-460-1-36896-10021', true],
      ['OCID-460-1-36896-10022', true],
      ['OCID-460-1-36896-10024', true],
      ['OCID-460-3-13824-4101', true],
    ]);
    expect(sites[0].note).toBe(
      'OpenCelliD estimate from 38 samples, range 1215 m (spread of observations, not a cell radius), updated 2017-04-12',
    );
    const cdma = await handle.db.selectFrom('cells').selectAll().where('site_id', '=', sites[3].id).executeTakeFirstOrThrow();
    expect(cdma).toMatchObject({ code: '4101', technology: 'CDMA', frequency_mhz: 870, azimuth_deg: null, height_m: 30, power_dbm: 43 });
    const gsmOnly = await run(await newArea(), {
      kind: 'cells',
      source,
      fileName: 'cell_towers.csv',
      mcc: 460,
      mnc: 1,
      radio: 'GSM',
      partial: true,
    });
    expect(gsmOnly.rowsInserted).toBe(3);
  });

  it('reports a missing required column at the header and imports with a mapping file', async () => {
    const areaId = await newArea();
    const source = { bytes: fileSource(fixture('reports-odd-headers.csv')) };
    const report = await run(areaId, { kind: 'reports', source, fileName: 'odd.csv' });
    expect(report).toMatchObject({ committed: false, rowsRejected: 2 });
    // 故障描述 is a known header of the problem kind; X坐标/Y坐标 are not coordinates anyone agrees on.
    expect(report.errors.map((e) => [e.line, e.column])).toEqual([
      [1, 'lon'],
      [1, 'lat'],
    ]);
    const mapping = JSON.parse(readFileSync(fixture('mapping.json'), 'utf8')) as Record<string, string>;
    const mapped = await run(areaId, { kind: 'reports', source, fileName: 'odd.csv', mapping });
    expect(mapped).toMatchObject({ committed: true, rowsInserted: 2 });
    expect((await reportRows(areaId)).map((r) => [r.external_id, r.kind, r.source])).toEqual([
      ['W-1', 'weak-signal', 'complaint'],
      ['W-2', 'no-signal', 'complaint'],
    ]);
  });

  it('names swapped longitude/latitude columns', async () => {
    const areaId = await newArea();
    const csv = [
      'id,经度,纬度,kind,source,reported_at',
      ...Array.from({ length: 5 }, (_, i) => `S${i},46.6${i},124.8${i},无信号,投诉,2006-05-0${i + 1}`),
    ].join('\n');
    const report = await run(areaId, { kind: 'reports', source: { buffer: Buffer.from(csv) }, fileName: 'swapped.csv' });
    expect(report.committed).toBe(false);
    expect(report.errors[0]).toMatchObject({ line: 1, column: '经度,纬度' });
    expect(report.errors[0].reason).toMatch(/look swapped.*\{"经度": "lat", "纬度": "lon"\}/);
  });

  it('replaces the area boundary from a polygon file and bumps the inputs version', async () => {
    const areaId = await newArea();
    const before = await handle.db.selectFrom('areas').selectAll().where('id', '=', areaId).executeTakeFirstOrThrow();
    const square = {
      type: 'Feature',
      properties: { name: '新边界' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [124.7, 46.5],
            [125, 46.5],
            [125, 46.9],
            [124.7, 46.9],
            [124.7, 46.5],
          ],
        ],
      },
    };
    const report = await run(areaId, {
      kind: 'boundary',
      source: { buffer: Buffer.from(JSON.stringify(square)) },
      fileName: 'boundary.geojson',
    });
    expect(report).toMatchObject({ committed: true, rowsUpdated: 1 });
    const after = await handle.db.selectFrom('areas').selectAll().where('id', '=', areaId).executeTakeFirstOrThrow();
    expect(after.boundary).toEqual(square.geometry);
    expect([after.min_lon, after.min_lat, after.max_lon, after.max_lat]).toEqual([124.7, 46.5, 125, 46.9]);
    expect(after.inputs_version).toBe(before.inputs_version + 1);
  });

  it('repairs the self-touching rings of a coarse web-map boundary and says so', async () => {
    const areaId = await newArea();
    const file = new URL('../../../geo-data/ranghulu/boundary.geojson', import.meta.url);
    const report = await run(areaId, { kind: 'boundary', source: { bytes: fileSource(file.pathname) }, fileName: 'boundary.geojson' });
    expect(report).toMatchObject({ committed: true, rowsUpdated: 1, errorCount: 0 });
    expect(report.warnings.some((w) => /^line 1: polygon repaired: rebuilt rings/.test(w))).toBe(true);
    const area = await handle.db.selectFrom('areas').selectAll().where('id', '=', areaId).executeTakeFirstOrThrow();
    expect([area.min_lon, area.max_lat]).toEqual([124.568359, 47.037109]);
  });

  it('lists the audit trail newest first', async () => {
    const areaId = await newArea();
    await run(areaId, { kind: 'reports', source: { bytes: fileSource(fixture('reports-utf8-bom.csv')) }, fileName: 'a.csv' });
    await run(areaId, {
      kind: 'reports',
      source: { bytes: fileSource(fixture('bad-reports.csv')) },
      fileName: 'b.csv',
      username: 'planner2',
    });
    const { items, total } = await listImportAudits(handle.db, areaId, 10, 0);
    expect(total).toBe(2);
    expect(items.map((i) => [i.fileName, i.username, i.committed, i.errorCount])).toEqual([
      ['b.csv', 'planner2', false, 8],
      ['a.csv', 'planner1', true, 0],
    ]);
    expect(items[0].errors).toBeUndefined();
  });

  it('throws FormatError for unreadable files and leaves no audit row', async () => {
    const areaId = await newArea();
    await expect(run(areaId, { kind: 'reports', source: { buffer: Buffer.alloc(0) }, fileName: 'empty.csv' })).rejects.toThrow(FormatError);
    await expect(
      run(areaId, { kind: 'reports', source: { bytes: fileSource(fixture('opencellid-extract.csv')) }, fileName: 'x.csv' }),
    ).rejects.toThrow(/imports as kind "cells"/);
    expect((await listImportAudits(handle.db, areaId, 10, 0)).total).toBe(0);
  });
});
