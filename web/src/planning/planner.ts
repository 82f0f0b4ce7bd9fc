import type { ApiClient } from '../api/client.ts';
import { isAbortError } from '../api/api-error.ts';
import type {
  CoverageFigures,
  GapCollection,
  HotspotCollection,
  Network,
  PlanMethod,
  PlanResult,
  Ranking,
  RemedyList,
  Scenario,
  ScenarioComparison,
} from '../api/types.ts';
import { previewCandidates, scenarioChanges, withCandidate, withoutCandidate } from './working-scenario.ts';

/** Something loaded from the API: not asked for yet, on its way, there, or failed with an error. */
export interface Loadable<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  data: T | null;
  /** The failure, kept for the page to put into words. */
  error: unknown;
}

const idle = <T>(): Loadable<T> => ({ status: 'idle', data: null, error: null });

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

const manageIdle = (): ManageState => ({ status: 'idle', action: null, name: '', error: null });

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
  previewFigures: Loadable<CoverageFigures>;
  plan: Loadable<PlanResult>;
  comparison: Loadable<ScenarioComparison>;
  gaps: Loadable<GapCollection>;
  hotspots: Loadable<HotspotCollection>;
  remedies: Loadable<RemedyList>;
  save: SaveState;
  manage: ManageState;
  /** Bumped when the network data changes (an edit), so that cached tiles are not reused. */
  version: number;
}

type LoadKey = 'ranking' | 'baseFigures' | 'workingFigures' | 'previewFigures' | 'gaps' | 'hotspots' | 'remedies';

/**
 * The planner's working state (network, base scenario, working candidates, the previewed one) and
 * everything computed from it. Parts the page shows are asked for with `want`; they reload by
 * themselves when what they depend on changes.
 */
export class Planner {
  private s: PlannerState;
  private readonly wanted = new Set<LoadKey>();
  private readonly inflight = new Map<string, AbortController>();
  private listeners: ((state: PlannerState) => void)[] = [];

  constructor(
    private readonly api: ApiClient,
    initial: { network: Network; scenario: string | null; working: string[] },
  ) {
    this.s = {
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
      save: { status: 'idle', name: '', error: null },
      manage: manageIdle(),
      version: 0,
    };
  }

  get state(): PlannerState {
    return this.s;
  }

  onChange(listener: (state: PlannerState) => void): void {
    this.listeners.push(listener);
  }

  /** The candidates the coverage rasters are computed with (working ones and the previewed one). */
  get rasterCandidates(): string[] {
    return previewCandidates(this.s.working, this.s.selected);
  }

  /** A new area: everything is dropped and the scenarios are loaded. */
  setArea(area: string, version: number): void {
    this.abortAll();
    const keep = this.s.area === null ? { scenario: this.s.scenario, working: this.s.working } : { scenario: null, working: [] };
    this.s = {
      ...this.s,
      area,
      ...keep,
      selected: null,
      version,
      scenarios: idle(),
      ranking: idle(),
      baseFigures: idle(),
      workingFigures: idle(),
      previewFigures: idle(),
      plan: idle(),
      comparison: idle(),
      gaps: idle(),
      hotspots: idle(),
      remedies: idle(),
      save: { status: 'idle', name: '', error: null },
      manage: manageIdle(),
    };
    void this.loadScenarios();
    this.refresh(['ranking', 'baseFigures', 'workingFigures', 'previewFigures', 'gaps', 'hotspots', 'remedies']);
  }

  /** Asks for parts to be loaded now and kept up to date from then on. */
  want(...keys: LoadKey[]): void {
    const fresh = keys.filter((k) => !this.wanted.has(k) || this.s[k].status === 'idle');
    for (const k of keys) this.wanted.add(k);
    this.refresh(fresh);
  }

  setNetwork(network: Network): void {
    if (network === this.s.network) return;
    this.cancel('plan', 'comparison');
    this.s = { ...this.s, network, selected: null, plan: idle(), comparison: idle() };
    this.refresh(['ranking', 'baseFigures', 'workingFigures', 'previewFigures', 'gaps', 'hotspots', 'remedies']);
  }

  setScenario(scenario: string | null): void {
    if (scenario === this.s.scenario) return;
    this.s = { ...this.s, scenario, selected: null };
    this.refresh(['ranking', 'baseFigures', 'workingFigures', 'previewFigures', 'gaps', 'hotspots', 'remedies']);
  }

