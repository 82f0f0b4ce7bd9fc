import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CATEGORY_FIELDS,
  categoryTarget,
  classifyCategory,
  KIND_RULES,
  applyRules,
  ruleKey,
  type CategoryField,
} from '../../../server/core/import/category-rules.ts';
import { fixture } from '../../fixtures/imports/generate.ts';

type Corpus = Record<CategoryField, Array<[text: string, expected: string | null]>>;
const corpus = JSON.parse(readFileSync(fixture('report-wording.json'), 'utf8')) as Corpus & { description: string };
const cases = (Object.keys(CATEGORY_FIELDS) as CategoryField[]).flatMap((field) =>
  corpus[field].map(([text, expected]) => ({ field, text, expected })),
);

describe('classifyCategory over the wording corpus', () => {
  it('holds at least 100 phrasings, every expected class a value of its field', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    for (const c of cases) if (c.expected !== null) expect(CATEGORY_FIELDS[c.field].values as readonly string[]).toContain(c.expected);
  });

  it.each(cases)('$field "$text" → $expected', ({ field, text, expected }) => {
    expect(classifyCategory(field, text)?.value ?? null).toBe(expected);
  });
});

describe('classifyCategory', () => {
  it('tells an exact spelling from a rule', () => {
    expect(classifyCategory('kind', '信号弱')).toEqual({ value: 'weak-signal', by: 'exact' });
    expect(classifyCategory('kind', '室内覆盖差')).toEqual({ value: 'indoor', by: 'rule' });
    expect(classifyCategory('kind', '   ')).toBeNull();
  });

  it('puts indoor before signal, dropped calls before weak signal and no signal before weak signal', () => {
    const key = (t: string) => applyRules(KIND_RULES, ruleKey(t));
    expect(key('室内信号弱')).toBe('indoor');
    expect(key('信号弱掉话')).toBe('dropped-call');
    expect(key('无信号')).toBe('no-signal');
    expect(key('信号')).toBe('weak-signal');
  });

  it('ignores width, case and punctuation', () => {
    expect(classifyCategory('technology', 'ｃ网')?.value).toBe('CDMA');
    expect(classifyCategory('kind', '室内，无覆盖！')?.value).toBe('indoor');
    expect(classifyCategory('source', ' 10010 投诉 ')?.value).toBe('complaint');
  });
});

describe('categoryTarget', () => {
  it('accepts a canonical value or an exact spelling of the field, nothing else', () => {
    expect(categoryTarget('kind', 'other')).toBe('other');
    expect(categoryTarget('kind', '其他')).toBe('other');
    expect(categoryTarget('source', '电话回访')).toBe('callback');
    expect(categoryTarget('kind', 'GSM')).toBeNull();
    expect(categoryTarget('source', '投诉热线')).toBeNull();
  });
});
