import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api/api-error.ts';
import type { ReportEdit } from '../../web/src/api/types.ts';
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
  const api: EditDeps['api'] = {
    editReport: async (areaCode: string | number, id: number, edit: ReportEdit) =>
      ({ ...report(id, 'open'), properties: { id, status: edit.status } }) as never,
    moveCandidate: async (areaCode: string | number, id: number, lonLat: [number, number]) => {
      if (opts.refuseMove) throw new ApiError('validation', 'bad', 400, '/x', [{ field: '/body/lat', message: 'must be <= 90' }]);
      return candidate(id, 'CAND-003', lonLat);
    },
  };
  let networkChanges = 0;
  const edits = new EditActions({ api, store, networkChanged: async () => void networkChanges++ });
  return { store, edits, networkChanges: () => networkChanges };
}

describe('EditActions', () => {
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
