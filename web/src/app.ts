import { ApiClient } from './api/client.ts';
import { ApiError, isAbortError, isUnauthenticated } from './api/api-error.ts';
import type { Area } from './api/types.ts';
import { createTranslator, type Locale, type Translate } from './i18n/index.ts';
import { MapView } from './map/map-view.ts';
import type { LayerGroup } from './state/layer-groups.ts';
import { loadSettings, saveSettings, type Settings } from './state/settings.ts';
import { summarize, type AreaSummary } from './state/summary.ts';
import { formatViewHash, parseViewHash, type ViewState } from './state/url-state.ts';
import { applyTranslations } from './ui/apply-translations.ts';
import { byId } from './ui/dom.ts';
import { Header } from './ui/header.ts';
import { SettingsDialog } from './ui/settings-dialog.ts';
import { SidePanel } from './ui/side-panel.ts';
import { signIn } from './ui/sign-in-dialog.ts';
import { StatusBanner } from './ui/status-banner.ts';

/** The page: wires the API client, the map view, the panels and the URL hash together. */
export class App {
  private readonly api = new ApiClient();
  private settings: Settings = loadSettings();
  private t: Translate = createTranslator(this.settings.locale);
  private view: ViewState = parseViewHash(location.hash);
  private areas: Area[] = [];
  private summary: AreaSummary | null = null;
  private areaRequest: AbortController | null = null;
  /** On a narrow screen the panel overlays the map, so it starts closed. */
  private panelExpanded = !window.matchMedia('(max-width: 760px)').matches;
  /** A position in the URL the page was opened with wins over fitting the area. */
  private readonly positionFromUrl = this.view.map !== null;
  private readonly header: Header;
  private readonly panel: SidePanel;
  private readonly status = new StatusBanner(byId('status-banner'));
  private readonly settingsDialog = new SettingsDialog((url, attribution) => this.saveBasemap(url, attribution));
  readonly mapView: MapView;

  constructor() {
    this.header = new Header({
      onAreaChange: (code) => void this.selectArea(code, true),
      onLanguageSwitch: () => this.setLocale(this.settings.locale === 'zh-CN' ? 'en' : 'zh-CN'),
      onSettings: () => this.settingsDialog.open(this.t, this.settings),
      onPanelToggle: () => this.togglePanel(),
      onSignOut: () => void this.signOut(),
    });
    this.panel = new SidePanel(byId('side-panel'), (group, visible) => this.toggleLayer(group, visible));
    this.mapView = new MapView({
      container: byId('map'),
      locale: this.settings.locale,
      t: this.t,
      basemap: this.basemapOptions(),
      layers: this.view.layers,
      position: this.view.map,
    });
    this.mapView.onViewChange(() => {
      this.view.map = this.mapView.getPosition();
      this.writeHash();
    });
    window.addEventListener('hashchange', () => this.onHashChange());
    document.body.classList.toggle('panel-collapsed', !this.panelExpanded);
    this.renderText();
  }

  /** Loads the areas, the basemap data and the chosen area; resolves once the map has drawn them. */
  async start(): Promise<boolean> {
    void this.api
      .health()
      .then((health) => this.header.setHealth(health, this.t))
      .catch(() => this.header.setHealth('unreachable', this.t));
    this.status.loading(this.t);
    try {
      await this.ensureSignedIn();
      const [areas, districts] = await Promise.all([this.api.listAreas(), this.api.districts()]);
      this.areas = areas;
      await this.mapView.setDistricts(districts);
      const area = areas.find((a) => a.code === this.view.area) ?? areas.find((a) => a.code === 'ranghulu') ?? areas[0];
      this.header.setAreas(areas, area?.code ?? null);
      if (!area) {
        this.status.notice(this.t('status.noAreas'));
        return false;
      }
      return await this.selectArea(area.code, !this.positionFromUrl);
    } catch (err) {
      if (isUnauthenticated(err)) {
        await this.promptSignIn();
        return this.start();
      }
      this.showError(err, () => void this.start());
      return false;
    }
  }

  private async ensureSignedIn(): Promise<void> {
    try {
      this.header.setUser(await this.api.me(), this.t);
    } catch (err) {
      if (!isUnauthenticated(err)) throw err;
      await this.promptSignIn();
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
    this.header.setUser(answer, this.t);
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
   * Loads an area's data onto the map. When the map has drawn it, sets `body[data-map-ready]`,
   * which browser tests wait for.
   */
  private async selectArea(code: string, fit: boolean): Promise<boolean> {
    this.areaRequest?.abort();
    const request = new AbortController();
    this.areaRequest = request;
    const { signal } = request;
    this.status.loading(this.t);
    try {
      const area = await this.api.getArea(code, { signal });
      const [cells, reports] = await Promise.all([
        this.api.cells(area.id, undefined, { signal }),
        this.api.allReports(area.id, { bbox: area.bbox, signal, maxFeatures: 50_000 }),
      ]);
      await this.mapView.setArea(area);
      await Promise.all([this.mapView.setCells(cells), this.mapView.setReports(reports)]);
      if (fit) this.mapView.fitArea(false);
      this.summary = summarize(area.name, cells, reports);
      this.view.area = area.code;
      this.header.selectArea(area.code);
      this.writeHash();
      this.renderPanel();
      this.status.clear();
      await this.mapView.whenIdle();
      document.body.dataset.mapReady = 'true';
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

  private toggleLayer(group: LayerGroup, visible: boolean): void {
    const layers = new Set(this.view.layers);
    if (visible) layers.add(group);
    else layers.delete(group);
    this.view.layers = [...layers];
    this.mapView.setLayers(this.view.layers);
    this.writeHash();
  }

  private setLocale(locale: Locale): void {
    this.settings = { ...this.settings, locale };
    saveSettings(this.settings);
    this.t = createTranslator(locale);
    this.mapView.setLocale(locale, this.t);
    this.renderText();
    this.header.renderHealth(this.t);
    this.header.renderUser(this.t);
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

  private renderPanel(): void {
    this.panel.render(this.t, this.settings.locale, {
      layers: new Set(this.view.layers),
      basemapAvailable: this.settings.basemapUrl !== '',
      summary: this.summary,
    });
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
}
