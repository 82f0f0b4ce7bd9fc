import type { ApiClient } from './api/client.ts';
import { ApiError, isAbortError, isUnauthenticated } from './api/api-error.ts';
import { DEFAULT_AREA, loadAreaData, type AreaData, type FirstRequests } from './api/first-requests.ts';
import type {
  Area,
  CandidateFeature,
  CellCollection,
  Me,
  Network,
  ReportCollection,
  SettlementPage,
  UserRole,
} from './api/types.ts';
import { DashboardLoader } from './dashboard/dashboard-loader.ts';
import type { DashboardContext } from './dashboard/dashboard-view.ts';
import { nameByPlace } from './geo/place-names.ts';
import { createTranslator, labelOf, type Locale, type Translate } from './i18n/index.ts';
import { MapView } from './map/map-view.ts';
import { PlannerLayers } from './map/planner-layers.ts';
import { describeApiError } from './planning/field-problems.ts';
import { Planner, type PlannerState } from './planning/planner.ts';
import { activeRaster, toggleGroup, type LayerGroup } from './state/layer-groups.ts';
import { loadSettings, saveSettings, type Settings } from './state/settings.ts';
import { summarize, type AreaSummary } from './state/summary.ts';
import { formatViewHash, parseViewHash, type AppView, type ViewState } from './state/url-state.ts';
import { applyTranslations } from './ui/apply-translations.ts';
import { byId } from './ui/dom.ts';
import { gapsTab, type PlaceNames } from './ui/gaps-tab.ts';
import { Header } from './ui/header.ts';
import { layersTab } from './ui/layers-tab.ts';
import { PickPopups } from './ui/pick-popups.ts';
import { PlanningTab } from './ui/planning-tab.ts';
import { SettingsDialog } from './ui/settings-dialog.ts';
import { SidePanel, type PanelTab } from './ui/side-panel.ts';
import { signIn } from './ui/sign-in-dialog.ts';
import { StatusBanner } from './ui/status-banner.ts';
import { Toast } from './ui/toast.ts';
import { mark } from './lib/timing.ts';

/** What the first map of the page waits for, already asked for (see sendFirstRequests). */
interface FirstMap {
  /** The area's data, when it is the area the first requests guessed. */
  data?: Promise<AreaData>;
  /** Settles once the districts are on the map (or failed: the page's start says so). */
  districts: Promise<unknown>;
}

/** The page: wires the API client, the map view, the panels, the dashboard and the URL hash together. */
export class App {
  private settings: Settings = loadSettings();
  private t: Translate = createTranslator(this.settings.locale);
  private view: ViewState = parseViewHash(location.hash);
  private areas: Area[] = [];
  area: Area | null = null;
  cells: CellCollection = { type: 'FeatureCollection', features: [] };
  reports: ReportCollection = { type: 'FeatureCollection', features: [], numberMatched: 0 };
  candidates = new Map<string, CandidateFeature>();
  private settlements: SettlementPage['features'] = [];
  private summary: AreaSummary | null = null;
  private areaRequest: AbortController | null = null;
  private role: UserRole = 'viewer';
  private tab: PanelTab = 'layers';
  /** On a narrow screen the panel overlays the map, so it starts closed. */
  private panelExpanded = !window.matchMedia('(max-width: 760px)').matches;
  /** A position in the URL the page was opened with wins over fitting the area. */
  private readonly positionFromUrl = this.view.map !== null;
  private readonly header: Header;
  private readonly panel: SidePanel;
  private readonly planningTab: PlanningTab;
  readonly status = new StatusBanner(byId('status-banner'));
  readonly toast = new Toast(byId('toast'));
  private readonly settingsDialog = new SettingsDialog((url, attribution) => this.saveBasemap(url, attribution));
  readonly planner: Planner;
  readonly mapView: MapView;
  private readonly plannerLayers: PlannerLayers;
  private readonly popups: PickPopups;
  private readonly dashboard = new DashboardLoader(byId('dashboard'));
  private placeNames: PlaceNames = new Map();

