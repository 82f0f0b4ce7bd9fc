import {
  AttributionControl,
  Map as MapLibreMap,
  NavigationControl,
  Popup,
  prewarm,
  ScaleControl,
  setWorkerUrl,
  type GeoJSONSource,
  type IControl,
  type ImageSource,
  type MapGeoJSONFeature,
  type MapLayerMouseEvent,
  type MapLayerTouchEvent,
  type PointLike,
  type RasterTileSource,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type {
  AddedCoverage,
  Area,
  BBox,
  CellCollection,
  DistrictCollection,
  PlacePage,
  ReportCollection,
  SurveyResponsePage,
} from '../api/types.ts';
import { districtLabelPoints } from '../geo/district-labels.ts';
import type { Locale, Translate } from '../i18n/index.ts';
import type { LayerGroup } from '../state/layer-groups.ts';
import type { MapPick } from '../state/map-pick.ts';
import type { MapPosition } from '../state/url-state.ts';
import { baseStyle, type BasemapOptions } from './base-style.ts';
import { FitAreaControl } from './fit-area-control.ts';
import { cellLayerData, placeLayerData, reportLayerData, surveyLayerData } from './layer-data.ts';
import {
  clusterCountField,
  COVERAGE_RASTER_BEFORE,
  districtFillOpacity,
  districtLabelField,
  LAYER,
  layerStates,
  SOURCE,
  type SourceData,
  placeLabelField,
} from './layers.ts';
import { mapUiStrings } from './map-ui-locale.ts';
import { PALETTE } from './palette.ts';
import type { LayerSpecification } from './style-types.ts';
import { mark } from '../lib/timing.ts';

setWorkerUrl(workerUrl);
// The map's worker starts loading now, while the page waits for its first data.
prewarm();

/** Daqing city centre, [lon, lat]: the view before any area is known. */
const DAQING_CENTER: [number, number] = [124.95, 46.6];
/** Pixels around a click within which a small feature still counts as hit. */
const CLICK_TOLERANCE_PX = 4;
/** Bottom to top priority of what a click picks. */
const CLICKABLE_LAYERS = [
  LAYER.candidatesCircle,
  LAYER.reportsPoint,
  LAYER.surveysPoint,
  LAYER.reportsClusters,
  LAYER.cellsFill,
  LAYER.hotspotsFill,
  LAYER.gapsFill,
  LAYER.differenceFill,
];
/** Server-rendered coverage tiles exist at any zoom; beyond this one the map scales them up. */
const COVERAGE_MAX_ZOOM = 16;

/** A candidate site as the map draws it. */
export interface CandidateMapProperties {
  id: number;
  code: string;
  technology: string;
  /** Rank in the current network's ranking; ranked = false when it has none. */
  rank: number;
  ranked: boolean;
  working: boolean;
  selected: boolean;
}
export type CandidateMapFeature = Feature<Point, CandidateMapProperties>;

export interface MapViewOptions {
  container: HTMLElement;
  locale: Locale;
  t: Translate;
  basemap: BasemapOptions;
  layers: readonly LayerGroup[];
  position: MapPosition | null;
}

/** The MapLibre map and everything drawn on it; knows nothing of the API or the page around it. */
export class MapView {
  readonly map: MapLibreMap;
  private readonly loaded: Promise<void>;
  /** Whether the map has its style; before, it draws nothing and keeps the data it is given. */
  private styled = false;
  /** Whether the style's layers are in (the map's `load`): from then on what is drawn can be picked. */
  private styleLoaded = false;
  private readonly firstData: SourceData = {};
  private basemap: BasemapOptions;
  private locale: Locale;
  private t: Translate;
  private visible: Set<LayerGroup>;
  private area: Area | null = null;
  private controls: IControl[] = [];
  private attribution: AttributionControl | null = null;
  // Not closed by MapLibre on a map click: a click that picks something shows its popup in this one,
  // and MapLibre's own close would run after (in the same click) and take the new content away.
  // onClick closes it when the click picks nothing.
  private readonly popup = new Popup({ maxWidth: '380px', focusAfterOpen: true, className: 'feature-popup', closeOnClick: false });
  private pickListener: (pick: MapPick) => void = () => {};
  private coverageUrl: string | null = null;
  private terrainUrl: string | null = null;
  private candidates: CandidateMapFeature[] = [];
  private dragEnabled = false;
  private dragListener: (id: number, from: [number, number], to: [number, number]) => void = () => {};
  private selectedGap: string | number | null = null;

  constructor(opts: MapViewOptions) {
    this.locale = opts.locale;
    this.t = opts.t;
    this.visible = new Set(opts.layers);
    this.basemap = opts.basemap;
    // The style's background, shown before the map has drawn anything.
    opts.container.style.backgroundColor = PALETTE.background;
    // No style yet: the map draws its first frame once the first data is there (see draw()).
    // Every frame costs with software WebGL, and frames of an empty map only delay the data's.
    this.map = new MapLibreMap({
      container: opts.container,
      center: opts.position?.center ?? DAQING_CENTER,
      zoom: opts.position?.zoom ?? 8.5,
      bearing: opts.position?.bearing ?? 0,
      maxPitch: 0,
      attributionControl: false,
      locale: mapUiStrings(opts.t),
    });
    mark('map-created');
    this.loaded = new Promise((resolve) =>
      this.map.once('load', () => {
        this.styleLoaded = true;
        mark('map-loaded');
        resolve();
      }),
    );
    this.addControls();
    this.setBasemapAttribution(opts.basemap);
    this.map.on('click', (e) => this.onClick(e.point, [e.lngLat.lng, e.lngLat.lat]));
    this.map.on('mousemove', (e) => {
      if (this.dragging) return;
      this.map.getCanvas().style.cursor = this.hitFeatures(e.point).length > 0 ? 'pointer' : '';
    });
    this.map.on('mousedown', LAYER.candidatesCircle, (e) => this.startDrag(e));
    this.map.on('touchstart', LAYER.candidatesCircle, (e) => this.startDrag(e));
    void this.loaded.then(() => this.applyVisibility());
    // Escape closes the open popup (a dialog open above the map handles its own Escape).
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || !this.popup.isOpen() || document.querySelector('dialog[open]')) return;
      this.popup.remove();
      opts.container.focus({ preventScroll: true });
    });
    // A popup whose content grows (a form's answer after Apply, the figures arriving) stays on screen.
    this.popupResize = new ResizeObserver(() => this.keepPopupInView());
  }

  private readonly popupResize: ResizeObserver;
  /** What the open popup shows (see showPopup). */
  private popupContent: HTMLElement | null = null;

  /** Called with what a click picked; clusters zoom in by themselves. */
  onPick(listener: (pick: MapPick) => void): void {
    this.pickListener = listener;
  }

  /** Lets the user drag candidates (when allowed to edit) and says where one was dropped. */
  onCandidateDragged(listener: (id: number, from: [number, number], to: [number, number]) => void): void {
    this.dragListener = listener;
  }

  setCandidateDragEnabled(enabled: boolean): void {
    this.dragEnabled = enabled;
  }

  /** Gives the map its style with the data set so far, once: it then draws them all in its first frames. */
  draw(): void {
    if (this.styled) return;
    this.styled = true;
    this.map.setStyle(baseStyle(this.locale, this.basemap, { visible: this.visible, data: this.firstData }));
  }

  async setDistricts(districts: DistrictCollection): Promise<void> {
    // Both at once: before the map has its style, both are kept for its first frames right away.
    await Promise.all([
      this.setSourceData(SOURCE.districts, districts),
      this.setSourceData(SOURCE.districtLabels, districtLabelPoints(districts)),
    ]);
  }

  async setArea(area: Area): Promise<void> {
    this.area = area;
    await this.setSourceData(SOURCE.area, { type: 'Feature', geometry: area.boundary, properties: { code: area.code } });
  }

  async setCells(cells: CellCollection): Promise<void> {
    await this.setSourceData(SOURCE.cells, cellLayerData(cells));
  }

  async setReports(reports: ReportCollection): Promise<void> {
    await this.setSourceData(SOURCE.reports, reportLayerData(reports));
  }

  async setPlaces(places: PlacePage['features']): Promise<void> {
    await this.setSourceData(SOURCE.places, placeLayerData(places));
  }

  async setSurveyResponses(answers: SurveyResponsePage['features']): Promise<void> {
    await this.setSourceData(SOURCE.surveys, surveyLayerData(answers));
  }

  /** Kept for the first style before the map has one, else handed to the source (re-tiled in the worker). */
  private async setSourceData(id: string, data: GeoJSON.GeoJSON): Promise<void> {
    if (!this.styled) {
      this.firstData[id] = data;
      return;
    }
    await this.loaded;
    this.source(id).setData(data);
  }

  /** Gap polygons, and their names written at [lon, lat] label points. */
  async setGaps(gaps: FeatureCollection<Polygon | MultiPolygon>, labels: { lonLat: [number, number]; label: string }[]): Promise<void> {
    await this.loaded;
    this.selectedGap = null;
    this.source(SOURCE.gaps).setData(gaps);
    this.source(SOURCE.gapLabels).setData({
      type: 'FeatureCollection',
      features: labels.map((l) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: l.lonLat },
        properties: { label: l.label },
      })),
    });
  }

  async setHotspots(hotspots: FeatureCollection): Promise<void> {
    await this.loaded;
    this.source(SOURCE.hotspots).setData(hotspots);
  }

  /** Newly covered and newly lost polygons of a scenario comparison (property `change`: covered | lost). */
  async setDifference(difference: FeatureCollection): Promise<void> {
    await this.loaded;
    this.source(SOURCE.difference).setData(difference);
  }

  async setCandidates(features: CandidateMapFeature[]): Promise<void> {
    await this.loaded;
    if (this.dragging) return;
    this.candidates = features;
    this.source(SOURCE.candidates).setData({ type: 'FeatureCollection', features });
  }

  /**
   * Shows the coverage raster tiles of this URL template, or none. A new template (another network,
   * scenario or candidate) replaces the source: its tiles on their way are cancelled and the old
   * ones are never drawn next to the new (setTiles would keep showing them until replaced, mixed).
   */
  async setCoverageTiles(urlTemplate: string | null, bounds: BBox | null): Promise<void> {
    await this.loaded;
    if (urlTemplate === this.coverageUrl) return;
    this.coverageUrl = urlTemplate;
    if (this.map.getLayer(LAYER.coverageRaster)) this.map.removeLayer(LAYER.coverageRaster);
    if (this.map.getSource<RasterTileSource>(SOURCE.coverage)) this.map.removeSource(SOURCE.coverage);
    if (!urlTemplate) return;
    this.map.addSource(SOURCE.coverage, {
      type: 'raster',
      tiles: [urlTemplate],
      tileSize: 256,
      maxzoom: COVERAGE_MAX_ZOOM,
      bounds: bounds ?? undefined,
    });
    this.map.addLayer(
      {
        id: LAYER.coverageRaster,
        type: 'raster',
        source: SOURCE.coverage,
        // New tiles are drawn at once: a fade-in takes several frames, each costly where WebGL is drawn in software.
        paint: { 'raster-opacity': 0.8, 'raster-resampling': 'nearest', 'raster-fade-duration': 0 },
      },
      // Under the preview's added coverage, when there is one.
      this.map.getLayer(LAYER.previewCoverage) ? LAYER.previewCoverage : COVERAGE_RASTER_BEFORE,
    );
  }

  /**
   * Draws what previewed candidate `code` newly covers (its what-if answer's image, decoded with
   * decodeAddedCoverage) above the coverage raster; `image` null: it adds nothing, nothing is drawn.
   * The map container's `data-preview-coverage` names the candidate whose preview is on the map.
   */
  showPreviewCoverage(code: string, image: { bitmap: ImageBitmap; corners: AddedCoverage['corners'] } | null): void {
    if (!this.styleLoaded) return;
    this.clearPreviewCoverage();
    const container = this.map.getContainer();
    container.dataset.previewCoverage = code;
    if (!image) return;
    const [nw, ne, se, sw] = image.corners;
    const coordinates: [[number, number], [number, number], [number, number], [number, number]] = [nw, ne, se, sw];
    // No url: the image is handed over decoded (the page's connect-src forbids the map fetching a data: URL).
    this.map.addSource(SOURCE.previewCoverage, { type: 'image', coordinates });
    this.map.addLayer(
      {
        id: LAYER.previewCoverage,
        type: 'raster',
        source: SOURCE.previewCoverage,
        // One image pixel per grid pixel, drawn at once (no fade-in over several frames).
        paint: { 'raster-opacity': 0.9, 'raster-resampling': 'nearest', 'raster-fade-duration': 0 },
      },
      COVERAGE_RASTER_BEFORE,
    );
    this.map.getSource<ImageSource>(SOURCE.previewCoverage)?.updateImage({ image: image.bitmap, coordinates });
  }

  /** Takes the preview's added coverage off the map. */
  clearPreviewCoverage(): void {
    delete this.map.getContainer().dataset.previewCoverage;
    if (!this.styleLoaded) return;
    if (this.map.getLayer(LAYER.previewCoverage)) this.map.removeLayer(LAYER.previewCoverage);
    if (this.map.getSource(SOURCE.previewCoverage)) this.map.removeSource(SOURCE.previewCoverage);
  }

  /** Shows the terrain tiles of this URL template under the coverage raster, or none. */
  async setTerrainTiles(urlTemplate: string | null, bounds: BBox | null): Promise<void> {
    await this.loaded;
    if (urlTemplate === this.terrainUrl) return;
    this.terrainUrl = urlTemplate;
    if (this.map.getLayer(LAYER.terrainRaster)) this.map.removeLayer(LAYER.terrainRaster);
    if (this.map.getSource<RasterTileSource>(SOURCE.terrain)) this.map.removeSource(SOURCE.terrain);
    if (!urlTemplate) return;
    this.map.addSource(SOURCE.terrain, {
      type: 'raster',
      tiles: [urlTemplate],
      tileSize: 256,
      maxzoom: COVERAGE_MAX_ZOOM,
      bounds: bounds ?? undefined,
    });
    this.map.addLayer(
      { id: LAYER.terrainRaster, type: 'raster', source: SOURCE.terrain, paint: { 'raster-opacity': 0.9 } },
      this.map.getLayer(LAYER.coverageRaster) ? LAYER.coverageRaster : COVERAGE_RASTER_BEFORE,
    );
  }

  /** Marks one gap as selected (drawn darker); null clears it. */
  highlightGap(id: string | number | null): void {
    if (!this.map.getSource(SOURCE.gaps)) return;
    if (this.selectedGap !== null) this.map.setFeatureState({ source: SOURCE.gaps, id: this.selectedGap }, { selected: false });
    this.selectedGap = id;
    if (id !== null) this.map.setFeatureState({ source: SOURCE.gaps, id }, { selected: true });
  }

  showPopup(lonLat: [number, number], content: HTMLElement): void {
    // The same popup drawn again (its figures reloaded) keeps what the user was typing into it.
    const previous = this.popup.isOpen() ? this.popupContent : null;
    const refocus = previous && previous.dataset.testid === content.dataset.testid ? carryUserInput(previous, content) : null;
    this.popupContent = content;
    this.popup.setLngLat(lonLat).setDOMContent(content).addTo(this.map);
    refocus?.focus();
    const element = this.popup.getElement();
    if (element) {
      this.popupResize.disconnect();
      this.popupResize.observe(element);
    }
    this.keepPopupInView();
  }

  /** True while the open popup runs a write the user started (its status line says so). */
  popupBusy(): boolean {
    return this.popup.isOpen() && this.popupContent?.querySelector('.popup-status[data-busy]') != null;
  }

  /** Pans the map (no animation) so that the open popup is inside the map, top first when it is taller. */
  private keepPopupInView(): void {
    const element = this.popup.isOpen() ? this.popup.getElement() : undefined;
    if (!element) return;
    const box = element.getBoundingClientRect();
    const frame = this.map.getContainer().getBoundingClientRect();
    const margin = 8;
    const shift = (start: number, end: number, min: number, max: number) => {
      if (end - start > max - min - 2 * margin) return start - (min + margin);
      if (start < min + margin) return start - (min + margin);
      if (end > max - margin) return end - (max - margin);
      return 0;
    };
    const dx = shift(box.left, box.right, frame.left, frame.right);
    const dy = shift(box.top, box.bottom, frame.top, frame.bottom);
    if (Math.abs(dx) >= 1 || Math.abs(dy) >= 1) this.map.panBy([dx, dy], { duration: 0 });
  }

  /**
   * Eases the map to a place (a previewed candidate) in `durationMs`, zooming in to `minZoom` when
   * further out; no move when it is well in view.
   */
  easeToPoint(lonLat: [number, number], minZoom = 12, durationMs = 500): void {
    const zoom = Math.max(this.map.getZoom(), minZoom);
    const p = this.map.project(lonLat);
    const canvas = this.map.getCanvas();
    const inside =
      p.x > canvas.clientWidth * 0.2 &&
      p.x < canvas.clientWidth * 0.8 &&
      p.y > canvas.clientHeight * 0.2 &&
      p.y < canvas.clientHeight * 0.8;
    if (inside && zoom === this.map.getZoom()) return;
    this.map.easeTo({ center: lonLat, zoom, duration: durationMs });
  }

  closePopup(): void {
    this.popup.remove();
  }

  isPopupOpen(): boolean {
    return this.popup.isOpen();
  }

  /**
   * Resolves once the map has drawn everything it has been given so far. A map still loading
   * says so by itself when it is done; one already loaded draws one more frame to say it.
   */
  async whenIdle(): Promise<void> {
    this.draw();
    const idle = new Promise<void>((resolve) => this.map.once('idle', () => resolve()));
    if (this.map.loaded()) this.map.triggerRepaint();
    await idle;
  }

  fitArea(animate = true): void {
    if (!this.area) return;
    this.fitBounds(this.area.bbox, animate);
  }

  fitBounds([minLon, minLat, maxLon, maxLat]: BBox, animate = true, maxZoom = 16): void {
    this.map.fitBounds(
      [
        [minLon, minLat],
        [maxLon, maxLat],
      ],
      { padding: 32, duration: animate ? 600 : 0, bearing: 0, maxZoom },
    );
  }

  getPosition(): MapPosition {
    const c = this.map.getCenter();
    return { center: [c.lng, c.lat], zoom: this.map.getZoom(), bearing: this.map.getBearing() };
  }

  jumpTo(position: MapPosition): void {
    this.map.jumpTo({ center: position.center, zoom: position.zoom, bearing: position.bearing });
  }

  onViewChange(listener: () => void): void {
    this.map.on('moveend', listener);
  }

  setLayers(groups: readonly LayerGroup[]): void {
    this.visible = new Set(groups);
    void this.loaded.then(() => this.applyVisibility());
  }

  setLocale(locale: Locale, t: Translate): void {
    this.locale = locale;
    this.t = t;
    // MapLibre reads its control texts from this table when the controls are built.
    Object.assign(this.map._locale, mapUiStrings(t));
    this.map.getCanvas().setAttribute('aria-label', t('mapui.map'));
    for (const control of this.controls) this.map.removeControl(control);
    this.addControls();
    this.popup.remove();
    void this.loaded.then(() => {
      this.map.setLayoutProperty(LAYER.districtLabels, 'text-field', districtLabelField(locale));
      this.map.setLayoutProperty(LAYER.reportsClusterCount, 'text-field', clusterCountField(locale));
      this.map.setLayoutProperty(LAYER.placesLabel, 'text-field', placeLabelField(locale));
    });
  }

  /** Adds, replaces or removes the remote raster basemap. */
  async setBasemap(basemap: BasemapOptions): Promise<void> {
    this.basemap = basemap;
    await this.loaded;
    if (this.map.getLayer(LAYER.basemap)) this.map.removeLayer(LAYER.basemap);
    if (this.map.getSource(SOURCE.basemap)) this.map.removeSource(SOURCE.basemap);
    const style = baseStyle(this.locale, basemap);
    const source = style.sources[SOURCE.basemap];
    const layer = style.layers.find((l: LayerSpecification) => l.id === LAYER.basemap);
    if (source && layer) {
      this.map.addSource(SOURCE.basemap, source);
      this.map.addLayer(layer, LAYER.districtsFill);
    }
    this.setBasemapAttribution(basemap);
    this.applyVisibility();
  }

  /** Shows and hides layers as the toggles say; the map skips what is already so. */
  private applyVisibility(): void {
    for (const [id, state] of layerStates(this.visible)) {
      if (!this.map.getLayer(id)) continue;
      this.map.setLayoutProperty(id, 'visibility', state.visibility);
      if (state.filter) this.map.setFilter(id, state.filter);
    }
    const basemapShown = this.visible.has('basemap') && Boolean(this.map.getLayer(LAYER.basemap));
    this.map.setPaintProperty(LAYER.districtsFill, 'fill-opacity', districtFillOpacity(basemapShown));
  }

  private addControls(): void {
    this.controls = [
      new NavigationControl({ showCompass: true, visualizePitch: false }),
      new FitAreaControl(this.t('map.reset'), () => this.fitArea()),
      new ScaleControl({ unit: 'metric', maxWidth: 120 }),
    ];
    this.map.addControl(this.controls[0], 'top-right');
    this.map.addControl(this.controls[1], 'top-right');
    this.map.addControl(this.controls[2], 'bottom-left');
  }

  private setBasemapAttribution(basemap: BasemapOptions): void {
    if (this.attribution) this.map.removeControl(this.attribution);
    this.attribution = null;
    if (basemap.url) {
      this.attribution = new AttributionControl({ compact: true });
      this.map.addControl(this.attribution, 'bottom-right');
    }
  }

  /**
   * What is drawn around `point`. Not map.isStyleLoaded(): that is false whenever a source is still
   * loading (coverage tiles on their way, candidates re-tiled after a drag), and a click then would
   * pick nothing though the features are on screen.
   */
  private hitFeatures(point: { x: number; y: number }): MapGeoJSONFeature[] {
    if (!this.styleLoaded) return [];
    const box: [PointLike, PointLike] = [
      [point.x - CLICK_TOLERANCE_PX, point.y - CLICK_TOLERANCE_PX],
      [point.x + CLICK_TOLERANCE_PX, point.y + CLICK_TOLERANCE_PX],
    ];
    const layers = CLICKABLE_LAYERS.filter((id) => this.map.getLayer(id) && this.map.getLayoutProperty(id, 'visibility') !== 'none');
    return this.map.queryRenderedFeatures(box, { layers });
  }

  private onClick(point: { x: number; y: number }, lonLat: [number, number]): void {
    // Nothing is drawn to pick from before the map has a style (it has none at first).
    if (!this.styleLoaded) return;
    if (this.justDragged) {
      this.justDragged = false;
      return;
    }
    const hits = this.hitFeatures(point);
    const first = (layer: string) => hits.find((f) => f.layer.id === layer);
    const candidate = first(LAYER.candidatesCircle);
    if (candidate)
      return this.pickListener({ kind: 'candidate', id: Number(candidate.properties.id), lonLat: pointOf(candidate) ?? lonLat });
    const report = first(LAYER.reportsPoint);
    if (report) return this.pickListener({ kind: 'report', id: Number(report.properties.id), lonLat: pointOf(report) ?? lonLat });
    const survey = first(LAYER.surveysPoint);
    if (survey) return this.pickListener({ kind: 'survey', id: Number(survey.properties.id), lonLat: pointOf(survey) ?? lonLat });
    const cluster = first(LAYER.reportsClusters);
    if (cluster) return void this.zoomIntoCluster(cluster);
    // The exact pixel decides among cells; the tolerance box only helps with thin wedges.
    const cellsShown = this.map.getLayer(LAYER.cellsFill) && this.map.getLayoutProperty(LAYER.cellsFill, 'visibility') !== 'none';
    const exact = cellsShown ? this.map.queryRenderedFeatures([point.x, point.y], { layers: [LAYER.cellsFill] }) : [];
    const cells = exact.length > 0 ? exact : hits.filter((f) => f.layer.id === LAYER.cellsFill);
    if (cells.length > 0) return this.pickListener({ kind: 'cells', ids: [...new Set(cells.map((f) => Number(f.properties.id)))], lonLat });
    const hotspot = first(LAYER.hotspotsFill);
    if (hotspot) return this.pickListener({ kind: 'hotspot', id: String(hotspot.properties.id), lonLat });
    const gap = first(LAYER.gapsFill);
    if (gap) return this.pickListener({ kind: 'gap', id: String(gap.properties.id), lonLat });
    const difference = first(LAYER.differenceFill);
    if (difference) return this.pickListener({ kind: 'difference', id: String(difference.properties.id), lonLat });
    if (this.coverageUrl && this.map.getLayer(LAYER.coverageRaster)) return this.pickListener({ kind: 'pixel', lonLat });
    this.popup.remove();
  }

  private dragging: { id: number; from: [number, number]; to: [number, number] } | null = null;
  /** A drag ends with a click event on some browsers; that click is not a pick. */
  private justDragged = false;

  private startDrag(e: MapLayerMouseEvent | MapLayerTouchEvent): void {
    if (!this.dragEnabled) return;
    if ('button' in e.originalEvent && e.originalEvent.button !== 0) return;
    if (e.type === 'touchstart' && (e as MapLayerTouchEvent).points.length !== 1) return;
    const feature = e.features?.[0];
    const from = feature ? pointOf(feature) : null;
    if (!feature || !from) return;
    // Stops the map from panning while the candidate moves.
    e.preventDefault();
    this.dragging = { id: Number(feature.properties.id), from, to: from };
    this.map.getCanvas().style.cursor = 'grabbing';
    const touch = e.type === 'touchstart';
    const move = (ev: { lngLat: { lng: number; lat: number } }) => this.moveDragged([ev.lngLat.lng, ev.lngLat.lat]);
    const end = () => {
      this.map.off(touch ? 'touchmove' : 'mousemove', move);
      this.map.getCanvas().style.cursor = '';
      const drag = this.dragging;
      this.dragging = null;
      if (!drag) return;
      const moved = drag.to[0] !== drag.from[0] || drag.to[1] !== drag.from[1];
      if (moved) {
        this.justDragged = true;
        setTimeout(() => (this.justDragged = false), 0);
        this.dragListener(drag.id, drag.from, drag.to);
      }
    };
    this.map.on(touch ? 'touchmove' : 'mousemove', move);
    this.map.once(touch ? 'touchend' : 'mouseup', end);
  }

  private moveDragged(to: [number, number]): void {
    const drag = this.dragging;
    if (!drag) return;
    drag.to = to;
    this.candidates = this.candidates.map((f) =>
      f.properties.id === drag.id ? { ...f, geometry: { type: 'Point', coordinates: to } } : f,
    );
    this.source(SOURCE.candidates).setData({ type: 'FeatureCollection', features: this.candidates });
  }

  private async zoomIntoCluster(feature: MapGeoJSONFeature): Promise<void> {
    if (feature.geometry.type !== 'Point') return;
    const zoom = await this.source(SOURCE.reports).getClusterExpansionZoom(Number(feature.properties.cluster_id));
    const [lon, lat] = feature.geometry.coordinates;
    this.map.easeTo({ center: [lon, lat], zoom: Math.min(zoom, 18) });
  }

  private source(id: string): GeoJSONSource {
    const s = this.map.getSource<GeoJSONSource>(id);
    if (!s) throw new Error(`Map source "${id}" is missing`);
    return s;
  }
}

