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
    ['antenna height (m) must be within 1..300', 'out-of-range', 'antenna height (m)必须在 1 到 300 之间'],
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