  readonly api: ApiClient;
  /** The requests sent as the page started; used once, by the first start. */
  private first: FirstRequests | null;

  constructor(api: ApiClient, first: FirstRequests | null = null) {
    this.api = api;
    this.first = first;
    this.header = new Header({
      onAreaChange: (code) => void this.selectArea(code, true),
      onLanguageSwitch: () => this.setLocale(this.settings.locale === 'zh-CN' ? 'en' : 'zh-CN'),
      onSettings: () => this.settingsDialog.open(this.t, this.settings),
      onPanelToggle: () => this.togglePanel(),
      onSignOut: () => void this.signOut(),
      onView: (view) => this.setView(view),
    });
    this.planner = new Planner(this.api, { network: this.view.network, scenario: this.view.scenario, working: this.view.working });
    this.planningTab = new PlanningTab({
      onBaseScenario: (name) => this.planner.setScenario(name),
      onAdd: (code) => this.planner.addCandidate(code),
      onRemove: (code) => this.planner.removeCandidate(code),
      onPreview: (code) => this.preview(code),
      onSave: (name) => this.planner.saveScenario(name),
      onRenameScenario: (from, to) => this.planner.renameScenario(from, to),
      onDeleteScenario: (name) => this.planner.deleteScenario(name),
      onRunPlan: (params) => void this.planner.runPlan(params),
      onUsePlan: () => this.planner.usePlanAsWorking(),
      onCompare: (base, target) => void this.compare(base, target),
    });
    this.panel = new SidePanel(byId('side-panel'), {
      onNetwork: (network) => this.planner.setNetwork(network),
      onTab: (tab) => this.setTab(tab),
    });
    this.mapView = new MapView({
      container: byId('map'),
      locale: this.settings.locale,
      t: this.t,
      basemap: this.basemapOptions(),
      layers: this.view.layers,
      position: this.view.map,
    });
    this.plannerLayers = new PlannerLayers(this.mapView);
    this.popups = new PickPopups(this);
    this.mapView.onViewChange(() => {
      this.view.map = this.mapView.getPosition();
      this.writeHash();
    });
    this.mapView.onPick((pick) => this.popups.open(pick));
    this.mapView.onCandidateDragged((id, from, to) => void this.popups.dragCandidate(id, from, to));
    this.planner.onChange((state) => this.onPlannerChange(state));
    window.addEventListener('hashchange', () => this.onHashChange());
    document.body.classList.toggle('panel-collapsed', !this.panelExpanded);
    this.applyView();
    this.renderText();
  }

  get locale(): Locale {
    return this.settings.locale;
  }

  get translate(): Translate {
    return this.t;
  }

  get canEdit(): boolean {
    return this.role !== 'viewer';
  }

  get network(): Network {
    return this.planner.state.network;
  }

  /** Loads the areas, the basemap data and the chosen area; resolves once the map has drawn them. */
  async start(): Promise<boolean> {
    void this.api
      .health()
      .then((health) => this.header.setHealth(health, this.t))
      .catch(() => this.header.setHealth('unreachable', this.t));
    this.status.loading(this.t);
    let first = this.first;
    this.first = null;
    try {
      // Requests sent signed out failed: after a sign-in, everything is asked for again.
      if (await this.ensureSignedIn(first?.me)) first = null;
      mark('signed-in');
      // Asked for together; the first map shows the districts with the area.
      const districts = (first?.districts ?? this.api.districts()).then((d) => {
        mark('districts-loaded');
        return this.mapView.setDistricts(d);
      });
      districts.catch(() => undefined);
      const areas = await (first?.areas ?? this.api.listAreas());
      mark('areas-loaded');
      this.areas = areas;
      const area = areas.find((a) => a.code === this.view.area) ?? areas.find((a) => a.code === DEFAULT_AREA) ?? areas[0];
      this.header.setAreas(areas, area?.code ?? null, this.locale);
      if (!area) {
        this.status.notice(this.t('status.noAreas'));
        return false;
      }
      const data = first?.area?.code === area.code ? first.area.data : undefined;
      const [selected] = await Promise.all([
        this.selectArea(area.code, !this.positionFromUrl, { data, districts: districts.catch(() => undefined) }),
        districts,
      ]);
      return selected;
    } catch (err) {
      if (isUnauthenticated(err)) {
        await this.promptSignIn();
        return this.start();
      }
      this.showError(err, () => void this.start());
      return false;
    }
  }

