import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../web/src/api/client.ts';
import type { GapCollection } from '../../web/src/api/types.ts';
import { appReducer } from '../../web/src/state/app-reducer.ts';
import type { AppAction, AppState } from '../../web/src/state/app-state.ts';
import {
  selectCanEdit,
  selectCoverageTiles,
  selectTerrainTiles,
  selectPlaceName,
  selectPlaceNames,
  selectTranslate,
  selectViewHash,
  selectWanted,
  wantedParts,
} from '../../web/src/state/selectors.ts';
import { area, cells, pageState, reports } from './support/app-fixtures.ts';

const run = (s: AppState, ...actions: AppAction[]) => actions.reduce(appReducer, s);
const api = new ApiClient({ fetch: (() => Promise.reject(new Error('no network'))) as typeof fetch });

const gaps = {
  type: 'FeatureCollection',
  technology: 'GSM',
  features: [
    {
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [124.86, 46.6],
            [124.87, 46.6],
            [124.87, 46.61],
            [124.86, 46.6],
          ],
        ],
      },
      properties: { id: 'g1', centroid: [124.865, 46.603] },
    },
  ],
} as unknown as GapCollection;

describe('selectors', () => {
  it('asks for what the visible layers and the open tab show', () => {
    expect(wantedParts(['boundary'], 'layers')).toEqual([]);
    expect(wantedParts(['candidates', 'gaps'], 'layers')).toEqual(['ranking', 'gaps']);
    expect(wantedParts([], 'planning')).toEqual(['ranking', 'baseFigures', 'workingFigures', 'previewFigures']);
    expect(wantedParts(['hotspots'], 'gaps')).toEqual(['gaps', 'hotspots', 'remedies']);
  });

  it('wants nothing computed before the first map of the area is drawn', () => {
    const loading = run(
      pageState('layers=gaps,candidates'),
      { type: 'area/loading', code: 'ranghulu' },
      { type: 'area/loaded', area: area('ranghulu'), cells: cells(), reports: reports() },
    );
    expect(selectWanted(loading)).toBe('');
    expect(selectWanted(run(loading, { type: 'area/drawn' }))).toBe('ranking,gaps');
  });

  it('writes the view, the area, the planner and the position into the hash', () => {
    const s = run(
      pageState('area=ranghulu&layers=gsm'),
      { type: 'planner/network', network: 'CDMA' },
      { type: 'planner/working', codes: ['CAND-003'] },
      { type: 'view/view', view: 'dashboard' },
      { type: 'view/map-moved', position: { center: [124.87, 46.65], zoom: 11, bearing: 0 } },
    );
    expect(selectViewHash(s)).toBe('#view=dashboard&area=ranghulu&net=CDMA&layers=gsm&add=CAND-003&map=11/46.65/124.87');
  });

  it('lets planners and admins edit, not viewers or nobody', () => {
    expect(selectCanEdit(pageState())).toBe(false);
    expect(selectCanEdit(run(pageState(), { type: 'session/user', user: { username: 'v', role: 'viewer' } }))).toBe(false);
    expect(selectCanEdit(run(pageState(), { type: 'session/user', user: { username: 'p', role: 'planner' } }))).toBe(true);
  });

  it('names gaps by the places around them in the UI language, the same map while nothing changed', () => {
    const settlement: AppState['settlements'][number] = {
      type: 'Feature',
      id: 1,
      geometry: { type: 'Point', coordinates: [124.865, 46.603] },
      properties: { id: 1, code: 'fuqiang', name: '富强村 Fuqiang Village', population: 1000, approximate: true },
    };
    const s = run(
      pageState(),
      { type: 'area/extras', candidates: [], settlements: [settlement] },
      { type: 'planner/loaded', key: 'gaps', data: gaps },
    );
    const names = selectPlaceNames(s);
    expect(selectPlaceNames(run(s, { type: 'view/tab', tab: 'gaps' }))).toBe(names);
    expect(names.get('g1')).toContain('富强村');
    const english = run(s, { type: 'settings/locale', locale: 'en' });
    expect(selectPlaceName(english, 'g1')).toContain('Fuqiang Village');
    expect(selectPlaceName(english, 'nowhere')).toBe(selectTranslate(english)('gaps.unnamed'));
  });

  it('builds the coverage tiles of the raster shown with the working candidates, and the previewed one unless its answer draws it', () => {
    const s = run(pageState('area=ranghulu&layers=boundary&add=CAND-003'), {
      type: 'area/loaded',
      area: area('ranghulu'),
      cells: cells(),
      reports: reports(),
    });
    expect(selectCoverageTiles(s, api)).toBeNull();
    const level = run(
      s,
      { type: 'view/layer', group: 'level', visible: true },
      { type: 'planner/select', code: 'CAND-005' },
      { type: 'planner/invalidate', version: 3 },
    );
    const url = selectCoverageTiles(level, api) ?? '';
    expect(url).toContain('/areas/ranghulu/coverage/tiles/{z}/{x}/{y}.png?');
    expect(url).toContain('mode=level');
    expect(url).toContain('v=3');
    // On the level raster, what the previewed candidate adds is drawn from its what-if answer: the
    // tiles stay those of the working candidates.
    expect(decodeURIComponent(url)).toContain('candidates=CAND-003&');
    // An answer without an image of what it adds (too large an extent): tiles computed with it.
    const tooLarge = run(level, {
      type: 'planner/loaded',
      key: 'previewFigures',
      data: { coveragePct: 1, newlyCoveredKm2: 40, addedCoverage: null } as never,
    });
    expect(decodeURIComponent(selectCoverageTiles(tooLarge, api) ?? '')).toContain('candidates=CAND-003,CAND-005');
    // Another raster (the best server): tiles computed with it too.
    const best = run(level, { type: 'view/layer', group: 'best-server', visible: true });
    expect(decodeURIComponent(selectCoverageTiles(best, api) ?? '')).toMatch(/mode=best-server.*candidates=CAND-003,CAND-005/);
  });

  it('builds the terrain tiles only when that layer is on, beside any coverage raster', () => {
    const s = run(pageState('area=ranghulu&layers=boundary'), {
      type: 'area/loaded',
      area: area('ranghulu'),
      cells: cells(),
      reports: reports(),
    });
    expect(selectTerrainTiles(s, api)).toBeNull();
    const on = run(
      s,
      { type: 'view/layer', group: 'terrain', visible: true },
      { type: 'view/layer', group: 'level', visible: true },
      { type: 'planner/invalidate', version: 4 },
    );
    expect(selectTerrainTiles(on, api)).toContain('/areas/ranghulu/elevation/tiles/{z}/{x}/{y}.png?mode=hillshade&v=4');
    expect(on.view.layers).toContain('level');
  });
});
