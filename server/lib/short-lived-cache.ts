/**
 * A small in-process cache whose entries live a few seconds at most and are dropped at once when the
 * data behind them changes in this process. Used for what every request would otherwise read from the
 * database: the owner of an API token or session, and an area row.
 *
 * Correctness rules:
 * - an entry is valid only for the generation it was loaded in: `invalidate()` (or a change of the
 *   external `generation()` counter) makes every entry stale at once;
 * - a load that overlapped an invalidation is returned to its caller but not stored, so a row read
 *   just before a write commits can never be served after the write;
 * - changes made elsewhere (another process writing the same PostgreSQL database) are seen after at
 *   most `ttlMs`.
 * Absent values (`undefined`) are never cached: a new token, area or session is found at once.
 */
export interface ShortLivedCacheOptions<V> {
  ttlMs: number;
  /** The oldest entries are dropped beyond this many. */
  maxEntries: number;
  /** With `sizeOf`: the oldest entries are dropped while the entries together exceed this many bytes. */
  maxBytes?: number;
  sizeOf?: (value: V) => number;
  /** An external counter (e.g. bumped by every write request); any change invalidates every entry. */
  generation?: () => number;
}

interface Entry<V> {
  value: V;
  bytes: number;
  expiresAt: number;
  generation: number;
}

export class ShortLivedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly loading = new Map<string, { generation: number; promise: Promise<V | undefined> }>();
  private ownGeneration = 0;
  private bytes = 0;

  constructor(private readonly options: ShortLivedCacheOptions<V>) {}

  /** The current generation: own invalidations plus the external counter (both only grow). */
  generation(): number {
    return this.ownGeneration + (this.options.generation?.() ?? 0);
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.generation !== this.generation() || entry.expiresAt <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /**
   * The cached value, or `load()`'s (stored when nothing was invalidated meanwhile). Concurrent
   * misses of one key in one generation share a single load.
   */
  async fetch(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const generation = this.generation();
    const running = this.loading.get(key);
    if (running && running.generation === generation) return running.promise;
    const promise = load().then((value) => {
      if (value !== undefined && generation === this.generation()) this.set(key, value, generation);
      return value;
    });
    this.loading.set(key, { generation, promise });
    try {
      return await promise;
    } finally {
      if (this.loading.get(key)?.promise === promise) this.loading.delete(key);
    }
  }

  /**
   * Store a value read outside `fetch` (e.g. an answer seen in an onSend hook), if nothing was
   * invalidated since `readInGeneration`, the generation() taken before the read started.
   */
  offer(key: string, value: V, readInGeneration: number): void {
    if (readInGeneration === this.generation()) this.set(key, value, readInGeneration);
  }

  /** Drop every entry now; loads still running are not stored. */
  invalidate(): void {
    this.ownGeneration++;
    this.entries.clear();
    this.bytes = 0;
    this.loading.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes held, as counted by `sizeOf` (0 without it). */
  get byteSize(): number {
    return this.bytes;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  private set(key: string, value: V, generation: number): void {
    const bytes = this.options.sizeOf?.(value) ?? 0;
    const maxBytes = this.options.maxBytes ?? Infinity;
    if (bytes > maxBytes) return;
    this.delete(key);
    while (this.entries.size > 0 && (this.entries.size >= this.options.maxEntries || this.bytes + bytes > maxBytes))
      this.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, bytes, expiresAt: Date.now() + this.options.ttlMs, generation });
    this.bytes += bytes;
  }
}
