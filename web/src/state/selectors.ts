import type { ApiClient } from '../api/client.ts';
import type { AddedCoverage } from '../api/types.ts';
import { nameByPlace } from '../geo/place-names.ts';
import { createTranslator, type Locale, type Translate } from '../i18n/index.ts';
import type { AppState } from './app-state.ts';
import { activeRaster, type LayerGroup } from './layer-groups.ts';
import { rasterCandidates, type ComputedKey } from './planner-state.ts';
import { sameItems } from './store.ts';
import { formatViewHash } from './url-state.ts';

/** Names of gaps and hotspots by id, in the UI language (the place they are in or near). */
export type PlaceNames = ReadonlyMap<string, string>;

/** Remembers the last result of `compute` and returns it while the inputs are the same items. */
function memo<D extends readonly unknown[], R>(compute: (...deps: D) => R): (...deps: D) => R {
  let last: { deps: D; result: R } | null = null;
  return (...deps) => {
    if (last && sameItems(last.deps, deps)) return last.result;
    last = { deps, result: compute(...deps) };
    return last.result;
  };
}

const translatorFor = memo((locale: Locale) => createTranslator(locale));

/** The translator of the UI language (the same function while the language stays). */
export function selectTranslate(s: AppState): Translate {
  return translatorFor(s.settings.locale);
}

export function selectLocale(s: AppState): Locale {
  return s.settings.locale;
}

/** Viewers read; planners and admins edit. */
export function selectCanEdit(s: AppState): boolean {
  return (s.session.user?.role ?? 'viewer') !== 'viewer';
}

const placeNamesFor = memo(
  (
    gaps: AppState['planner']['gaps']['data'],
    hotspots: AppState['planner']['hotspots']['data'],
    settlements: AppState['settlements'],
    locale: Locale,
  ): PlaceNames => {
    const items = [...(gaps?.features ?? []), ...(hotspots?.features ?? [])].map((f) => ({
      id: f.properties.id,
      geometry: f.geometry,
      centroid: f.properties.centroid,
    }));
    const t = translatorFor(locale);
    return nameByPlace(items, settlements, locale, (place) => t('gaps.near', { place }));
  },
);

/** Gap and hotspot names (the place each is in or near, in the UI language); the same map while their inputs stay. */
export function selectPlaceNames(s: AppState): PlaceNames {
  return placeNamesFor(s.planner.gaps.data, s.planner.hotspots.data, s.settlements, s.settings.locale);
}

/** The name of a gap or a hotspot, or the word for one without a name. */
export function selectPlaceName(s: AppState, id: string): string {
  return selectPlaceNames(s).get(id) ?? selectTranslate(s)('gaps.unnamed');
}

/** The URL hash of the state: the view, the area, the planner's network, scenario and candidates, the layers and the position. */
export function selectViewHash(s: AppState): string {
  const { view, area, layers, map } = s.view;
  const { network, scenario, working } = s.planner;
  return formatViewHash({ view, area, network, layers, scenario, working, map });
}

/** The planner's parts the visible layers and the open tab show. */
export function wantedParts(layers: readonly LayerGroup[], tab: AppState['view']['tab']): ComputedKey[] {
  const on = (g: LayerGroup) => layers.includes(g);
  const parts = new Set<ComputedKey>();
  if (on('candidates') || tab === 'planning') parts.add('ranking');
  if (tab === 'planning') for (const k of ['baseFigures', 'workingFigures', 'previewFigures'] as const) parts.add(k);
  if (on('gaps') || tab === 'gaps') parts.add('gaps');
  if (on('hotspots') || tab === 'gaps') parts.add('hotspots');
  if (tab === 'gaps') parts.add('remedies');
  return [...parts];
}

/**
 * The parts the page wants computed now, as one string for a subscription: none until the first
 * map of the area is drawn, so that the computations do not slow it down.
 */
export function selectWanted(s: AppState): string {
  if (s.area === null || s.phase === 'none' || s.phase === 'loading') return '';
  return wantedParts(s.view.layers, s.view.tab).join(',');
}

/** The terrain tiles (shaded relief) when that layer is on, else null. */
export function selectTerrainTiles(s: AppState, api: Pick<ApiClient, 'terrainTileUrlTemplate'>): string | null {
  if (!s.area || !s.view.layers.includes('terrain')) return null;
  return api.terrainTileUrlTemplate(s.area.code, s.planner.version);
}

/**
 * Whether the previewed candidate's coverage is drawn from its what-if answer (an image of what it
 * newly covers, above the level raster) rather than by tiles computed with it: on the level raster,
 * unless the answer failed or came without an image of what it covers (too large an extent).
 */
export function selectPreviewFromAnswer(s: AppState): boolean {
  const p = s.planner;
  if (p.selected === null || activeRaster(s.view.layers) !== 'level') return false;
  const f = p.previewFigures;
  if (f.status === 'error') return false;
  return f.status !== 'ready' || f.data === null || f.data.addedCoverage !== null || f.data.newlyCoveredKm2 === 0;
}

/**
 * The previewed candidate's answer as the map draws it (see selectPreviewFromAnswer): the image of
 * what it newly covers, null when it covers nothing new; null when there is no such answer.
 */
export function selectPreviewImage(s: AppState): { code: string; image: AddedCoverage | null } | null {
  const p = s.planner;
  if (!selectPreviewFromAnswer(s) || p.previewFigures.status !== 'ready' || !p.previewFigures.data || !p.selected) return null;
  return { code: p.selected, image: p.previewFigures.data.addedCoverage };
}

/**
 * The coverage raster tiles of the network shown, computed with the working candidates and the
 * previewed one (unless its answer's image shows what it adds); null when no raster is on.
 */
export function selectCoverageTiles(s: AppState, api: Pick<ApiClient, 'tileUrlTemplate'>): string | null {
  const raster = activeRaster(s.view.layers);
  if (!raster || !s.area) return null;
  const p = s.planner;
  return api.tileUrlTemplate(s.area.code, {
    technology: p.network,
    mode: raster,
    scenario: p.scenario,
    candidates: selectPreviewFromAnswer(s) ? p.working : rasterCandidates(p),
    version: p.version,
  });
}
