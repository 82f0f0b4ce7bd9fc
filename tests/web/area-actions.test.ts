import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../web/src/api/client.ts';
import type { LoginAnswer } from '../../web/src/api/types.ts';
import { AreaActions, type AreaMapStage } from '../../web/src/state/area-actions.ts';
import type { AppStore } from '../../web/src/state/app-state.ts';
import { PlannerActions } from '../../web/src/state/planner-actions.ts';
import type { ComputedKey } from '../../web/src/state/planner-state.ts';
import { selectWanted } from '../../web/src/state/selectors.ts';
import { SessionActions } from '../../web/src/state/session-actions.ts';
import { area, candidate, pageStore } from './support/app-fixtures.ts';

const EMPTY = { type: 'FeatureCollection', features: [] };

/** A server for one area, 'ranghulu' (id 7); `signedIn` false answers 401 until a sign-in. */
function fakeServer(opts: { signedIn?: boolean } = {}) {
  const asked: string[] = [];
  let signedIn = opts.signedIn ?? true;
  const routes: Record<string, unknown> = {
    '/health': { status: 'ok', database: 'ok', version: '1' },
    '/auth/me': { username: 'planner', role: 'planner' },
    '/areas': { items: [area('ranghulu', 1, 7)] },
    '/basemap/districts': EMPTY,
    '/areas/ranghulu': area('ranghulu', 1, 7),
    '/areas/ranghulu/cells': EMPTY,
    '/areas/7/reports': { ...EMPTY, numberMatched: 0, next: null },
    '/areas/7/candidates': { ...EMPTY, features: [candidate(3, 'CAND-003')] },
    '/areas/7/settlements': EMPTY,
    '/areas/7/places': EMPTY,
    '/areas/7/survey-responses': {
      ...EMPTY,
      features: [
        {
          type: 'Feature',
          id: 5,
          geometry: { type: 'Point', coordinates: [124.86, 46.66] },
          properties: { id: 5, satisfaction: 2, located: 'coordinates' },
        },
      ],
    },
    '/areas/ranghulu/scenarios': { items: [] },
    '/areas/ranghulu/candidates/ranking': { technology: 'GSM', items: [] },
    '/areas/ranghulu/coverage/gaps': { ...EMPTY, technology: 'GSM' },
  };
  const fetch = (async (input: RequestInfo | URL) => {
    const path = new URL(String(input), 'http://localhost').pathname.replace('/api/v1', '');
    asked.push(path);
    if (!signedIn && path !== '/health') return Response.json({ error: 'unauthenticated', message: 'sign in' }, { status: 401 });
    const body = routes[path];
    return body === undefined ? Response.json({ error: 'not-found', message: path }, { status: 404 }) : Response.json(body);
  }) as typeof globalThis.fetch;
  return { api: new ApiClient({ fetch, origin: 'http://localhost' }), asked, signIn: () => (signedIn = true) };
}

/** The map's steps, recorded; its first frames are drawn when the test says so. */
function fakeMap() {
  const steps: string[] = [];
  let drawn = () => {};
  const map: AreaMapStage = {
    fitArea: () => void steps.push('fit'),
    draw: () => void steps.push('draw'),
    whenIdle: () => new Promise<void>((resolve) => (drawn = resolve)),
  };
  return { map, steps, drawFrames: () => drawn() };
}

