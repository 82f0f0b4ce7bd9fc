import type { AppAction, AppState } from './app-state.ts';
import { toggleGroup } from './layer-groups.ts';
import { plannerReducer, type PlannerAction } from './planner-state.ts';
import { summarize } from './summary.ts';

const isPlannerAction = (a: AppAction): a is PlannerAction => a.type.startsWith('planner/');

/** The page's state after an action; the planner's actions go to the planner's slice. */
export function appReducer(s: AppState, a: AppAction): AppState {
  if (isPlannerAction(a)) {
    const planner = plannerReducer(s.planner, a);
    return planner === s.planner ? s : { ...s, planner };
  }
  switch (a.type) {
    case 'session/user':
      return { ...s, session: { ...s.session, user: a.user } };
    case 'session/health':
      return { ...s, session: { ...s.session, health: a.health } };
    case 'settings/locale':
      return a.locale === s.settings.locale ? s : { ...s, settings: { ...s.settings, locale: a.locale } };
    case 'settings/basemap': {
      const had = s.settings.basemapUrl !== '';
      const layers =
        a.url && !had ? toggleGroup(s.view.layers, 'basemap', true) : !a.url ? toggleGroup(s.view.layers, 'basemap', false) : s.view.layers;
      return { ...s, settings: { ...s.settings, basemapUrl: a.url, basemapAttribution: a.attribution }, view: { ...s.view, layers } };
    }
    case 'view/view':
      return a.view === s.view.view ? s : { ...s, view: { ...s.view, view: a.view } };
    case 'view/tab':
      return a.tab === s.view.tab ? s : { ...s, view: { ...s.view, tab: a.tab } };
    case 'view/panel-toggled':
      return { ...s, view: { ...s.view, panelExpanded: !s.view.panelExpanded } };
    case 'view/layer':
      return { ...s, view: { ...s.view, layers: toggleGroup(s.view.layers, a.group, a.visible) } };
    case 'view/layers':
      return { ...s, view: { ...s.view, layers: [...a.layers] } };
    case 'view/map-moved':
      return { ...s, view: { ...s.view, map: a.position } };
    case 'status':
      return { ...s, status: a.status };
    case 'districts/loaded':
      return { ...s, districts: a.districts };
    case 'areas/loaded':
      return { ...s, areas: a.areas };
    case 'area/loading':
      return { ...s, phase: 'loading', view: { ...s.view, area: a.code } };
    case 'area/loaded': {
      const changed = s.area?.code !== a.area.code;
      return {
        ...s,
        area: a.area,
        cells: a.cells,
        reports: a.reports,
        summary: summarize(a.area.name, a.cells, a.reports),
        candidates: changed ? new Map() : s.candidates,
        settlements: changed ? [] : s.settlements,
        places: changed ? [] : s.places,
        surveyResponses: changed ? [] : s.surveyResponses,
        view: { ...s.view, area: a.area.code },
      };
    }
    case 'area/drawn':
      return { ...s, phase: 'drawn' };
    case 'area/extras':
      return {
        ...s,
        phase: 'complete',
        candidates: new Map(a.candidates.map((f) => [f.properties.code, f])),
        settlements: a.settlements,
        places: a.places ?? [],
        surveyResponses: a.surveyResponses ?? [],
      };
    case 'area/updated':
      return s.area?.code === a.area.code ? { ...s, area: a.area } : s;
    case 'cell/updated': {
      const features = s.cells.features.map((f) => (f.properties.id === a.properties.id ? { ...f, properties: a.properties } : f));
      return withData(s, { ...s.cells, features }, s.reports);
    }
    case 'report/updated': {
      const features = s.reports.features.map((f) =>
        f.properties.id === a.id ? { ...f, properties: { ...f.properties, ...a.properties } } : f,
      );
      return withData(s, s.cells, { ...s.reports, features });
    }
    case 'candidate/placed':
      return { ...s, candidates: new Map(s.candidates).set(a.candidate.properties.code, a.candidate) };
    case 'map/picked':
      return { ...s, selection: { pick: a.pick, zoomTo: a.zoomTo ?? null } };
  }
}

/** New cells or reports, with the summary of them. */
function withData(s: AppState, cells: AppState['cells'], reports: AppState['reports']): AppState {
  return { ...s, cells, reports, summary: s.area ? summarize(s.area.name, cells, reports) : null };
}
