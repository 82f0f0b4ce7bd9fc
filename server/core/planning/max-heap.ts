/**
 * Binary max-heap of integer ids ordered by (key desc, tie desc, id asc), flat typed arrays.
 * Used for lazy greedy evaluation, where keys are stale upper bounds re-pushed after refresh.
 */
export class MaxHeap {
  private ids: Int32Array;
  private keys: Float64Array;
  private ties: Float64Array;
  private count = 0;

  constructor(capacity: number) {
    this.ids = new Int32Array(Math.max(1, capacity));
    this.keys = new Float64Array(Math.max(1, capacity));
    this.ties = new Float64Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.count;
  }

  push(id: number, key: number, tie: number): void {
    if (this.count === this.ids.length) this.grow();
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(id, key, tie, parent)) break;
      this.move(parent, i);
      i = parent;
    }
    this.set(i, id, key, tie);
  }

  /** Id at the top, or -1 when empty. */
  peek(): number {
    return this.count > 0 ? this.ids[0] : -1;
  }

  peekKey(): number {
    return this.keys[0];
  }

  pop(): number {
    if (this.count === 0) return -1;
    const top = this.ids[0];
    const last = --this.count;
    if (last > 0) this.siftDown(this.ids[last], this.keys[last], this.ties[last]);
    return top;
  }

  private siftDown(id: number, key: number, tie: number): void {
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.count) break;
      if (child + 1 < this.count && this.slotBefore(child + 1, child)) child++;
      if (this.before(id, key, tie, child)) break;
      this.move(child, i);
      i = child;
    }
    this.set(i, id, key, tie);
  }

  /** Whether (id, key, tie) ranks above the entry at slot s. */
  private before(id: number, key: number, tie: number, s: number): boolean {
    if (key !== this.keys[s]) return key > this.keys[s];
    if (tie !== this.ties[s]) return tie > this.ties[s];
    return id < this.ids[s];
  }

  private slotBefore(a: number, b: number): boolean {
    return this.before(this.ids[a], this.keys[a], this.ties[a], b);
  }

  private move(from: number, to: number): void {
    this.set(to, this.ids[from], this.keys[from], this.ties[from]);
  }

  private set(s: number, id: number, key: number, tie: number): void {
    this.ids[s] = id;
    this.keys[s] = key;
    this.ties[s] = tie;
  }

  private grow(): void {
    const size = this.ids.length * 2;
    const ids = new Int32Array(size),
      keys = new Float64Array(size),
      ties = new Float64Array(size);
    ids.set(this.ids);
    keys.set(this.keys);
    ties.set(this.ties);
    this.ids = ids;
    this.keys = keys;
    this.ties = ties;
  }
}