/** Waits until `done` holds (the fake server answers through a few turns of the event loop). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!done()) throw new Error('waited in vain');
}

function wire(
  store: AppStore,
  api: ApiClient,
  map: AreaMapStage,
  askSignIn: () => Promise<LoginAnswer> = () => Promise.reject(new Error('no sign-in expected')),
) {
  const planner = new PlannerActions(api, store);
  const session = new SessionActions({ api, store, askSignIn });
  // As the page does: the planner computes what the layers show once the first map is drawn.
  store.subscribe(selectWanted, (wanted) => wanted && planner.want(...(wanted.split(',') as ComputedKey[])));
  return new AreaActions({ api, store, planner, session, map, positionFromUrl: store.getState().view.map !== null });
}

describe('AreaActions', () => {
  it('draws the first map before any coverage computation, then loads the candidates and places', async () => {
    const { api, asked } = fakeServer();
    const { map, steps, drawFrames } = fakeMap();
    const store = pageStore('layers=boundary,gaps,candidates');
    const started = wire(store, api, map).start();
    await until(() => steps.includes('draw'));
    // The data is in the store and the map was given its style; its frames are not drawn yet.
    const s = store.getState();
    expect(s.session.user).toEqual({ username: 'planner', role: 'planner' });
    expect(s.districts).not.toBeNull();
    expect(s.area?.code).toBe('ranghulu');
    expect(s.view.area).toBe('ranghulu');
    expect(s.planner.area).toBe('ranghulu');
    expect(s.status).toBeNull();
    expect(s.phase).toBe('loading');
    expect(steps).toEqual(['fit', 'draw']);
    expect(asked.filter((p) => p.includes('ranking') || p.includes('gaps'))).toEqual([]);
    drawFrames();
    expect(await started).toBe(true);
    await until(() => asked.includes('/areas/ranghulu/coverage/gaps'));
    expect(store.getState().phase).toBe('complete');
    expect([...store.getState().candidates.keys()]).toEqual(['CAND-003']);
    // The survey answers come with the extras, for the surveys layer.
    expect(store.getState().surveyResponses.map((f) => f.properties.id)).toEqual([5]);
    expect(asked).toContain('/areas/ranghulu/candidates/ranking');
    expect(asked).toContain('/areas/ranghulu/coverage/gaps');
    await until(() => store.getState().session.health !== null);
    expect(store.getState().session.health).toMatchObject({ status: 'ok' });
  });

  it('keeps the position of the URL instead of fitting the area', async () => {
    const { api } = fakeServer();
    const { map, steps, drawFrames } = fakeMap();
    const started = wire(pageStore('map=11/46.65/124.87'), api, map).start();
    await until(() => steps.includes('draw'));
    drawFrames();
    await started;
    expect(steps).toEqual(['draw']);
  });

  it('asks for a sign-in when nobody is signed in, then loads everything again', async () => {
    const server = fakeServer({ signedIn: false });
    const { map, steps, drawFrames } = fakeMap();
    const store = pageStore();
    let asked = 0;
    const started = wire(store, server.api, map, async () => {
      asked++;
      server.signIn();
      return { username: 'admin', role: 'admin', csrfToken: 't' };
    }).start();
    await until(() => steps.includes('draw'));
    drawFrames();
    expect(await started).toBe(true);
    expect(asked).toBe(1);
    expect(store.getState().session.user).toEqual({ username: 'admin', role: 'admin' });
    expect(store.getState().area?.code).toBe('ranghulu');
  });

  it('says so on the status line when there is no area', async () => {
    const { api } = fakeServer();
    const store = pageStore();
    const fetchless = Object.assign(Object.create(api) as ApiClient, { listAreas: async () => [] });
    expect(await wire(store, fetchless, fakeMap().map).start()).toBe(false);
    expect(store.getState().status).toMatchObject({ kind: 'notice' });
  });

  it('puts a failure into words with a retry', async () => {
    const { api } = fakeServer();
    const store = pageStore('area=ranghulu');
    const broken = Object.assign(Object.create(api) as ApiClient, { getArea: async () => Promise.reject(new Error('disk on fire')) });
    expect(await wire(store, broken, fakeMap().map).selectArea('ranghulu', true)).toBe(false);
    const status = store.getState().status;
    expect(status).toMatchObject({ kind: 'error', message: 'disk on fire' });
    expect(status?.kind === 'error' && typeof status.retry).toBe('function');
  });
});