  /** Whoever is signed in, asking for a sign-in if nobody is; true when it had to ask. */
  private async ensureSignedIn(request: Promise<Me> = this.api.me()): Promise<boolean> {
    try {
      const me = await request;
      this.role = me.role;
      this.header.setUser(me, this.t);
      return false;
    } catch (err) {
      if (!isUnauthenticated(err)) throw err;
      await this.promptSignIn();
      return true;
    }
  }

  private async promptSignIn(): Promise<void> {
    this.status.clear();
    const answer = await signIn(this.t, {
      login: (username, password) => this.api.login(username, password),
      onLanguageSwitch: () => {
        this.setLocale(this.settings.locale === 'zh-CN' ? 'en' : 'zh-CN');
        return this.t;
      },
    });
    this.role = answer.role;
    this.header.setUser(answer, this.t);
    this.mapView.setCandidateDragEnabled(this.canEdit);
  }

  private async signOut(): Promise<void> {
    try {
      await this.api.logout();
    } finally {
      // A fresh page asks for credentials again and forgets the signed-in data.
      location.reload();
    }
  }

  /**
   * Loads an area's data onto the map (the district boundaries too, for the page's first map).
   * When the map has drawn it, sets `body[data-map-ready]`, which browser tests wait for.
   */
  private async selectArea(code: string, fit: boolean, first?: FirstMap): Promise<boolean> {
    this.areaRequest?.abort();
    const request = new AbortController();
    this.areaRequest = request;
    const { signal } = request;
    this.status.loading(this.t);
    delete document.body.dataset.mapReady;
    try {
      const { area, cells, reports } = await (first?.data ?? loadAreaData(this.api, code, { signal }));
      // Another area was picked meanwhile (the first requests cannot be aborted).
      if (signal.aborted) return false;
      mark('area-data-loaded');
      // Candidates and places are drawn a moment later: the first map needs the cells and the reports.
      const extras = Promise.all([this.api.candidates(area.id, { signal }), this.api.settlements(area.id, { signal })]);
      extras.catch(() => undefined);
      const changed = this.area?.code !== area.code;
      this.area = area;
      this.cells = cells;
      this.reports = reports;
      if (changed) {
        this.candidates = new Map();
        this.settlements = [];
      }
      await this.mapView.setArea(area);
      await Promise.all([this.mapView.setCells(cells), this.mapView.setReports(reports)]);
      if (first) await first.districts;
      if (signal.aborted) return false;
      if (fit) this.mapView.fitArea(false);
      this.summary = summarize(area.name, cells, reports);
      this.view.area = area.code;
      this.header.selectArea(area.code);
      this.mapView.setCandidateDragEnabled(this.canEdit);
      if (changed) this.planner.setArea(area.code, area.inputsVersion);
      this.onPlannerChange(this.planner.state);
      this.status.clear();
      mark('panel-drawn');
      // The page is drawn; the map's first frames come after, with everything in them.
      this.mapView.draw();
      await this.mapView.whenIdle();
      mark('first-map');
      document.body.dataset.mapReady = 'true';
      // Coverage computations start once the first map is drawn, so that they do not slow it down.
      this.syncWants();
      const [candidates, settlements] = await extras;
      this.candidates = new Map(candidates.features.map((f) => [f.properties.code, f]));
      this.settlements = settlements.features;
      this.onPlannerChange(this.planner.state);
      if (this.view.view === 'dashboard') void this.showDashboard();
      return true;
    } catch (err) {
      if (isAbortError(err)) return false;
      if (isUnauthenticated(err)) {
        // The session ended while the page was open.
        await this.promptSignIn();
        return this.selectArea(code, fit);
      }
      this.showError(err, () => void this.selectArea(code, fit));
      return false;
    }
  }