  setWorking(codes: string[]): void {
    this.s = { ...this.s, working: [...codes], save: { ...this.s.save, status: 'idle', error: null } };
    this.refresh(['workingFigures', 'previewFigures']);
  }

  addCandidate(code: string): void {
    this.setWorking(withCandidate(this.s.working, code));
  }

  removeCandidate(code: string): void {
    this.setWorking(withoutCandidate(this.s.working, code));
  }

  /** Previews one candidate on top of the working scenario; null ends the preview. */
  select(code: string | null): void {
    if (code === this.s.selected) return;
    this.s = { ...this.s, selected: code };
    this.wanted.add('previewFigures');
    this.refresh(['previewFigures']);
  }

  /** The network data changed (a cell or a candidate was edited): recompute everything. */
  invalidate(version: number): void {
    this.cancel('plan', 'comparison');
    this.s = { ...this.s, version: Math.max(version, this.s.version + 1), plan: idle(), comparison: idle() };
    this.refresh(['ranking', 'baseFigures', 'workingFigures', 'previewFigures', 'gaps', 'hotspots', 'remedies']);
  }

  async runPlan(params: { maxSites: number; budget: number | null; method: PlanMethod }): Promise<void> {
    const area = this.s.area;
    if (!area) return;
    await this.track('plan', (signal) =>
      this.api.plan(
        area,
        {
          technology: this.s.network,
          maxSites: params.maxSites,
          budget: params.budget,
          method: params.method,
          scenario: this.s.scenario ?? undefined,
        },
        { signal },
      ),
    );
  }

  /** Makes the sites of the last plan the working scenario. */
  usePlanAsWorking(): void {
    const plan = this.s.plan.data;
    if (plan) this.setWorking(plan.selected.map((s) => s.code));
  }

  /** Saves the base scenario's changes plus the working candidates under `name`; true when saved. */
  async saveScenario(name: string): Promise<boolean> {
    const area = this.s.area;
    if (!area) return false;
    this.s = { ...this.s, save: { status: 'saving', name, error: null }, manage: manageIdle() };
    this.emit();
    try {
      const base = this.s.scenario ? (this.s.scenarios.data ?? []).find((sc) => sc.name === this.s.scenario) ?? null : null;
      const saved = await this.api.createScenario(area, { name: name.trim(), changes: scenarioChanges(base?.changes ?? null, this.s.working) });
      await this.loadScenarios();
      // The saved scenario becomes the base; nothing is left unsaved on top of it.
      this.s = { ...this.s, save: { status: 'saved', name: saved.name, error: null }, scenario: saved.name, working: [], selected: null };
      this.refresh(['ranking', 'baseFigures', 'workingFigures', 'previewFigures', 'gaps', 'hotspots', 'remedies']);
      return true;
    } catch (err) {
      this.s = { ...this.s, save: { status: 'error', name, error: err } };
      this.emit();
      return false;
    }
  }

  /**
   * Renames a saved scenario; true when renamed. A base scenario keeps being the base under its
   * new name (its coverage is the same, nothing is recomputed).
   */
  async renameScenario(from: string, to: string): Promise<boolean> {
    const name = to.trim();
    return this.manageScenario('rename', name, async (area) => {
      await this.api.updateScenario(area, from, { name });
      await this.loadScenarios();
      this.dropComparisonOf(from);
      if (this.s.scenario === from) this.s = { ...this.s, scenario: name };
    });
  }

  /**
   * Deletes a saved scenario; true when deleted. When it was the base, the existing network becomes
   * the base (the working candidates stay) and everything is recomputed.
   */
  async deleteScenario(name: string): Promise<boolean> {
    return this.manageScenario('delete', name, async (area) => {
      await this.api.deleteScenario(area, name);
      await this.loadScenarios();
      this.dropComparisonOf(name);
      if (this.s.scenario === name) {
        this.s = { ...this.s, scenario: null, selected: null };
        this.refresh(['ranking', 'baseFigures', 'workingFigures', 'previewFigures', 'gaps', 'hotspots', 'remedies']);
      }
    });
  }

