import type { ApiClient } from '../api/client.ts';
import type { AppState, AppStore } from '../state/app-state.ts';
import { selectLocale, selectTranslate } from '../state/selectors.ts';
import type { DashboardLoader } from './dashboard-loader.ts';
import type { DashboardContext } from './dashboard-view.ts';

/** What the dashboard is drawn from, out of the store; null before an area is there. */
export function dashboardContext(s: AppState, api: ApiClient): DashboardContext | null {
  if (!s.area) return null;
  return {
    api,
    area: s.area,
    t: selectTranslate(s),
    locale: selectLocale(s),
    reports: s.reports.features,
    settlements: s.settlements,
    candidates: s.candidates,
    scenario: s.planner.scenario,
  };
}

/**
 * Shows the dashboard when it is the view and the area is complete (with its candidates and
 * places), after the first map; draws it again in a new language.
 */
export function bindDashboard(store: AppStore, loader: DashboardLoader, api: ApiClient): void {
  store.subscribe(
    (s) => (s.view.view === 'dashboard' && s.area && s.phase === 'complete' ? s.area.code : null),
    (shown, s) => {
      const ctx = dashboardContext(s, api);
      if (shown && ctx) void loader.show(ctx, s.planner.scenarios.data?.length ?? 0);
    },
  );
  store.subscribe(selectLocale, (_, s) => {
    const ctx = dashboardContext(s, api);
    if (ctx) loader.setLocale(ctx);
  });
}
