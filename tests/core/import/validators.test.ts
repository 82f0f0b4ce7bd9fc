import { describe, expect, it } from 'vitest';
import { fromWgs84 } from '../../../server/core/formats/crs.ts';
import { mapHeaders } from '../../../server/core/formats/headers.ts';
import type { ImportKind } from '../../../server/core/formats/kinds.ts';
import type { SourceRecord } from '../../../server/core/formats/source-types.ts';
import { createAreaTester } from '../../../server/core/import/area-tester.ts';
import type { ValidationContext } from '../../../server/core/import/row-reader.ts';
import type { RowError } from '../../../server/core/import/types.ts';
import { createRowValidator } from '../../../server/core/import/validator.ts';
import { UnrecognisedTally } from '../../../server/core/import/value-mappings.ts';

/** A square around central Ranghulu with a hole, to exercise point-in-polygon beyond the bbox. */
const AREA: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [124.8, 46.6],
      [124.95, 46.6],
      [124.95, 46.75],
      [124.8, 46.75],
      [124.8, 46.6],
    ],
    [
      [124.9, 46.7],
      [124.94, 46.7],
      [124.94, 46.74],
      [124.9, 46.74],
      [124.9, 46.7],
    ],
  ],
};

function run(
  kind: ImportKind,
  headers: string[],
  rows: string[][],
  opts: Partial<ValidationContext> & { geometry?: Array<GeoJSON.Geometry | null> } = {},
) {
  const mapping = mapHeaders(headers, kind, undefined, { hasGeometry: !!opts.geometry });
  const validate = createRowValidator(kind, { columns: mapping.fields, crs: 'wgs84', area: createAreaTester(AREA), ...opts });
  const values: unknown[] = [];
  const errors: RowError[] = [];
  const warnings: string[] = [];
  rows.forEach((row, i) => {
    const record: SourceRecord = { line: i + 2, fields: Object.fromEntries(headers.map((h, j) => [h, row[j] ?? ''])) };
    if (opts.geometry) record.geometry = opts.geometry[i];
    const outcome = validate(record);
    if (outcome.status === 'ok') values.push(outcome.value);
    else if (outcome.status === 'invalid') errors.push(...outcome.errors);
    else warnings.push(outcome.warning);
  });
  return { values, errors, warnings };
}

const CELL_HEADERS = [
  'site_code',
  'site_name',
  'lon',
  'lat',
  'site_status',
  'approximate',
  'cell_code',
  'technology',
  'frequency_mhz',
  'height_m',
  'azimuth_deg',
  'beamwidth_deg',
  'tilt_deg',
  'power_dbm',
  'gain_dbi',
  'loss_db',
];

