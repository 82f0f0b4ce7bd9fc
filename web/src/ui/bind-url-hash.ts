import type { MapView } from '../map/map-view.ts';
import type { AppStore } from '../state/app-state.ts';
import type { AreaActions } from '../state/area-actions.ts';
import type { PlannerActions } from '../state/planner-actions.ts';
import { selectViewHash } from '../state/selectors.ts';
import { parseViewHash, type ViewState } from '../state/url-state.ts';
import type { ViewActions } from '../state/view-actions.ts';

export interface UrlHashDeps {
  store: AppStore;
  planner: PlannerActions;
  area: Pick<AreaActions, 'selectArea'>;
  view: Pick<ViewActions, 'setView'>;
  map: Pick<MapView, 'jumpTo'>;
}

/**
 * Keeps the URL hash in step with the store (replaced, not pushed: moving the map adds no history
 * entry), and applies a hash the user edited or navigated to.
 */
export function bindUrlHash(deps: UrlHashDeps): void {
  deps.store.subscribe(selectViewHash, (hash) => {
    if (hash !== location.hash) history.replaceState(null, '', hash);
  });
  window.addEventListener('hashchange', () => applyViewHash(deps, parseViewHash(location.hash)));
}

function applyViewHash({ store, planner, area, view, map }: UrlHashDeps, next: ViewState): void {
  const s = store.getState();
  store.dispatch({ type: 'view/layers', layers: next.layers });
  if (next.map) map.jumpTo(next.map);
  if (next.area && next.area !== s.view.area && s.areas.some((a) => a.code === next.area))
    void area.selectArea(next.area, next.map === null);
  planner.setNetwork(next.network);
  planner.setScenario(next.scenario);
  if (next.working.join(',') !== store.getState().planner.working.join(',')) planner.setWorking(next.working);
  view.setView(next.view);
}
