import type { ApiClient } from '../api/client.ts';
import type { AppState, AppStore } from '../state/app-state.ts';
import { activeRaster } from '../state/layer-groups.ts';
import {
  selectCanEdit,
  selectCoverageTiles,
  selectPlaceNames,
  selectPreviewImage,
  selectTerrainTiles,
  selectTranslate,
} from '../state/selectors.ts';
import { sameFields, watch } from '../state/store.ts';
import { decodeAddedCoverage, type MapView } from './map-view.ts';
import type { PlannerLayers } from './planner-layers.ts';

/**
 * The map glue: hands the store's data to the MapLibre map as it changes (each hand-over re-tiles
 * in the map's worker, so only what changed), and turns the map's events into actions.
 */
export function bindMap(
  store: AppStore,
  mapView: MapView,
  plannerLayers: PlannerLayers,
  api: Pick<ApiClient, 'tileUrlTemplate' | 'terrainTileUrlTemplate'>,
): void {
  // Before the map has its style these only keep the data: the first map draws it all at once.
  store.subscribe(
    (s) => s.districts,
    (districts) => districts && void mapView.setDistricts(districts),
  );
  // An area read again after an edit keeps its boundary: not handed over again.
  store.subscribe(
    (s) => s.area?.code,
    (_, s) => s.area && void mapView.setArea(s.area),
  );
  store.subscribe(
    (s) => s.cells,
    (cells) => void mapView.setCells(cells),
  );
  store.subscribe(
    (s) => s.reports,
    (reports) => void mapView.setReports(reports),
  );
  store.subscribe(
    (s) => s.places,
    (places) => void mapView.setPlaces(places),
  );
  store.subscribe(
    (s) => s.surveyResponses,
    (answers) => void mapView.setSurveyResponses(answers),
  );
  store.subscribe(
    (s) => s.view.layers,
    (layers) => mapView.setLayers(layers),
  );
  store.subscribe(
    (s) => s.settings.locale,
    (locale, s) => mapView.setLocale(locale, selectTranslate(s)),
  );
  store.subscribe(
    (s) => ({ url: s.settings.basemapUrl, attribution: s.settings.basemapAttribution }),
    (basemap) => void mapView.setBasemap(basemap),
    sameFields,
  );
  // A preview's figures come first. The map's part of a preview (the candidate's coverage tiles and
  // the move to it) waits until they are on screen: each map frame holds the page's one thread for
  // a long time where WebGL is drawn in software, and the figures would wait behind those frames.
  // Anything else (another network, scenario, layer or edit) changes the tiles at once.
  let shownTiles: { url: string | null; base: string } = { url: null, base: '' };
  let pendingPreview: number | null = null;
  const applyTiles = (s: AppState) => {
    const url = selectCoverageTiles(s, api);
    const base = tilesBase(s);
    if (url === shownTiles.url) return;
    const onlyPreviewChanged = base === shownTiles.base && previewLoading(s);
    if (onlyPreviewChanged) return;
    shownTiles = { url, base };
    void mapView.setCoverageTiles(url, s.area?.bbox ?? null);
  };
  store.subscribe(
    (s) => ({ url: selectCoverageTiles(s, api), loading: previewLoading(s) }),
    (_, s) => {
      if (pendingPreview !== null) cancelAnimationFrame(pendingPreview);
      pendingPreview = null;
      if (!previewLoading(s) && s.planner.selected !== null) {
        // After the frame that paints the figures.
        pendingPreview = requestAnimationFrame(() => {
          pendingPreview = null;
          setTimeout(() => applyTiles(store.getState()), 0);
        });
        return;
      }
      applyTiles(s);
    },
    sameFields,
  );
  // What the previewed candidate newly covers, drawn from its what-if answer on the level raster
  // (see selectPreviewFromAnswer). The image is decoded as the answer arrives and drawn after the
  // frame that paints the figures, like the tiles above. While the next candidate's answer is on
  // its way the last one stays (taking it away would cost a frame before the figures); it goes at
  // once when the preview ends or what it was computed on changes (network, scenario, an edit).
  let previewJob = 0;
  let previewBase: string | null = null;
  store.subscribe(
    selectPreviewImage,
    (preview, s) => {
      const job = ++previewJob;
      if (!preview) {
        const next = s.planner.selected !== null && s.planner.previewFigures.status === 'loading' && tilesBase(s) === previewBase;
        if (!next) {
          previewBase = null;
          mapView.clearPreviewCoverage();
        }
        return;
      }
      const base = tilesBase(s);
      const decoded = preview.image ? decodeAddedCoverage(preview.image) : Promise.resolve(null);
      const painted = new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      void Promise.all([decoded, painted]).then(
        ([bitmap]) => {
          if (job !== previewJob) return bitmap?.close();
          previewBase = base;
          mapView.showPreviewCoverage(preview.code, bitmap && preview.image ? { bitmap, corners: preview.image.corners } : null);
        },
        () => job === previewJob && mapView.clearPreviewCoverage(),
      );
    },
    (a, b) => a?.code === b?.code && a?.image === b?.image,
  );
  watch(store, selectCanEdit, (canEdit) => mapView.setCandidateDragEnabled(canEdit));
  watch(
    store,
    (s) => selectTerrainTiles(s, api),
    (url) => void mapView.setTerrainTiles(url, store.getState().area?.bbox ?? null),
  );
  // The previewed candidate's mark too waits for its figures (see the coverage tiles below).
  let markedPreview: string | null = null;
  store.subscribe(
    (s) => ({ planner: s.planner, candidates: s.candidates, names: selectPlaceNames(s) }),
    ({ planner, candidates, names }, s) => {
      if (!previewLoading(s)) markedPreview = planner.selected;
      plannerLayers.update(planner.selected === markedPreview ? planner : { ...planner, selected: markedPreview }, candidates, names);
    },
    sameFields,
  );
  store.subscribe(
    (s) => s.selection,
    (selection) => {
      if (!selection?.zoomTo) return;
      mapView.fitBounds(selection.zoomTo, false, 13);
      if (selection.pick.kind === 'gap') mapView.highlightGap(selection.pick.id);
    },
  );
  // A previewed candidate is brought into view (its added coverage is drawn around it), once its
  // figures are on screen (see above).
  let eased: string | null = null;
  store.subscribe(
    (s) => ({ code: s.planner.selected, loading: previewLoading(s) }),
    ({ code, loading }, s) => {
      if (code === null) eased = null;
      const candidate = code ? s.candidates.get(code) : undefined;
      if (!candidate || loading || eased === code) return;
      eased = code;
      const lonLat: [number, number] = [candidate.geometry.coordinates[0], candidate.geometry.coordinates[1]];
      requestAnimationFrame(() => setTimeout(() => mapView.easeToPoint(lonLat, 12, PREVIEW_EASE_MS), 0));
    },
    sameFields,
  );
  // The map's container changes size with the panel, and when it comes back from the dashboard.
  store.subscribe(
    (s) => s.view.panelExpanded,
    () => mapView.map.resize(),
  );
  store.subscribe(
    (s) => s.view.view,
    (view) => view === 'map' && mapView.map.resize(),
  );

  mapView.onViewChange(() => store.dispatch({ type: 'view/map-moved', position: mapView.getPosition() }));
  mapView.onPick((pick) => store.dispatch({ type: 'map/picked', pick }));
}

/** A preview's move to the candidate: short, each frame of it is costly where WebGL is drawn in software. */
const PREVIEW_EASE_MS = 250;

/** Whether a previewed candidate's figures are on their way. */
function previewLoading(s: AppState): boolean {
  return s.planner.selected !== null && s.planner.previewFigures.status === 'loading';
}

/** What the coverage tiles show apart from the previewed candidate: area, network, scenario, working candidates, raster, data version. */
function tilesBase(s: AppState): string {
  const p = s.planner;
  return [s.area?.code ?? '', p.network, p.scenario ?? '', p.working.join(','), activeRaster(s.view.layers) ?? '', p.version].join('|');
}
