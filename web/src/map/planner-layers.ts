import type { CandidateFeature } from '../api/types.ts';
import { inWorkingScenario, type PlannerState } from '../state/planner-state.ts';
import type { CandidateMapFeature, MapView } from './map-view.ts';

/**
 * Draws the planner's results on the map: gaps with their names, hotspots, the difference of a
 * comparison, and the candidates with their rank, the working ones and the previewed one. Only
 * layers whose data changed are handed to the map again (each hand-over re-tiles in the worker).
 */
export class PlannerLayers {
  // The map's sources start empty: nothing (null data, no candidates) is what they already show.
  private last: { gaps: unknown; names: unknown; hotspots: unknown; comparison: unknown; candidates: string } = {
    gaps: null,
    names: undefined,
    hotspots: null,
    comparison: null,
    candidates: '[]',
  };

  constructor(private readonly mapView: MapView) {}

  update(s: PlannerState, candidates: ReadonlyMap<string, CandidateFeature>, names: ReadonlyMap<string, string>): void {
    const gaps = s.gaps.data;
    // New names of no gaps change nothing on the map.
    if (gaps !== this.last.gaps || (names !== this.last.names && gaps !== null)) {
      const features = gaps?.features ?? [];
      void this.mapView.setGaps(
        { type: 'FeatureCollection', features },
        features.flatMap((f) => {
          const label = names.get(f.properties.id);
          return label ? [{ lonLat: f.properties.centroid, label }] : [];
        }),
      );
    }
    if (s.hotspots.data !== this.last.hotspots) {
      void this.mapView.setHotspots(s.hotspots.data ?? { type: 'FeatureCollection', features: [] });
    }
    const comparison = s.comparison.data;
    if (comparison !== this.last.comparison) {
      const diff = comparison?.difference;
      const tag = (change: 'covered' | 'lost') => (f: GeoJSON.Feature) => ({
        ...f,
        id: undefined,
        properties: { ...f.properties, change },
      });
      void this.mapView.setDifference({
        type: 'FeatureCollection',
        features: diff ? [...diff.newlyCovered.features.map(tag('covered')), ...diff.newlyLost.features.map(tag('lost'))] : [],
      });
    }
    this.last = { ...this.last, gaps, names, hotspots: s.hotspots.data, comparison };
    this.updateCandidates(s, candidates);
  }

  /**
   * The map moved a candidate under the pointer: what it shows is no longer what was handed over,
   * so the next candidates are handed over even if they are the same as before (one put back).
   */
  forgetCandidates(): void {
    this.last.candidates = '';
  }

  /** Candidates after a move or a new ranking; skipped when nothing the map shows changed. */
  updateCandidates(s: PlannerState, candidates: ReadonlyMap<string, CandidateFeature>): void {
    const ranks = new Map((s.ranking.data?.items ?? []).map((i) => [i.code, i.rank]));
    const features: CandidateMapFeature[] = [...candidates.values()].map((c) => ({
      type: 'Feature',
      geometry: c.geometry,
      properties: {
        id: c.properties.id,
        code: c.properties.code,
        technology: c.properties.technology,
        rank: ranks.get(c.properties.code) ?? 0,
        ranked: ranks.has(c.properties.code),
        working: inWorkingScenario(s, c.properties.code),
        selected: s.selected === c.properties.code,
      },
    }));
    const key = JSON.stringify(features);
    if (key === this.last.candidates) return;
    this.last.candidates = key;
    void this.mapView.setCandidates(features);
  }
}