  private async manageScenario(action: 'rename' | 'delete', name: string, run: (area: string) => Promise<void>): Promise<boolean> {
    const area = this.s.area;
    if (!area) return false;
    this.s = { ...this.s, manage: { status: 'working', action, name, error: null }, save: { status: 'idle', name: '', error: null } };
    this.emit();
    try {
      await run(area);
      this.s = { ...this.s, manage: { status: 'done', action, name, error: null } };
      this.emit();
      return true;
    } catch (err) {
      this.s = { ...this.s, manage: { status: 'error', action, name, error: err } };
      this.emit();
      return false;
    }
  }

  /** A comparison with a scenario that was renamed or deleted is out of date: it is dropped (and its difference layer with it). */
  private dropComparisonOf(name: string): void {
    const c = this.s.comparison.data;
    if (c && (c.base === name || c.target === name)) {
      this.cancel('comparison');
      this.s = { ...this.s, comparison: idle() };
    }
  }

  async compare(base: string, target: string): Promise<void> {
    const area = this.s.area;
    if (!area) return;
    await this.track('comparison', (signal) => this.api.compareScenarios(area, { base, target, technology: this.s.network }, { signal }));
  }

  clearComparison(): void {
    this.s = { ...this.s, comparison: idle() };
    this.emit();
  }

  async loadScenarios(): Promise<void> {
    const area = this.s.area;
    if (!area) return;
    await this.track('scenarios', (signal) => this.api.scenarios(area, { signal }));
  }

  private refresh(keys: LoadKey[]): void {
    for (const key of keys) {
      this.inflight.get(key)?.abort();
      this.inflight.delete(key);
      this.s = { ...this.s, [key]: idle() };
      if (this.wanted.has(key)) void this.load(key);
    }
    this.emit();
  }

  private load(key: LoadKey): Promise<void> {
    const { area, network, scenario, working, selected } = this.s;
    if (!area) return Promise.resolve();
    const api = this.api;
    const base = { technology: network, scenario } as const;
    switch (key) {
      case 'ranking':
        return this.track(key, (signal) => api.ranking(area, network, scenario, { signal }));
      case 'baseFigures':
        return this.track(key, (signal) => api.coverage(area, base, { signal }));
      case 'workingFigures':
        if (working.length === 0) return Promise.resolve();
        return this.track(key, (signal) => api.coverage(area, { ...base, candidates: working }, { signal }));
      case 'previewFigures':
        if (!selected || working.includes(selected)) return Promise.resolve();
        return this.track(key, (signal) => api.coverage(area, { ...base, candidates: previewCandidates(working, selected) }, { signal }));
      case 'gaps':
        return this.track(key, (signal) => api.gaps(area, base, { signal }));
      case 'hotspots':
        return this.track(key, (signal) => api.hotspots(area, network, scenario, { signal }));
      case 'remedies':
        return this.track(key, (signal) => api.remedies(area, network, scenario, { signal }));
    }
  }

  /** Runs one request for a part of the state; a newer request for the same part cancels it. */
  private async track<K extends keyof PlannerState>(key: K, run: (signal: AbortSignal) => Promise<NonNullable<PlannerState[K] extends Loadable<infer T> ? T : never>>): Promise<void> {
    this.inflight.get(key)?.abort();
    const controller = new AbortController();
    this.inflight.set(key, controller);
    const previous = this.s[key] as Loadable<unknown>;
    this.s = { ...this.s, [key]: { status: 'loading', data: previous.data, error: null } };
    this.emit();
    try {
      const data = await run(controller.signal);
      if (controller.signal.aborted) return;
      this.s = { ...this.s, [key]: { status: 'ready', data, error: null } };
    } catch (err) {
      if (isAbortError(err) || controller.signal.aborted) return;
      this.s = { ...this.s, [key]: { status: 'error', data: null, error: err } };
    } finally {
      if (this.inflight.get(key) === controller) this.inflight.delete(key);
    }
    this.emit();
  }

  private cancel(...keys: string[]): void {
    for (const key of keys) {
      this.inflight.get(key)?.abort();
      this.inflight.delete(key);
    }
  }

  private abortAll(): void {
    for (const c of this.inflight.values()) c.abort();
    this.inflight.clear();
  }

  private emit(): void {
    for (const l of this.listeners) l(this.s);
  }
}
