import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../web/src/api/client.ts';
import { ExpensiveGate, isExpensivePath, MAX_EXPENSIVE_IN_FLIGHT } from '../../web/src/api/expensive-gate.ts';

/** A fetch whose answers wait until released, counting the calls in flight per kind of path. */
function heldFetch() {
  let inFlight = 0;
  let maxInFlight = 0;
  const release: Array<() => void> = [];
  const fn = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    const expensive = isExpensivePath(url.pathname.replace(/^\/api\/v1/, ''));
    if (expensive) maxInFlight = Math.max(maxInFlight, ++inFlight);
    await new Promise<void>((resolve) => release.push(resolve));
    if (expensive) inFlight--;
    return new Response(JSON.stringify({ items: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fn, release, max: () => maxInFlight, pending: () => release.length };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the expensive-request gate', () => {
  it('knows the routes the server limits per user, and no others', () => {
    for (const p of [
      '/areas/ranghulu/coverage',
      '/areas/1/coverage/gaps',
      '/areas/ranghulu/candidates/ranking',
      '/areas/ranghulu/plans',
      '/areas/ranghulu/dashboard/figures',
      '/areas/ranghulu/remedies',
      '/areas/ranghulu/hotspots',
      '/areas/ranghulu/scenarios/compare',
    ]) {
      expect(isExpensivePath(p), p).toBe(true);
    }
    for (const p of [
      '/areas/ranghulu/cells',
      '/areas/ranghulu/coverage/tiles/10/1/2.png',
      '/areas/ranghulu/coverage/point',
      '/areas/ranghulu/candidates',
      '/areas',
    ]) {
      expect(isExpensivePath(p), p).toBe(false);
    }
  });

  it('sends at most MAX_EXPENSIVE_IN_FLIGHT expensive calls at once and queues the rest, in order', async () => {
    const f = heldFetch();
    const api = new ApiClient({ fetch: f.fn });
    const calls = Array.from({ length: 8 }, (_, i) => api.ranking('ranghulu', i % 2 === 0 ? 'GSM' : 'CDMA'));
    const cheap = api.cells('ranghulu');
    await settle();
    expect(f.pending()).toBe(MAX_EXPENSIVE_IN_FLIGHT + 1); // the cells read is not held back
    while (f.pending() > 0) {
      f.release.shift()?.();
      await settle();
      await settle();
    }
    await Promise.all([...calls, cheap]);
    expect(f.max()).toBe(MAX_EXPENSIVE_IN_FLIGHT);
  });

  it('lets a queued call go when its signal aborts, and frees slots after failures', async () => {
    const gate = new ExpensiveGate(1);
    let finish!: () => void;
    const first = gate.run(() => new Promise<void>((r) => (finish = r)));
    const controller = new AbortController();
    const queued = gate.run(async () => 'never', controller.signal);
    controller.abort(new Error('aborted'));
    await expect(queued).rejects.toThrow('aborted');
    finish();
    await first;
    await expect(gate.run(async () => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    await expect(gate.run(async () => 'ran')).resolves.toBe('ran');
  });
});
