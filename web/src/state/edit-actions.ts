import type { ApiClient } from '../api/client.ts';
import type { CandidateFeature, ReportEdit, ReportProperties } from '../api/types.ts';
import type { AppStore } from './app-state.ts';
import { showWriteError } from './status-actions.ts';

export interface EditDeps {
  api: Pick<ApiClient, 'editReport' | 'moveCandidate'>;
  store: AppStore;
  /** Re-reads the area and recomputes what depends on the network (after an edit of it). */
  networkChanged: () => Promise<void>;
}

/** Edits of the area's data (cells, reports, candidates): saved through the API, then put into the store. */
export class EditActions {
  constructor(private readonly deps: EditDeps) {}

  private areaCode(): string {
    const area = this.deps.store.getState().area;
    if (!area) throw new Error('no area');
    return area.code;
  }

  /** Moves a report along its workflow; resolves with its new properties. */
  async editReport(id: number, edit: ReportEdit): Promise<ReportProperties> {
    const updated = await this.deps.api.editReport(this.areaCode(), id, edit);
    this.deps.store.dispatch({ type: 'report/updated', id, properties: updated.properties });
    return updated.properties;
  }

  /** Moves a candidate to [lon, lat] WGS84 degrees; resolves with it where it is now. */
  async moveCandidate(candidate: CandidateFeature, to: [number, number]): Promise<CandidateFeature> {
    const moved = await this.deps.api.moveCandidate(this.areaCode(), candidate.properties.id, to);
    this.deps.store.dispatch({ type: 'candidate/placed', candidate: moved });
    await this.deps.networkChanged();
    return moved;
  }

  /**
   * A candidate dropped on the map at `to`: moved, or put back at `from` when the server refuses
   * (the status line says why). Resolves with its code once moved, else null.
   */
  async dragCandidate(id: number, from: [number, number], to: [number, number]): Promise<string | null> {
    const { store } = this.deps;
    const s = store.getState();
    const candidate = [...s.candidates.values()].find((c) => c.properties.id === id);
    if (!candidate || !s.area) return null;
    try {
      await this.moveCandidate(candidate, to);
      return candidate.properties.code;
    } catch (err) {
      store.dispatch({ type: 'candidate/placed', candidate: { ...candidate, geometry: { type: 'Point', coordinates: from } } });
      showWriteError(store, err);
      return null;
    }
  }
}
