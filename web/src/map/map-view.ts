import {
  AttributionControl,
  Map as MapLibreMap,
  NavigationControl,
  Popup,
  ScaleControl,
  setWorkerUrl,
  type GeoJSONSource,
  type IControl,
  type MapGeoJSONFeature,
  type PointLike,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Area, CellCollection, CellProperties, DistrictCollection, ReportCollection, ReportProperties } from '../api/types.ts';
import { cellSectors } from '../geo/cell-sectors.ts';
import { districtLabelPoints } from '../geo/district-labels.ts';
import type { Locale, Translate } from '../i18n/index.ts';
import type { LayerGroup } from '../state/layer-groups.ts';
import type { MapPosition } from '../state/url-state.ts';
import { cellPopupHtml, reportPopupHtml } from '../ui/popup-content.ts';
import { baseStyle, type BasemapOptions } from './base-style.ts';
import { FitAreaControl } from './fit-area-control.ts';
import { cellsFilter, clusterCountField, districtLabelField, GROUP_LAYERS, LAYER, SOURCE } from './layers.ts';
import { mapUiStrings } from './map-ui-locale.ts';
import type { LayerSpecification } from './style-types.ts';

setWorkerUrl(workerUrl);

/** Daqing city centre, [lon, lat]: the view before any area is known. */
const DAQING_CENTER: [number, number] = [124.95, 46.6];
/** Pixels around a click within which a small feature still counts as hit. */
const CLICK_TOLERANCE_PX = 4;
const CLICKABLE_LAYERS = [LAYER.reportsClusters, LAYER.reportsPoint, LAYER.cellsFill];

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
  private locale: Locale;
  private t: Translate;
  private visible: Set<LayerGroup>;
  private area: Area | null = null;
  private cellsById = new Map<number, CellProperties>();
  private reportsById = new Map<number, ReportProperties>();
  private controls: IControl[] = [];
  private attribution: AttributionControl | null = null;
  private readonly popup = new Popup({ maxWidth: '340px', focusAfterOpen: true, className: 'feature-popup' });

  constructor(opts: MapViewOptions) {
    this.locale = opts.locale;
    this.t = opts.t;
    this.visible = new Set(opts.layers);
    this.map = new MapLibreMap({
      container: opts.container,
      style: baseStyle(opts.locale, opts.basemap),
      center: opts.position?.center ?? DAQING_CENTER,
      zoom: opts.position?.zoom ?? 8.5,
      bearing: opts.position?.bearing ?? 0,
      maxPitch: 0,
      attributionControl: false,
      locale: mapUiStrings(opts.t),
    });
    this.loaded = new Promise((resolve) => this.map.once('load', () => resolve()));
    this.addControls();
    this.setBasemapAttribution(opts.basemap);
    this.map.on('click', (e) => this.onClick(e.point, [e.lngLat.lng, e.lngLat.lat]));
    this.map.on('mousemove', (e) => {
      this.map.getCanvas().style.cursor = this.hitFeatures(e.point).length > 0 ? 'pointer' : '';
    });
    void this.loaded.then(() => this.applyVisibility());
  }

  async setDistricts(districts: DistrictCollection): Promise<void> {
    await this.loaded;
    this.source(SOURCE.districts).setData(districts);
    this.source(SOURCE.districtLabels).setData(districtLabelPoints(districts));
  }

  async setArea(area: Area): Promise<void> {
    await this.loaded;
    this.area = area;
    this.source(SOURCE.area).setData({ type: 'Feature', geometry: area.boundary, properties: { code: area.code } });
  }

  async setCells(cells: CellCollection): Promise<void> {
    await this.loaded;
    this.cellsById = new Map(cells.features.map((f) => [f.properties.id, f.properties]));
    this.source(SOURCE.cells).setData(cellSectors(cells));
  }

  async setReports(reports: ReportCollection): Promise<void> {
    await this.loaded;
    this.reportsById = new Map(reports.features.map((f) => [f.properties.id, f.properties]));
    this.source(SOURCE.reports).setData({ type: 'FeatureCollection', features: reports.features });
  }

  /** Resolves once the map has drawn everything it has been given so far. */
  async whenIdle(): Promise<void> {
    await this.loaded;
    const idle = new Promise<void>((resolve) => this.map.once('idle', () => resolve()));
    this.map.triggerRepaint();
    await idle;
  }

  fitArea(animate = true): void {
    if (!this.area) return;
    const [minLon, minLat, maxLon, maxLat] = this.area.bbox;
    this.map.fitBounds(
      [
        [minLon, minLat],
        [maxLon, maxLat],
      ],
      { padding: 32, duration: animate ? 600 : 0, bearing: 0 },
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
    });
  }

  /** Adds, replaces or removes the remote raster basemap. */
  async setBasemap(basemap: BasemapOptions): Promise<void> {
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

  private applyVisibility(): void {
    const on = (g: LayerGroup) => this.visible.has(g);
    for (const [group, layers] of Object.entries(GROUP_LAYERS) as [LayerGroup, string[]][]) {
      if (group === 'gsm' || group === 'cdma') continue;
      for (const id of layers) this.setVisibility(id, on(group));
    }
    const anyCells = on('gsm') || on('cdma');
    for (const id of [LAYER.cellsFill, LAYER.cellsLine]) {
      this.setVisibility(id, anyCells);
      this.map.setFilter(id, cellsFilter(on('gsm'), on('cdma')));
    }
    // Over a photo or street basemap the district fill would hide it: keep only a tint.
    const basemapShown = on('basemap') && Boolean(this.map.getLayer(LAYER.basemap));
    this.map.setPaintProperty(LAYER.districtsFill, 'fill-opacity', basemapShown ? 0.25 : 0.92);
  }

  private setVisibility(layerId: string, visible: boolean): void {
    if (this.map.getLayer(layerId)) this.map.setLayoutProperty(layerId, 'visibility', visible ? 'visible' : 'none');
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

  private hitFeatures(point: { x: number; y: number }): MapGeoJSONFeature[] {
    if (!this.map.isStyleLoaded()) return [];
    const box: [PointLike, PointLike] = [
      [point.x - CLICK_TOLERANCE_PX, point.y - CLICK_TOLERANCE_PX],
      [point.x + CLICK_TOLERANCE_PX, point.y + CLICK_TOLERANCE_PX],
    ];
    const layers = CLICKABLE_LAYERS.filter((id) => this.map.getLayer(id));
    return this.map.queryRenderedFeatures(box, { layers });
  }

  private onClick(point: { x: number; y: number }, lonLat: [number, number]): void {
    const hits = this.hitFeatures(point);
    const cluster = hits.find((f) => f.layer.id === LAYER.reportsClusters);
    const report = hits.find((f) => f.layer.id === LAYER.reportsPoint);
    // The exact pixel decides among cells; the tolerance box only helps with thin wedges.
    const cells = this.map.queryRenderedFeatures([point.x, point.y], { layers: [LAYER.cellsFill] });
    const cellHits = cells.length > 0 ? cells : hits.filter((f) => f.layer.id === LAYER.cellsFill);
    if (report) return this.showReport(report);
    if (cluster) return void this.zoomIntoCluster(cluster);
    if (cellHits.length > 0) return this.showCells(cellHits, lonLat);
    this.popup.remove();
  }

  private showReport(feature: MapGeoJSONFeature): void {
    const p = this.reportsById.get(Number(feature.properties.id));
    if (!p || feature.geometry.type !== 'Point') return;
    const [lon, lat] = feature.geometry.coordinates;
    this.popup.setLngLat([lon, lat]).setHTML(reportPopupHtml(p, this.t, this.locale)).addTo(this.map);
  }

  /** The popup opens where the wedge was clicked, so that it does not hide the mast. */
  private showCells(features: MapGeoJSONFeature[], lonLat: [number, number]): void {
    const ids = [...new Set(features.map((f) => Number(f.properties.id)))];
    const cell = this.cellsById.get(ids[0]);
    if (!cell) return;
    this.popup
      .setLngLat(lonLat)
      .setHTML(cellPopupHtml(cell, this.t, this.locale, ids.length - 1))
      .addTo(this.map);
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
