import { afterEach, describe, expect, it, vi } from 'vitest';
import { ShortLivedCache } from '../../../server/lib/short-lived-cache.ts';

/** A load that finishes when the test says so. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ShortLivedCache', () => {
  afterEach(() => vi.useRealTimers());

  it('serves a loaded value until its time is up, then loads again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = new ShortLivedCache<string>({ ttlMs: 5000, maxEntries: 10 });
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await cache.fetch('k', load)).toBe('v1');
    vi.advanceTimersByTime(4999);
    expect(await cache.fetch('k', load)).toBe('v1');
    vi.advanceTimersByTime(1);
    expect(await cache.fetch('k', load)).toBe('v2');
  });

  it('never caches an absent value', async () => {
    const cache = new ShortLivedCache<string>({ ttlMs: 5000, maxEntries: 10 });
    let loads = 0;
    const loader = (value: string | undefined) => async () => {
      loads++;
      return value;
    };
    expect(await cache.fetch('k', loader(undefined))).toBeUndefined();
    expect(await cache.fetch('k', loader('now there'))).toBe('now there');
    expect(loads).toBe(2);
  });

  it('drops every entry on invalidate() and on a change of the external generation', async () => {
    let external = 0;
    const cache = new ShortLivedCache<number>({ ttlMs: 60_000, maxEntries: 10, generation: () => external });
    let n = 0;
    const load = async () => ++n;
    expect(await cache.fetch('a', load)).toBe(1);
    cache.invalidate();
    expect(cache.get('a')).toBeUndefined();
    expect(await cache.fetch('a', load)).toBe(2);
    external++;
    expect(cache.get('a')).toBeUndefined();
    expect(await cache.fetch('a', load)).toBe(3);
    expect(await cache.fetch('a', load)).toBe(3);
  });

  it('does not keep a value whose load overlapped an invalidation (it may predate the change)', async () => {
    const cache = new ShortLivedCache<string>({ ttlMs: 60_000, maxEntries: 10 });
    const slow = deferred<string>();
    const pending = cache.fetch('k', () => slow.promise);
    cache.invalidate(); // the write commits while the read is in flight
    slow.resolve('before the write');
    expect(await pending).toBe('before the write'); // the overlapping caller still gets its answer
    expect(cache.get('k')).toBeUndefined();
    expect(await cache.fetch('k', async () => 'after the write')).toBe('after the write');
    // offer() follows the same rule.
    const generation = cache.generation();
    cache.invalidate();
    cache.offer('o', 'stale', generation);
    expect(cache.get('o')).toBeUndefined();
    cache.offer('o', 'fresh', cache.generation());
    expect(cache.get('o')).toBe('fresh');
  });

  it('shares one load among concurrent misses of a key, but not across an invalidation', async () => {
    const cache = new ShortLivedCache<string>({ ttlMs: 60_000, maxEntries: 10 });
    let loads = 0;
    const gate = deferred<void>();
    const load = async () => {
      loads++;
      await gate.promise;
      return `load ${loads}`;
    };
    const a = cache.fetch('k', load);
    const b = cache.fetch('k', load);
    cache.invalidate();
    const c = cache.fetch('k', load);
    gate.resolve();
    expect(await a).toBe(await b);
    expect(loads).toBe(2);
    expect(await c).toBe('load 2');
  });

  it('keeps at most maxEntries and maxBytes, dropping the oldest', async () => {
    const cache = new ShortLivedCache<string>({ ttlMs: 60_000, maxEntries: 3, maxBytes: 10, sizeOf: (v) => v.length });
    for (const k of ['a', 'b', 'c', 'd']) await cache.fetch(k, async () => k);
    expect(cache.size).toBe(3);
    expect(cache.get('a')).toBeUndefined();
    await cache.fetch('big', async () => '123456789');
    expect(cache.byteSize).toBeLessThanOrEqual(10);
    expect(cache.get('big')).toBe('123456789');
    await cache.fetch('huge', async () => '12345678901');
    expect(cache.get('huge')).toBeUndefined(); // larger than the whole cache: served, not kept
  });
});
