import { orient2d } from 'robust-predicates';

/** Where two ring edges meet when they must not, and which rings they belong to. */
export interface RingContact {
  /** [lon, lat] of the west-most (then south-most) point where edges meet when they must not. */
  position: [number, number];
  /** Indexes into the rings given; equal when a ring meets itself. */
  rings: [number, number];
}

const NONE = -1;

/**
 * Find where the edges of a set of rings cross or touch, in O(n log n) for n vertices: the
 * Shamos–Hoey sweep line (M. I. Shamos, D. Hoey, "Geometric intersection problems", FOCS 1976;
 * de Berg et al., "Computational Geometry", 3rd ed., §2.1), with Shewchuk's exact orientation
 * predicates (robust-predicates) so no rounding decides a touch. Rings are arrays of [lon, lat]
 * positions (any planar x, y works); the closing position and repeated consecutive positions are
 * ignored, rings with fewer than 2 distinct positions have no edges.
 *
 * Allowed: the shared vertex of two consecutive edges of a ring. Any other contact is reported: a
 * proper crossing, a vertex on another edge (a ring touching itself or another ring, a hole on the
 * shell), a vertex shared by non-consecutive edges, collinear overlaps, spikes (an edge folding back
 * along the previous one). Returns the lexicographically smallest (lon, then lat) contact point, or
 * null when the rings are simple and disjoint.
 *
 * Events are vertices in (x, y) order, which acts as an infinitesimally rotated sweep (vertical edges
 * run bottom to top). Removals come before insertions at an event; every pair of edges that becomes
 * adjacent in the sweep status is tested. A repeated vertex is itself a contact, found when sorted.
 * The sweep runs until it passes the best contact found: the leftmost contact p* is always found by
 * the time the events up to p* are processed, since until then no two active edges touch.
 */
export function findRingContact(rings: readonly (readonly (readonly number[])[])[]): RingContact | null {
  const sweep = new Sweep(rings);
  return sweep.run();
}

class Sweep {
  // Vertices (input order within each ring, closing and repeated positions dropped).
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly ringOf: Int32Array;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  /** Edge i runs from vertex i to vertex next[i]; these are its (x, y)-smaller and larger ends. */
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly count: number;
  // Sweep status: a treap (parent pointers, random priorities) ordered bottom to top, threaded by a list.
  private readonly treeLeft: Int32Array;
  private readonly treeRight: Int32Array;
  private readonly treeParent: Int32Array;
  private readonly priority: Float64Array;
  private readonly below: Int32Array;
  private readonly above: Int32Array;
  private root = NONE;
  // Best contact so far.
  private found = false;
  private bestX = 0;
  private bestY = 0;
  private bestRingA = 0;
  private bestRingB = 0;

