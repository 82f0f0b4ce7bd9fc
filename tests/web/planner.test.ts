import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api/api-error.ts';
import type { ApiClient } from '../../web/src/api/client.ts';
import type { CoverageQuery, Network, Scenario, ScenarioInput } from '../../web/src/api/types.ts';
import { PlannerActions } from '../../web/src/state/planner-actions.ts';
import {
  initialPlannerState,
  plannerReducer,
  rasterCandidates,
  type PlannerAction,
  type PlannerState,
} from '../../web/src/state/planner-state.ts';
import { createStore } from '../../web/src/state/store.ts';

/** A stand-in for the API client: records calls, answers from the test, optionally after a delay. */
function fakeApi(delays: Partial<Record<string, number>> = {}) {
  const calls: string[] = [];
  const created: ScenarioInput[] = [];
  let scenarios: Scenario[] = [
    {
      id: 1,
      name: 'base',
      description: null,
      changes: { addCandidates: ['CAND-001'], cellChanges: [], removeCells: [] },
      createdBy: null,
      workingFor: null,
      createdAt: '',
      updatedAt: '',
    },
  ];
  const later = <T>(key: string, value: T, signal?: AbortSignal) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => resolve(value), delays[key] ?? 0);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  const api = {
    ranking: (area: string, network: Network, scenario: string | null, o: { signal?: AbortSignal }) => {
      calls.push(`ranking ${network} ${scenario ?? '-'}`);
      return later(`ranking-${network}`, { technology: network, items: [{ code: `${network}-TOP`, rank: 1 }] }, o.signal);
    },
    coverage: (area: string, q: CoverageQuery, o: { signal?: AbortSignal }) => {
      calls.push(`coverage ${q.technology} ${q.scenario ?? '-'} ${(q.candidates ?? []).join('+') || '-'}`);
      return later('coverage', { coveragePct: 90 + (q.candidates?.length ?? 0) }, o.signal);
    },
    whatIf: (area: string, q: CoverageQuery & { add: string }, o: { signal?: AbortSignal }) => {
      calls.push(`what-if ${q.technology} ${q.scenario ?? '-'} ${(q.candidates ?? []).join('+') || '-'} add ${q.add}`);
      const base = { coveragePct: 90 + (q.candidates?.length ?? 0) };
      return later('what-if', { before: base, after: { coveragePct: base.coveragePct + 1 } }, o.signal);
    },
    scenarios: () => Promise.resolve(scenarios),
    createScenario: (area: string, input: ScenarioInput) => {
      if (scenarios.some((s) => s.name === input.name)) {
        return Promise.reject(new ApiError('conflict', 'exists', 409, '/x', [{ field: '/body/name', message: 'already exists' }]));
      }
      created.push(input);
      const s = { ...scenarios[0], id: scenarios.length + 1, name: input.name, changes: input.changes };
      scenarios = [...scenarios, s];
      return Promise.resolve(s);
    },
    updateScenario: (area: string, idOrName: string, input: Partial<ScenarioInput>) => {
      calls.push(`rename ${idOrName} ${input.name}`);
      if (input.name !== undefined && scenarios.some((s) => s.name === input.name)) {
        return Promise.reject(new ApiError('conflict', 'exists', 409, '/x', [{ field: '/body/name', message: 'already exists' }]));
      }
      scenarios = scenarios.map((s) => (s.name === idOrName ? { ...s, ...input } : s));
      return Promise.resolve(scenarios.find((s) => s.name === input.name));
    },
    deleteScenario: (area: string, idOrName: string) => {
      calls.push(`delete ${idOrName}`);
      scenarios = scenarios.filter((s) => s.name !== idOrName);
      return Promise.resolve();
    },
    compareScenarios: (area: string, q: { base: string; target: string }) =>
      Promise.resolve({ base: q.base, target: q.target, networks: [], difference: {} }),
  };
  return { api: api as unknown as ApiClient, calls, created };
}

const settle = () => new Promise((r) => setTimeout(r, 30));

/** The planner's actions on a store of the planner's slice alone, with that slice as `state`. */
function plannerOn(api: ApiClient, initial: { network: Network; scenario: string | null; working: string[] }) {
  const store = createStore((s: { planner: PlannerState }, a: PlannerAction) => ({ planner: plannerReducer(s.planner, a) }), {
    planner: initialPlannerState(initial),
  });
  const actions = new PlannerActions(api, store);
  return Object.defineProperty(actions, 'state', { get: () => store.getState().planner }) as PlannerActions & {
    readonly state: PlannerState;
  };
}