  /** Re-reads the area (its inputs version moves on every edit) and recomputes what depends on the network. */
  async networkChanged(): Promise<void> {
    if (!this.area) return;
    this.area = await this.api.getArea(this.area.code);
    this.planner.invalidate(this.area.inputsVersion);
  }

  /** Redraws the map and the panel after a cell, candidate or report changed here. */
  refreshData(): void {
    this.summary = this.area ? summarize(this.area.name, this.cells, this.reports) : null;
    void this.mapView.setCells(this.cells);
    this.plannerLayers.updateCandidates(this.planner.state, this.candidates, true);
    this.renderPanel();
  }

  async refreshReports(): Promise<void> {
    await this.mapView.setReports(this.reports);
    this.refreshData();
  }

  /** Asks the planner for what the visible layers and the open tab show. */
  private syncWants(): void {
    if (!this.area) return;
    const on = (g: LayerGroup) => this.view.layers.includes(g);
    if (on('candidates') || this.tab === 'planning') this.planner.want('ranking');
    if (this.tab === 'planning') this.planner.want('baseFigures', 'workingFigures', 'previewFigures');
    if (on('gaps') || this.tab === 'gaps') this.planner.want('gaps');
    if (on('hotspots') || this.tab === 'gaps') this.planner.want('hotspots');
    if (this.tab === 'gaps') this.planner.want('remedies');
  }

  private onPlannerChange(s: PlannerState): void {
    this.view.network = s.network;
    this.view.scenario = s.scenario;
    this.view.working = [...s.working];
    this.writeHash();
    this.placeNames = this.placeNamesOf(s);
    this.plannerLayers.update(s, this.candidates, this.placeNames);
    this.updateCoverageTiles();
    this.popups.plannerChanged(s);
    this.renderPanel(false);
  }

  private placeNamesMemo: { deps: unknown[]; names: PlaceNames } = { deps: [], names: new Map() };

  /** Gap and hotspot names (the place each is in or near, in the UI language), recomputed when their inputs change. */
  private placeNamesOf(s: PlannerState): PlaceNames {
    const deps = [s.gaps.data, s.hotspots.data, this.settlements, this.locale];
    if (sameItems(deps, this.placeNamesMemo.deps)) return this.placeNamesMemo.names;
    const items = [...(s.gaps.data?.features ?? []), ...(s.hotspots.data?.features ?? [])].map((f) => ({
      id: f.properties.id,
      geometry: f.geometry,
      centroid: f.properties.centroid,
    }));
    const names = nameByPlace(items, this.settlements, this.locale, (place) => this.t('gaps.near', { place }));
    this.placeNamesMemo = { deps, names };
    return names;
  }

  placeName(id: string): string {
    return this.placeNames.get(id) ?? this.t('gaps.unnamed');
  }

  /** The coverage raster tiles of the network shown, computed with the working and previewed candidates. */
  private updateCoverageTiles(): void {
    const raster = activeRaster(this.view.layers);
    const s = this.planner.state;
    const url =
      raster && this.area
        ? this.api.tileUrlTemplate(this.area.code, {
            technology: s.network,
            mode: raster,
            scenario: s.scenario,
            candidates: this.planner.rasterCandidates,
            version: s.version,
          })
        : null;
    void this.mapView.setCoverageTiles(url, this.area?.bbox ?? null);
  }

  /** Previews a candidate: its coverage on the level raster, and the figures in the planning tab. */
  preview(code: string | null): void {
    this.planner.select(code);
    if (code && !activeRaster(this.view.layers)) this.toggleLayer('level', true);
    else this.updateCoverageTiles();
  }

  private async compare(base: string, target: string): Promise<void> {
    await this.planner.compare(base, target);
    if (this.planner.state.comparison.status === 'ready' && !this.view.layers.includes('difference')) this.toggleLayer('difference', true);
  }

