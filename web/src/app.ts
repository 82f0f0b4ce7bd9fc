import type { ApiClient } from './api/client.ts';
import type { FirstRequests } from './api/first-requests.ts';
import { bindDashboard } from './dashboard/bind-dashboard.ts';
import { DashboardLoader } from './dashboard/dashboard-loader.ts';
import { bindMap } from './map/bind-map.ts';
import { MapView } from './map/map-view.ts';
import { PlannerLayers } from './map/planner-layers.ts';
import { appReducer } from './state/app-reducer.ts';
import { initialAppState } from './state/app-state.ts';
import { AreaActions } from './state/area-actions.ts';
import { EditActions } from './state/edit-actions.ts';
import { PlannerActions } from './state/planner-actions.ts';
import type { ComputedKey } from './state/planner-state.ts';
import { selectTranslate, selectWanted } from './state/selectors.ts';
import { SessionActions } from './state/session-actions.ts';
import { loadSettings, saveSettings } from './state/settings.ts';
import { createStore } from './state/store.ts';
import { parseViewHash } from './state/url-state.ts';
import { ViewActions } from './state/view-actions.ts';
import { bindPage } from './ui/bind-page.ts';
import { bindUrlHash } from './ui/bind-url-hash.ts';
import { byId } from './ui/dom.ts';
import { Header } from './ui/header.ts';
import { ImportDialog } from './ui/import-dialog.ts';
import { PanelView } from './ui/panel-view.ts';
import { PickPopups } from './ui/pick-popups.ts';
import { SettingsDialog } from './ui/settings-dialog.ts';
import { signIn } from './ui/sign-in-dialog.ts';
import { StatusBanner } from './ui/status-banner.ts';
import { Toast } from './ui/toast.ts';

/** The page once wired: its map (for browser tests) and its start. */
export interface App {
  readonly mapView: MapView;
  /** Loads the areas, the basemap data and the chosen area; resolves once the map has drawn them. */
  start(): Promise<boolean>;
}

/**
 * Wires the page: one store (settings from storage, the view from the URL hash), the actions that
 * call the API and dispatch to it, and the views, which draw from it and dispatch actions.
 * `first` holds the requests sent as the page started; the first start uses them.
 */
export function createApp(api: ApiClient, first: FirstRequests | null = null): App {
  const hash = parseViewHash(location.hash);
  const settings = loadSettings();
  // On a narrow screen the panel overlays the map, so it starts closed.
  const panelExpanded = !window.matchMedia('(max-width: 760px)').matches;
  const store = createStore(appReducer, initialAppState(settings, hash, { panelExpanded }));
  const t = () => selectTranslate(store.getState());
  store.subscribe(
    (s) => s.settings,
    (next) => saveSettings(next),
  );

  const mapView = new MapView({
    container: byId('map'),
    locale: settings.locale,
    t: t(),
    basemap: { url: settings.basemapUrl, attribution: settings.basemapAttribution },
    layers: hash.layers,
    position: hash.map,
  });

  const planner = new PlannerActions(api, store);
  const view = new ViewActions(store, planner);
  const session = new SessionActions({
    api,
    store,
    askSignIn: () =>
      signIn(t(), {
        login: (username, password) => api.login(username, password),
        onLanguageSwitch: () => {
          view.toggleLocale();
          return t();
        },
      }),
  });
  const area = new AreaActions({ api, store, planner, session, map: mapView, positionFromUrl: hash.map !== null });
  const edits = new EditActions({ api, store, networkChanged: () => area.networkChanged() });
  // A scenario applied to the network (or undone): the area's data is read again.
  planner.networkChanged = async () => {
    const code = store.getState().view.area;
    if (code) await area.selectArea(code, false);
  };

  const plannerLayers = new PlannerLayers(mapView);
  bindMap(store, mapView, plannerLayers, api);
  bindPage(store, new StatusBanner(byId('status-banner')), byId('dashboard'));
  const settingsDialog = new SettingsDialog((url, attribution) => view.saveBasemap(url, attribution));
  const importDialog = new ImportDialog({
    api,
    area: () => store.getState().view.area,
    t,
    lang: () => (store.getState().settings.locale === 'en' ? 'en' : 'zh'),
    // Rows were written or taken back: the area's data is read again.
    changed: () => {
      const code = store.getState().view.area;
      if (code) void area.selectArea(code, false);
    },
  });
  new Header(store, {
    onAreaChange: (code) => void area.selectArea(code, true),
    onLanguageSwitch: () => view.toggleLocale(),
    onSettings: () => settingsDialog.open(t(), store.getState().settings),
    onImport: () => importDialog.open(),
    onPanelToggle: () => view.togglePanel(),
    // A fresh page asks for credentials again and forgets the signed-in data.
    onSignOut: () =>
      void session
        .signOut()
        .finally(() => location.reload())
        .catch(() => undefined),
    onView: (next) => view.setView(next),
  });
  new PanelView(byId('side-panel'), store, planner, view);
  new PickPopups({ store, map: mapView, api, planner, edits, view });
  bindDashboard(store, new DashboardLoader(byId('dashboard')), api);
  bindUrlHash({ store, planner, area, view, map: mapView });

  // The planner computes what the visible layers and the open tab show, once the first map is drawn.
  store.subscribe(selectWanted, (wanted) => wanted && planner.want(...(wanted.split(',') as ComputedKey[])));

  const toast = new Toast(byId('toast'));
  mapView.onCandidateDragged((id, from, to) => {
    // The map moved the candidate under the pointer: it is handed over again, moved or put back.
    plannerLayers.forgetCandidates();
    void edits.dragCandidate(id, from, to).then((code) => code && toast.show(t()('candidate.moved', { code })));
  });

  return { mapView, start: () => area.start(first) };
}