describe('PlannerActions', () => {
  it('loads what is wanted once an area is known, and reloads it when the network changes', async () => {
    const { api, calls } = fakeApi();
    const planner = plannerOn(api, { network: 'GSM', scenario: null, working: [] });
    planner.want('ranking');
    expect(calls).toEqual([]);
    planner.setArea('ranghulu', 1);
    await settle();
    expect(planner.state.ranking.data?.items[0].code).toBe('GSM-TOP');
    planner.setNetwork('CDMA');
    await settle();
    expect(calls).toEqual(['ranking GSM -', 'ranking CDMA -']);
    expect(planner.state.ranking.data?.items[0].code).toBe('CDMA-TOP');
  });

  it('drops an answer that arrives after the question changed', async () => {
    const { api } = fakeApi({ 'ranking-GSM': 50 });
    const planner = plannerOn(api, { network: 'GSM', scenario: null, working: [] });
    planner.setArea('ranghulu', 1);
    planner.want('ranking');
    planner.setNetwork('CDMA');
    await new Promise((r) => setTimeout(r, 80));
    expect(planner.state.ranking.status).toBe('ready');
    expect(planner.state.ranking.data?.items[0].code).toBe('CDMA-TOP');
  });

  it('computes the working and preview figures with the candidates on top of the base scenario', async () => {
    const { api, calls } = fakeApi();
    const planner = plannerOn(api, { network: 'GSM', scenario: 'base', working: [] });
    planner.setArea('ranghulu', 1);
    planner.want('baseFigures', 'workingFigures', 'previewFigures');
    planner.addCandidate('CAND-003');
    planner.select('CAND-005');
    await settle();
    expect(calls).toContain('coverage GSM base -');
    expect(calls).toContain('coverage GSM base CAND-003');
    // The preview by difference from the working scenario's raster, not a raster of its own.
    expect(calls).toContain('what-if GSM base CAND-003 add CAND-005');
    expect(calls).not.toContain('coverage GSM base CAND-003+CAND-005');
    expect(rasterCandidates(planner.state)).toEqual(['CAND-003', 'CAND-005']);
    expect(planner.state.previewFigures.data?.coveragePct).toBe(92);
  });

  it('saves the base changes plus the working candidates, then works on the saved scenario', async () => {
    const { api, created } = fakeApi();
    const planner = plannerOn(api, { network: 'GSM', scenario: 'base', working: ['CAND-003'] });
    planner.setArea('ranghulu', 1);
    await settle();
    expect(await planner.saveScenario('  富强村新站 ')).toBe(true);
    expect(created).toEqual([
      { name: '富强村新站', changes: { addCandidates: ['CAND-001', 'CAND-003'], cellChanges: [], removeCells: [] } },
    ]);
    expect(planner.state.scenario).toBe('富强村新站');
    expect(planner.state.working).toEqual([]);
    expect(planner.state.save).toMatchObject({ status: 'saved', name: '富强村新站' });
    expect(planner.state.scenarios.data?.map((s) => s.name)).toEqual(['base', '富强村新站']);
  });

  it('keeps the working candidates and the error when saving fails', async () => {
    const { api } = fakeApi();
    const planner = plannerOn(api, { network: 'GSM', scenario: null, working: ['CAND-003'] });
    planner.setArea('ranghulu', 1);
    await settle();
    expect(await planner.saveScenario('base')).toBe(false);
    expect(planner.state.save.status).toBe('error');
    expect(planner.state.save.error).toBeInstanceOf(ApiError);
    expect(planner.state.working).toEqual(['CAND-003']);
  });

  it('renames the base scenario and keeps it as the base, without recomputing', async () => {
    const { api, calls } = fakeApi();
    const planner = plannerOn(api, { network: 'GSM', scenario: 'base', working: [] });
    planner.setArea('ranghulu', 1);
    planner.want('ranking');
    await settle();
    calls.length = 0;
    expect(await planner.renameScenario('base', ' 一期 ')).toBe(true);
    expect(calls).toEqual(['rename base 一期']);
    expect(planner.state.scenario).toBe('一期');
    expect(planner.state.scenarios.data?.map((s) => s.name)).toEqual(['一期']);
    expect(planner.state.manage).toMatchObject({ status: 'done', action: 'rename', name: '一期' });
  });

  it('keeps the name and says why when a rename is refused', async () => {
    const { api } = fakeApi();
    const planner = plannerOn(api, { network: 'GSM', scenario: 'base', working: [] });
    planner.setArea('ranghulu', 1);
    await settle();
    await planner.saveScenario('二期');
    expect(await planner.renameScenario('二期', 'base')).toBe(false);
    expect(planner.state.manage.status).toBe('error');
    expect(planner.state.manage.error).toBeInstanceOf(ApiError);
    expect(planner.state.scenario).toBe('二期');
  });

  it('deletes the base scenario: the existing network becomes the base, the working candidates stay, everything is recomputed', async () => {
    const { api, calls } = fakeApi();
    const planner = plannerOn(api, { network: 'GSM', scenario: 'base', working: ['CAND-003'] });
    planner.setArea('ranghulu', 1);
    planner.want('ranking');
    await settle();
    calls.length = 0;
    expect(await planner.deleteScenario('base')).toBe(true);
    await settle();
    expect(calls).toEqual(['delete base', 'ranking GSM -']);
    expect(planner.state.scenario).toBeNull();
    expect(planner.state.working).toEqual(['CAND-003']);
    expect(planner.state.scenarios.data).toEqual([]);
    expect(planner.state.manage).toMatchObject({ status: 'done', action: 'delete', name: 'base' });
  });

  it('deletes another scenario without touching the base, and drops a comparison that showed it', async () => {
    const { api, calls } = fakeApi();
    const planner = plannerOn(api, { network: 'GSM', scenario: null, working: [] });
    planner.setArea('ranghulu', 1);
    planner.want('ranking');
    await settle();
    await planner.compare('existing', 'base');
    expect(planner.state.comparison.status).toBe('ready');
    calls.length = 0;
    expect(await planner.deleteScenario('base')).toBe(true);
    expect(calls).toEqual(['delete base']);
    expect(planner.state.comparison).toMatchObject({ status: 'idle', data: null });
  });
});
