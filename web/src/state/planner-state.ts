import type { CoverageJobProgress } from '../../../server/contract/coverage-jobs.ts';
import type {
  AddedCoverage,
  CoverageFigures,
  WhatIfFigures,
  GapCollection,
  HotspotCollection,
  Network,
  NetworkApplication,
  PlanResult,
  Ranking,
  RemedyList,
  Scenario,
  ScenarioComparison,
} from '../api/types.ts';
import { previewCandidates } from '../planning/working-scenario.ts';

/** Something loaded from the API: not asked for yet, on its way, there, or failed with an error. */
export interface Loadable<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  data: T | null;
  /** The failure, kept for the page to put into words. */
  error: unknown;
  /** While loading: the progress of the coverage job computing it (a raster too big for one request). */
  progress?: CoverageJobProgress;
}

export const idle = <T>(): Loadable<T> => ({ status: 'idle', data: null, error: null });

export interface SaveState {
  status: 'idle' | 'saving' | 'saved' | 'error';
  name: string;
  error: unknown;
}

/** A rename or a deletion of a saved scenario, and how it went. */
export interface ManageState {
  status: 'idle' | 'working' | 'done' | 'error';
  action: 'rename' | 'delete' | null;
  /** The scenario's name: the new one for a rename. */
  name: string;
  error: unknown;
}

const saveIdle = (): SaveState => ({ status: 'idle', name: '', error: null });
const manageIdle = (): ManageState => ({ status: 'idle', action: null, name: '', error: null });

/**
 * A preview's figures, the area the candidate newly covers (km2) and that area as an image for the
 * map (null: none, or too large an extent).
 */
export type PreviewFigures = WhatIfFigures & { newlyCoveredKm2: number; addedCoverage: AddedCoverage | null };

/**
 * The planner's working state (network, base scenario, working candidates, the previewed one) and
 * everything computed from it.
 */
export interface PlannerState {
  area: string | null;
  network: Network;
  scenarios: Loadable<Scenario[]>;
  /** The saved scenario everything is computed on; null = the existing network. */
  scenario: string | null;
  /** Candidate codes added on top of `scenario`, not saved yet. */
  working: string[];
  /** The candidate being previewed. */
  selected: string | null;
  ranking: Loadable<Ranking>;
  baseFigures: Loadable<CoverageFigures>;
  workingFigures: Loadable<CoverageFigures>;
  /** The figures with the previewed candidate, by difference from the working scenario's raster (GET /coverage/what-if). */
  previewFigures: Loadable<PreviewFigures>;
  plan: Loadable<PlanResult>;
  comparison: Loadable<ScenarioComparison>;
  gaps: Loadable<GapCollection>;
  hotspots: Loadable<HotspotCollection>;
  remedies: Loadable<RemedyList>;
  save: SaveState;
  manage: ManageState;
  /** The signed-in planner's working scenario: the edits made on the map (null before the first). */
  workingScenario: Loadable<Scenario | null>;
  /** The last application of the working scenario to the network (or its undo), and how it went. */
  application: Loadable<NetworkApplication>;
  /** Bumped when the network data changes (an edit), so that cached tiles are not reused. */
  version: number;
}

/** The parts of the state that are loaded from the API. */
export type LoadableKey = { [K in keyof PlannerState]: PlannerState[K] extends Loadable<unknown> ? K : never }[keyof PlannerState];
/** What a loadable part holds once there. */
export type DataOf<K extends LoadableKey> = PlannerState[K] extends Loadable<infer T> ? T : never;

/** The parts computed from the network, the scenario and the candidates, which the page asks for as it shows them. */
export const COMPUTED_KEYS = ['ranking', 'baseFigures', 'workingFigures', 'previewFigures', 'gaps', 'hotspots', 'remedies'] as const;
export type ComputedKey = (typeof COMPUTED_KEYS)[number];

export type PlannerAction =
  /** A new area: everything is dropped; the first area keeps the scenario and candidates the URL named. */
  | { type: 'planner/area'; area: string; version: number }
  | { type: 'planner/network'; network: Network }
  | { type: 'planner/scenario'; scenario: string | null }
  | { type: 'planner/working'; codes: string[] }
  | { type: 'planner/select'; code: string | null }
  /** The network data changed (a cell or a candidate was edited): everything computed is stale. */
  | { type: 'planner/invalidate'; version: number }
  | { type: 'planner/request'; key: LoadableKey }
  | { [K in LoadableKey]: { type: 'planner/loaded'; key: K; data: DataOf<K> } }[LoadableKey]
  | { type: 'planner/failed'; key: LoadableKey; error: unknown }
  | { type: 'planner/progress'; key: LoadableKey; progress: CoverageJobProgress }
  | { type: 'planner/save'; save: SaveState }
  /** Saved: the saved scenario becomes the base, with nothing left unsaved on top of it. */
  | { type: 'planner/saved'; name: string }
  | { type: 'planner/manage'; manage: ManageState }
  /** A rename: the base keeps being the base under its new name; a comparison that showed it is dropped. */
  | { type: 'planner/renamed'; from: string; to: string }
  /** A deletion: when it was the base, the existing network becomes the base (the working candidates stay). */
  | { type: 'planner/deleted'; name: string }
  | { type: 'planner/comparison-cleared' }
  /** A new edit: the outcome of the last application to the network is no longer shown. */
  | { type: 'planner/application'; application: null };

