import { describe, expect, it } from 'vitest';
import { adviseRemedy, type RemedyEvidence, type RemedyTarget } from '../../../server/core/planning/remedies.ts';

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
