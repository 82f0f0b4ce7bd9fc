import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { csvCell, toCsv, type CsvColumn } from '../../../server/core/export/index.ts';

interface Row {
  name: unknown;
  level: unknown;
}
const columns: CsvColumn<Row>[] = [
  { header: 'name', value: (r) => r.name },
  { header: 'levelDbm', value: (r) => r.level },
];

describe('toCsv', () => {
  it('starts with the UTF-8 byte-order mark EF BB BF and keeps Chinese text as UTF-8', () => {
    const bytes = Buffer.from(toCsv([{ name: '让胡路', level: -90 }], columns), 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('name,levelDbm\r\n让胡路,-90\r\n');
  });

  it('quotes per RFC 4180 only where needed, doubling quotes', () => {
    const text = toCsv(
      [
        { name: 'a,b', level: 1 },
        { name: 'say "hi"', level: 2.5 },
        { name: 'two\nlines', level: null },
        { name: 'plain text', level: undefined },
      ],
      columns,
    );
    expect(text).toBe('\uFEFFname,levelDbm\r\n"a,b",1\r\n"say ""hi""",2.5\r\n"two\nlines",\r\nplain text,\r\n');
  });

  it('neutralises formula injection (OWASP) in strings but never touches numbers', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+86 459 1234')).toBe("'+86 459 1234");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
    expect(csvCell('-90')).toBe("'-90");
    expect(csvCell(-90)).toBe('-90');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('writes numbers unquoted, non-finite numbers and nulls empty, dates as ISO 8601, objects as JSON', () => {
    expect(csvCell(124.85)).toBe('124.85');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(new Date('2006-05-01T02:00:00Z'))).toBe('2006-05-01T02:00:00.000Z');
    expect(csvCell([0, 120, 240])).toBe('"[0,120,240]"');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });

  it('neutralises a formula-like header too', () => {
    expect(toCsv([], [{ header: '=cmd', value: () => 1 }])).toBe("\uFEFF'=cmd\r\n");
  });

  it('rejects an empty column list', () => {
    expect(() => toCsv([], [])).toThrow(/at least one column/);
  });

  it('round-trips any strings and numbers through an RFC 4180 parser', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: fc.string({ unit: 'grapheme' }), level: fc.double({ noNaN: true, noDefaultInfinity: true }) }), {
          maxLength: 20,
        }),
        (rows) => {
          const text = toCsv(rows, columns);
          const parsed: string[][] = parse(text.slice(1), { relax_column_count: false });
          expect(parsed[0]).toEqual(['name', 'levelDbm']);
          expect(parsed).toHaveLength(rows.length + 1);
          rows.forEach((row, i) => {
            const expected = /^[=+\-@\t\r]/.test(row.name) ? `'${row.name}` : row.name;
            expect(parsed[i + 1][0]).toBe(expected);
            expect(Number(parsed[i + 1][1])).toBe(row.level === 0 ? 0 : row.level);
          });
        },
      ),
    );
  });
});