export function initialPlannerState(initial: { network: Network; scenario: string | null; working: readonly string[] }): PlannerState {
  return {
    area: null,
    network: initial.network,
    scenarios: idle(),
    scenario: initial.scenario,
    working: [...initial.working],
    selected: null,
    ranking: idle(),
    baseFigures: idle(),
    workingFigures: idle(),
    previewFigures: idle(),
    plan: idle(),
    comparison: idle(),
    gaps: idle(),
    hotspots: idle(),
    remedies: idle(),
    save: saveIdle(),
    manage: manageIdle(),
    workingScenario: idle(),
    application: idle(),
    version: 0,
  };
}

/** The planner's state after an action. */
export function plannerReducer(s: PlannerState, a: PlannerAction): PlannerState {
  switch (a.type) {
    case 'planner/area': {
      const keep = s.area === null ? { scenario: s.scenario, working: s.working } : { scenario: null, working: [] };
      // The same area read again (after an application to the network): its outcome stays on screen.
      const application = s.area === a.area ? s.application : idle<NetworkApplication>();
      return { ...initialPlannerState({ network: s.network, ...keep }), area: a.area, version: a.version, application };
    }
    case 'planner/network':
      if (a.network === s.network) return s;
      return stale({ ...s, network: a.network, selected: null, plan: idle(), comparison: idle() });
    case 'planner/scenario':
      if (a.scenario === s.scenario) return s;
      return stale({ ...s, scenario: a.scenario, selected: null });
    case 'planner/working':
      return {
        ...s,
        working: [...a.codes],
        save: { ...s.save, status: 'idle', error: null },
        workingFigures: idle(),
        previewFigures: idle(),
      };
    case 'planner/select':
      if (a.code === s.selected) return s;
      // The preview's figures are asked for at once (unless what is computed has the candidate): they
      // are on their way from this state on, so that nothing takes them for there (see bind-map).
      return {
        ...s,
        selected: a.code,
        previewFigures: a.code !== null && !computedWith(s, a.code) ? { status: 'loading', data: null, error: null } : idle(),
      };
    case 'planner/invalidate':
      return stale({ ...s, version: Math.max(a.version, s.version + 1), plan: idle(), comparison: idle() });
    case 'planner/request':
      // Already on its way (a preview from its selection on): the same state, nothing drawn again.
      if (s[a.key].status === 'loading' && s[a.key].error === null) return s;
      return { ...s, [a.key]: { status: 'loading', data: s[a.key].data, error: null } };
    case 'planner/loaded':
      return { ...s, [a.key]: { status: 'ready', data: a.data, error: null } };
    case 'planner/failed':
      return { ...s, [a.key]: { status: 'error', data: null, error: a.error } };
    case 'planner/progress':
      return s[a.key].status === 'loading' ? { ...s, [a.key]: { ...s[a.key], progress: a.progress } } : s;
    case 'planner/save':
      return { ...s, save: a.save, manage: a.save.status === 'saving' ? manageIdle() : s.manage };
    case 'planner/saved':
      return stale({ ...s, save: { status: 'saved', name: a.name, error: null }, scenario: a.name, working: [], selected: null });
    case 'planner/manage':
      return { ...s, manage: a.manage, save: a.manage.status === 'working' ? saveIdle() : s.save };
    case 'planner/renamed': {
      const next = withoutComparisonOf(s, a.from);
      return next.scenario === a.from ? { ...next, scenario: a.to } : next;
    }
    case 'planner/deleted': {
      const next = withoutComparisonOf(s, a.name);
      return next.scenario === a.name ? stale({ ...next, scenario: null, selected: null }) : next;
    }
    case 'planner/comparison-cleared':
      return { ...s, comparison: idle() };
    case 'planner/application':
      return { ...s, application: idle() };
  }
}

/** Everything computed from the network and the scenario, dropped (to be loaded again if wanted). */
function stale(s: PlannerState): PlannerState {
  return {
    ...s,
    ranking: idle(),
    baseFigures: idle(),
    workingFigures: idle(),
    previewFigures: idle(),
    gaps: idle(),
    hotspots: idle(),
    remedies: idle(),
  } satisfies Pick<PlannerState, ComputedKey> & PlannerState;
}

/** True when the comparison shown involves the scenario `name` (renamed or deleted: it is out of date). */
export function comparisonShows(s: PlannerState, name: string): boolean {
  const c = s.comparison.data;
  return c !== null && (c.base === name || c.target === name);
}

function withoutComparisonOf(s: PlannerState, name: string): PlannerState {
  return comparisonShows(s, name) ? { ...s, comparison: idle() } : s;
}

/** Whether candidate `code` is in the planner's working scenario (on the server) or in the working candidates. */
export function inWorkingScenario(s: PlannerState, code: string): boolean {
  return s.working.includes(code) || (s.workingScenario.data?.changes.addCandidates.includes(code) ?? false);
}

/**
 * Whether what is computed already has candidate `code`: one of the working candidates, or added by
 * the base scenario (the working scenario is the base once the planner edits). A preview of it adds nothing.
 */
export function computedWith(s: PlannerState, code: string): boolean {
  if (s.working.includes(code)) return true;
  if (s.scenario === null) return false;
  const working = s.workingScenario.data;
  const base = working?.name === s.scenario ? working : (s.scenarios.data ?? []).find((sc) => sc.name === s.scenario);
  return base?.changes.addCandidates.includes(code) ?? false;
}

/** The candidates the coverage rasters are computed with (working ones and the previewed one, unless the base has it). */
export function rasterCandidates(s: PlannerState): string[] {
  return previewCandidates(s.working, s.selected !== null && computedWith(s, s.selected) ? null : s.selected);
}
