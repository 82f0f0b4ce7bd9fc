import { describe, expect, it } from 'vitest';
import { reportStats } from '../../web/src/dashboard/report-stats.ts';

const r = (kind: string, source: string, status: string, reportedAt: string | null) => ({
  properties: { kind, source, status, reportedAt } as never,
});

describe('reportStats', () => {
  it('counts by kind, source and status, listing known values at zero', () => {
    const s = reportStats([
      r('weak-signal', 'callback', 'open', null),
      r('weak-signal', 'complaint', 'resolved', null),
      r('no-signal', 'callback', 'open', null),
    ]);
    expect(s.total).toBe(3);
    expect(s.byKind).toMatchObject({ 'weak-signal': 2, 'no-signal': 1, indoor: 0 });
    expect(s.bySource).toMatchObject({ callback: 2, complaint: 1, 'drive-test': 0 });
    expect(s.byStatus).toEqual({ open: 2, investigating: 0, resolved: 1 });
    expect(s.undated).toBe(3);
    expect(s.byMonth).toEqual([]);
  });

  it('counts unknown values under their own name', () => {
    expect(reportStats([r('5g-data', 'app', 'open', null)]).byKind['5g-data']).toBe(1);
  });

  it('puts each report in its Beijing-time month and fills empty months', () => {
    const s = reportStats([
      // 2006-01-31T16:30Z is already 1 February in Beijing.
      r('other', 'callback', 'open', '2006-01-31T16:30:00Z'),
      r('other', 'callback', 'open', '2006-01-15T00:00:00Z'),
      r('other', 'callback', 'open', '2006-04-02T00:00:00Z'),
      r('other', 'callback', 'open', 'not a date'),
    ]);
    expect(s.byMonth).toEqual([
      { month: '2006-01', count: 1 },
      { month: '2006-02', count: 1 },
      { month: '2006-03', count: 0 },
      { month: '2006-04', count: 1 },
    ]);
    expect(s.undated).toBe(1);
  });

  it('crosses the year boundary', () => {
    const s = reportStats([r('other', 'callback', 'open', '2006-12-01T00:00:00Z'), r('other', 'callback', 'open', '2007-01-10T00:00:00Z')]);
    expect(s.byMonth.map((m) => m.month)).toEqual(['2006-12', '2007-01']);
  });
});
