import { describe, expect, it } from 'vitest';
import { EMPTY_SCENARIO, ScenarioError } from '../../../server/core/scenario/apply-scenario.ts';
import {
  type CandidateToBuild,
  planNetworkChange,
  planUndo,
  type SiteState,
  touchedSiteCodes,
  withEdit,
  withoutChange,
} from '../../../server/core/scenario/network-change.ts';

const cell = (code: string, azimuthDeg: number) => ({
  code,
  technology: 'GSM' as const,
  frequencyMhz: 950,
  heightM: 30,
  azimuthDeg,
  beamwidthDeg: 65,
  tiltDeg: 2,
  powerDbm: 36,
  gainDbi: 10,
  lossDb: 3,
});
const siteA: SiteState = {
  code: 'A',
  name: 'A',
  lon: 124.85,
  lat: 46.65,
  status: 'existing',
  address: null,
  note: null,
  approximate: false,
  cells: [cell('G1', 0), cell('G2', 120), cell('G3', 240)],
};
const k1: CandidateToBuild = {
  code: 'K1',
  name: 'East',
  lon: 124.9,
  lat: 46.65,
  approximate: false,
  status: 'proposed',
  cells: [cell('S2', 120), cell('S1', 0)],
};

describe('working scenario edits', () => {
  it('merges edits of one cell, adds a candidate once, and a removal drops the cell changes', () => {
    let c = withEdit(EMPTY_SCENARIO, { kind: 'cell', change: { cell: 'A/G1', tiltDeg: 6 } });
    c = withEdit(c, { kind: 'cell', change: { cell: 'A/G1', powerDbm: 40, tiltDeg: 7 } });
    c = withEdit(c, { kind: 'cell', change: { cell: 'A/G2', azimuthDeg: null } });
    c = withEdit(c, { kind: 'add-candidate', code: 'K1' });
    c = withEdit(c, { kind: 'add-candidate', code: 'K1' });
    expect(c).toEqual({
      addCandidates: ['K1'],
      cellChanges: [
        { cell: 'A/G1', tiltDeg: 7, powerDbm: 40 },
        { cell: 'A/G2', azimuthDeg: null },
      ],
      removeCells: [],
    });
    c = withEdit(c, { kind: 'remove-cell', cell: 'A/G2' });
    expect(c.cellChanges).toEqual([{ cell: 'A/G1', tiltDeg: 7, powerDbm: 40 }]);
    expect(c.removeCells).toEqual(['A/G2']);
    expect(EMPTY_SCENARIO).toEqual({ addCandidates: [], cellChanges: [], removeCells: [] });
    expect(withoutChange(c, { kind: 'cell', cell: 'A/G1' })?.cellChanges).toEqual([]);
    expect(withoutChange(c, { kind: 'add-candidate', code: 'K1' })?.addCandidates).toEqual([]);
    expect(withoutChange(c, { kind: 'remove-cell', cell: 'A/G9' })).toBeNull();
    expect(touchedSiteCodes(c).sort()).toEqual(['A', 'K1']);
  });
});

describe('planNetworkChange and planUndo', () => {
  const sites = new Map([['A', siteA]]);
  const candidates = new Map([['K1', k1]]);
  const changes = { addCandidates: ['K1'], cellChanges: [{ cell: 'A/G1', tiltDeg: 8 }], removeCells: ['A/G3'] };

  it('changes and removes cells, and builds a candidate as an existing site', () => {
    const change = planNetworkChange(sites, changes, candidates);
    expect(change.sites.map((s) => s.code)).toEqual(['A', 'K1']);
    const a = change.sites[0];
    expect(a.before).toEqual(siteA);
    expect(a.after?.cells.map((c) => [c.code, c.tiltDeg])).toEqual([
      ['G1', 8],
      ['G2', 2],
    ]);
    const built = change.sites[1];
    expect(built.before).toBeNull();
    expect(built.after).toMatchObject({ code: 'K1', name: 'East', status: 'existing', lon: 124.9 });
    expect(built.after?.cells.map((c) => c.code)).toEqual(['S1', 'S2']);
    expect(change.candidates).toEqual([{ code: 'K1', statusBefore: 'proposed', statusAfter: 'built' }]);
    // The inputs are not modified.
    expect(siteA.cells.map((c) => c.tiltDeg)).toEqual([2, 2, 2]);
  });

  it('names the field of an unknown cell, an unknown or built candidate, or a candidate code taken by a site', () => {
    const fieldOf = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err instanceof ScenarioError ? err.field : 'other';
      }
      return null;
    };
    expect(fieldOf(() => planNetworkChange(sites, { ...EMPTY_SCENARIO, removeCells: ['A/G9'] }, candidates))).toBe('removeCells/0');
    expect(fieldOf(() => planNetworkChange(sites, { ...EMPTY_SCENARIO, cellChanges: [{ cell: 'B/G1', tiltDeg: 1 }] }, candidates))).toBe(
      'cellChanges/0/cell',
    );
    // A cell removed earlier in the same scenario cannot be changed.
    expect(
      fieldOf(() =>
        planNetworkChange(sites, { ...EMPTY_SCENARIO, removeCells: ['A/G1'], cellChanges: [{ cell: 'A/G1', tiltDeg: 1 }] }, candidates),
      ),
    ).toBe('cellChanges/0/cell');
    expect(fieldOf(() => planNetworkChange(sites, { ...EMPTY_SCENARIO, addCandidates: ['K2'] }, candidates))).toBe('addCandidates/0');
    expect(
      fieldOf(() => planNetworkChange(sites, { ...EMPTY_SCENARIO, addCandidates: ['K1'] }, new Map([['K1', { ...k1, status: 'built' }]]))),
    ).toBe('addCandidates/0');
    expect(
      fieldOf(() =>
        planNetworkChange(new Map([...sites, ['K1', { ...siteA, code: 'K1' }]]), { ...EMPTY_SCENARIO, addCandidates: ['K1'] }, candidates),
      ),
    ).toBe('addCandidates/0');
  });

  it('undoes a change when the network is as it left it, and names what changed since otherwise', () => {
    const applied = planNetworkChange(sites, changes, candidates);
    const now = new Map(applied.sites.map((s) => [s.code, s.after]));
    const status = new Map([['K1', 'built']]);
    const { undo, conflicts } = planUndo(applied, { sites: now, candidateStatus: status });
    expect(conflicts).toEqual([]);
    expect(undo.sites.find((s) => s.code === 'A')?.after).toEqual(siteA);
    expect(undo.sites.find((s) => s.code === 'K1')?.after).toBeNull();
    expect(undo.candidates).toEqual([{ code: 'K1', statusBefore: 'built', statusAfter: 'proposed' }]);
    // Numbers read back from the database may differ in the last bits: still the same site.
    const a = now.get('A')!;
    const readBack = new Map(now).set('A', { ...a, cells: a.cells.map((c) => ({ ...c, powerDbm: c.powerDbm + 1e-9 })) });
    expect(planUndo(applied, { sites: readBack, candidateStatus: status }).conflicts).toEqual([]);
    const edited = new Map(now).set('A', { ...a, cells: a.cells.map((c) => ({ ...c, tiltDeg: 5 })) });
    expect(planUndo(applied, { sites: edited, candidateStatus: new Map([['K1', 'approved']]) }).conflicts).toEqual([
      'site A',
      'candidate K1',
    ]);
    expect(planUndo(applied, { sites: new Map(now).set('K1', null), candidateStatus: status }).conflicts).toEqual(['site K1']);
  });
});
