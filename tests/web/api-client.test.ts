import { describe, expect, it } from 'vitest';
import { ApiError, isUnauthenticated } from '../../web/src/api/api-error.ts';
import { ApiClient, BUSY_RETRIES, queryString } from '../../web/src/api/client.ts';

type Handler = (url: URL) => { status?: number; body?: unknown; text?: string };

/** A fetch that answers from a handler and records the URLs asked for. */
function fakeFetch(handler: Handler) {
  const urls: string[] = [];
  const fn = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    urls.push(url.pathname + url.search);
    const r = handler(url);
    const text = r.text ?? (r.body === undefined ? '' : JSON.stringify(r.body));
    return new Response(text, { status: r.status ?? 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fn, urls };
}

const point = (id: number) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [124.9, 46.6] },
  properties: { id, kind: 'weak-signal', status: 'open' },
});

describe('ApiClient', () => {
  it('builds the routes with query parameters', async () => {
    const { fn, urls } = fakeFetch(() => ({ body: { type: 'FeatureCollection', features: [], items: [] } }));
    const api = new ApiClient({ fetch: fn });
    await api.cells('ranghulu', 'GSM');
    await api.cells(1);
    await api.getArea('rang hulu');
    await api.reports(1, { bbox: [124.5, 46.4, 125.1, 46.9], limit: 10, offset: 20 });
    expect(urls).toEqual([
      '/api/v1/areas/ranghulu/cells?technology=GSM',
      '/api/v1/areas/1/cells',
      '/api/v1/areas/rang%20hulu',
      '/api/v1/areas/1/reports?bbox=124.5%2C46.4%2C125.1%2C46.9&limit=10&offset=20',
    ]);
  });

  it('follows `next` as a keyset cursor (the id a page starts after) until the last page of reports', async () => {
    // Ids are not offsets: other areas' reports and deleted ones leave gaps.
    const pages: Record<string, unknown> = {
      '': { type: 'FeatureCollection', features: [point(11), point(12)], numberMatched: 5, numberReturned: 2, next: 12 },
      '12': { type: 'FeatureCollection', features: [point(15), point(17)], numberMatched: 5, numberReturned: 2, next: 17 },
      '17': { type: 'FeatureCollection', features: [point(40)], numberMatched: 5, numberReturned: 1, next: null },
    };
    const { fn, urls } = fakeFetch((url) => ({
      body: url.searchParams.has('offset') ? undefined : pages[url.searchParams.get('cursor') ?? ''],
    }));
    const all = await new ApiClient({ fetch: fn }).allReports('ranghulu', { pageSize: 2 });
    expect(all.features.map((f) => f.properties.id)).toEqual([11, 12, 15, 17, 40]);
    expect(all.numberMatched).toBe(5);
    expect(urls).toEqual([
      '/api/v1/areas/ranghulu/reports?limit=2',
      '/api/v1/areas/ranghulu/reports?limit=2&cursor=12',
      '/api/v1/areas/ranghulu/reports?limit=2&cursor=17',
    ]);
  });

  it('stops at maxFeatures and refuses paging that does not advance', async () => {
    const { fn } = fakeFetch((url) => {
      const after = Number(url.searchParams.get('cursor') ?? 0);
      return {
        body: {
          type: 'FeatureCollection',
          features: [point(after + 1), point(after + 2)],
          numberMatched: 9,
          numberReturned: 2,
          next: after + 2,
        },
      };
    });
    const capped = await new ApiClient({ fetch: fn }).allReports(1, { pageSize: 2, maxFeatures: 3 });
    expect(capped.features.map((f) => f.properties.id)).toEqual([1, 2, 3]);
    expect(capped.numberMatched).toBe(9);
    const stuck = fakeFetch(() => ({
      body: { type: 'FeatureCollection', features: [point(1)], numberMatched: 9, numberReturned: 1, next: 0 },
    }));
    await expect(new ApiClient({ fetch: stuck.fn }).allReports(1)).rejects.toThrow(/did not advance/);
  });

  it("surfaces the server's error code, message and details", async () => {
    const { fn } = fakeFetch(() => ({
      status: 404,
      body: { error: 'not-found', message: 'Area "nowhere" does not exist', details: { areaId: 'nowhere' } },
    }));
    const err = await new ApiClient({ fetch: fn }).getArea('nowhere').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'not-found', status: 404, message: 'Area "nowhere" does not exist', details: { areaId: 'nowhere' } });
  });

  it('reports non-JSON errors and network failures as ApiError', async () => {
    const html = fakeFetch(() => ({ status: 502, text: '<html>Bad gateway</html>' }));
    await expect(new ApiClient({ fetch: html.fn }).health()).rejects.toMatchObject({ code: 'http-502', status: 502 });
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(new ApiClient({ fetch: down }).health()).rejects.toMatchObject({ code: 'network', status: 0 });
  });

  it('passes an abort through untouched', async () => {
    const controller = new AbortController();
    const aborting = (async (_: RequestInfo | URL, init?: RequestInit) => {
      init?.signal?.throwIfAborted();
      return new Response('{}');
    }) as typeof fetch;
    controller.abort();
    await expect(new ApiClient({ fetch: aborting }).health({ signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('ApiClient sign-in', () => {
  it('signs in with a JSON body and sends the CSRF token back on writes only', async () => {
    const seen: { method: string; path: string; csrf: string | null; body: string | null }[] = [];
    const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://localhost');
      const headers = new Headers(init?.headers);
      seen.push({
        method: init?.method ?? 'GET',
        path: url.pathname,
        csrf: headers.get('x-csrf-token'),
        body: (init?.body as string) ?? null,
      });
      if (url.pathname.endsWith('/auth/login')) return Response.json({ username: 'planner1', role: 'planner', csrfToken: 'csrf-1' });
      if (url.pathname.endsWith('/auth/logout')) return new Response(null, { status: 204 });
      return Response.json({ items: [] });
    }) as typeof fetch;
    const api = new ApiClient({ fetch: fn });
    expect(await api.login('planner1', 'pw')).toEqual({ username: 'planner1', role: 'planner', csrfToken: 'csrf-1' });
    await api.listAreas();
    await expect(api.logout()).resolves.toBeUndefined();
    expect(seen).toEqual([
      { method: 'POST', path: '/api/v1/auth/login', csrf: null, body: '{"username":"planner1","password":"pw"}' },
      { method: 'GET', path: '/api/v1/areas', csrf: null, body: null },
      { method: 'POST', path: '/api/v1/auth/logout', csrf: 'csrf-1', body: null },
    ]);
  });

  it('tells a missing sign-in apart from other errors', async () => {
    const { fn } = fakeFetch(() => ({ status: 401, body: { error: 'unauthenticated', message: 'sign in first' } }));
    const err = await new ApiClient({ fetch: fn }).me().catch((e: unknown) => e);
    expect(isUnauthenticated(err)).toBe(true);
    expect(isUnauthenticated(new ApiError('forbidden', 'no', 403, '/x'))).toBe(false);
  });
});

describe('ApiClient planning routes', () => {
  it('sends coverage, gaps, point and ranking queries with candidate codes comma-separated', async () => {
    const { fn, urls } = fakeFetch(() => ({ body: { items: [] } }));
    const api = new ApiClient({ fetch: fn });
    await api.coverage('ranghulu', { technology: 'GSM', scenario: '方案 1', candidates: ['CAND-003', 'CAND-005'] });
    await api.coverage('ranghulu', { technology: 'any', scenario: null, candidates: [] });
    await api.gaps('ranghulu', { technology: 'CDMA' });
    await api.pointCoverage('ranghulu', [124.85, 46.65], { technology: 'GSM', indoor: true });
    await api.ranking('ranghulu', 'GSM', null);
    await api.hotspots('ranghulu', 'CDMA', 'S');
    await api.remedies('ranghulu', 'GSM');
    await api.compareScenarios('ranghulu', { base: 'existing', target: 'S', technology: 'GSM' });
    expect(urls).toEqual([
      '/api/v1/areas/ranghulu/coverage?technology=GSM&scenario=%E6%96%B9%E6%A1%88+1&candidates=CAND-003%2CCAND-005',
      '/api/v1/areas/ranghulu/coverage?technology=any',
      '/api/v1/areas/ranghulu/coverage/gaps?technology=CDMA',
      '/api/v1/areas/ranghulu/coverage/point?lon=124.85&lat=46.65&technology=GSM&indoor=true',
      '/api/v1/areas/ranghulu/candidates/ranking?technology=GSM',
      '/api/v1/areas/ranghulu/hotspots?technology=CDMA&scenario=S',
      '/api/v1/areas/ranghulu/remedies?technology=GSM',
      '/api/v1/areas/ranghulu/scenarios/compare?base=existing&target=S&technology=GSM',
    ]);
  });

  it('writes with PATCH, POST and DELETE, JSON bodies and the CSRF token', async () => {
    const seen: { method: string; path: string; csrf: string | null; body: unknown }[] = [];
    const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://localhost');
      seen.push({
        method: init?.method ?? 'GET',
        path: url.pathname,
        csrf: new Headers(init?.headers).get('x-csrf-token'),
        body: init?.body ? JSON.parse(String(init.body)) : null,
      });
      if (url.pathname.endsWith('/auth/login')) return Response.json({ username: 'p', role: 'planner', csrfToken: 't1' });
      if (init?.method === 'DELETE') return new Response(null, { status: 204 });
      return Response.json({});
    }) as typeof fetch;
    const api = new ApiClient({ fetch: fn });
    await api.login('p', 'pw');
    await api.editCell('ranghulu', 7, { azimuthDeg: 120, tiltDeg: 4, powerDbm: 43 });
    await api.moveCandidate('ranghulu', 3, [124.66, 46.95]);
    await api.editReport('ranghulu', 9, { status: 'resolved', resolution: 'new-site', resolvedByCandidateCode: 'CAND-003' });
    await api.createScenario('ranghulu', { name: 'S', changes: { addCandidates: ['CAND-003'], cellChanges: [], removeCells: [] } });
    await api.plan('ranghulu', { technology: 'GSM', maxSites: 3, method: 'exact' });
    await api.deleteScenario('ranghulu', 'S 1');
    expect(seen.slice(1)).toEqual([
      { method: 'PATCH', path: '/api/v1/areas/ranghulu/cells/7', csrf: 't1', body: { azimuthDeg: 120, tiltDeg: 4, powerDbm: 43 } },
      { method: 'PATCH', path: '/api/v1/areas/ranghulu/candidates/3', csrf: 't1', body: { lon: 124.66, lat: 46.95 } },
      {
        method: 'PATCH',
        path: '/api/v1/areas/ranghulu/reports/9',
        csrf: 't1',
        body: { status: 'resolved', resolution: 'new-site', resolvedByCandidateCode: 'CAND-003' },
      },
      {
        method: 'POST',
        path: '/api/v1/areas/ranghulu/scenarios',
        csrf: 't1',
        body: { name: 'S', changes: { addCandidates: ['CAND-003'], cellChanges: [], removeCells: [] } },
      },
      { method: 'POST', path: '/api/v1/areas/ranghulu/plans', csrf: 't1', body: { technology: 'GSM', maxSites: 3, method: 'exact' } },
      { method: 'DELETE', path: '/api/v1/areas/ranghulu/scenarios/S%201', csrf: 't1', body: null },
    ]);
  });

  it('builds tile templates MapLibre can fill in, and export links', () => {
    const api = new ApiClient({ fetch: (async () => new Response('{}')) as typeof fetch, origin: 'http://planner.local' });
    expect(api.tileUrlTemplate('ranghulu', { technology: 'GSM', mode: 'level', candidates: ['CAND-003'], version: 485 })).toBe(
      'http://planner.local/api/v1/areas/ranghulu/coverage/tiles/{z}/{x}/{y}.png?technology=GSM&mode=level&candidates=CAND-003&v=485',
    );
    expect(api.tileUrlTemplate('ranghulu', { technology: 'CDMA', mode: 'overlap', scenario: 'S' })).toBe(
      'http://planner.local/api/v1/areas/ranghulu/coverage/tiles/{z}/{x}/{y}.png?technology=CDMA&mode=overlap&scenario=S',
    );
    expect(api.exportUrl('ranghulu', 'gaps-gsm', 'kml')).toBe('/api/v1/areas/ranghulu/exports/gaps-gsm.kml');
    expect(api.exportUrl('ranghulu', 'candidates', 'csv', { technology: 'GSM' })).toBe(
      '/api/v1/areas/ranghulu/exports/candidates.csv?technology=GSM',
    );
  });
});

describe('ApiClient and the per-user limit on expensive requests', () => {
  /** Answers 429 too_many_concurrent_requests (Retry-After 0) `busy` times, then the figures. */
  function busyThenFree(busy: number, code = 'too_many_concurrent_requests') {
    let calls = 0;
    const fn = (async () => {
      calls++;
      if (calls <= busy)
        return new Response(JSON.stringify({ error: code, message: 'at most 4 expensive requests at once per user', details: [] }), {
          status: 429,
          headers: { 'retry-after': '0' },
        });
      return new Response(JSON.stringify({ coveragePct: 97 }), { status: 200 });
    }) as typeof fetch;
    return { fn, calls: () => calls };
  }

  it('sends a request refused for too many running at once again after Retry-After', async () => {
    const { fn, calls } = busyThenFree(2);
    expect(await new ApiClient({ fetch: fn }).coverage('ranghulu', { technology: 'GSM' })).toEqual({ coveragePct: 97 });
    expect(calls()).toBe(3);
  });

  it('gives up after BUSY_RETRIES, and never retries other 429s (rate limits)', async () => {
    const busy = busyThenFree(BUSY_RETRIES + 1);
    await expect(new ApiClient({ fetch: busy.fn }).coverage('ranghulu', { technology: 'GSM' })).rejects.toMatchObject({
      code: 'too_many_concurrent_requests',
      status: 429,
    });
    expect(busy.calls()).toBe(BUSY_RETRIES + 1);
    const limited = busyThenFree(1, 'too_many_requests');
    await expect(new ApiClient({ fetch: limited.fn }).coverage('ranghulu', { technology: 'GSM' })).rejects.toBeInstanceOf(ApiError);
    expect(limited.calls()).toBe(1);
  });

  it('stops waiting when the request is cancelled', async () => {
    const fn = (async () =>
      new Response(JSON.stringify({ error: 'too_many_concurrent_requests', message: 'busy' }), {
        status: 429,
        headers: { 'retry-after': '30' },
      })) as typeof fetch;
    const controller = new AbortController();
    const pending = new ApiClient({ fetch: fn }).coverage('ranghulu', { technology: 'GSM' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('queryString', () => {
  it('leaves out undefined parameters', () => {
    expect(queryString({})).toBe('');
    expect(queryString({ a: undefined, b: 2 })).toBe('?b=2');
  });
});

describe('ApiClient and coverage jobs', () => {
  it('follows a 202 job’s progress until done, then asks again for the figures', async () => {
    const jobId = '0b9d1a7e-8c1f-4f53-9a55-2f1f4b7f7a10';
    let polls = 0;
    let asked = 0;
    const { fn, urls } = fakeFetch((url) => {
      if (url.pathname === `/api/v1/coverage-jobs/${jobId}`) {
        polls++;
        return { body: { jobId, state: polls >= 2 ? 'done' : 'running', tilesDone: polls * 5, tilesTotal: 10, etaS: 3, elapsedS: 2 } };
      }
      asked++;
      if (asked === 1)
        return {
          status: 202,
          body: {
            jobId,
            state: 'running',
            tilesDone: 0,
            tilesTotal: 10,
            etaS: null,
            elapsedS: 0,
            progressUrl: `/api/v1/coverage-jobs/${jobId}`,
          },
        };
      return { body: { coveredKm2: 12 } };
    });
    const api = new ApiClient({ fetch: fn });
    const seen: number[] = [];
    const figures = await api.coverage('ranghulu', { technology: 'GSM' }, { onProgress: (p) => seen.push(p.tilesDone) });
    expect(figures).toEqual({ coveredKm2: 12 });
    expect(seen).toEqual([0, 5, 10]);
    expect(urls).toEqual([
      '/api/v1/areas/ranghulu/coverage?technology=GSM',
      `/api/v1/coverage-jobs/${jobId}`,
      `/api/v1/coverage-jobs/${jobId}`,
      '/api/v1/areas/ranghulu/coverage?technology=GSM',
    ]);
  });
});
