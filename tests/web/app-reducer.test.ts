import { describe, expect, it } from 'vitest';
import { appReducer } from '../../web/src/state/app-reducer.ts';
import type { AppAction, AppState } from '../../web/src/state/app-state.ts';
import { area, candidate, cell, cells, pageState, report, reports } from './support/app-fixtures.ts';

const run = (s: AppState, ...actions: AppAction[]) => actions.reduce(appReducer, s);

const loaded = (code = 'ranghulu') =>
  run(
    pageState(`area=${code}`),
    { type: 'area/loading', code },
    {
      type: 'area/loaded',
      area: area(code),
      cells: cells(cell(1, 1, 'GSM'), cell(2, 1, 'CDMA')),
      reports: reports(report(1, 'open'), report(2, 'resolved')),
    },
  );

describe('appReducer', () => {
  it('loads an area with its summary, then its candidates and places once its map is drawn', () => {
    const s = loaded();
    expect(s.phase).toBe('loading');
    expect(s.view.area).toBe('ranghulu');
    expect(s.summary).toMatchObject({ sites: 1, cellsGsm: 1, cellsCdma: 1, reports: 2, openReports: 1 });
    const drawn = run(s, { type: 'area/drawn' });
    expect(drawn.phase).toBe('drawn');
    const complete = run(drawn, { type: 'area/extras', candidates: [candidate(7, 'CAND-003')], settlements: [] });
    expect(complete.phase).toBe('complete');
    expect([...complete.candidates.keys()]).toEqual(['CAND-003']);
  });

  it('drops the candidates of another area, and keeps them when the same area is loaded again', () => {
    const s = run(loaded(), { type: 'area/extras', candidates: [candidate(7, 'CAND-003')], settlements: [] });
    const again = run(s, { type: 'area/loaded', area: area('ranghulu', 2), cells: s.cells, reports: s.reports });
    expect(again.candidates).toBe(s.candidates);
    const other = run(s, { type: 'area/loaded', area: area('longfeng'), cells: s.cells, reports: s.reports });
    expect(other.candidates.size).toBe(0);
    expect(other.view.area).toBe('longfeng');
  });

  it('puts an edited cell in place of the old one without changing the state it was given', () => {
    const s = loaded();
    const edited = { ...s.cells.features[0].properties, technology: 'CDMA' as const, azimuthDeg: 120 };
    const next = run(s, { type: 'cell/updated', properties: edited });
    expect(next.cells.features[0].properties).toBe(edited);
    expect(next.cells.features[1]).toBe(s.cells.features[1]);
    expect(s.cells.features[0].properties.azimuthDeg).toBe(0);
    // The summary follows the edit.
    expect(next.summary).toMatchObject({ cellsGsm: 0, cellsCdma: 2 });
  });

  it('merges an edited report into the old one and counts the open reports again', () => {
    const s = loaded();
    const next = run(s, {
      type: 'report/updated',
      id: 1,
      properties: { ...s.reports.features[0].properties, status: 'resolved', resolution: 'new-site' },
    });
    expect(next.reports.features[0].properties).toMatchObject({ id: 1, status: 'resolved', resolution: 'new-site', kind: 'weak-signal' });
    expect(next.summary?.openReports).toBe(0);
    expect(s.summary?.openReports).toBe(1);
  });

  it('places a moved candidate in a new map, leaving the old one as it was', () => {
    const s = run(loaded(), { type: 'area/extras', candidates: [candidate(7, 'CAND-003', [124.9, 46.6])], settlements: [] });
    const moved = candidate(7, 'CAND-003', [124.95, 46.61]);
    const next = run(s, { type: 'candidate/placed', candidate: moved });
    expect(next.candidates.get('CAND-003')).toBe(moved);
    expect(s.candidates.get('CAND-003')?.geometry.coordinates).toEqual([124.9, 46.6]);
  });

  it('shows a newly configured basemap at once and hides its toggle when it is removed', () => {
    const s = pageState('layers=boundary');
    const on = run(s, { type: 'settings/basemap', url: 'https://tiles.example/{z}/{x}/{y}.png', attribution: 'x' });
    expect(on.view.layers).toEqual(['basemap', 'boundary']);
    expect(on.settings.basemapUrl).toBe('https://tiles.example/{z}/{x}/{y}.png');
    const hidden = run(on, { type: 'view/layer', group: 'basemap', visible: false });
    // A changed address of a basemap already configured leaves the switch as the user set it.
    expect(run(hidden, { type: 'settings/basemap', url: 'https://other.example/{z}/{x}/{y}.png', attribution: '' }).view.layers).toEqual([
      'boundary',
    ]);
    expect(run(on, { type: 'settings/basemap', url: '', attribution: '' }).view.layers).toEqual(['boundary']);
  });

  it('shows one coverage raster at a time', () => {
    const s = run(pageState('layers=boundary,level'), { type: 'view/layer', group: 'overlap', visible: true });
    expect(s.view.layers).toEqual(['boundary', 'overlap']);
  });

  it('hands the planner actions to the planner slice and leaves the rest alone', () => {
    const s = loaded();
    const next = run(s, { type: 'planner/network', network: 'CDMA' });
    expect(next.planner.network).toBe('CDMA');
    expect(next.cells).toBe(s.cells);
    expect(next.view).toBe(s.view);
    // An action that changes nothing gives the same state (no listener is called).
    expect(run(next, { type: 'planner/network', network: 'CDMA' })).toBe(next);
    expect(run(next, { type: 'view/tab', tab: 'layers' })).toBe(next);
  });

  it('keeps what was picked on the map, with the box to show', () => {
    const s = run(pageState(), {
      type: 'map/picked',
      pick: { kind: 'gap', id: 'g1', lonLat: [124.9, 46.6] },
      zoomTo: [124.8, 46.5, 125, 46.7],
    });
    expect(s.selection).toEqual({ pick: { kind: 'gap', id: 'g1', lonLat: [124.9, 46.6] }, zoomTo: [124.8, 46.5, 125, 46.7] });
    expect(run(s, { type: 'map/picked', pick: { kind: 'pixel', lonLat: [1, 2] } }).selection?.zoomTo).toBeNull();
  });
});
