import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateTime, parseNumberText, splitList } from '../../../server/core/import/field-parsers.ts';
import { KeySet } from '../../../server/core/import/key-set.ts';

describe('parseNumberText', () => {
  it.each([
    ['35', [], 35],
    [' -3.5 ', [], -3.5],
    ['1,200', [], 1200],
    ['35m', ['m', '米'], 35],
    ['35 米', ['m', '米'], 35],
    ['43dBm', ['dbm'], 43],
    ['４３', [], 43],
    ['.5', [], 0.5],
    ['1e3', [], 1000],
  ] as const)('%j → %d', (text, units, value) => {
    expect(parseNumberText(text, units)).toEqual({ ok: true, value });
  });
  it.each(['', 'NaN', 'Infinity', '-Infinity', '1,2', '12abc', '35km', '0x1F', '1.2.3'])('rejects %j', (text) => {
    expect(parseNumberText(text, ['m']).ok).toBe(false);
  });
});

describe('parseDateTime', () => {
  const cst = (iso: string) => new Date(`${iso}+08:00`).getTime();
  it.each([
    ['2006-05-12', cst('2006-05-12T00:00:00')],
    ['2006-5-12 14:30', cst('2006-05-12T14:30:00')],
    ['2006/05/12 14:30:15', cst('2006-05-12T14:30:15')],
    ['2006.05.12', cst('2006-05-12T00:00:00')],
    ['2006年5月12日', cst('2006-05-12T00:00:00')],
    ['2006年5月12日 14时30分', cst('2006-05-12T14:30:00')],
    ['20060512', cst('2006-05-12T00:00:00')],
    ['2006-05-12T06:30:00Z', Date.UTC(2006, 4, 12, 6, 30)],
    ['2006-05-12T14:30:00+08:00', cst('2006-05-12T14:30:00')],
    ['2006-05-12T14:30:00.000Z', Date.UTC(2006, 4, 12, 14, 30)],
  ])('%j', (text, ms) => {
    const parsed = parseDateTime(text);
    expect(parsed.ok && parsed.value.getTime()).toBe(ms);
  });
  it.each([
    ['2006-02-30', 'day 30 does not exist'],
    ['2006-13-01', 'month 13'],
    ['1066-10-14', 'year 1066'],
    ['12/05/2006', 'not a date'],
    ['2006-05-12 25:00', 'time of day'],
    ['yesterday', 'not a date'],
    ['', 'empty'],
  ])('rejects %j (%s)', (text, reason) => {
    const parsed = parseDateTime(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toContain(reason);
  });
  it('honours a configured offset for zone-less times', () => {
    const parsed = parseDateTime('2006-05-12 00:00', 0);
    expect(parsed.ok && parsed.value.toISOString()).toBe('2006-05-12T00:00:00.000Z');
  });
});

describe('splitList', () => {
  it('splits azimuth lists written in several ways', () => {
    expect(splitList('0;120;240')).toEqual(['0', '120', '240']);
    expect(splitList('0、120、240')).toEqual(['0', '120', '240']);
    expect(splitList('0 / 120 / 240')).toEqual(['0', '120', '240']);
    expect(splitList('')).toEqual([]);
  });
});

describe('KeySet', () => {
  it('finds every duplicate and its first line, and nothing else', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3000 }), (keys) => {
        const set = new KeySet();
        const first = new Map<string, number>();
        keys.forEach((key, line) => {
          const seen = set.add(key, line);
          expect(seen).toBe(first.get(key) ?? null);
          if (!first.has(key)) first.set(key, line);
        });
        expect(set.size).toBe(first.size);
      }),
      { numRuns: 50 },
    );
  });
});
