/**
 * A set of string keys remembering the line each was first seen on, in flat typed arrays
 * (12 bytes per key instead of a JS string in a Set): duplicate detection over a million rows in
 * about 16 MB. Keys are reduced to 64-bit hashes (two independent 32-bit FNV-1a variants), so two
 * different keys collide with probability about n²/2⁶⁵ (3·10⁻⁸ for a million keys).
 */
export class KeySet {
  private hi = new Uint32Array(1 << 12);
  private lo = new Uint32Array(1 << 12);
  private lines = new Uint32Array(1 << 12);
  private used = new Uint8Array(1 << 12);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Add `key` first seen on `line`; returns the earlier line when it was already there, else null. */
  add(key: string, line: number): number | null {
    if ((this.count + 1) * 2 > this.used.length) this.grow();
    const [h1, h2] = hash64(key);
    const slot = this.find(h1, h2);
    if (this.used[slot]) return this.lines[slot];
    this.used[slot] = 1;
    this.hi[slot] = h1;
    this.lo[slot] = h2;
    this.lines[slot] = line;
    this.count++;
    return null;
  }

  private find(h1: number, h2: number): number {
    const mask = this.used.length - 1;
    let slot = h2 & mask;
    while (this.used[slot] && (this.hi[slot] !== h1 || this.lo[slot] !== h2)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { hi, lo, lines, used } = this;
    const size = used.length * 2;
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.lines = new Uint32Array(size);
    this.used = new Uint8Array(size);
    for (let i = 0; i < used.length; i++) {
      if (!used[i]) continue;
      const slot = this.find(hi[i], lo[i]);
      this.used[slot] = 1;
      this.hi[slot] = hi[i];
      this.lo[slot] = lo[i];
      this.lines[slot] = lines[i];
    }
  }
}

/** Two 32-bit FNV-1a hashes of the UTF-16 code units with different offsets and a final avalanche. */
function hash64(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return [fmix(a) >>> 0, fmix(b ^ key.length) >>> 0];
}

/** MurmurHash3's finaliser: spreads every input bit over the output. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