  constructor(rings: readonly (readonly (readonly number[])[])[]) {
    let total = 0;
    for (const ring of rings) total += ring.length;
    this.xs = new Float64Array(total);
    this.ys = new Float64Array(total);
    this.ringOf = new Int32Array(total);
    let n = 0;
    const starts: number[] = [];
    rings.forEach((ring, r) => {
      const start = n;
      for (const p of ring) {
        const x = p[0];
        const y = p[1];
        if (n > start && x === this.xs[n - 1] && y === this.ys[n - 1]) continue;
        this.xs[n] = x;
        this.ys[n] = y;
        this.ringOf[n] = r;
        n++;
      }
      while (n - start > 1 && this.xs[n - 1] === this.xs[start] && this.ys[n - 1] === this.ys[start]) n--;
      if (n - start < 2) n = start;
      else starts.push(start);
    });
    starts.push(n);
    this.count = n;
    this.next = new Int32Array(n);
    this.prev = new Int32Array(n);
    for (let k = 0; k + 1 < starts.length; k++) {
      const [start, end] = [starts[k], starts[k + 1]];
      for (let i = start; i < end; i++) {
        this.next[i] = i + 1 < end ? i + 1 : start;
        this.prev[i] = i > start ? i - 1 : end - 1;
      }
    }
    this.left = new Int32Array(n);
    this.right = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const j = this.next[i];
      const iFirst = this.before(i, j);
      this.left[i] = iFirst ? i : j;
      this.right[i] = iFirst ? j : i;
    }
    this.treeLeft = new Int32Array(n).fill(NONE);
    this.treeRight = new Int32Array(n).fill(NONE);
    this.treeParent = new Int32Array(n).fill(NONE);
    this.below = new Int32Array(n).fill(NONE);
    this.above = new Int32Array(n).fill(NONE);
    // Treap priorities only shape the tree (expected O(log n) depth); the result does not depend on them.
    this.priority = new Float64Array(n);
    for (let i = 0; i < n; i++) this.priority[i] = Math.random();
  }

  run(): RingContact | null {
    const { xs, ys, count } = this;
    const events = new Int32Array(count);
    for (let i = 0; i < count; i++) events[i] = i;
    events.sort((a, b) => xs[a] - xs[b] || ys[a] - ys[b]);
    for (let k = 0; k < count; k++) {
      const v = events[k];
      if (this.found && (xs[v] > this.bestX || (xs[v] === this.bestX && ys[v] > this.bestY))) break;
      if (k + 1 < count && xs[events[k + 1]] === xs[v] && ys[events[k + 1]] === ys[v]) {
        // Two vertices at one point: non-consecutive edges share it.
        this.consider(xs[v], ys[v], this.ringOf[v], this.ringOf[events[k + 1]]);
        break;
      }
      const edgeIn = this.prev[v];
      const edgeOut = v;
      if (this.right[edgeIn] === v) this.remove(edgeIn);
      if (this.right[edgeOut] === v) this.remove(edgeOut);
      if (this.left[edgeIn] === v && !this.insert(edgeIn, v)) break;
      if (this.left[edgeOut] === v && !this.insert(edgeOut, v)) break;
    }
    return this.found ? { position: [this.bestX, this.bestY], rings: [this.bestRingA, this.bestRingB] } : null;
  }

  /** Vertex a before vertex b in sweep order (x, then y). */
  private before(a: number, b: number): boolean {
    return this.xs[a] < this.xs[b] || (this.xs[a] === this.xs[b] && this.ys[a] < this.ys[b]);
  }

  /** Exact orientation: > 0 when c is left of the directed line a→b (y up), 0 when collinear. */
  private orient(a: number, b: number, c: number): number {
    const { xs, ys } = this;
    // robust-predicates takes y as pointing down, hence the sign.
    return -orient2d(xs[a], ys[a], xs[b], ys[b], xs[c], ys[c]);
  }

  /** Insert edge s whose left end is the current event v; false when v lies on an active edge. */
  private insert(s: number, v: number): boolean {
    let node = this.root;
    let parent = NONE;
    let lower = NONE;
    let upper = NONE;
    while (node !== NONE) {
      const side =
        this.left[node] === v ? this.orient(v, this.right[node], this.right[s]) : this.orient(this.left[node], this.right[node], v);
      if (side === 0) {
        // v on an active edge, or two edges leaving v along one line.
        this.consider(this.xs[v], this.ys[v], this.ringOf[s], this.ringOf[node]);
        return false;
      }
      parent = node;
      if (side > 0) {
        lower = node;
        node = this.treeRight[node];
      } else {
        upper = node;
        node = this.treeLeft[node];
      }
    }
    this.treeParent[s] = parent;
    if (parent === NONE) this.root = s;
    else if (parent === lower) this.treeRight[parent] = s;
    else this.treeLeft[parent] = s;
    while (this.treeParent[s] !== NONE && this.priority[s] > this.priority[this.treeParent[s]]) this.rotateUp(s);
    this.below[s] = lower;
    this.above[s] = upper;
    if (lower !== NONE) this.above[lower] = s;
    if (upper !== NONE) this.below[upper] = s;
    if (lower !== NONE) this.test(lower, s);
    if (upper !== NONE) this.test(s, upper);
    return true;
  }

  private remove(e: number): void {
    const lower = this.below[e];
    const upper = this.above[e];
    if (lower !== NONE) this.above[lower] = upper;
    if (upper !== NONE) this.below[upper] = lower;
    while (this.treeLeft[e] !== NONE && this.treeRight[e] !== NONE) {
      const l = this.treeLeft[e];
      const r = this.treeRight[e];
      this.rotateUp(this.priority[l] > this.priority[r] ? l : r);
    }
    const child = this.treeLeft[e] !== NONE ? this.treeLeft[e] : this.treeRight[e];
    const parent = this.treeParent[e];
    if (child !== NONE) this.treeParent[child] = parent;
    if (parent === NONE) this.root = child;
    else if (this.treeLeft[parent] === e) this.treeLeft[parent] = child;
    else this.treeRight[parent] = child;
    if (lower !== NONE && upper !== NONE) this.test(lower, upper);
  }

  /** Rotate x above its parent, keeping the in-order sequence. */
  private rotateUp(x: number): void {
    const { treeLeft, treeRight, treeParent } = this;
    const p = treeParent[x];
    const g = treeParent[p];
    if (treeLeft[p] === x) {
      treeLeft[p] = treeRight[x];
      if (treeRight[x] !== NONE) treeParent[treeRight[x]] = p;
      treeRight[x] = p;
    } else {
      treeRight[p] = treeLeft[x];
      if (treeLeft[x] !== NONE) treeParent[treeLeft[x]] = p;
      treeLeft[x] = p;
    }
    treeParent[p] = x;
    treeParent[x] = g;
    if (g === NONE) this.root = x;
    else if (treeLeft[g] === p) treeLeft[g] = x;
    else treeRight[g] = x;
  }

  /** Record the leftmost point where edges a and b meet when they must not, if they do. */
  private test(a: number, b: number): void {
    if (a > b) [a, b] = [b, a];
    const { next } = this;
    const a1 = next[a];
    const b1 = next[b];
    if (a1 === b || b1 === a) {
      this.testConsecutive(a, b);
      return;
    }
    const d1 = this.orient(b, b1, a);
    const d2 = this.orient(b, b1, a1);
    const d3 = this.orient(a, a1, b);
    const d4 = this.orient(a, a1, b1);
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
      const t = d1 / (d1 - d2);
      const { xs, ys } = this;
      this.consider(xs[a] + t * (xs[a1] - xs[a]), ys[a] + t * (ys[a1] - ys[a]), this.ringOf[a], this.ringOf[b]);
      return;
    }
    // Touching: some end lies on the other edge (the leftmost such end starts any overlap).
    if (d1 === 0 && this.within(b, b1, a)) this.considerVertex(a, this.ringOf[b]);
    if (d2 === 0 && this.within(b, b1, a1)) this.considerVertex(a1, this.ringOf[b]);
    if (d3 === 0 && this.within(a, a1, b)) this.considerVertex(b, this.ringOf[a]);
    if (d4 === 0 && this.within(a, a1, b1)) this.considerVertex(b1, this.ringOf[a]);
  }

  /** Consecutive edges meet at their shared vertex; anything more is a collinear fold (spike). */
  private testConsecutive(a: number, b: number): void {
    const { next } = this;
    if (next[a] === b && next[b] === a) {
      // A two-vertex ring: its edges coincide.
      this.considerVertex(this.before(a, b) ? a : b, this.ringOf[a]);
      return;
    }
    const [first, second] = next[a] === b ? [a, b] : [b, a];
    const v = second;
    const p = first;
    const q = next[second];
    if (this.orient(p, v, q) !== 0) return;
    const pAfter = this.before(v, p);
    if (pAfter !== this.before(v, q)) return;
    // Both ends on one side of v: the edges overlap from v to the nearer end.
    this.considerVertex(pAfter ? v : this.before(p, q) ? q : p, this.ringOf[v]);
  }

  /** Collinear c within the bounding box of a-b, so on the closed segment. */
  private within(a: number, b: number, c: number): boolean {
    const { xs, ys } = this;
    return (
      Math.min(xs[a], xs[b]) <= xs[c] &&
      xs[c] <= Math.max(xs[a], xs[b]) &&
      Math.min(ys[a], ys[b]) <= ys[c] &&
      ys[c] <= Math.max(ys[a], ys[b])
    );
  }

  private considerVertex(v: number, otherRing: number): void {
    this.consider(this.xs[v], this.ys[v], this.ringOf[v], otherRing);
  }

  private consider(x: number, y: number, ringA: number, ringB: number): void {
    if (this.found && (x > this.bestX || (x === this.bestX && y >= this.bestY))) return;
    this.found = true;
    this.bestX = x;
    this.bestY = y;
    this.bestRingA = Math.min(ringA, ringB);
    this.bestRingB = Math.max(ringA, ringB);
  }
}