function pointOf(feature: MapGeoJSONFeature): [number, number] | null {
  return feature.geometry.type === 'Point' ? [feature.geometry.coordinates[0], feature.geometry.coordinates[1]] : null;
}

/**
 * Copies the fields the user changed in `from` (value differs from the value it was drawn with) onto
 * the fields of the same test id or name in `to`, a fresh drawing of the same popup; answers the
 * field of `to` to focus when one in `from` had the focus.
 */
function carryUserInput(from: HTMLElement, to: HTMLElement): HTMLElement | null {
  const key = (e: Element) => e.getAttribute('data-testid') ?? e.getAttribute('name');
  const fields = (root: HTMLElement) => [
    ...root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('input, textarea, select'),
  ];
  const target = new Map<string, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>();
  for (const field of fields(to)) {
    const k = key(field);
    if (k) target.set(k, field);
  }
  let focus: HTMLElement | null = null;
  // A result line the user has not read yet stays, unless the new drawing brings its own.
  const oldStatus = from.querySelector('.popup-status');
  const newStatus = to.querySelector('.popup-status');
  if (oldStatus && newStatus && newStatus.childElementCount === 0) newStatus.replaceChildren(...oldStatus.childNodes);
  for (const field of fields(from)) {
    const k = key(field);
    const counterpart = k ? target.get(k) : undefined;
    if (!counterpart || counterpart.tagName !== field.tagName) continue;
    const changed =
      field instanceof HTMLSelectElement
        ? [...field.options].some((o) => o.selected !== o.defaultSelected)
        : field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')
          ? field.checked !== field.defaultChecked
          : field.value !== field.defaultValue;
    if (changed) {
      if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio'))
        (counterpart as HTMLInputElement).checked = field.checked;
      else counterpart.value = field.value;
    }
    if (field === document.activeElement) focus = counterpart;
  }
  return focus;
}

/** The PNG of a what-if answer's added coverage, decoded off the page's thread. */
export function decodeAddedCoverage(image: AddedCoverage): Promise<ImageBitmap> {
  const bytes = Uint8Array.from(atob(image.png), (c) => c.charCodeAt(0));
  return createImageBitmap(new Blob([bytes], { type: 'image/png' }));
}