  /** Shows a gap or a hotspot: zooms to it and opens its details. */
  private showTarget(kind: 'gap' | 'hotspot', id: string): void {
    const s = this.planner.state;
    const feature = kind === 'gap' ? s.gaps.data?.features.find((f) => f.properties.id === id) : s.hotspots.data?.features.find((f) => f.properties.id === id);
    if (!feature) return;
    if (!this.view.layers.includes(kind === 'gap' ? 'gaps' : 'hotspots')) this.toggleLayer(kind === 'gap' ? 'gaps' : 'hotspots', true);
    this.mapView.fitBounds(bboxOf(feature.geometry), false, 13);
    if (kind === 'gap') this.mapView.highlightGap(id);
    this.popups.open({ kind, id, lonLat: feature.properties.centroid });
  }

  toggleLayer(group: LayerGroup, visible: boolean): void {
    this.view.layers = toggleGroup(this.view.layers, group, visible);
    this.mapView.setLayers(this.view.layers);
    this.updateCoverageTiles();
    this.syncWants();
    this.writeHash();
    this.renderPanel();
  }

  private setTab(tab: PanelTab): void {
    this.tab = tab;
    this.syncWants();
    this.renderPanel();
  }

  private setView(view: AppView): void {
    if (view === this.view.view) return;
    this.view.view = view;
    this.applyView();
    this.writeHash();
    if (view === 'dashboard') void this.showDashboard();
    else this.mapView.map.resize();
  }

  private applyView(): void {
    document.body.dataset.view = this.view.view;
    byId('dashboard').hidden = this.view.view !== 'dashboard';
    this.header.setView(this.view.view, this.t);
  }

  private dashboardContext(): DashboardContext {
    return {
      api: this.api,
      area: this.area!,
      t: this.t,
      locale: this.locale,
      reports: this.reports.features,
      settlements: this.settlements,
      candidates: this.candidates,
      scenario: this.planner.state.scenario,
    };
  }

  private async showDashboard(): Promise<void> {
    if (this.area) await this.dashboard.show(this.dashboardContext(), this.planner.state.scenarios.data?.length ?? 0);
  }

  private setLocale(locale: Locale): void {
    this.settings = { ...this.settings, locale };
    saveSettings(this.settings);
    this.t = createTranslator(locale);
    this.mapView.setLocale(locale, this.t);
    this.renderText();
    this.header.renderHealth(this.t);
    this.header.renderUser(this.t);
    this.header.setView(this.view.view, this.t);
    this.header.setAreas(this.areas, this.area?.code ?? null, locale);
    this.onPlannerChange(this.planner.state);
    if (this.area) this.dashboard.setLocale(this.dashboardContext());
  }

  private async saveBasemap(url: string, attribution: string): Promise<void> {
    const hadBasemap = this.settings.basemapUrl !== '';
    this.settings = { ...this.settings, basemapUrl: url, basemapAttribution: attribution };
    saveSettings(this.settings);
    // A newly configured basemap is shown at once; removing it hides its toggle.
    if (url && !hadBasemap) this.toggleLayer('basemap', true);
    if (!url) this.toggleLayer('basemap', false);
    await this.mapView.setBasemap(this.basemapOptions());
    this.renderPanel();
  }

  private togglePanel(): void {
    this.panelExpanded = !this.panelExpanded;
    document.body.classList.toggle('panel-collapsed', !this.panelExpanded);
    this.header.setPanelExpanded(this.panelExpanded, this.t);
    this.mapView.map.resize();
  }

  private onHashChange(): void {
    const next = parseViewHash(location.hash);
    this.view.layers = next.layers;
    this.mapView.setLayers(next.layers);
    if (next.map) this.mapView.jumpTo(next.map);
    if (next.area && next.area !== this.view.area && this.areas.some((a) => a.code === next.area)) {
      void this.selectArea(next.area, next.map === null);
    }
    this.planner.setNetwork(next.network);
    this.planner.setScenario(next.scenario);
    if (next.working.join(',') !== this.planner.state.working.join(',')) this.planner.setWorking(next.working);
    if (next.view !== this.view.view) this.setView(next.view);
    this.updateCoverageTiles();
    this.syncWants();
    this.renderPanel();
  }

