import { describe, expect, it } from 'vitest';
import type { GapCollection } from '../../web/src/api/types.ts';
import type { MapView } from '../../web/src/map/map-view.ts';
import { PlannerLayers } from '../../web/src/map/planner-layers.ts';
import { initialPlannerState } from '../../web/src/state/planner-state.ts';

/** A map view that records which of its layers were handed data. */
function recordingMap() {
  const calls: string[] = [];
  const view = {
    setGaps: async () => void calls.push('gaps'),
    setHotspots: async () => void calls.push('hotspots'),
    setDifference: async () => void calls.push('difference'),
    setCandidates: async () => void calls.push('candidates'),
  };
  return { calls, view: view as unknown as MapView };
}

const initialState = () => initialPlannerState({ network: 'GSM', scenario: null, working: [] });

describe('PlannerLayers', () => {
  it('hands nothing to the map while there is nothing to draw (its sources start empty)', () => {
    const { calls, view } = recordingMap();
    const layers = new PlannerLayers(view);
    const s = initialState();
    layers.update(s, new Map(), new Map());
    // New place names without gaps change nothing either.
    layers.update(s, new Map(), new Map([['g1', '富强村']]));
    expect(calls).toEqual([]);
  });

  it('hands over the gaps when they come, and again when their names change', () => {
    const { calls, view } = recordingMap();
    const layers = new PlannerLayers(view);
    const gaps: GapCollection = { type: 'FeatureCollection', features: [] } as unknown as GapCollection;
    const s = { ...initialState(), gaps: { status: 'ready' as const, data: gaps, error: null } };
    const names = new Map<string, string>();
    layers.update(s, new Map(), names);
    layers.update(s, new Map(), names);
    expect(calls).toEqual(['gaps']);
    layers.update(s, new Map(), new Map([['g1', '富强村']]));
    expect(calls).toEqual(['gaps', 'gaps']);
  });
});

describe('PlannerLayers candidates', () => {
  const candidates = new Map([
    [
      'CAND-003',
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [124.9, 46.6] },
        properties: { id: 3, code: 'CAND-003', technology: 'GSM' },
      },
    ],
  ]) as never;

  it('hands the same candidates over again only after the map moved one under the pointer', () => {
    const { calls, view } = recordingMap();
    const layers = new PlannerLayers(view);
    const s = initialState();
    layers.updateCandidates(s, candidates);
    layers.updateCandidates(s, candidates);
    expect(calls).toEqual(['candidates']);
    // A drag the server refused: the candidate goes back where it was, which the map no longer shows.
    layers.forgetCandidates();
    layers.updateCandidates(s, candidates);
    expect(calls).toEqual(['candidates', 'candidates']);
  });
});
