import { describe, expect, it } from 'vitest';
import { mapHeaders } from '../../../server/core/formats/headers.ts';
import type { ImportKind } from '../../../server/core/formats/kinds.ts';
import type { SourceRecord } from '../../../server/core/formats/source-types.ts';
import { createGazetteer } from '../../../server/core/geo/gazetteer.ts';
import { createAreaTester } from '../../../server/core/import/area-tester.ts';
import type { ValidationContext } from '../../../server/core/import/row-reader.ts';
import type { RowError } from '../../../server/core/import/types.ts';
import { createRowValidator } from '../../../server/core/import/validator.ts';

const AREA: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [124.6, 46.55],
      [124.98, 46.55],
      [124.98, 46.98],
      [124.6, 46.98],
      [124.6, 46.55],
    ],
  ],
};

function run(kind: ImportKind, headers: string[], rows: string[][], opts: Partial<ValidationContext> = {}) {
  const mapping = mapHeaders(headers, kind);
  const validate = createRowValidator(kind, { columns: mapping.fields, crs: 'wgs84', area: createAreaTester(AREA), ...opts });
  const values: unknown[] = [];
  const errors: RowError[] = [];
  rows.forEach((row, i) => {
    const record: SourceRecord = { line: i + 2, fields: Object.fromEntries(headers.map((h, j) => [h, row[j] ?? ''])) };
    const outcome = validate(record);
    if (outcome.status === 'ok') values.push(outcome.value);
    else if (outcome.status === 'invalid') errors.push(...outcome.errors);
  });
  return { mapping, values, errors };
}

describe('places', () => {
  it.each([
    [['名称', '别名', '类型', '经度', '纬度']],
    [['地名', '别名', '类别', 'lon', 'lat']],
    [['name', 'aliases', 'kind', 'longitude', 'latitude']],
    [['名称（标准地名）', '俗称', '地名类型', '经度', '纬度']],
  ])('recognises the headers %j', (headers) => {
    const { mapping, values, errors } = run('places', headers, [['富强村', '喇嘛甸镇富强村；富强屯', '村', '124.6553', '46.9548']]);
    expect(mapping.missing).toEqual([]);
    expect(errors).toEqual([]);
    expect(values).toEqual([
      {
        line: 2,
        code: '富强村',
        name: '富强村',
        nameEn: null,
        aliases: ['喇嘛甸镇富强村', '富强屯'],
        kind: 'village',
        approximate: false,
        geometry: { type: 'Point', coordinates: [124.6553, 46.9548] },
        bbox: [124.6553, 46.9548, 124.6553, 46.9548],
      },
    ]);
  });

  it.each([
    ['小区', 'estate'],
    ['村', 'village'],
    ['镇', 'town'],
    ['大楼', 'building'],
    ['地标', 'landmark'],
    ['营业厅', 'business-hall'],
    ['business hall', 'business-hall'],
    ['', 'landmark'],
  ])('reads the kind %s as %s', (text, kind) => {
    const { values } = run('places', ['名称', '类型', '经度', '纬度'], [['某地', text, '124.8', '46.6']]);
    expect(values).toMatchObject([{ kind }]);
  });

  it('refuses duplicate codes, an unknown kind and a missing name, naming line and column', () => {
    const { errors } = run(
      'places',
      ['名称', '类型', '经度', '纬度'],
      [
        ['富强村', '村', '124.6553', '46.9548'],
        ['富强村', '村', '124.6554', '46.9549'],
        ['宫殿', '皇宫', '124.8', '46.6'],
        ['', '村', '124.8', '46.6'],
      ],
    );
    expect(errors).toEqual([
      { line: 3, column: '名称', value: '富强村', reason: 'duplicate place code (first on line 2)' },
      { line: 4, column: '类型', value: '皇宫', reason: expect.stringMatching(/^unknown value; expected one of estate, village, town/) },
      { line: 5, column: '名称', value: '', reason: 'required' },
    ]);
  });
});

describe('report rows placed by address', () => {
  const gazetteer = createGazetteer([
    {
      id: 7,
      code: 'fuqiang',
      name: '富强村',
      aliases: ['喇嘛甸镇富强村'],
      kind: 'village',
      geometry: { type: 'Point', coordinates: [124.6553, 46.9548] },
    },
    { id: 8, code: 'lamadian', name: '喇嘛甸镇', aliases: [], kind: 'town', geometry: { type: 'Point', coordinates: [124.7452, 46.9046] } },
  ]);
  const headers = ['编号', '经度', '纬度', '问题类型', '来源', '日期', '地址'];

  it('does not require lon/lat columns when there is an address column', () => {
    expect(mapHeaders(['问题类型', '来源', '日期', '地址'], 'reports').missing).toEqual([]);
    expect(mapHeaders(['问题类型', '来源', '日期'], 'reports').missing).toEqual(['lon', 'lat']);
  });

  it('keeps coordinates when given and places the others at the most specific place', () => {
    const { values, errors } = run(
      'reports',
      headers,
      [
        ['A', '124.8', '46.6', '信号弱', '投诉', '2006-05-01', '喇嘛甸镇富强村3组'],
        ['B', '', '', '无信号', '投诉', '2006-05-02', '喇嘛甸镇富强村3组'],
        ['C', '', '', '无信号', '投诉', '2006-05-03', '喇嘛甸镇政府'],
      ],
      { gazetteer },
    );
    expect(errors).toEqual([]);
    expect(values).toMatchObject([
      { externalId: 'A', lon: 124.8, lat: 46.6, located: 'coordinates', placeId: null, placeName: null, locationRadiusM: null },
      { externalId: 'B', lon: 124.6553, lat: 46.9548, located: 'address', placeId: 7, placeName: '富强村', locationRadiusM: 500 },
      { externalId: 'C', lon: 124.7452, lat: 46.9046, located: 'address', placeId: 8, placeName: '喇嘛甸镇', locationRadiusM: 2000 },
    ]);
  });

  it('refuses an unmatched address, a row with neither, and a half coordinate', () => {
    const { errors } = run(
      'reports',
      headers,
      [
        ['D', '', '', '无信号', '投诉', '2006-05-04', '北湖路138号'],
        ['E', '', '', '无信号', '投诉', '2006-05-05', ''],
        ['F', '124.8', '', '无信号', '投诉', '2006-05-06', '富强村'],
      ],
      { gazetteer },
    );
    expect(errors).toEqual([
      { line: 2, column: '地址', value: '北湖路138号', reason: expect.stringMatching(/^no place in the gazetteer matches the address/) },
      { line: 3, column: '经度/纬度/地址', value: '', reason: 'no coordinates and no address: a position needs one of them' },
      { line: 4, column: '纬度', value: '', reason: 'required' },
    ]);
  });

  it('derives the same id for the same address-only row whatever the gazetteer places it at', () => {
    const row = [['', '', '', '无信号', '投诉', '2006-05-02', '富强村3组']];
    const a = run('reports', headers, row, { gazetteer }).values[0] as { externalId: string };
    const moved = createGazetteer([
      { id: 9, code: 'f', name: '富强村', aliases: [], kind: 'village', geometry: { type: 'Point', coordinates: [124.7, 46.9] } },
    ]);
    const b = run('reports', headers, row, { gazetteer: moved }).values[0] as { externalId: string };
    expect(a.externalId).toMatch(/^h[0-9a-f]{24}$/);
    expect(b.externalId).toBe(a.externalId);
  });
});
