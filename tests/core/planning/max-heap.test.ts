import { describe, expect, it } from 'vitest';
import { MaxHeap } from '../../../server/core/planning/max-heap.ts';
import { seededRandom } from './seeded-random.ts';

describe('MaxHeap', () => {
  it('pops by key, then tie, then lower id, growing past its capacity', () => {
    const random = seededRandom(1);
    const entries = Array.from({ length: 200 }, (_, id) => ({ id, key: Math.floor(random() * 10), tie: Math.floor(random() * 3) }));
    const heap = new MaxHeap(4);
    for (const e of entries) heap.push(e.id, e.key, e.tie);
    expect(heap.size).toBe(200);
    const expected = [...entries].sort((a, b) => b.key - a.key || b.tie - a.tie || a.id - b.id).map((e) => e.id);
    const popped: number[] = [];
    while (heap.size > 0) {
      const top = heap.peek();
      expect(heap.pop()).toBe(top);
      popped.push(top);
    }
    expect(popped).toEqual(expected);
    expect(heap.pop()).toBe(-1);
  });

  it('ranks an infinite key first', () => {
    const heap = new MaxHeap(2);
    heap.push(0, 5, 5);
    heap.push(1, Infinity, 1);
    expect(heap.peek()).toBe(1);
    expect(heap.peekKey()).toBe(Infinity);
  });
});
