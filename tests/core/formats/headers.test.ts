import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../server/core/formats/errors.ts';
import { mapHeaders } from '../../../server/core/formats/headers.ts';
import { CANONICAL_FIELDS, IMPORT_KINDS } from '../../../server/core/formats/kinds.ts';
import { normaliseEnumValue } from '../../../server/core/formats/values.ts';

describe('mapHeaders', () => {
  it('maps the canonical headers of every kind to themselves', () => {
    for (const kind of IMPORT_KINDS) {
      const headers = [...CANONICAL_FIELDS[kind]];
      const mapped = mapHeaders(headers, kind);
      expect(mapped.fields).toEqual(Object.fromEntries(headers.map((h) => [h, h])));
      expect(mapped.missing).toEqual([]);
    }
  });

  it('recognises Chinese report headers with units and punctuation', () => {
    const mapped = mapHeaders(
      ['序号', '经度（GCJ-02）', ' 纬度 ', '问题类型', '网络', '来源', '客户等级', '投诉时间', '状态', '详细地址', '备注'],
      'reports',
    );
    expect(mapped.fields).toEqual({
      lon: '经度（GCJ-02）',
      lat: ' 纬度 ',
      kind: '问题类型',
      technology: '网络',
      source: '来源',
      customer_tier: '客户等级',
      reported_at: '投诉时间',
      status: '状态',
      address: '详细地址',
      note: '备注',
    });
    expect(mapped.warnings).toEqual(['columns ignored: "序号"']);
    expect(mapped.missing).toEqual([]);
  });

  it('maps the same word to the field of the kind (时间, 名称, 编号)', () => {
    expect(mapHeaders(['时间'], 'measurements').fields).toEqual({ measured_at: '时间' });
    expect(mapHeaders(['时间'], 'reports').fields).toEqual({ reported_at: '时间' });
    expect(mapHeaders(['名称', '编号'], 'cells').fields).toEqual({ site_name: '名称', site_code: '编号' });
    expect(mapHeaders(['名称', '编号'], 'candidates').fields).toEqual({ name: '名称', code: '编号' });
  });

  it('recognises cell engineering headers in both languages', () => {
    const mapped = mapHeaders(
      [
        '基站编号',
        '基站名称',
        'Longitude',
        'LAT',
        '小区编号',
        '制式',
        '频段(MHz)',
        '挂高(m)',
        '方位角',
        '下倾角',
        '发射功率(dBm)',
        '天线增益',
        '馈线损耗',
      ],
      'cells',
    );
    expect(Object.keys(mapped.fields).sort()).toEqual(
      [
        'site_code',
        'site_name',
        'lon',
        'lat',
        'cell_code',
        'technology',
        'frequency_mhz',
        'height_m',
        'azimuth_deg',
        'tilt_deg',
        'power_dbm',
        'gain_dbi',
        'loss_db',
      ].sort(),
    );
  });

  it('lets a mapping file name any column, override an alias or ignore a column', () => {
    const mapped = mapHeaders(['X坐标', 'Y坐标', '类型', '工单'], 'reports', {
      X坐标: 'lon',
      y坐标: 'lat',
      类型: null,
      工单: 'external_id',
    });
    expect(mapped.fields).toEqual({ lon: 'X坐标', lat: 'Y坐标', external_id: '工单' });
    expect(mapped.missing).toEqual([]);
  });

  it.each([
    ['工单号', 'external_id'],
    ['投诉单号', 'external_id'],
    ['编号', 'external_id'],
    ['用户地址', 'address'],
    ['详细地址', 'address'],
    ['投诉地址', 'address'],
    ['地址', 'address'],
    ['问题描述', 'kind'],
    ['问题类型', 'kind'],
    ['投诉内容', 'kind'],
    ['故障现象', 'kind'],
    ['投诉时间', 'reported_at'],
    ['受理时间', 'reported_at'],
    ['反馈时间', 'reported_at'],
    ['日期', 'reported_at'],
    ['客户级别', 'customer_tier'],
    ['用户级别', 'customer_tier'],
    ['客户等级', 'customer_tier'],
    ['受理渠道', 'source'],
    ['投诉网络', 'technology'],
    ['处理情况', 'status'],
    ['经度（°）', 'lon'],
    ['纬度(度)', 'lat'],
    ['经度[度]', 'lon'],
    ['ｌｏｎ', 'lon'],
    ['投诉时间（北京时间）', 'reported_at'],
  ])('knows the complaint sheet header %s as %s', (header, field) => {
    expect(mapHeaders([header], 'reports').fields[field]).toBe(header);
  });

  it('rejects a mapping to an unknown field', () => {
    expect(() => mapHeaders(['a'], 'reports', { a: 'longitude' })).toThrow(FormatError);
    expect(() => mapHeaders(['a'], 'reports', { a: 'longitude' })).toThrow(/unknown field/);
  });

  it('keeps the first of two columns claiming one field and says so', () => {
    const mapped = mapHeaders(['时间', '日期', 'lon', 'lat'], 'reports');
    expect(mapped.fields.reported_at).toBe('时间');
    expect(mapped.warnings[0]).toMatch(/"时间" and "日期" both map to reported_at/);
  });

  it('does not require lon/lat when rows carry geometry', () => {
    expect(mapHeaders(['name'], 'reports', undefined, { hasGeometry: true }).missing).toEqual([]);
    expect(mapHeaders(['name'], 'reports').missing).toEqual(['lon', 'lat']);
  });
});

describe('normaliseEnumValue', () => {
  it.each([
    ['technology', 'G网', 'GSM'],
    ['technology', 'c网', 'CDMA'],
    ['technology', 'ＧＳＭ', 'GSM'],
    ['technology', 'cdma', 'CDMA'],
    ['reportKind', '无信号', 'no-signal'],
    ['reportKind', '信号弱', 'weak-signal'],
    ['reportKind', '掉话', 'dropped-call'],
    ['reportKind', '室内', 'indoor'],
    ['reportKind', '上网', 'data'],
    ['reportKind', '数据', 'data'],
    ['reportKind', 'Weak Signal', 'weak-signal'],
    ['reportSource', '电话回访', 'callback'],
    ['reportSource', '回访', 'callback'],
    ['reportSource', '问卷', 'questionnaire'],
    ['reportSource', '投诉', 'complaint'],
    ['reportSource', '现场测试', 'onsite-test'],
    ['reportSource', '路测', 'drive-test'],
    ['customerTier', '高端', 'high'],
    ['customerTier', '中端', 'mid'],
    ['customerTier', '普通', 'regular'],
    ['environment', '密集城区', 'urban-large'],
    ['environment', '郊区', 'suburban'],
    ['boolean', '是', 'true'],
    ['boolean', '否', 'false'],
  ] as const)('%s %s → %s', (vocabulary, text, value) => {
    expect(normaliseEnumValue(vocabulary, text)).toBe(value);
  });

  it('returns null for an unknown spelling', () => {
    expect(normaliseEnumValue('reportKind', '欠费停机')).toBeNull();
  });
});
