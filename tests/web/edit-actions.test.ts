import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api/api-error.ts';
import type { CellEdit, CoverageQuery, ReportEdit } from '../../web/src/api/types.ts';
import { EditActions, type EditDeps } from '../../web/src/state/edit-actions.ts';
import { area, candidate, cell, cells, pageStore, report, reports } from './support/app-fixtures.ts';

/** A store with an area of two cells, a report and a candidate, and an API that records the edits. */
function setup(opts: { refuseMove?: boolean } = {}) {
  const store = pageStore('area=ranghulu');
  store.dispatch({
    type: 'area/loaded',
    area: area('ranghulu'),
    cells: cells(cell(1, 1, 'GSM'), cell(2, 1, 'CDMA')),
    reports: reports(report(5, 'open')),
  });
  store.dispatch({ type: 'area/extras', candidates: [candidate(3, 'CAND-003', [124.9, 46.6])], settlements: [] });
  const calls: string[] = [];
  let coverage = 90;
  const api: EditDeps['api'] = {
    coverage: async (areaCode: string | number, q: CoverageQuery) => {
      calls.push(`coverage ${q.technology}`);
      return { coveragePct: coverage, coveredKm2: coverage * 10 } as never;
    },
    editCell: async (areaCode: string | number, id: number, edit: CellEdit) => {
      calls.push(`cell ${id}`);
      coverage = 92;
      return { ...cell(id, 1, 'GSM'), properties: { ...cell(id, 1, 'GSM').properties, ...edit } } as never;
    },
    editReport: async (areaCode: string | number, id: number, edit: ReportEdit) =>
      ({ ...report(id, 'open'), properties: { id, status: edit.status } }) as never,
    moveCandidate: async (areaCode: string | number, id: number, lonLat: [number, number]) => {
      if (opts.refuseMove) throw new ApiError('validation', 'bad', 400, '/x', [{ field: '/body/lat', message: 'must be <= 90' }]);
      return candidate(id, 'CAND-003', lonLat);
    },
  };
  let networkChanges = 0;
  const edits = new EditActions({ api, store, networkChanged: async () => void networkChanges++ });
  return { store, edits, calls, networkChanges: () => networkChanges };
}

describe('EditActions', () => {
  it('saves a cell edit into the store and says how the coverage of its network moved', async () => {
    const { store, edits, calls, networkChanges } = setup();
    const before = store.getState();
    const effect = await edits.editCell(before.cells.features[0].properties, { azimuthDeg: 120, tiltDeg: 6, powerDbm: 40 });
    expect(calls).toEqual(['coverage GSM', 'cell 1', 'coverage GSM']);
    expect(effect).toMatchObject({ technology: 'GSM', before: { coveragePct: 90 }, after: { coveragePct: 92 } });
    expect(networkChanges()).toBe(1);
    const after = store.getState();
    expect(after.cells.features[0].properties).toMatchObject({ id: 1, azimuthDeg: 120, tiltDeg: 6 });
    expect(after.cells.features[1]).toBe(before.cells.features[1]);
    // The state the popup was opened with is left as it was.
    expect(before.cells.features[0].properties.azimuthDeg).toBe(0);
  });

  it('moves a report along its workflow in the store', async () => {
    const { store, edits } = setup();
    expect(store.getState().summary?.openReports).toBe(1);
    const updated = await edits.editReport(5, { status: 'investigating' });
    expect(updated.status).toBe('investigating');
    expect(store.getState().reports.features[0].properties).toMatchObject({ id: 5, status: 'investigating', kind: 'weak-signal' });
  });

  it('moves a dragged candidate and recomputes what depends on the network', async () => {
    const { store, edits, networkChanges } = setup();
    expect(await edits.dragCandidate(3, [124.9, 46.6], [124.95, 46.62])).toBe('CAND-003');
    expect(store.getState().candidates.get('CAND-003')?.geometry.coordinates).toEqual([124.95, 46.62]);
    expect(networkChanges()).toBe(1);
  });

  it('puts a refused candidate back where it was and says why on the status line', async () => {
    const { store, edits, networkChanges } = setup({ refuseMove: true });
    const before = store.getState().candidates;
    expect(await edits.dragCandidate(3, [124.9, 46.6], [124.95, 95])).toBeNull();
    const after = store.getState();
    expect(after.candidates).not.toBe(before);
    expect(after.candidates.get('CAND-003')?.geometry.coordinates).toEqual([124.9, 46.6]);
    expect(after.status).toMatchObject({ kind: 'error', retry: null });
    expect(after.status?.kind === 'error' && after.status.message).toMatch(/90/);
    expect(networkChanges()).toBe(0);
  });

  it('refuses edits while no area is loaded', async () => {
    const store = pageStore();
    const edits = new EditActions({ api: {} as EditDeps['api'], store, networkChanged: async () => {} });
    await expect(edits.editReport(1, { status: 'open' })).rejects.toThrow('no area');
    expect(await edits.dragCandidate(1, [0, 0], [1, 1])).toBeNull();
  });
});