describe('cells', () => {
  it('reads a three-sector site and an omni site with defaults', () => {
    const { values, errors } = run('cells', CELL_HEADERS, [
      ['RHL001', '龙南营业厅', '124.87', '46.65', 'existing', 'false', '1', 'GSM', '900', '35', '0', '65', '4', '43', '15', '3'],
      ['RHL001', '龙南营业厅', '124.87', '46.65', 'existing', 'false', '2', 'GSM', '900', '35', '120', '65', '4', '43', '15', '3'],
      ['RHL002', '', '124.82', '46.62', '规划', '是', 'O1', 'C网', '870', '40', '', '', '', '20W', '', ''],
    ]);
    expect(errors).toEqual([]);
    expect(values).toHaveLength(3);
    expect(values[2]).toEqual({
      line: 4,
      siteCode: 'RHL002',
      siteName: 'RHL002',
      lon: 124.82,
      lat: 46.62,
      siteStatus: 'planned',
      approximate: true,
      address: null,
      note: null,
      cellCode: 'O1',
      radio: {
        technology: 'CDMA',
        frequencyMhz: 870,
        heightM: 40,
        azimuthDeg: null,
        beamwidthDeg: 65,
        tiltDeg: 0,
        powerDbm: expect.closeTo(43.01, 2),
        gainDbi: 0,
        lossDb: 0,
      },
    });
  });

  it('reports every bad value of a row with its line and column', () => {
    const { values, errors } = run('cells', CELL_HEADERS, [
      ['RHL001', 'A', 'abc', '46.65', 'existing', 'maybe', '1', 'LTE-A', '50', '-5', '400', '65', '60', '90', '15', '3'],
    ]);
    expect(values).toEqual([]);
    expect(errors.map((e) => [e.line, e.column, e.value])).toEqual([
      [2, 'lon', 'abc'],
      [2, 'approximate', 'maybe'],
      [2, 'technology', 'LTE-A'],
      [2, 'frequency_mhz', '50'],
      [2, 'height_m', '-5'],
      [2, 'azimuth_deg', '400'],
      [2, 'tilt_deg', '60'],
      [2, 'power_dbm', '90'],
    ]);
    expect(errors.find((e) => e.column === 'tilt_deg')!.reason).toBe('tilt (°) must be within -20..45');
  });

  it('refuses an antenna at 0 m (Hata needs log10 of the height) and every radio value past its model range, naming line, column and value', () => {
    const { values, errors } = run('cells', CELL_HEADERS, [
      ['S1', 'A', '124.87', '46.65', '', '', '1', 'GSM', '900', '0', '0', '', '', '43', '', ''],
      ['S1', 'A', '124.87', '46.65', '', '', '2', 'GSM', '900', '0.5米', '120', '0', '', '43', '', '-1'],
      ['S1', 'A', '124.87', '46.65', '', '', '3', 'GSM', '900', '1', '240', '1', '', '43', '', '0'],
    ]);
    expect(values).toHaveLength(1);
    expect(errors).toEqual([
      { line: 2, column: 'height_m', value: '0', reason: 'antenna height (m) must be within 1..300' },
      { line: 3, column: 'height_m', value: '0.5米', reason: 'antenna height (m) must be within 1..300' },
      { line: 3, column: 'beamwidth_deg', value: '0', reason: 'beamwidth (°) must be within 1..360' },
      { line: 3, column: 'loss_db', value: '-1', reason: 'loss (dB) must be within 0..30' },
    ]);
  });

  it('reports frequency out of band, duplicates and inconsistent sites', () => {
    const { errors } = run('cells', CELL_HEADERS, [
      ['S1', 'A', '124.87', '46.65', '', '', '1', 'GSM', '9000', '35', '0', '', '', '43', '', ''],
      ['S1', 'A', '124.87', '46.65', '', '', '1', 'GSM', '900', '35', '0', '', '', '43', '', ''],
      ['S1', 'B', '124.88', '46.65', '', '', '2', 'GSM', '900', '35', '0', '', '', '43', '', ''],
    ]);
    expect(errors.map((e) => [e.line, e.column, e.reason])).toEqual([
      [2, 'frequency_mhz', 'frequency (MHz) must be within 100..6000'],
      [3, 'cell_code', 'duplicate cell S1/1 (first on line 2)'],
      [4, 'lon/lat', 'site S1 is at a different position on line 2'],
      [4, 'site_name', 'site S1 is named "A" on line 2'],
    ]);
  });
});

const REPORT_HEADERS = ['编号', '经度', '纬度', '网络', '问题类型', '来源', '客户等级', '时间', '状态', '地址', '备注'];

