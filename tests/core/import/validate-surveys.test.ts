import { describe, expect, it } from 'vitest';
import { mapHeaders } from '../../../server/core/formats/headers.ts';
import type { SourceRecord } from '../../../server/core/formats/source-types.ts';
import { createGazetteer } from '../../../server/core/geo/gazetteer.ts';
import { createAreaTester } from '../../../server/core/import/area-tester.ts';
import type { ValidationContext } from '../../../server/core/import/row-reader.ts';
import type { RowError, SurveyResponseImport } from '../../../server/core/import/types.ts';
import { classifySurveyProblem, parseSatisfaction } from '../../../server/core/import/validate-surveys.ts';
import { createRowValidator } from '../../../server/core/import/validator.ts';

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
  ],
};

function run(headers: string[], rows: string[][], extra: Partial<ValidationContext> = {}) {
  const mapping = mapHeaders(headers, 'survey-responses');
  const validate = createRowValidator('survey-responses', {
    columns: mapping.fields,
    crs: 'wgs84',
    area: createAreaTester(AREA),
    ...extra,
  });
  const values: SurveyResponseImport[] = [];
  const errors: RowError[] = [];
  const warnings: string[] = [];
  rows.forEach((row, i) => {
    const record: SourceRecord = { line: i + 2, fields: Object.fromEntries(headers.map((h, j) => [h, row[j] ?? ''])) };
    const outcome = validate(record);
    if (outcome.status === 'ok') {
      values.push(outcome.value);
      if (outcome.warning) warnings.push(outcome.warning);
    } else if (outcome.status === 'invalid') errors.push(...outcome.errors);
    else warnings.push(outcome.warning);
  });
  return { mapping, values, errors, warnings };
}

describe('survey satisfaction', () => {
  it.each([
    ['满意', 5],
    ['非常满意', 5],
    ['基本满意', 4],
    ['比较满意', 4],
    ['一般', 3],
    ['不满意', 2],
    ['很不满意', 1],
    ['非常不满意', 1],
    ['5', 5],
    ['１', 1],
    ['4分', 4],
    [' 3 ', 3],
    ['Satisfied', 5],
    ['very dissatisfied', 1],
  ])('%s → %i', (text, score) => expect(parseSatisfaction(text)).toBe(score));

  it.each(['0', '6', '3.5', '好', '', 'abc'])('%s is not a satisfaction', (text) => expect(parseSatisfaction(text)).toBeNull());
});

describe('survey problems', () => {
  it.each([
    ['室内差', 'indoor'],
    ['室内覆盖差', 'indoor'],
    ['家里信号差', 'indoor'],
    ['地下车库没信号', 'indoor'],
    ['掉话', 'dropped-call'],
    ['通话中断', 'dropped-call'],
    ['上网慢', 'data'],
    ['网速太慢', 'data'],
    ['无信号', 'no-signal'],
    ['不在服务区', 'no-signal'],
    ['信号弱', 'weak-signal'],
    ['时强时弱', 'weak-signal'],
  ])('%s → %s', (text, problem) => expect(classifySurveyProblem(text)).toEqual({ problem, recognised: true }));

  it('keeps an unknown wording as other, unrecognised', () => {
    expect(classifySurveyProblem('听不清')).toEqual({ problem: 'other', recognised: false });
    expect(classifySurveyProblem('其他')).toEqual({ problem: 'other', recognised: true });
  });
});

