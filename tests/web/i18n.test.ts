import { describe, expect, it } from 'vitest';
import {
  CANDIDATE_ORIGINS,
  CANDIDATE_STATUSES,
  CUSTOMER_TIERS,
  ENVIRONMENT_CLASSES,
  REPORT_KINDS,
  REPORT_RESOLUTIONS,
  REPORT_SOURCES,
  REPORT_STATUSES,
  SITE_STATUSES,
  TECHNOLOGIES,
} from '../../server/core/model.ts';
import { REMEDY_KINDS } from '../../web/src/api/types.ts';
import {
  createTranslator,
  formatDateTime,
  formatMonth,
  formatNumber,
  formatPercent,
  formatSigned,
  interpolate,
  isMessageKey,
  labelOf,
  messageKeys,
  parseLocale,
} from '../../web/src/i18n/index.ts';

describe('message catalogs', () => {
  it('have the same keys in both languages and no empty message', () => {
    expect(messageKeys('en').sort()).toEqual(messageKeys('zh-CN').sort());
    for (const locale of ['zh-CN', 'en'] as const) {
      const t = createTranslator(locale);
      for (const key of messageKeys(locale)) {
        if (!isMessageKey(key)) throw new Error(key);
        expect(t(key).trim(), `${locale} ${key}`).not.toBe('');
      }
    }
  });

  it('keep the same placeholders in both languages', () => {
    const zh = createTranslator('zh-CN');
    const en = createTranslator('en');
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of messageKeys('zh-CN')) {
      if (!isMessageKey(key)) throw new Error(key);
      expect(placeholders(en(key)), key).toEqual(placeholders(zh(key)));
    }
  });

  it('label every domain value', () => {
    const groups: [string, readonly string[]][] = [
      ['tech', TECHNOLOGIES],
      ['siteStatus', SITE_STATUSES],
      ['kind', REPORT_KINDS],
      ['source', REPORT_SOURCES],
      ['tier', CUSTOMER_TIERS],
      ['reportStatus', REPORT_STATUSES],
      ['resolution', REPORT_RESOLUTIONS],
      ['env', ENVIRONMENT_CLASSES],
      ['candStatus', CANDIDATE_STATUSES],
      ['origin', CANDIDATE_ORIGINS],
      ['remedy', REMEDY_KINDS],
      ['tech', ['any']],
      ['perceivedFlag', ['unhappy-but-covered', 'satisfied-but-gap']],
    ];
    for (const [group, values] of groups) {
      for (const v of values) expect(isMessageKey(`${group}.${v}`), `${group}.${v}`).toBe(true);
    }
  });

  it('speak Chinese by default and English on request', () => {
    expect(createTranslator('zh-CN')('app.name')).toBe('覆盖规划');
    expect(createTranslator('en')('app.name')).toBe('Coverage Planner');
    expect(createTranslator('zh-CN')('tech.CDMA')).toContain('C网');
  });
});

describe('interpolate and labelOf', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(interpolate('小区 {code}', { code: 'A1' })).toBe('小区 A1');
    expect(interpolate('{a} {b}', { a: 1 })).toBe('1 {b}');
  });

  it('shows a value the catalog does not know as it is, and a dash for none', () => {
    const t = createTranslator('en');
    expect(labelOf(t, 'kind', 'weak-signal')).toBe('Weak signal');
    expect(labelOf(t, 'kind', 'brand-new-kind')).toBe('brand-new-kind');
    expect(labelOf(t, 'kind', null)).toBe('—');
  });
});

describe('parseLocale', () => {
  it('maps language tags to the two UI languages', () => {
    expect(parseLocale('zh')).toBe('zh-CN');
    expect(parseLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(parseLocale('en-GB')).toBe('en');
    expect(parseLocale('fr')).toBeNull();
    expect(parseLocale(null)).toBeNull();
  });
});

describe('locale formatting', () => {
  it('groups and rounds numbers', () => {
    expect(formatNumber('en', 43500)).toBe('43,500');
    expect(formatNumber('zh-CN', 43500)).toBe('43,500');
    expect(formatNumber('en', 12.345, 1)).toBe('12.3');
    expect(formatNumber('en', Number.NaN)).toBe('—');
  });

  it('shows dates in Beijing time whatever the machine zone', () => {
    // 2006-12-31T16:30Z is 2007-01-01 00:30 in China.
    expect(formatDateTime('zh-CN', '2006-12-31T16:30:00Z')).toBe('2007/01/01 00:30');
    expect(formatDateTime('en', '2006-12-31T16:30:00Z')).toBe('01/01/2007, 00:30');
    expect(formatDateTime('en', 'not a date')).toBe('—');
    expect(formatDateTime('en', null)).toBe('—');
  });
});

describe('percentages, changes and months', () => {
  it('writes a 0-100 percentage with fixed decimals', () => {
    expect(formatPercent('zh-CN', 92.6329)).toBe('92.63%');
    expect(formatPercent('en', 100, 0)).toBe('100%');
    expect(formatPercent('en', Number.NaN)).toBe('—');
  });

  it('signs a change, and leaves zero unsigned', () => {
    expect(formatSigned('en', 4.8923)).toBe('+4.89');
    expect(formatSigned('zh-CN', -155)).toBe('-155');
    expect(formatSigned('en', 0)).toBe('0');
    expect(formatSigned('en', 12345.6, 0)).toBe('+12,346');
  });

  it('names a month the way each language does', () => {
    expect(formatMonth('zh-CN', '2006-05')).toBe('2006年5月');
    expect(formatMonth('en', '2006-05')).toBe('May 2006');
    expect(formatMonth('en', 'May')).toBe('May');
  });
});
