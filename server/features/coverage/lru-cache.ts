/**
 * A small LRU cache bounded by an estimated size (bytes), for rasters and prepared areas.
 * Entries are evicted least-recently-used first once the total exceeds `maxBytes`.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private totalBytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value;
  }

  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    this.entries.set(key, { value, bytes });
    this.totalBytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.totalBytes <= this.maxBytes || this.entries.size <= 1) break;
      this.entries.delete(k);
      this.totalBytes -= e.bytes;
    }
  }

  delete(key: string): void {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.totalBytes -= hit.bytes;
    }
  }

  /** Drop every entry whose key starts with `prefix` (e.g. all rasters of one area). */
  deletePrefix(prefix: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }
}