describe('reports', () => {
  it('reads Chinese values and converts GCJ-02 to WGS84', () => {
    const wgs: [number, number] = [124.87, 46.65];
    const gcj = fromWgs84(wgs, 'gcj02');
    const { values, errors } = run(
      'reports',
      REPORT_HEADERS,
      [['T-001', String(gcj[0]), String(gcj[1]), 'G网', '信号弱', '电话回访', '高端', '2006-05-12 14:30', '已解决', '远望高层3号楼', '']],
      { crs: 'gcj02' },
    );
    expect(errors).toEqual([]);
    const report = values[0] as Record<string, unknown>;
    expect(report).toMatchObject({
      externalId: 'T-001',
      technology: 'GSM',
      kind: 'weak-signal',
      source: 'callback',
      customerTier: 'high',
      status: 'resolved',
      address: '远望高层3号楼',
      note: null,
    });
    expect(report.lon).toBeCloseTo(wgs[0], 8);
    expect(report.lat).toBeCloseTo(wgs[1], 8);
    expect((report.reportedAt as Date).toISOString()).toBe('2006-05-12T06:30:00.000Z');
  });

  it('rejects points outside the boundary, in its hole, or off the globe', () => {
    const { errors } = run('reports', REPORT_HEADERS, [
      ['A', '125.5', '46.65', '', '无信号', '投诉', '', '2006-05-12', '', '', ''],
      ['B', '124.92', '46.72', '', '无信号', '投诉', '', '2006-05-12', '', '', ''],
      ['C', '190', '46.65', '', '无信号', '投诉', '', '2006-05-12', '', '', ''],
      ['D', '124.85', 'Infinity', '', '无信号', '投诉', '', '2006-05-12', '', '', ''],
    ]);
    expect(errors.map((e) => [e.line, e.column, e.reason])).toEqual([
      [2, '经度/纬度', 'outside the area boundary'],
      [3, '经度/纬度', 'outside the area boundary'],
      [4, '经度', 'longitude must be within -180..180'],
      [5, '纬度', 'not a coordinate: expected decimal degrees or degrees/minutes/seconds'],
    ]);
  });

  it('reads DMS coordinates and names a latitude in the longitude column', () => {
    const { values, errors } = run('reports', REPORT_HEADERS, [
      ['A', `124°52'13.5"E`, '46 39 8.4 N', '', '掉话', '问卷', '', '2006-05-12', '', '', ''],
      ['B', '46 39 8.4 N', `124°52'13.5"E`, '', '掉话', '问卷', '', '2006-05-12', '', '', ''],
    ]);
    expect((values[0] as { lon: number }).lon).toBeCloseTo(124.870417, 6);
    expect(errors.map((e) => [e.line, e.column, e.reason])).toEqual([
      [3, '经度', 'a latitude (N/S) in the longitude column'],
      [3, '纬度', 'a longitude (E/W) in the latitude column'],
    ]);
  });

  it('reports bad dates and duplicate ids but never rejects a row for a categorical value', () => {
    const unrecognised = new UnrecognisedTally();
    const { values, errors } = run(
      'reports',
      REPORT_HEADERS,
      [
        ['A', '124.85', '46.65', 'X网', '欠费', '路测', '钻石', '2006-02-30', '待定', '', ''],
        ['A', '124.85', '46.65', '', '室内', '现场测试', '', '2006-05-12', '', '', ''],
        ['B', '124.85', '46.65', 'X网', '欠费停机', '', 'VIP客户', '2006-05-12', '待定', '', ''],
      ],
      { unrecognised },
    );
    expect(errors.map((e) => [e.line, e.column, e.value])).toEqual([
      [2, '时间', '2006-02-30'],
      [3, '编号', 'A'],
    ]);
    expect(errors[1].reason).toBe('duplicate external_id (first on line 2)');
    expect(values).toHaveLength(1);
    expect(values[0]).toMatchObject({
      technology: 'unknown',
      kind: 'other',
      source: 'unknown',
      customerTier: 'high',
      status: 'open',
      originalValues: { 网络: 'X网', 问题类型: '欠费停机', 客户等级: 'VIP客户', 状态: '待定' },
    });
    expect(unrecognised.list().map((u) => [u.column, u.value, u.count, u.firstLine, u.assigned])).toEqual([
      ['网络', 'X网', 2, 2, 'unknown'],
      ['问题类型', '欠费', 1, 2, 'other'],
      ['问题类型', '欠费停机', 1, 4, 'other'],
    ]);
  });

  it('applies value mappings before the rules, and a default source when the file has none', () => {
    const headers = REPORT_HEADERS.filter((h) => h !== '来源');
    const { values } = run('reports', headers, [['C', '124.85', '46.65', 'G网', '听不清', '', '2006-05-12', '', '', '']], {
      values: { kind: new Map([['听不清', 'other']]) },
      defaults: { source: 'complaint' },
    });
    expect(values[0]).toMatchObject({ kind: 'other', source: 'complaint', originalValues: { 问题类型: '听不清' } });
  });

  it('derives a stable id from the content when there is none, ignoring status', () => {
    const headers = REPORT_HEADERS.slice(1);
    const row = ['124.85', '46.65', 'C网', '上网', '问卷', '中端', '2006-07-01', '未处理', '乘风', ''];
    const first = run('reports', headers, [row]);
    const again = run('reports', headers, [[...row.slice(0, 7), '已解决', ...row.slice(8)]]);
    const other = run('reports', headers, [[...row.slice(0, 6), '2006-07-02', ...row.slice(7)]]);
    const id = (r: typeof first) => (r.values[0] as { externalId: string }).externalId;
    expect(id(first)).toMatch(/^h[0-9a-f]{24}$/);
    expect(id(again)).toBe(id(first));
    expect(id(other)).not.toBe(id(first));
    const twice = run('reports', headers, [row, row]);
    expect(twice.values).toHaveLength(1);
    expect(twice.warnings).toEqual(['line 3: same report as line 2 (no external_id, identical content); imported once']);
  });

  it('takes the position from Point geometry (KML placemarks)', () => {
    const { values, errors } = run(
      'reports',
      ['name', '类型', '来源', '时间'],
      [
        ['x', '无信号', '回访', '2006-05-12'],
        ['y', '无信号', '回访', '2006-05-12'],
      ],
      {
        geometry: [
          { type: 'Point', coordinates: [124.85, 46.65, 150] },
          {
            type: 'LineString',
            coordinates: [
              [124.85, 46.65],
              [124.86, 46.66],
            ],
          },
        ],
      },
    );
    expect((values[0] as { lon: number }).lon).toBe(124.85);
    expect(errors).toEqual([{ line: 3, column: 'geometry', value: 'LineString', reason: 'expected a Point' }]);
  });

  it('flags a row wider than its header', () => {
    const validate = createRowValidator('reports', { columns: mapHeaders(REPORT_HEADERS, 'reports').fields, crs: 'wgs84', area: null });
    const outcome = validate({
      line: 7,
      fields: Object.fromEntries(REPORT_HEADERS.map((h) => [h, ''])),
      extraFields: ['让胡路区', '西宾路'],
    });
    expect(outcome.status === 'invalid' && outcome.errors[0]).toMatchObject({
      line: 7,
      column: '(beyond last column)',
      value: '让胡路区, 西宾路',
    });
  });
});

