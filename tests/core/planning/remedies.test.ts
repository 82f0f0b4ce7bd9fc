import { describe, expect, it } from 'vitest';
import type { CellSpec } from '../../../server/core/model.ts';
import {
  adviseRemedy,
  carryGapRemedy,
  DEFAULT_REMEDY_SETTINGS,
  gapAt,
  type GapOutline,
  parameterOptions,
  type RemedyEvidence,
  type RemedyTarget,
} from '../../../server/core/planning/remedies.ts';
import { CENTRE, makeCell } from '../coverage/fixtures.ts';

const target = (over: Partial<RemedyTarget> = {}): RemedyTarget => ({
  kind: 'hotspot',
  id: 'hotspot-1',
  centroid: [124.8, 46.6],
  areaKm2: null,
  population: null,
  reportCount: 12,
  indoorShare: 0,
  covered: false,
  ...over,
});
const evidence = (over: Partial<RemedyEvidence> = {}): RemedyEvidence => ({
  thresholdDbm: -90,
  bestLevelDbm: -93,
  options: [],
  donorLevelDbm: null,
  candidate: null,
  ...over,
});

describe('adviseRemedy', () => {
  it('advises an indoor solution for indoor complaints inside coverage', () => {
    const r = adviseRemedy(target({ covered: true, indoorShare: 0.6 }), evidence({ bestLevelDbm: -80 }));
    expect(r.remedy).toBe('indoor-solution');
    expect(r.reason).toMatch(/60% of the reports are indoor/);
  });
  it('prefers the smallest parameter change that reaches the threshold', () => {
    const r = adviseRemedy(
      target(),
      evidence({
        options: [
          { cell: 'A/G1', changes: { azimuthDeg: 30 }, levelBeforeDbm: -93, levelAfterDbm: -85 },
          { cell: 'A/G1', changes: { powerDbm: 45 }, levelBeforeDbm: -93, levelAfterDbm: -91 },
          { cell: 'A/G1', changes: { tiltDeg: 2 }, levelBeforeDbm: -93, levelAfterDbm: -89.5 },
        ],
      }),
    );
    expect(r.remedy).toBe('parameter-optimization');
    expect(r.parameterChange?.changes).toEqual({ tiltDeg: 2 });
    expect(r.deficitDb).toBe(3);
  });
  it('does not optimise when the deficit is beyond the margin', () => {
    const r = adviseRemedy(
      target(),
      evidence({
        bestLevelDbm: -100,
        options: [{ cell: 'A/G1', changes: { powerDbm: 46 }, levelBeforeDbm: -100, levelAfterDbm: -89 }],
        candidate: { code: 'K1', name: 'k', rank: 2 },
      }),
    );
    expect(r.remedy).toBe('new-site');
    expect(r.candidate?.code).toBe('K1');
  });
  it('advises a repeater for a small pocket next to strong coverage', () => {
    const r = adviseRemedy(target({ kind: 'gap', areaKm2: 0.4 }), evidence({ bestLevelDbm: -101, donorLevelDbm: -70 }));
    expect(r.remedy).toBe('repeater');
    const large = adviseRemedy(target({ kind: 'gap', areaKm2: 5 }), evidence({ bestLevelDbm: -101, donorLevelDbm: -70 }));
    expect(large.remedy).toBe('new-site');
    expect(large.reasonCode).toBe('new-site-none');
  });
});

