import { describe, expect, it } from 'vitest';
import { guessCrs, guessImportKind } from '../../../server/core/import/guess.ts';

describe('guessing the kind and the CRS of a file', () => {
  const points = { hasGeometry: false, polygons: false };
  it('recognises each point kind from its usual Chinese or English columns', () => {
    expect(guessImportKind(['编号', '经度', '纬度', '网络', '问题类型', '来源', '时间', '地址'], points)).toBe('reports');
    expect(guessImportKind(['基站编号', '基站名称', '经度', '纬度', '小区编号', '网络', '频段(MHz)', '挂高(m)', '发射功率'], points)).toBe(
      'cells',
    );
    expect(guessImportKind(['lon', 'lat', 'technology', 'level_dbm', 'measured_at'], points)).toBe('measurements');
  });

  it('takes only a polygon kind for polygons and reads settlements by their population', () => {
    expect(guessImportKind(['code', 'name', 'population'], { hasGeometry: true, polygons: true })).toBe('settlements');
    expect(guessImportKind(['code', 'environment'], { hasGeometry: true, polygons: true })).toBe('clutter');
  });

  it('takes the CRS a file or column names, and WGS84 otherwise', () => {
    expect(guessCrs('百度坐标.csv', ['lng', 'lat'])).toEqual({ crs: 'bd09', basis: 'name' });
    expect(guessCrs('points.csv', ['高德经度', '高德纬度'])).toEqual({ crs: 'gcj02', basis: 'name' });
    expect(guessCrs('export-gcj02.kml', [])).toEqual({ crs: 'gcj02', basis: 'name' });
    expect(guessCrs('回访记录.csv', ['经度', '纬度'])).toEqual({ crs: 'wgs84', basis: 'default' });
  });
});
