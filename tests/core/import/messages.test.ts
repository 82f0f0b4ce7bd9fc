import { describe, expect, it } from 'vitest';
import {
  langFromAcceptLanguage,
  langFromLocaleEnv,
  localiseReason,
  localiseWarning,
  parseImportLang,
  rowErrorCode,
} from '../../../server/core/import/messages.ts';

describe('import language', () => {
  it.each([
    ['zh', 'zh'],
    ['zh-CN', 'zh'],
    ['zh_CN.UTF-8', 'zh'],
    ['zh-Hans', 'zh'],
    ['en', 'en'],
    ['en_US.UTF-8', 'en'],
    ['fr', null],
    ['zhx', null],
    ['', null],
  ])('parseImportLang(%j) = %j', (text, lang) => {
    expect(parseImportLang(text)).toBe(lang);
  });

  it('takes the best-ranked Chinese or English language of Accept-Language', () => {
    expect(langFromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(langFromAcceptLanguage('en;q=0.5, zh-TW;q=0.8')).toBe('zh');
    expect(langFromAcceptLanguage('fr-FR, en-GB;q=0.7')).toBe('en');
    expect(langFromAcceptLanguage('de')).toBeNull();
    expect(langFromAcceptLanguage(undefined)).toBeNull();
  });

  it('reads the locale variables in POSIX order', () => {
    expect(langFromLocaleEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(langFromLocaleEnv({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(langFromLocaleEnv({ LC_MESSAGES: 'zh_CN.GBK', LANG: 'C' })).toBe('zh');
    expect(langFromLocaleEnv({})).toBe('en');
  });
});

describe('row error codes and Chinese reasons', () => {
  it.each([
    ['required', 'required', '必填，不能为空'],
    ['not a date (expected e.g. 2006-05-12 or 2006-05-12 14:30)', 'not-a-date', '不是日期（例如 2006-05-12 或 2006-05-12 14:30）'],
    ['day 30 does not exist in 2006-02', 'bad-date', '2006 年 2 月没有 30 日'],
    ['outside the area boundary (after gcj02 → WGS84)', 'outside-area', '不在区域边界内（已由 gcj02 转换为 WGS84）'],
    ['more than 30000 m outside the area boundary', 'outside-area', '超出区域边界 30000 米以上'],
    ['latitude must be within -90..90', 'out-of-range', '纬度必须在 -90 到 90 之间'],
    ['duplicate external_id (first on line 2)', 'duplicate', '重复的 external_id（首次出现在第 2 行）'],
    ['antenna height (m) must be within 1..300', 'out-of-range', '天线挂高（m）必须在 1 到 300 之间'],
    ['"120x": azimuth (°) must be within 0..360', 'bad-azimuth', '"120x"：方位角（°）必须在 0 到 360 之间'],
    ['"12a": not a number', 'not-a-number', '"12a"：不是数字'],
    ['something new', 'invalid', 'something new'],
    [
      'no place in the gazetteer matches the address (give coordinates, or add the place or an alias with an import of kind places)',
      'address-not-found',
      '地名库中没有与该地址匹配的地点（请提供坐标，或以 places 类型导入该地点或别名）',
    ],
    ['expected a score 1..5 or 满意/基本满意/一般/不满意/很不满意', 'bad-satisfaction', '应为 1-5 分或 满意/基本满意/一般/不满意/很不满意'],
  ])('%s', (reason, code, zh) => {
    expect(rowErrorCode(reason)).toBe(code);
    expect(localiseReason(reason, 'zh')).toBe(zh);
    expect(localiseReason(reason, 'en')).toBe(reason);
  });

  // Every reason the validators, readers and geometry checks write (one example each): none is left
  // in English only, and each has a code of its own rather than the catch-all `invalid`.
  it.each([
    'no coordinates and no address: a position needs one of them',
    'no coordinates, and the area has no gazetteer to place the address by: import its places first (kind places)',
    'outside the area boundary (bbox shown)',
    'no geometry and no lon/lat columns',
    'no geometry: a Polygon or MultiPolygon is required',
    'expected a Polygon or MultiPolygon',
    'expected a Polygon or MultiPolygon or a Point',
    '3 more geometry problem(s)',
    'a position must be [lon, lat]',
    'longitude must be a number in [-180, 180], got "x"',
    'must be a GeoJSON Polygon or MultiPolygon',
    'must be a Polygon or MultiPolygon, got "LineString"',
    'a polygon needs at least one ring',
    'a ring needs at least 4 positions (closed)',
    'ring is not closed (first and last positions differ)',
    'too many vertices (200001 > 200000)',
    'spans 180° of longitude or more (antimeridian crossing is not supported)',
    'self-intersecting polygon (first crossing near [124.800000, 46.600000], ring 0)',
    'ring has zero area: 1.00e-14 square degrees, below 1e-12',
    'repeated azimuth',
    'more than 12 azimuths',
    'alias "喇嘛甸镇富强村…" longer than 100 characters',
    'more than 20 aliases',
    'as the code, longer than 64 characters',
    'power in watts must be positive',
    'site S1 is named "东站" on line 4',
    'cell_id must be a non-negative integer',
    'expected yes/no (是/否, 有/无, √, 1/0)',
    'must not contain "/"',
    'not a coordinate: no degrees',
  ])('has a code and Chinese text: %s', (reason) => {
    expect(rowErrorCode(reason)).not.toBe('invalid');
    const zh = localiseReason(reason, 'zh');
    expect(zh).not.toBe(reason);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each([
    'line 4: same measurement as line 2 (no external_id, identical content); imported once',
    'line 4: same survey response as line 2 (no external_id, identical content); imported once',
    'line 5, column "问题": unrecognised problem "听不清" kept as other',
    '12 more unrecognised value(s) not listed',
    'line 3: polygon repaired: rebuilt rings that crossed or touched themselves (first near [124.800000, 46.600000]); area unchanged (1.25 km2)',
    'the file declares a "crs" member (pre-RFC 7946 GeoJSON); it is ignored: pass crs if coordinates are not WGS84',
    'the column mapping is ignored for OpenCelliD files',
    'OpenCelliD positions are crowd-sourced estimates (averaged from where phones saw the cell), often hundreds of metres off the mast',
    '40 row(s) skipped: mcc 460 not selected',
    '2 row(s) skipped: tower more than 5000 m outside the area',
    'columns ignored: 备注, 处理人',
    'applied 3 value mapping(s) remembered for reports in this area',
    'value mapping for column "问题": no such column in the file',
  ])('translates the warning: %s', (warning) => {
    const zh = localiseWarning(warning, 'zh');
    expect(zh).not.toBe(warning);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('translates the warnings people act on', () => {
    expect(localiseWarning('rows 1-2 above the header skipped', 'zh')).toBe('已跳过表头上方的第 1-2 行');
    expect(localiseWarning('no source column: every report gets source "unknown"', 'zh')).toBe(
      '文件没有来源列：所有上报的来源记为"unknown"',
    );
    expect(
      localiseWarning(
        'line 7, column "故障现象": value "听不清" not recognised in 2 row(s); imported as other (add a value mapping to classify it)',
        'zh',
      ),
    ).toBe('第 7 行，列"故障现象"：无法识别的值"听不清"（共 2 行），已按 other 导入（可添加值映射来归类）');
  });
});
