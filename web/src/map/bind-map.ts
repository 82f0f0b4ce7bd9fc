import type { ApiClient } from '../api/client.ts';
import type { AppStore } from '../state/app-state.ts';
import { selectCanEdit, selectCoverageTiles, selectPlaceNames, selectTranslate } from '../state/selectors.ts';
import { sameFields, watch } from '../state/store.ts';
import type { MapView } from './map-view.ts';
import type { PlannerLayers } from './planner-layers.ts';

/**
 * The map glue: hands the store's data to the MapLibre map as it changes (each hand-over re-tiles
 * in the map's worker, so only what changed), and turns the map's events into actions.
 */
export function bindMap(store: AppStore, mapView: MapView, plannerLayers: PlannerLayers, api: Pick<ApiClient, 'tileUrlTemplate'>): void {
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
  store.subscribe(
    (s) => selectCoverageTiles(s, api),
    (url, s) => void mapView.setCoverageTiles(url, s.area?.bbox ?? null),
  );
  watch(store, selectCanEdit, (canEdit) => mapView.setCandidateDragEnabled(canEdit));
  store.subscribe(
    (s) => ({ planner: s.planner, candidates: s.candidates, names: selectPlaceNames(s) }),
    ({ planner, candidates, names }) => plannerLayers.update(planner, candidates, names),
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