describe('candidates', () => {
  const headers = [
    'code',
    'name',
    'lon',
    'lat',
    'technology',
    'cost',
    'status',
    'origin',
    'approximate',
    'note',
    'frequency_mhz',
    'height_m',
    'azimuths_deg',
    'beamwidth_deg',
    'tilt_deg',
    'power_dbm',
    'gain_dbi',
    'loss_db',
  ];
  it('refuses a candidate antenna at 0 m like a cell', () => {
    const { values, errors } = run('candidates', headers, [
      ['K1', 'Low', '124.86', '46.64', 'GSM', '', '', '', '', '', '', '0', '', '', '', '', '', ''],
    ]);
    expect(values).toEqual([]);
    expect(errors).toEqual([{ line: 2, column: 'height_m', value: '0', reason: 'antenna height (m) must be within 1..300' }]);
  });

  it('makes one cell per azimuth, or one omni cell, with typical values for empty radio columns', () => {
    const { values, errors } = run('candidates', headers, [
      ['CAND-YY', '银亿阳光城', '124.86', '46.64', 'CDMA', '850000', '', '', '是', '', '', '', '0;120;240', '', '', '', '', ''],
      ['CAND-FQ', '富强村', '124.83', '46.70', 'G网', '', 'approved', '', '', '', '900', '45', '', '', '2', '46', '11', '2'],
    ]);
    expect(errors).toEqual([]);
    const [yy, fq] = values as Array<{ cells: Array<Record<string, unknown>>; cost: number | null; status: string; approximate: boolean }>;
    expect(yy.cells.map((c) => [c.code, c.azimuthDeg, c.technology])).toEqual([
      ['C1', 0, 'CDMA'],
      ['C2', 120, 'CDMA'],
      ['C3', 240, 'CDMA'],
    ]);
    expect(yy.cells[0]).toMatchObject({ frequencyMhz: 870, heightM: 35, powerDbm: 42 });
    expect(yy).toMatchObject({ cost: 850000, status: 'proposed', approximate: true });
    expect(fq.cells).toEqual([
      {
        code: 'G1',
        technology: 'GSM',
        frequencyMhz: 900,
        heightM: 45,
        azimuthDeg: null,
        beamwidthDeg: 65,
        tiltDeg: 2,
        powerDbm: 46,
        gainDbi: 11,
        lossDb: 2,
      },
    ]);
  });

  it('reports bad azimuth lists and negative costs', () => {
    const { errors } = run('candidates', headers, [
      ['A', '', '124.86', '46.64', 'GSM', '-1', '', '', '', '', '', '', '0;120;400', '', '', '', '', ''],
      ['B', '', '124.86', '46.64', 'GSM', '', '', '', '', '', '', '', '0;0', '', '', '', '', ''],
    ]);
    expect(errors.map((e) => [e.line, e.column, e.reason])).toEqual([
      [2, 'cost', 'cost must be within 0..1000000000000'],
      [2, 'azimuths_deg', '"400": azimuth (°) must be within 0..360'],
      [3, 'azimuths_deg', 'repeated azimuth'],
    ]);
  });
});