  private writeHash(): void {
    const hash = formatViewHash(this.view);
    if (hash !== location.hash) history.replaceState(null, '', hash);
  }

  private renderText(): void {
    const locale = this.settings.locale;
    document.documentElement.lang = locale;
    document.title = `${this.t('app.name')} · ${this.t('app.tagline')}`;
    applyTranslations(document, this.t);
    this.header.setPanelExpanded(this.panelExpanded, this.t);
    this.renderPanel();
  }

  private panelDeps: unknown[] = [];

  /**
   * Draws the side panel. With `force` false (a planner update), only when something the open tab
   * shows changed: a redraw replaces the buttons, and a click in progress on one would be lost.
   */
  renderPanel(force = true): void {
    const s = this.planner.state;
    const t = this.t;
    const locale = this.locale;
    const deps =
      this.tab === 'planning'
        ? [s.network, s.scenarios, s.scenario, s.working, s.selected, s.ranking, s.baseFigures, s.workingFigures, s.previewFigures, s.plan, s.comparison, s.save, s.manage]
        : this.tab === 'gaps'
          ? [s.network, s.gaps, s.hotspots, s.remedies, this.placeNames]
          : [s.network, s.gaps.data, s.hotspots.data];
    const all = [this.tab, locale, this.candidates.size, this.canEdit, ...deps];
    if (!force && sameItems(all, this.panelDeps)) return;
    this.panelDeps = all;
    let content: HTMLElement[];
    if (this.tab === 'planning') {
      const props = new Map([...this.candidates].map(([code, f]) => [code, f.properties]));
      content = this.planningTab.render(t, locale, s, props, this.canEdit);
    } else if (this.tab === 'gaps') {
      content = gapsTab(t, locale, s, this.placeNames, {
        onShowGap: (id) => this.showTarget('gap', id),
        onShowHotspot: (id) => this.showTarget('hotspot', id),
      });
    } else {
      content = layersTab(
        t,
        locale,
        {
          layers: new Set(this.view.layers),
          basemapAvailable: this.settings.basemapUrl !== '',
          summary: this.summary,
          network: s.network,
          thresholdDbm: this.area?.settings.thresholdsDbm[s.network] ?? null,
          candidateCount: this.area ? this.candidates.size : null,
          gapCount: s.gaps.data?.features.length ?? null,
          hotspotCount: s.hotspots.data?.features.length ?? null,
        },
        (group, visible) => this.toggleLayer(group, visible),
      );
    }
    this.panel.render(t, s.network, this.tab, content);
  }

  /** An error from a write in words for the status line (every field problem the API named). */
  showWriteError(err: unknown): void {
    this.status.error(this.t, describeApiError(err, this.t).join(' · '));
  }

  private showError(err: unknown, retry: () => void): void {
    const message =
      err instanceof ApiError
        ? err.code === 'network'
          ? this.t('status.networkError')
          : `${err.message} (HTTP ${err.status})`
        : err instanceof Error
          ? err.message
          : String(err);
    this.status.error(this.t, message, retry);
  }

  private basemapOptions() {
    return { url: this.settings.basemapUrl, attribution: this.settings.basemapAttribution };
  }

  networkLabel(network: string): string {
    return labelOf(this.t, 'tech', network);
  }
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** [minLon, minLat, maxLon, maxLat] of a geometry's coordinates. */
function bboxOf(geometry: GeoJSON.Geometry): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      box[0] = Math.min(box[0], c[0]);
      box[1] = Math.min(box[1], c[1] as number);
      box[2] = Math.max(box[2], c[0]);
      box[3] = Math.max(box[3], c[1] as number);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  if ('coordinates' in geometry) visit(geometry.coordinates);
  return box;
}
