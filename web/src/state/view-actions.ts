import type { BBox } from '../api/types.ts';
import type { AppStore, PanelTab } from './app-state.ts';
import { activeRaster, type LayerGroup } from './layer-groups.ts';
import type { PlannerActions } from './planner-actions.ts';
import type { AppView } from './url-state.ts';

/** What the page shows: layers, tab, view, language, panel; and the previews and targets that switch layers on. */
export class ViewActions {
  constructor(
    private readonly store: AppStore,
    private readonly planner: PlannerActions,
  ) {}

  toggleLayer(group: LayerGroup, visible: boolean): void {
    this.store.dispatch({ type: 'view/layer', group, visible });
  }

  setTab(tab: PanelTab): void {
    this.store.dispatch({ type: 'view/tab', tab });
  }

  setView(view: AppView): void {
    this.store.dispatch({ type: 'view/view', view });
  }

  togglePanel(): void {
    this.store.dispatch({ type: 'view/panel-toggled' });
  }

  /** Switches between Chinese and English. */
  toggleLocale(): void {
    this.store.dispatch({ type: 'settings/locale', locale: this.store.getState().settings.locale === 'zh-CN' ? 'en' : 'zh-CN' });
  }

  saveBasemap(url: string, attribution: string): void {
    this.store.dispatch({ type: 'settings/basemap', url, attribution });
  }

  /** Previews a candidate: its coverage on the level raster (switched on if no raster is), and the figures in the planning tab. */
  preview(code: string | null): void {
    this.planner.select(code);
    if (code && !activeRaster(this.store.getState().view.layers)) this.toggleLayer('level', true);
  }

  /** Compares two scenarios and shows their difference on the map. */
  async compare(base: string, target: string): Promise<void> {
    await this.planner.compare(base, target);
    const s = this.store.getState();
    if (s.planner.comparison.status === 'ready' && !s.view.layers.includes('difference')) this.toggleLayer('difference', true);
  }

  /** Shows a gap or a hotspot: its layer on, the map zoomed to it, its details open. */
  showTarget(kind: 'gap' | 'hotspot', id: string): void {
    const p = this.store.getState().planner;
    const feature =
      kind === 'gap'
        ? p.gaps.data?.features.find((f) => f.properties.id === id)
        : p.hotspots.data?.features.find((f) => f.properties.id === id);
    if (!feature) return;
    const group = kind === 'gap' ? 'gaps' : 'hotspots';
    if (!this.store.getState().view.layers.includes(group)) this.toggleLayer(group, true);
    this.store.dispatch({ type: 'map/picked', pick: { kind, id, lonLat: feature.properties.centroid }, zoomTo: bboxOf(feature.geometry) });
  }
}

/** [minLon, minLat, maxLon, maxLat] of a geometry's coordinates. */
export function bboxOf(geometry: GeoJSON.Geometry): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
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
