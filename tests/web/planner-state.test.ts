import { describe, expect, it } from 'vitest';
import type { Ranking, Scenario, ScenarioComparison } from '../../web/src/api/types.ts';
import {
  computedWith,
  initialPlannerState,
  inWorkingScenario,
  plannerReducer,
  rasterCandidates,
  type PlannerAction,
  type PlannerState,
} from '../../web/src/state/planner-state.ts';

const run = (s: PlannerState, ...actions: PlannerAction[]) => actions.reduce(plannerReducer, s);
const ranking = { technology: 'GSM', items: [] } as unknown as Ranking;
const comparison = (base: string, target: string) => ({ base, target }) as unknown as ScenarioComparison;

/** A planner on an area with a ranking and a comparison of the existing network with 'base'. */
const ready = (over: Partial<PlannerState> = {}) =>
  run(
    { ...initialPlannerState({ network: 'GSM', scenario: 'base', working: ['CAND-003'] }), ...over },
    { type: 'planner/area', area: 'ranghulu', version: 1 },
    { type: 'planner/loaded', key: 'ranking', data: ranking },
    { type: 'planner/loaded', key: 'comparison', data: comparison('existing', 'base') },
  );

describe('plannerReducer', () => {
  it('keeps a coverage job’s progress while the figures load, and drops it with the answer or a late report', () => {
    const progress = { jobId: 'j', state: 'running', tilesDone: 3, tilesTotal: 9, etaS: 12, elapsedS: 4 } as const;
    const loading = run(
      ready(),
      { type: 'planner/request', key: 'baseFigures' },
      { type: 'planner/progress', key: 'baseFigures', progress },
    );
    expect(loading.baseFigures).toMatchObject({ status: 'loading', progress });
    const done = run(loading, { type: 'planner/loaded', key: 'baseFigures', data: { coveredKm2: 1 } as never });
    expect(done.baseFigures.progress).toBeUndefined();
    expect(run(done, { type: 'planner/progress', key: 'baseFigures', progress })).toBe(done);
  });

  it('keeps the scenario and candidates of the URL for the first area, not for the next', () => {
    const first = ready();
    expect(first).toMatchObject({ area: 'ranghulu', scenario: 'base', working: ['CAND-003'], version: 1 });
    const next = run(first, { type: 'planner/area', area: 'longfeng', version: 4 });
    expect(next).toMatchObject({ area: 'longfeng', scenario: null, working: [], version: 4, network: 'GSM' });
    expect(next.ranking.status).toBe('idle');
  });

  it('drops everything computed, the plan and the comparison when the network changes; nothing when it stays', () => {
    const s = ready();
    expect(run(s, { type: 'planner/network', network: 'GSM' })).toBe(s);
    const next = run(s, { type: 'planner/network', network: 'CDMA' });
    expect(next.ranking).toEqual({ status: 'idle', data: null, error: null });
    expect(next.comparison.status).toBe('idle');
    expect(s.ranking.status).toBe('ready');
  });

  it('keeps the data shown while it reloads, and drops it on a failure', () => {
    const loading = run(ready(), { type: 'planner/request', key: 'ranking' });
    expect(loading.ranking).toEqual({ status: 'loading', data: ranking, error: null });
    const failed = run(loading, { type: 'planner/failed', key: 'ranking', error: new Error('x') });
    expect(failed.ranking.status).toBe('error');
    expect(failed.ranking.data).toBeNull();
  });

  it('drops only the working and preview figures when the working candidates change', () => {
    const s = run(
      ready(),
      { type: 'planner/loaded', key: 'workingFigures', data: { coveragePct: 1 } as never },
      { type: 'planner/save', save: { status: 'error', name: 'x', error: 'e' } },
    );
    const next = run(s, { type: 'planner/working', codes: ['CAND-003', 'CAND-005'] });
    expect(next.workingFigures.status).toBe('idle');
    expect(next.ranking).toBe(s.ranking);
    expect(next.save).toEqual({ status: 'idle', name: 'x', error: null });
    expect(rasterCandidates(run(next, { type: 'planner/select', code: 'CAND-007' }))).toEqual(['CAND-003', 'CAND-005', 'CAND-007']);
  });

  it('works on a saved scenario with nothing unsaved on top of it', () => {
    const next = run(ready(), { type: 'planner/saved', name: '一期' });
    expect(next).toMatchObject({ scenario: '一期', working: [], selected: null, save: { status: 'saved', name: '一期' } });
    expect(next.ranking.status).toBe('idle');
  });

  it('renames the base without recomputing, and drops a comparison that showed it', () => {
    const next = run(ready(), { type: 'planner/renamed', from: 'base', to: '一期' });
    expect(next.scenario).toBe('一期');
    expect(next.ranking.status).toBe('ready');
    expect(next.comparison.status).toBe('idle');
  });

  it('makes the existing network the base when the base is deleted; another deletion leaves the base', () => {
    const other = run(ready(), { type: 'planner/deleted', name: 'old' });
    expect(other.scenario).toBe('base');
    expect(other.comparison.status).toBe('ready');
    const base = run(ready(), { type: 'planner/deleted', name: 'base' });
    expect(base).toMatchObject({ scenario: null, working: ['CAND-003'] });
    expect(base.ranking.status).toBe('idle');
  });

  it('clears the save message when a rename starts, and the rename message when a save starts', () => {
    const saving = run(
      ready(),
      { type: 'planner/manage', manage: { status: 'done', action: 'rename', name: 'a', error: null } },
      { type: 'planner/save', save: { status: 'saving', name: 'b', error: null } },
    );
    expect(saving.manage.status).toBe('idle');
    const working = run(saving, { type: 'planner/manage', manage: { status: 'working', action: 'delete', name: 'c', error: null } });
    expect(working.save.status).toBe('idle');
  });

  it('counts a candidate the working scenario adds as in it, and as computed once that scenario is the base', () => {
    const working = {
      id: 9,
      name: 'Working (admin)',
      changes: { addCandidates: ['CAND-009'], cellChanges: [], removeCells: [] },
    } as unknown as Scenario;
    const s = run(ready(), { type: 'planner/loaded', key: 'workingScenario', data: working });
    expect(inWorkingScenario(s, 'CAND-009')).toBe(true);
    expect(inWorkingScenario(s, 'CAND-003')).toBe(true);
    expect(inWorkingScenario(s, 'CAND-007')).toBe(false);
    // On the saved scenario 'base', CAND-009 is not computed yet: a preview of it adds it.
    expect(computedWith(s, 'CAND-009')).toBe(false);
    expect(rasterCandidates(run(s, { type: 'planner/select', code: 'CAND-009' }))).toEqual(['CAND-003', 'CAND-009']);
    // On the working scenario it is: a preview of it adds nothing.
    const onWorking = run(s, { type: 'planner/scenario', scenario: 'Working (admin)' });
    expect(computedWith(onWorking, 'CAND-009')).toBe(true);
    expect(computedWith(onWorking, 'CAND-007')).toBe(false);
    expect(rasterCandidates(run(onWorking, { type: 'planner/select', code: 'CAND-009' }))).toEqual(['CAND-003']);
  });

  it("has a preview's figures on their way from its selection on, in one state (nothing drawn twice)", () => {
    const s = ready();
    const selected = run(s, { type: 'planner/select', code: 'CAND-007' });
    expect(selected.previewFigures).toEqual({ status: 'loading', data: null, error: null });
    expect(run(selected, { type: 'planner/request', key: 'previewFigures' })).toBe(selected);
    // One of the working candidates adds nothing: no figures are asked for.
    expect(run(s, { type: 'planner/select', code: 'CAND-003' }).previewFigures.status).toBe('idle');
    expect(run(selected, { type: 'planner/select', code: null }).previewFigures.status).toBe('idle');
  });
});