describe('survey-responses validator', () => {
  const HEADERS = [
    '问卷编号',
    '答卷日期',
    '网络',
    '经度',
    '纬度',
    '地址',
    '覆盖满意度',
    '存在问题',
    '室内差',
    '掉话',
    '上网慢',
    '意见建议',
  ];

  it('maps the questionnaire headers', () => {
    const { mapping } = run(HEADERS, []);
    expect(mapping.fields).toMatchObject({
      external_id: '问卷编号',
      answered_at: '答卷日期',
      technology: '网络',
      lon: '经度',
      lat: '纬度',
      address: '地址',
      satisfaction: '覆盖满意度',
      problems: '存在问题',
      problem_indoor: '室内差',
      problem_dropped_call: '掉话',
      problem_data: '上网慢',
      comment: '意见建议',
    });
    expect(mapping.missing).toEqual([]);
    expect(mapHeaders(['回访日期', '满意度', '经度', '纬度'], 'survey-responses').fields).toMatchObject({
      answered_at: '回访日期',
      satisfaction: '满意度',
    });
  });

  it('reads words, scores, networks, problem lists and ticks', () => {
    const { values, errors, warnings } = run(HEADERS, [
      ['WJ-1', '2006-06-12', 'C网', '124.87', '46.65', '银亿阳光城3号楼', '不满意', '掉话、室内差', '', '', '', '家里没信号'],
      ['WJ-2', '2006年6月13日', 'G网', '124.88', '46.66', '', '5', '', '否', '否', '是', ''],
      ['WJ-3', '2006/06/14', '', '124.89', '46.67', '', '基本满意', '听不清；信号弱', '', '', '', ''],
    ]);
    expect(errors).toEqual([]);
    expect(values.map((v) => [v.externalId, v.technology, v.satisfaction, v.problems, v.located])).toEqual([
      ['WJ-1', 'CDMA', 2, ['dropped-call', 'indoor'], 'coordinates'],
      ['WJ-2', 'GSM', 5, ['data'], 'coordinates'],
      ['WJ-3', 'unknown', 4, ['weak-signal', 'other'], 'coordinates'],
    ]);
    expect(values[0].answeredAt.toISOString()).toBe('2006-06-11T16:00:00.000Z');
    expect(values[0].comment).toBe('家里没信号');
    expect(values[2].problemsText).toBe('听不清；信号弱');
    expect(warnings).toEqual(['line 4, column 存在问题: unrecognised problem "听不清" kept as other']);
  });

  it('names the line, column and value of every bad value', () => {
    const { values, errors } = run(HEADERS, [
      ['WJ-1', '2006-02-30', 'C网', '124.87', '46.65', '', '还可以吧', '', '也许', '', '', ''],
      ['WJ-1', '2006-06-12', 'X网', '125.5', '46.65', '', '5', '', '', '', '', ''],
    ]);
    expect(values).toEqual([]);
    expect(errors).toEqual([
      { line: 2, column: '答卷日期', value: '2006-02-30', reason: 'day 30 does not exist in 2006-02' },
      {
        line: 2,
        column: '覆盖满意度',
        value: '还可以吧',
        reason: 'expected a score 1..5 or 满意/基本满意/一般/不满意/很不满意',
      },
      { line: 2, column: '室内差', value: '也许', reason: 'expected yes/no (是/否, 有/无, √, 1/0)' },
      { line: 3, column: '网络', value: 'X网', reason: expect.stringContaining('unknown value') },
      { line: 3, column: '经度/纬度', value: '125.5, 46.65', reason: 'outside the area boundary' },
      { line: 3, column: '问卷编号', value: 'WJ-1', reason: 'duplicate external_id (first on line 2)' },
    ]);
  });

  it('refuses an address-only row without a gazetteer, and places it with one (the reports rule)', () => {
    const rows = [['', '2006-06-12', 'G网', '', '', '喇嘛甸镇富强村3组', '满意', '', '', '', '', '']];
    expect(run(HEADERS, rows).errors).toEqual([
      {
        line: 2,
        column: '地址',
        value: '喇嘛甸镇富强村3组',
        reason: 'no coordinates, and the area has no gazetteer to place the address by: import its places first (kind places)',
      },
    ]);
    const gazetteer = createGazetteer([
      {
        id: 1,
        code: 'town-lamadian',
        name: '喇嘛甸镇',
        aliases: [],
        kind: 'town',
        geometry: { type: 'Point', coordinates: [124.88, 46.72] },
      },
      {
        id: 2,
        code: 'village-fuqiang',
        name: '富强村',
        aliases: ['喇嘛甸镇富强村'],
        kind: 'village',
        geometry: { type: 'Point', coordinates: [124.85, 46.7] },
      },
    ]);
    const located = run(HEADERS, rows, { gazetteer });
    expect(located.errors).toEqual([]);
    // The longest name or alias the address contains wins (喇嘛甸镇富强村 over 喇嘛甸镇), as for reports.
    expect(located.values[0]).toMatchObject({ lon: 124.85, lat: 46.7, located: 'address', placeCode: 'village-fuqiang' });
    const unmatched = run(HEADERS, [['', '2006-06-12', 'G网', '', '', '火星', '满意']], { gazetteer });
    expect(unmatched.errors).toEqual([
      {
        line: 2,
        column: '地址',
        value: '火星',
        reason:
          'no place in the gazetteer matches the address (give coordinates, or add the place or an alias with an import of kind places)',
      },
    ]);
    expect(run(HEADERS, [['', '2006-06-12', 'G网', '', '', '', '满意']]).errors[0]).toMatchObject({
      column: '经度/纬度/地址',
      reason: expect.stringContaining('no coordinates and no address'),
    });
  });

  it('derives a stable id and imports an identical repeat once', () => {
    const row = ['', '2006-06-12', 'G网', '124.87', '46.65', '', '3', '', '', '', '', ''];
    const { values, warnings } = run(HEADERS, [row, row]);
    expect(values).toHaveLength(1);
    expect(values[0].externalId).toMatch(/^h[0-9a-f]{24}$/);
    expect(warnings).toEqual(['line 3: same survey response as line 2 (no external_id, identical content); imported once']);
  });
});
