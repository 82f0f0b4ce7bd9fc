import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../web/src/api/client.ts';
import { loadAreaData, sendFirstRequests } from '../../web/src/api/first-requests.ts';

const AREA = {
  id: 7,
  code: 'ranghulu',
  name: '让胡路区',
  bbox: [124.5, 46.4, 125.0, 47.0],
  boundary: { type: 'Polygon', coordinates: [] },
};
const EMPTY = { type: 'FeatureCollection', features: [] };

function answer(url: URL): { status: number; body: unknown } {
  const p = url.pathname.replace('/api/v1', '');
  if (p === '/auth/me') return { status: 200, body: { username: 'admin', role: 'admin' } };
  if (p === '/areas') return { status: 200, body: { items: [AREA] } };
  if (p === '/basemap/districts') return { status: 200, body: EMPTY };
  if (p === '/areas/ranghulu') return { status: 200, body: AREA };
  if (p === '/areas/ranghulu/cells') return { status: 200, body: EMPTY };
  if (p === '/areas/7/reports') return { status: 200, body: { ...EMPTY, numberMatched: 0, next: null } };
  return { status: 404, body: { error: 'not-found', message: `no ${p}` } };
}

/**
 * A fetch whose answers wait until the test releases them, recording what was asked for before
 * any answer came.
 */
function heldFetch(respond: (url: URL) => { status: number; body: unknown } = answer) {
  const asked: string[] = [];
  const held: (() => void)[] = [];
  const fn = ((input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    asked.push(url.pathname.replace('/api/v1', '') + url.search);
    return new Promise<Response>((resolve) => {
      held.push(() => {
        const r = respond(url);
        resolve(new Response(JSON.stringify(r.body), { status: r.status, headers: { 'content-type': 'application/json' } }));
      });
    });
  }) as typeof fetch;
  /** Answers every request asked for so far, then lets the callers go on. */
  const release = async () => {
    for (const r of held.splice(0)) r();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { fn, asked, release };
}

describe('sendFirstRequests', () => {
  it('asks for the user, the areas, the districts, the area and its cells at once, and the reports in the area box once the box is known', async () => {
    const { fn, asked, release } = heldFetch();
    const first = sendFirstRequests(new ApiClient({ fetch: fn }), 'ranghulu');
    expect([...asked].sort()).toEqual(['/areas', '/areas/ranghulu', '/areas/ranghulu/cells', '/auth/me', '/basemap/districts']);
    await release();
    expect(asked.at(-1)).toBe('/areas/7/reports?bbox=124.5%2C46.4%2C125%2C47&limit=20000');
    await release();
    expect(first.area?.code).toBe('ranghulu');
    const data = await first.area!.data;
    expect(data.area.code).toBe('ranghulu');
    expect(data.cells.features).toEqual([]);
    expect(data.reports.numberMatched).toBe(0);
    expect((await first.me).username).toBe('admin');
  });

  it('asks for no area when the URL names none (the page picks one from the list)', () => {
    const { fn, asked } = heldFetch();
    const first = sendFirstRequests(new ApiClient({ fetch: fn }), null);
    expect(first.area).toBeNull();
    expect([...asked].sort()).toEqual(['/areas', '/auth/me', '/basemap/districts']);
  });

  it('leaves no failure unhandled when nobody is signed in (each is read where it is used)', async () => {
    const { fn, release } = heldFetch(() => ({ status: 401, body: { error: 'unauthenticated', message: 'Sign in' } }));
    const first = sendFirstRequests(new ApiClient({ fetch: fn }), 'ranghulu');
    await release();
    await release();
    await expect(first.me).rejects.toMatchObject({ status: 401 });
    await expect(first.area!.data).rejects.toMatchObject({ status: 401 });
    await expect(first.districts).rejects.toMatchObject({ status: 401 });
  });
});

describe('loadAreaData', () => {
  it('fails with the area when the area does not exist, without asking for reports', async () => {
    const { fn, asked, release } = heldFetch();
    const loading = loadAreaData(new ApiClient({ fetch: fn }), 'nowhere');
    loading.catch(() => undefined);
    await release();
    await expect(loading).rejects.toMatchObject({ status: 404 });
    expect(asked.sort()).toEqual(['/areas/nowhere', '/areas/nowhere/cells']);
  });
});
