import { describe, expect, it } from 'vitest';
import { contentDisposition, exportFilename } from '../../../server/features/exports/filename.ts';
import { parseDatetime } from '../../../server/features/exports/layer-query.ts';

describe('export file names', () => {
  const at = new Date('2006-12-31T07:30:45.123Z');
  it('is <area>-<layer>-<UTC minute>.<ext>', () => {
    expect(exportFilename('ranghulu', 'cells', 'csv', at)).toBe('ranghulu-cells-20061231T0730Z.csv');
    expect(exportFilename('a/b "c"', 'gaps-gsm', 'kml', at)).toBe('a_b_c_-gaps-gsm-20061231T0730Z.kml');
  });
  it('adds an RFC 8187 UTF-8 name when the name is not ASCII', () => {
    expect(contentDisposition('ranghulu-cells-20061231T0730Z.csv')).toBe('attachment; filename="ranghulu-cells-20061231T0730Z.csv"');
    const name = exportFilename('让胡路', 'reports', 'csv', at);
    expect(contentDisposition(name)).toBe(
      `attachment; filename="___-reports-20061231T0730Z.csv"; filename*=UTF-8''%E8%AE%A9%E8%83%A1%E8%B7%AF-reports-20061231T0730Z.csv`,
    );
  });
});

describe('parseDatetime (OGC API datetime)', () => {
  const field = '/querystring/datetime';
  it('reads instants and closed or half-open intervals', () => {
    expect(parseDatetime('2006-05-01T08:00:00+08:00', field)).toEqual({
      start: new Date('2006-05-01T00:00:00Z'),
      end: new Date('2006-05-01T00:00:00Z'),
    });
    expect(parseDatetime('2006-01-01T00:00:00Z/2006-12-31T23:59:59Z', field)).toEqual({
      start: new Date('2006-01-01T00:00:00Z'),
      end: new Date('2006-12-31T23:59:59Z'),
    });
    expect(parseDatetime('../2006-06-01T00:00:00Z', field)).toEqual({ start: null, end: new Date('2006-06-01T00:00:00Z') });
    expect(parseDatetime('2006-06-01T00:00:00Z/', field)).toEqual({ start: new Date('2006-06-01T00:00:00Z'), end: null });
  });
  it('rejects other text, naming the field and quoting the value', () => {
    for (const bad of ['2006-05-01', 'yesterday', '../..', '2006-06-01T00:00:00Z/2006-01-01T00:00:00Z', 'a/b/c', '2006-13-45T99:00:00Z']) {
      expect(() => parseDatetime(bad, field), bad).toThrow(
        expect.objectContaining({ statusCode: 400, details: [expect.objectContaining({ field, value: bad })] }),
      );
    }
  });
});
