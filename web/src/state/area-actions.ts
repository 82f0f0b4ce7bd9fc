import type { ApiClient } from '../api/client.ts';
import { isAbortError, isUnauthenticated } from '../api/api-error.ts';
import { DEFAULT_AREA, loadAreaData, type AreaData, type FirstRequests } from '../api/first-requests.ts';
import { mark } from '../lib/timing.ts';
import type { AppStore } from './app-state.ts';
import type { PlannerActions } from './planner-actions.ts';
import type { SessionActions } from './session-actions.ts';
import { selectTranslate } from './selectors.ts';
import { showError } from './status-actions.ts';

/** What the first map of the page waits for, already asked for (see sendFirstRequests). */
interface FirstMap {
  /** The area's data, when it is the area the first requests guessed. */
  data?: Promise<AreaData>;
  /** Settles once the districts are in the store (or failed: the page's start says so). */
  districts: Promise<unknown>;
}

/** The steps of drawing an area that only the map can take (MapView has them). */
export interface AreaMapStage {
  fitArea(animate: boolean): void;
  /** Gives the map its style with the data it has, once. */
  draw(): void;
  /** Resolves once the map has drawn everything it has been given. */
  whenIdle(): Promise<void>;
}

export interface AreaDeps {
  api: ApiClient;
  store: AppStore;
  planner: PlannerActions;
  session: SessionActions;
  map: AreaMapStage;
  /** A position in the URL the page was opened with wins over fitting the area. */
  positionFromUrl: boolean;
}

/** The page's start (sign-in, areas, the first map) and the loading of an area into the store. */
export class AreaActions {
  private request: AbortController | null = null;

  constructor(private readonly deps: AreaDeps) {}

  /** Loads the areas, the districts and the chosen area; resolves once the map has drawn them. */
  async start(first: FirstRequests | null = null): Promise<boolean> {
    const { api, store, session } = this.deps;
    api.health().then(
      (health) => store.dispatch({ type: 'session/health', health }),
      () => store.dispatch({ type: 'session/health', health: 'unreachable' }),
    );
    store.dispatch({ type: 'status', status: { kind: 'loading' } });
    try {
      // Requests sent signed out failed: after a sign-in, everything is asked for again.
      if (await session.ensureSignedIn(first?.me)) first = null;
      mark('signed-in');
      // Asked for together; the first map shows the districts with the area.
      const districts = (first?.districts ?? api.districts()).then((d) => {
        mark('districts-loaded');
        store.dispatch({ type: 'districts/loaded', districts: d });
      });
      districts.catch(() => undefined);
      const areas = await (first?.areas ?? api.listAreas());
      mark('areas-loaded');
      store.dispatch({ type: 'areas/loaded', areas });
      const wanted = store.getState().view.area;
      const area = areas.find((a) => a.code === wanted) ?? areas.find((a) => a.code === DEFAULT_AREA) ?? areas[0];
      if (!area) {
        const t = selectTranslate(store.getState());
        store.dispatch({ type: 'status', status: { kind: 'notice', text: t('status.noAreas') } });
        return false;
      }
      const data = first?.area?.code === area.code ? first.area.data : undefined;
      const [selected] = await Promise.all([
        this.selectArea(area.code, !this.deps.positionFromUrl, { data, districts: districts.catch(() => undefined) }),
        districts,
      ]);
      return selected;
    } catch (err) {
      if (isUnauthenticated(err)) {
        await session.promptSignIn();
        return this.start();
      }
      showError(store, err, () => void this.start());
      return false;
    }
  }

  /**
   * Loads an area's data into the store (the map and the panels draw it from there) and has the
   * map draw it; the phase becomes `drawn` when it has (browser tests wait for that), then
   * `complete` with the candidates and places, which the first map does not wait for.
   */
  async selectArea(code: string, fit: boolean, first?: FirstMap): Promise<boolean> {
    const { api, store, planner, map } = this.deps;
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    const { signal } = request;
    store.dispatch({ type: 'status', status: { kind: 'loading' } });
    store.dispatch({ type: 'area/loading', code });
    try {
      const data = await (first?.data ?? loadAreaData(api, code, { signal }));
      // Another area was picked meanwhile (the first requests cannot be aborted).
      if (signal.aborted) return false;
      mark('area-data-loaded');
      const { area } = data;
      // Candidates and places are drawn a moment later: the first map needs the cells and the reports.
      const extras = Promise.all([
        api.candidates(area.id, { signal }),
        api.settlements(area.id, { signal }),
        api.places(area.id, { signal }),
        api.surveyResponses(area.id, { signal }),
      ]);
      extras.catch(() => undefined);
      const changed = store.getState().planner.area !== area.code;
      store.dispatch({ type: 'area/loaded', ...data });
      if (first) await first.districts;
      if (signal.aborted) return false;
      if (fit) map.fitArea(false);
      if (changed) planner.setArea(area.code, area.inputsVersion);
      store.dispatch({ type: 'status', status: null });
      mark('panel-drawn');
      // The page is drawn; the map's first frames come after, with everything in them.
      map.draw();
      await map.whenIdle();
      if (signal.aborted) return false;
      mark('first-map');
      // Coverage computations start once the first map is drawn, so that they do not slow it down.
      store.dispatch({ type: 'area/drawn' });
      const [candidates, settlements, places, surveys] = await extras;
      store.dispatch({
        type: 'area/extras',
        candidates: candidates.features,
        settlements: settlements.features,
        places: places.features,
        surveyResponses: surveys.features,
      });
      return true;
    } catch (err) {
      if (isAbortError(err)) return false;
      if (isUnauthenticated(err)) {
        // The session ended while the page was open.
        await this.deps.session.promptSignIn();
        return this.selectArea(code, fit);
      }
      showError(store, err, () => void this.selectArea(code, fit));
      return false;
    }
  }

  /** Re-reads the area (its inputs version moves on every edit) and recomputes what depends on the network. */
  async networkChanged(): Promise<void> {
    const { api, store, planner } = this.deps;
    const current = store.getState().area;
    if (!current) return;
    const area = await api.getArea(current.code);
    store.dispatch({ type: 'area/updated', area });
    planner.invalidate(area.inputsVersion);
  }
}
