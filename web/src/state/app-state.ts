import type {
  Area,
  BBox,
  CandidateFeature,
  CellCollection,
  CellProperties,
  DistrictCollection,
  Health,
  Me,
  ReportCollection,
  ReportProperties,
  SettlementPage,
  PlacePage,
  SurveyResponsePage,
} from '../api/types.ts';
import type { Locale } from '../i18n/index.ts';
import type { LayerGroup } from './layer-groups.ts';
import type { MapPick } from './map-pick.ts';
import { initialPlannerState, type PlannerAction, type PlannerState } from './planner-state.ts';
import type { Settings } from './settings.ts';
import type { Store } from './store.ts';
import type { AreaSummary } from './summary.ts';
import type { AppView, MapPosition, ViewState } from './url-state.ts';

export const PANEL_TABS = ['layers', 'planning', 'gaps'] as const;
export type PanelTab = (typeof PANEL_TABS)[number];

/** The line under the header: loading, a notice, or an error in words (with a retry when there is one). */
export type StatusLine =
  | { kind: 'loading' }
  | { kind: 'notice'; text: string }
  | { kind: 'error'; message: string; retry: (() => void) | null };

/**
 * Where the area shown is: its data on its way, its first map drawn (coverage computations may
 * start), or complete (its candidates and places are there too).
 */
export type AreaPhase = 'none' | 'loading' | 'drawn' | 'complete';

export type SessionUser = Pick<Me, 'username' | 'role'>;

/** Everything the page shows, in one place. */
export interface AppState {
  settings: Settings;
  session: { user: SessionUser | null; health: Health | 'unreachable' | null };
  /** What the URL hash keeps (with the planner's network, scenario and candidates), and the panel. */
  view: {
    view: AppView;
    /** The area of the URL until one is shown, then the one shown. */
    area: string | null;
    layers: LayerGroup[];
    map: MapPosition | null;
    tab: PanelTab;
    panelExpanded: boolean;
  };
  status: StatusLine | null;
  districts: DistrictCollection | null;
  areas: Area[];
  area: Area | null;
  phase: AreaPhase;
  cells: CellCollection;
  reports: ReportCollection;
  /** The area's candidate sites by code. */
  candidates: ReadonlyMap<string, CandidateFeature>;
  settlements: SettlementPage['features'];
  /** The gazetteer's places (drawn with labels in the places layer). */
  places: PlacePage['features'];
  /** The customer survey answers (drawn in the surveys layer, coloured by satisfaction). */
  surveyResponses: SurveyResponsePage['features'];
  summary: AreaSummary | null;
  /** What was last picked on the map (or shown from a list), to open its popup; `zoomTo` a box to show. */
  selection: { pick: MapPick; zoomTo: BBox | null } | null;
  planner: PlannerState;
}

export type AppAction =
  | PlannerAction
  | { type: 'session/user'; user: SessionUser }
  | { type: 'session/health'; health: Health | 'unreachable' }
  | { type: 'settings/locale'; locale: Locale }
  /** A new online basemap is shown at once; removing it hides its toggle. */
  | { type: 'settings/basemap'; url: string; attribution: string }
  | { type: 'view/view'; view: AppView }
  | { type: 'view/tab'; tab: PanelTab }
  | { type: 'view/panel-toggled' }
  | { type: 'view/layer'; group: LayerGroup; visible: boolean }
  | { type: 'view/layers'; layers: LayerGroup[] }
  | { type: 'view/map-moved'; position: MapPosition }
  | { type: 'status'; status: StatusLine | null }
  | { type: 'districts/loaded'; districts: DistrictCollection }
  | { type: 'areas/loaded'; areas: Area[] }
  /** An area is asked for: it is the URL's from now on. */
  | { type: 'area/loading'; code: string }
  /** An area's data; candidates and places of another area are dropped. */
  | { type: 'area/loaded'; area: Area; cells: CellCollection; reports: ReportCollection }
  | { type: 'area/drawn' }
  | {
      type: 'area/extras';
      candidates: CandidateFeature[];
      settlements: SettlementPage['features'];
      places?: PlacePage['features'];
      surveyResponses?: SurveyResponsePage['features'];
    }
  /** The area read again (its inputs version moves on every edit). */
  | { type: 'area/updated'; area: Area }
  | { type: 'cell/updated'; properties: CellProperties }
  | { type: 'report/updated'; id: number; properties: ReportProperties }
  /** A candidate moved (or put back where it was). */
  | { type: 'candidate/placed'; candidate: CandidateFeature }
  | { type: 'map/picked'; pick: MapPick; zoomTo?: BBox | null };

export type AppStore = Store<AppState, AppAction>;

/** The state a page starts with: settings from storage, the view from the URL hash. */
export function initialAppState(settings: Settings, hash: ViewState, opts: { panelExpanded: boolean }): AppState {
  return {
    settings,
    session: { user: null, health: null },
    view: { view: hash.view, area: hash.area, layers: hash.layers, map: hash.map, tab: 'layers', panelExpanded: opts.panelExpanded },
    status: null,
    districts: null,
    areas: [],
    area: null,
    phase: 'none',
    cells: { type: 'FeatureCollection', numberMatched: 0, numberReturned: 0, next: null, features: [] },
    reports: { type: 'FeatureCollection', features: [], numberMatched: 0 },
    candidates: new Map(),
    settlements: [],
    places: [],
    surveyResponses: [],
    summary: null,
    selection: null,
    planner: initialPlannerState({ network: hash.network, scenario: hash.scenario, working: hash.working }),
  };
}