describe('parameterOptions', () => {
  // A made-up link budget: each dB of power counts once, each degree of uptilt 0.5 dB, each degree turned 0.1 dB.
  const levelWith = (before: CellSpec) => (after: CellSpec) =>
    -95.1234 +
    (after.powerDbm - before.powerDbm) +
    0.5 * (before.tiltDeg - after.tiltDeg) +
    0.1 * Math.abs((after.azimuthDeg ?? 0) - (before.azimuthDeg ?? 0));
  const east: [number, number] = [CENTRE[0] + 0.01, CENTRE[1]];
  const north: [number, number] = [CENTRE[0], CENTRE[1] + 0.01];

  it('tries more power, less tilt, a turn toward the target (clamped) and all three, with the levels they give', () => {
    const cell = makeCell({ powerDbm: 40, tiltDeg: 2, azimuthDeg: 0 });
    const options = parameterOptions(cell, -95.1234, east, DEFAULT_REMEDY_SETTINGS, levelWith(cell));
    expect(options).toEqual([
      { cell: cell.key, changes: { powerDbm: 43 }, levelBeforeDbm: -95.12, levelAfterDbm: -92.12 },
      { cell: cell.key, changes: { tiltDeg: 0 }, levelBeforeDbm: -95.12, levelAfterDbm: -94.12 },
      { cell: cell.key, changes: { azimuthDeg: 30 }, levelBeforeDbm: -95.12, levelAfterDbm: -92.12 },
      { cell: cell.key, changes: { powerDbm: 43, tiltDeg: 0, azimuthDeg: 30 }, levelBeforeDbm: -95.12, levelAfterDbm: -88.12 },
    ]);
  });

  it('caps the power at maxPowerDbm and turns across north the short way', () => {
    const cell = makeCell({ powerDbm: 45, tiltDeg: 0, azimuthDeg: 350 });
    const options = parameterOptions(cell, -100, east, DEFAULT_REMEDY_SETTINGS, levelWith(cell));
    expect(options.map((o) => o.changes)).toEqual([{ powerDbm: 46 }, { azimuthDeg: 20 }, { powerDbm: 46, azimuthDeg: 20 }]);
  });

  it('offers nothing for an omni cell at full power and no tilt, nor a turn within 5° of the target', () => {
    const omni = makeCell({ powerDbm: 46, tiltDeg: 0, azimuthDeg: null });
    expect(parameterOptions(omni, -100, east, DEFAULT_REMEDY_SETTINGS, levelWith(omni))).toEqual([]);
    const facing = makeCell({ powerDbm: 46, tiltDeg: 0, azimuthDeg: 3 });
    expect(parameterOptions(facing, -100, north, DEFAULT_REMEDY_SETTINGS, levelWith(facing))).toEqual([]);
  });
});

describe('one answer per place', () => {
  // A square gap 124.0-124.2 x 46.0-46.2 with a hole 124.05-124.15 x 46.05-46.15, and a second gap
  // made of two squares (a MultiPolygon).
  const square = (x0: number, y0: number, x1: number, y1: number) => [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
  const gaps: GapOutline[] = [
    { id: 'gap-1', geometry: { type: 'Polygon', coordinates: [square(124, 46, 124.2, 46.2), square(124.05, 46.05, 124.15, 46.15)] } },
    {
      id: 'gap-2',
      geometry: { type: 'MultiPolygon', coordinates: [[square(125, 46, 125.1, 46.1)], [square(125.5, 46.5, 125.6, 46.6)]] },
    },
  ];

  it('finds the gap whose outline holds a point, not in a hole', () => {
    expect(gapAt([124.02, 46.02], gaps)).toBe('gap-1');
    expect(gapAt([124.1, 46.1], gaps)).toBeNull();
    expect(gapAt([125.55, 46.55], gaps)).toBe('gap-2');
    expect(gapAt([125.3, 46.3], gaps)).toBeNull();
    expect(gapAt([124.02, 46.02], [])).toBeNull();
  });

  it('gives a hotspot inside a gap the remedy of the gap, where alone it would be "a small pocket"', () => {
    const hotspot = target({ id: 'hotspot-1', centroid: [124.02, 46.02], reportCount: 143 });
    const alone = adviseRemedy(hotspot, evidence({ bestLevelDbm: -100, donorLevelDbm: -70 }));
    expect(alone.remedy).toBe('repeater');
    const gap = adviseRemedy(
      target({ kind: 'gap', id: 'gap-1', areaKm2: 59.4, population: 2350, reportCount: 155 }),
      evidence({ bestLevelDbm: -100, donorLevelDbm: -70, candidate: { code: 'CAND-003', name: 'Fuqiang', rank: 1 } }),
    );
    expect(gap.remedy).toBe('new-site');
    expect(gap.insideGap).toBeNull();
    const carried = carryGapRemedy(hotspot, gap);
    expect(carried).toEqual({
      ...gap,
      target: hotspot,
      insideGap: 'gap-1',
      reason: `inside gap-1, which has this advice: ${gap.reason}`,
    });
  });
});
