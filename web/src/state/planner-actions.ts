import type { CoverageJobProgress } from '../../../server/contract/coverage-jobs.ts';
import type { ApiClient } from '../api/client.ts';
import { isAbortError } from '../api/api-error.ts';
import type { Network, PlanMethod, Scenario, ScenarioChangeRef, ScenarioEdit } from '../api/types.ts';
import { scenarioChanges, withCandidate, withoutCandidate } from '../planning/working-scenario.ts';
import {
  comparisonShows,
  COMPUTED_KEYS,
  computedWith,
  type ComputedKey,
  type DataOf,
  type LoadableKey,
  type PlannerAction,
  type PlannerState,
} from './planner-state.ts';

/** What the planner's actions need of the store: its slice of the state, and dispatch. */
export interface PlannerStore {
  getState(): { planner: PlannerState };
  dispatch(action: PlannerAction): void;
}

/**
 * The planner's actions: they change the planner's slice of the store and load what it needs from
 * the API. Parts the page shows are asked for with `want`; they reload by themselves when what they
 * depend on changes. A newer request for a part cancels the one on its way.
 */
export class PlannerActions {
  private readonly wanted = new Set<ComputedKey>();
  private readonly inflight = new Map<LoadableKey, AbortController>();
  /** Reads the area's network again after it changed (set by the app once the area actions exist). */
  networkChanged: () => Promise<void> = async () => undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly store: PlannerStore,
  ) {}

  private get s(): PlannerState {
    return this.store.getState().planner;
  }

  /** A new area: everything is dropped and the scenarios are loaded. */
  setArea(area: string, version: number): void {
    this.abortAll();
    this.store.dispatch({ type: 'planner/area', area, version });
    void this.loadScenarios();
    void this.loadWorkingScenario();
    this.reload(COMPUTED_KEYS);
  }

  async loadWorkingScenario(): Promise<void> {
    const area = this.s.area;
    if (!area) return;
    await this.track('workingScenario', (signal) => this.api.workingScenario(area, { signal }));
  }

  /**
   * Adds an edit made on the map to the working scenario (created on the first edit) and computes on
   * it from then on; the existing network is not touched. Rejects with the API's error.
   */
  async editWorking(edit: ScenarioEdit): Promise<Scenario> {
    const area = this.s.area;
    if (!area) throw new Error('no area');
    return this.workingChanged(await this.api.addWorkingEdit(area, edit));
  }

  /** Takes one change out of the working scenario. */
  async removeWorkingChange(ref: ScenarioChangeRef): Promise<Scenario> {
    const area = this.s.area;
    if (!area) throw new Error('no area');
    return this.workingChanged(await this.api.removeWorkingEdit(area, ref));
  }

  private async workingChanged(scenario: Scenario): Promise<Scenario> {
    this.store.dispatch(loaded('workingScenario', scenario));
    this.store.dispatch({ type: 'planner/application', application: null });
    await this.loadScenarios();
    // Its content changed under the same name: what was computed on it (and its tiles) is stale.
    if (this.s.scenario === scenario.name) this.invalidate(this.s.version + 1);
    else this.setScenario(scenario.name);
    return scenario;
  }

  /** Applies the working scenario to the existing network (the planner confirmed the list of changes shown). */
  async applyWorking(expectedChanges: number): Promise<void> {
    const area = this.s.area;
    const working = this.s.workingScenario.data;
    if (!area || !working) return;
    await this.track('application', () => this.api.applyScenario(area, working.id, expectedChanges));
    if (this.s.application.status === 'ready') await this.afterNetworkChange();
  }

  /** Undoes the last application of the working scenario. */
  async undoApplication(id: number): Promise<void> {
    const area = this.s.area;
    if (!area) return;
    await this.track('application', () => this.api.undoApplication(area, id));
    if (this.s.application.status === 'ready') await this.afterNetworkChange();
  }

  private async afterNetworkChange(): Promise<void> {
    await this.networkChanged();
    await this.loadWorkingScenario();
    await this.loadScenarios();
  }

  /** Asks for parts to be loaded now and kept up to date from then on. */
  want(...keys: ComputedKey[]): void {
    const fresh = keys.filter((k) => !this.wanted.has(k) || this.s[k].status === 'idle');
    for (const k of keys) this.wanted.add(k);
    this.reload(fresh);
  }

  setNetwork(network: Network): void {
    if (network === this.s.network) return;
    this.cancel('plan', 'comparison');
    this.store.dispatch({ type: 'planner/network', network });
    this.reload(COMPUTED_KEYS);
  }

  setScenario(scenario: string | null): void {
    if (scenario === this.s.scenario) return;
    this.store.dispatch({ type: 'planner/scenario', scenario });
    this.reload(COMPUTED_KEYS);
  }

  setWorking(codes: readonly string[]): void {
    this.store.dispatch({ type: 'planner/working', codes: [...codes] });
    this.reload(['workingFigures', 'previewFigures']);
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
    this.store.dispatch({ type: 'planner/select', code });
    this.wanted.add('previewFigures');
    this.reload(['previewFigures']);
  }

  /** The network data changed (a cell or a candidate was edited): recompute everything. */
  invalidate(version: number): void {
    this.cancel('plan', 'comparison');
    this.store.dispatch({ type: 'planner/invalidate', version });
    this.reload(COMPUTED_KEYS);
  }

  async runPlan(params: { maxSites: number; budget: number | null; method: PlanMethod }): Promise<void> {
    const { area, network, scenario } = this.s;
    if (!area) return;
    const query = {
      technology: network,
      maxSites: params.maxSites,
      budget: params.budget,
      method: params.method,
      scenario: scenario ?? undefined,
    };
    await this.track('plan', (signal) => this.api.plan(area, query, { signal }));
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
    this.store.dispatch({ type: 'planner/save', save: { status: 'saving', name, error: null } });
    try {
      const s = this.s;
      const base = s.scenario ? ((s.scenarios.data ?? []).find((sc) => sc.name === s.scenario) ?? null) : null;
      const saved = await this.api.createScenario(area, { name: name.trim(), changes: scenarioChanges(base?.changes ?? null, s.working) });
      await this.loadScenarios();
      this.store.dispatch({ type: 'planner/saved', name: saved.name });
      this.reload(COMPUTED_KEYS);
      return true;
    } catch (err) {
      this.store.dispatch({ type: 'planner/save', save: { status: 'error', name, error: err } });
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
      if (comparisonShows(this.s, from)) this.cancel('comparison');
      this.store.dispatch({ type: 'planner/renamed', from, to: name });
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
      if (comparisonShows(this.s, name)) this.cancel('comparison');
      const wasBase = this.s.scenario === name;
      this.store.dispatch({ type: 'planner/deleted', name });
      if (wasBase) this.reload(COMPUTED_KEYS);
    });
  }

  private async manageScenario(action: 'rename' | 'delete', name: string, run: (area: string) => Promise<void>): Promise<boolean> {
    const area = this.s.area;
    if (!area) return false;
    this.store.dispatch({ type: 'planner/manage', manage: { status: 'working', action, name, error: null } });
    try {
      await run(area);
      this.store.dispatch({ type: 'planner/manage', manage: { status: 'done', action, name, error: null } });
      return true;
    } catch (err) {
      this.store.dispatch({ type: 'planner/manage', manage: { status: 'error', action, name, error: err } });
      return false;
    }
  }

  async compare(base: string, target: string): Promise<void> {
    const { area, network } = this.s;
    if (!area) return;
    await this.track('comparison', (signal) => this.api.compareScenarios(area, { base, target, technology: network }, { signal }));
  }

  clearComparison(): void {
    this.store.dispatch({ type: 'planner/comparison-cleared' });
  }

  async loadScenarios(): Promise<void> {
    const area = this.s.area;
    if (!area) return;
    await this.track('scenarios', (signal) => this.api.scenarios(area, { signal }));
  }

  /** Cancels what is on its way for `keys` and loads those the page wants again. */
  private reload(keys: readonly ComputedKey[]): void {
    for (const key of keys) {
      this.cancel(key);
      if (this.wanted.has(key)) void this.load(key);
    }
  }

  private load(key: ComputedKey): Promise<void> {
    const { area, network, scenario, working, selected } = this.s;
    if (!area) return Promise.resolve();
    const api = this.api;
    const base = { technology: network, scenario } as const;
    switch (key) {
      case 'ranking':
        return this.track(key, (signal) => api.ranking(area, network, scenario, { signal }));
      case 'baseFigures':
        return this.track(key, (signal) => api.coverage(area, base, { signal, onProgress: this.progressOf(key, signal) }));
      case 'workingFigures':
        if (working.length === 0) return Promise.resolve();
        return this.track(key, (signal) =>
          api.coverage(area, { ...base, candidates: working }, { signal, onProgress: this.progressOf(key, signal) }),
        );
      case 'previewFigures':
        if (!selected || computedWith(this.s, selected)) return Promise.resolve();
        // By difference from the working scenario's raster (the one its figures came from): milliseconds,
        // where a raster of its own would take seconds. The answer's image of what the candidate newly
        // covers is what the map draws.
        return this.track(key, (signal) =>
          api
            .whatIf(area, { ...base, candidates: working, add: selected }, { signal })
            .then((answer) => ({ ...answer.after, newlyCoveredKm2: answer.newlyCoveredKm2, addedCoverage: answer.addedCoverage ?? null })),
        );
      case 'gaps':
        return this.track(key, (signal) => api.gaps(area, base, { signal }));
      case 'hotspots':
        return this.track(key, (signal) => api.hotspots(area, network, scenario, { signal }));
      case 'remedies':
        return this.track(key, (signal) => api.remedies(area, network, scenario, { signal }));
    }
  }

  /** Where a coverage job's progress goes while `signal`'s request waits for it. */
  private progressOf(key: LoadableKey, signal: AbortSignal): (progress: CoverageJobProgress) => void {
    return (progress) => {
      if (!signal.aborted) this.store.dispatch({ type: 'planner/progress', key, progress });
    };
  }

  /** Runs one request for a part of the state; a newer request for the same part cancels it. */
  private async track<K extends LoadableKey>(key: K, run: (signal: AbortSignal) => Promise<DataOf<K>>): Promise<void> {
    this.inflight.get(key)?.abort();
    const controller = new AbortController();
    this.inflight.set(key, controller);
    this.store.dispatch({ type: 'planner/request', key });
    try {
      const data = await run(controller.signal);
      if (controller.signal.aborted) return;
      this.store.dispatch(loaded(key, data));
    } catch (err) {
      if (isAbortError(err) || controller.signal.aborted) return;
      this.store.dispatch({ type: 'planner/failed', key, error: err });
    } finally {
      if (this.inflight.get(key) === controller) this.inflight.delete(key);
    }
  }

  private cancel(...keys: LoadableKey[]): void {
    for (const key of keys) {
      this.inflight.get(key)?.abort();
      this.inflight.delete(key);
    }
  }

  private abortAll(): void {
    for (const c of this.inflight.values()) c.abort();
    this.inflight.clear();
  }
}

function loaded<K extends LoadableKey>(key: K, data: DataOf<K>): PlannerAction {
  // TypeScript cannot narrow the union of loaded actions by a generic key; K ties the data to its key.
  return { type: 'planner/loaded', key, data } as PlannerAction;
}
