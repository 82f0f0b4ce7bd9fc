import { describe, expect, it } from 'vitest';
import type { Ranking } from '../../web/src/api/types.ts';
import { appReducer } from '../../web/src/state/app-reducer.ts';
import type { AppAction, AppState } from '../../web/src/state/app-state.ts';
import { sameItems } from '../../web/src/state/store.ts';
import { panelSlices } from '../../web/src/ui/panel-view.ts';
import { pageState } from './support/app-fixtures.ts';

const run = (s: AppState, ...actions: AppAction[]) => actions.reduce(appReducer, s);
const ranking = { technology: 'GSM', items: [] } as unknown as Ranking;

describe('panelSlices', () => {
  it('redraws the layers tab for its layers, not for a ranking it does not show', () => {
    const s = pageState();
    expect(sameItems(panelSlices(s), panelSlices(run(s, { type: 'planner/loaded', key: 'ranking', data: ranking })))).toBe(true);
    expect(sameItems(panelSlices(s), panelSlices(run(s, { type: 'view/layer', group: 'reports', visible: false })))).toBe(false);
  });

  it('redraws the planning tab for the ranking, not for a map move', () => {
    const s = run(pageState(), { type: 'view/tab', tab: 'planning' });
    expect(
      sameItems(panelSlices(s), panelSlices(run(s, { type: 'view/map-moved', position: { center: [124.9, 46.6], zoom: 12, bearing: 0 } }))),
    ).toBe(true);
    expect(sameItems(panelSlices(s), panelSlices(run(s, { type: 'planner/loaded', key: 'ranking', data: ranking })))).toBe(false);
  });

  it('redraws any tab in another language and for another role', () => {
    const s = pageState();
    expect(sameItems(panelSlices(s), panelSlices(run(s, { type: 'settings/locale', locale: 'en' })))).toBe(false);
    expect(sameItems(panelSlices(s), panelSlices(run(s, { type: 'session/user', user: { username: 'p', role: 'planner' } })))).toBe(false);
  });
});
