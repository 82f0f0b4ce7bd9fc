import { describe, expect, it } from 'vitest';
import { applyScenario, scenarioKey, ScenarioError, EMPTY_SCENARIO } from '../../../server/core/scenario/apply-scenario.ts';
import type { CellSpec } from '../../../server/core/model.ts';

const cell = (site: string, code: string, azimuthDeg: number | null = 0): CellSpec => ({
  key: `${site}/${code}`,
  siteCode: site,
  cellCode: code,
  lon: 124.8,
  lat: 46.6,
  technology: 'GSM',
  frequencyMhz: 950,
  heightM: 30,
  azimuthDeg,
  beamwidthDeg: 65,
  tiltDeg: 4,
  powerDbm: 43,
  gainDbi: 16,
  lossDb: 3,
});
const existing = [cell('A', 'G1', 0), cell('A', 'G2', 120), cell('B', 'G1', 240)];
const candidates: Record<string, CellSpec[]> = { K1: [cell('K1', 'G1', 90)] };

describe('applyScenario', () => {
  it('returns the existing network for an empty scenario', () => {
    expect(applyScenario(existing, EMPTY_SCENARIO, () => undefined)).toEqual(existing);
  });
  it('removes, changes and adds in that order', () => {
    const out = applyScenario(
      existing,
      { removeCells: ['A/G2'], cellChanges: [{ cell: 'B/G1', tiltDeg: 8, powerDbm: 40 }], addCandidates: ['K1', 'K1'] },
      (c) => candidates[c],
    );
    expect(out.map((c) => c.key)).toEqual(['A/G1', 'B/G1', 'K1/G1']);
    expect(out[1]).toMatchObject({ tiltDeg: 8, powerDbm: 40, azimuthDeg: 240 });
    expect(existing[2].tiltDeg).toBe(4);
  });
  it('names the bad entry of an unknown cell or candidate', () => {
    expect(() => applyScenario(existing, { ...EMPTY_SCENARIO, removeCells: ['Z/9'] }, () => undefined)).toThrow(ScenarioError);
    try {
      applyScenario(existing, { ...EMPTY_SCENARIO, addCandidates: ['K1', 'NOPE'] }, (c) => candidates[c]);
    } catch (e) {
      expect((e as ScenarioError).field).toBe('addCandidates/1');
    }
  });
  it('keys scenarios by content, not order', () => {
    expect(scenarioKey(EMPTY_SCENARIO)).toBe('base');
    expect(scenarioKey({ ...EMPTY_SCENARIO, addCandidates: ['b', 'a'] })).toBe(
      scenarioKey({ ...EMPTY_SCENARIO, addCandidates: ['a', 'b', 'a'] }),
    );
  });
});
