import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { PlanningInputError } from '../../../server/core/planning/errors.ts';
import { DEFAULT_HOTSPOT_SETTINGS, findHotspots, type ProblemReport } from '../../../server/core/planning/hotspots.ts';

const REFERENCE = '2006-12-31T00:00:00Z';
const DAY_MS = 86_400_000;

function daysBefore(days: number): string {
  return new Date(Date.parse(REFERENCE) - days * DAY_MS).toISOString();
}

function report(id: string, lon: number, lat: number, patch: Partial<ProblemReport> = {}): ProblemReport {
  return {
    id,
    lon,
    lat,
    technology: 'GSM',
    kind: 'weak-signal',
    source: 'callback',
    customerTier: 'regular',
    reportedAt: REFERENCE,
    status: 'open',
    ...patch,
  };
}

// Hotspot A near Yuanwang high-rise (approximate), B in Lamadian to the north; ~0.0005° ≈ 40-55 m apart.
const A: ProblemReport[] = [
  report('a1', 124.86, 46.63, { customerTier: 'high', kind: 'indoor', source: 'complaint' }),
  report('a2', 124.8605, 46.6302, { customerTier: 'mid', reportedAt: daysBefore(180), technology: 'unknown' }),
  report('a3', 124.8603, 46.6305, { customerTier: 'regular', reportedAt: daysBefore(360), source: 'questionnaire' }),
];
const B: ProblemReport[] = [0, 1, 2, 3].map((k) => report(`b${k}`, 124.8 + 0.0004 * k, 46.78, { kind: 'no-signal' }));
const LONE = report('lone', 124.95, 46.55);

describe('findHotspots', () => {
  const settings = { epsM: 100, minPoints: 3, referenceDate: REFERENCE };

  it('scores by tier weight × recency half-life and sorts by score', () => {
    const hotspots = findHotspots([...B, LONE, ...A], settings);
    expect(hotspots.map((h) => h.id)).toEqual(['hotspot-1', 'hotspot-2']);
    // A: high 3 × 1 + mid 2 × 0.5 + regular 1 × 0.25 = 4.25; B: 4 regular reports of today = 4.
    expect(hotspots[0].score).toBeCloseTo(4.25, 12);
    expect(hotspots[0].reportIds).toEqual(['a1', 'a2', 'a3']);
    expect(hotspots[1].score).toBeCloseTo(4, 12);
    expect(hotspots[1].reportIds).toEqual(['b0', 'b1', 'b2', 'b3']);
  });

  it('counts reports by kind, source, tier and technology', () => {
    const [a] = findHotspots(A, settings);
    expect(a.reportCount).toBe(3);
    expect(a.byKind).toEqual({ 'no-signal': 0, 'weak-signal': 2, 'dropped-call': 0, indoor: 1, data: 0, other: 0 });
    expect(a.bySource).toEqual({ callback: 1, questionnaire: 1, complaint: 1, 'onsite-test': 0, 'drive-test': 0, unknown: 0 });
    expect(a.byTier).toEqual({ high: 1, mid: 1, regular: 1 });
    expect(a.byTechnology).toEqual({ GSM: 2, unknown: 1 });
    expect(a.coverage).toBe('unassessed');
  });

  it('gives a centroid and a polygon that contains every report', () => {
    const [a] = findHotspots(A, settings);
    expect(a.centroid[0]).toBeCloseTo((124.86 + 124.8605 + 124.8603) / 3, 10);
    expect(a.centroid[1]).toBeCloseTo((46.63 + 46.6302 + 46.6305) / 3, 10);
    for (const r of A) expect(booleanPointInPolygon([r.lon, r.lat], a.polygon, { ignoreBoundary: false })).toBe(true);
    // B's reports are collinear: the polygon is buffered and still contains them strictly.
    const [b] = findHotspots(B, settings);
    for (const r of B) expect(booleanPointInPolygon([r.lon, r.lat], b.polygon, { ignoreBoundary: true })).toBe(true);
  });

  it('filters by technology, keeping reports of unknown network, and leaves out resolved reports', () => {
    const cdma = A.map((r) => ({ ...r, technology: r.technology === 'unknown' ? ('unknown' as const) : ('CDMA' as const) }));
    expect(findHotspots(cdma, { ...settings, technology: 'GSM' })).toHaveLength(0);
    expect(findHotspots(cdma, { ...settings, technology: 'GSM', minPoints: 1 })[0].reportIds).toEqual(['a2']);
    expect(findHotspots(cdma, { ...settings, technology: 'CDMA' })[0].reportIds).toEqual(['a1', 'a2', 'a3']);
    const resolved = A.map((r, k) => (k === 0 ? { ...r, status: 'resolved' as const } : r));
    expect(findHotspots(resolved, settings)).toHaveLength(0);
    expect(findHotspots(resolved, { ...settings, includeResolved: true })).toHaveLength(1);
  });

  it('measures age from the latest report when no reference date is given, and applies custom weights', () => {
    const older = A.map((r) => ({ ...r, reportedAt: new Date(Date.parse(String(r.reportedAt)) - 100 * DAY_MS) }));
    const [h] = findHotspots(older, { epsM: 100, minPoints: 3, tierWeights: { high: 10, mid: 1, regular: 0 }, recencyHalfLifeDays: 90 });
    expect(h.score).toBeCloseTo(10 + 1 * 0.5 ** 2, 12);
  });

  it('weighs an undated report (a complaint log without dates) as one of the reference date', () => {
    const undated = A.map((r) => (r.id === 'a2' ? { ...r, reportedAt: null } : r));
    const [h] = findHotspots(undated, { epsM: 100, minPoints: 3, tierWeights: { high: 10, mid: 1, regular: 0 }, recencyHalfLifeDays: 90 });
    expect(h.score).toBeCloseTo(10 + 1, 12);
    const allUndated = A.map((r) => ({ ...r, reportedAt: null }));
    expect(findHotspots(allUndated, { epsM: 100, minPoints: 3, tierWeights: { high: 10, mid: 1, regular: 0 } })[0].score).toBeCloseTo(
      11,
      12,
    );
  });

  it('exports its defaults and rejects bad input', () => {
    expect(DEFAULT_HOTSPOT_SETTINGS).toMatchObject({ epsM: 300, minPoints: 3, recencyHalfLifeDays: 180 });
    expect(findHotspots([])).toEqual([]);
    expect(() => findHotspots([report('x', 124.9, 46.6, { reportedAt: 'yesterday' })])).toThrow(/report x has invalid reportedAt/);
    expect(() => findHotspots(A, { recencyHalfLifeDays: 0 })).toThrow(PlanningInputError);
    expect(() => findHotspots([report('y', 200, 46.6)])).toThrow(/report y has invalid coordinates/);
  });
});