describe('measurements', () => {
  it('validates levels and derives ids', () => {
    const { values, errors } = run(
      'measurements',
      ['survey', 'lon', 'lat', 'technology', 'level_dbm', 'serving_cell', 'measured_at'],
      [
        ['DT-2006-06', '124.85', '46.65', 'GSM', '-87.5', 'RHL001/1', '2006-06-01 10:00:01'],
        ['DT-2006-06', '124.85', '46.65', 'GSM', '-187', '', '2006-06-01 10:00:02'],
      ],
    );
    expect((values[0] as { externalId: string; levelDbm: number }).levelDbm).toBe(-87.5);
    expect(errors).toEqual([{ line: 3, column: 'level_dbm', value: '-187', reason: 'received level (dBm) must be within -150..0' }]);
  });
});

describe('clutter, settlements and boundary', () => {
  const square = (x: number, y: number, d = 0.01): GeoJSON.Polygon => ({
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + d, y],
        [x + d, y + d],
        [x, y + d],
        [x, y],
      ],
    ],
  });
  it('accepts polygons touching the area and rejects those outside, open or self-intersecting', () => {
    const bowtie: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [124.85, 46.65],
          [124.86, 46.66],
          [124.86, 46.65],
          [124.85, 46.66],
          [124.85, 46.65],
        ],
      ],
    };
    const open: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [124.85, 46.65],
          [124.86, 46.65],
          [124.86, 46.66],
          [124.85, 46.66],
        ],
      ],
    };
    const { values, errors } = run(
      'clutter',
      ['code', 'name', 'environment'],
      [
        ['U1', '龙南', '城区'],
        ['U2', '', 'suburban'],
        ['U3', '', 'rural'],
        ['U4', '', 'rural'],
        ['U5', '', '沙漠'],
        ['U6', '', 'rural'],
      ],
      { geometry: [square(124.85, 46.65), square(124.79, 46.59, 0.02), square(126, 46), bowtie, square(124.85, 46.65), open] },
    );
    expect(values.map((v) => (v as { code: string }).code)).toEqual(['U1', 'U2']);
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [4, 'geometry'],
      [5, 'geometry'],
      [6, 'environment'],
      [7, 'geometry'],
    ]);
    expect(errors[1].reason).toMatch(/self-intersecting/);
    expect(errors[3].reason).toMatch(/not closed/);
  });

  it('reads settlements as points from lon/lat columns and rejects negative population', () => {
    const { values, errors } = run(
      'settlements',
      ['编号', '名称', '人口', 'lon', 'lat'],
      [
        ['V1', '富强村', '1200', '124.83', '46.70'],
        ['V2', '宏伟二村', '-5', '124.84', '46.70'],
      ],
    );
    expect(values[0]).toMatchObject({ code: 'V1', population: 1200, geometry: { type: 'Point', coordinates: [124.83, 46.7] } });
    expect(errors).toEqual([{ line: 3, column: '人口', value: '-5', reason: 'population must be within 0..10000000' }]);
  });

  it('accepts a boundary anywhere', () => {
    const { values, errors } = run('boundary', ['name'], [['elsewhere']], { geometry: [square(100, 30, 1)] });
    expect(errors).toEqual([]);
    expect((values[0] as { bbox: number[] }).bbox).toEqual([100, 30, 101, 31]);
  });
});
