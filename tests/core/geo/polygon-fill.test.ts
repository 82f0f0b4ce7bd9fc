import { describe, expect, it } from 'vitest';
import { fillPolygonSpans } from '../../../server/core/geo/index.ts';
import { seededRandom } from './fixtures.ts';

function fillToArray(rings: Float64Array[], width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  fillPolygonSpans(rings, width, height, (row, c0, c1) => {
    for (let c = c0; c < c1; c++) out[row * width + c]++;
  });
  return out;
}

function insideEvenOdd(rings: Float64Array[], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    const n = ring.length / 2;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = ring[2 * i],
        yi = ring[2 * i + 1],
        xj = ring[2 * j],
        yj = ring[2 * j + 1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

describe('fillPolygonSpans', () => {
  it('fills an axis-aligned rectangle exactly (pixel centres inside)', () => {
    const out = fillToArray([Float64Array.of(2, 3, 7, 3, 7, 9, 2, 9)], 10, 12);
    expect(out.reduce((a, b) => a + b, 0)).toBe(5 * 6);
    expect(out[3 * 10 + 2]).toBe(1);
    expect(out[3 * 10 + 7]).toBe(0);
    expect(out[9 * 10 + 2]).toBe(0);
  });
  it('subtracts holes and clips to the grid', () => {
    const outer = Float64Array.of(-5, -5, 15, -5, 15, 15, -5, 15);
    const hole = Float64Array.of(2, 2, 4, 2, 4, 4, 2, 4);
    const out = fillToArray([outer, hole], 10, 10);
    expect(out.reduce((a, b) => a + b, 0)).toBe(100 - 4);
    expect(out[3 * 10 + 3]).toBe(0);
    expect(Math.max(...out)).toBe(1);
  });
  it('matches a brute-force even-odd point-in-polygon test on random polygons', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 40; trial++) {
      const n = 3 + Math.floor(random() * 25);
      const ring = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) {
        const angle = (i / n) * 2 * Math.PI;
        const radius = 5 + random() * 25;
        ring[2 * i] = 30 + radius * Math.cos(angle) + random() * 3;
        ring[2 * i + 1] = 28 + radius * Math.sin(angle) + random() * 3;
      }
      const rings = [ring];
      if (trial % 3 === 0) rings.push(Float64Array.of(25, 25, 33, 26, 31, 34));
      const out = fillToArray(rings, 64, 60);
      const mismatches: string[] = [];
      for (let r = 0; r < 60; r++) {
        for (let c = 0; c < 64; c++) {
          if (out[r * 64 + c] !== (insideEvenOdd(rings, c + 0.5, r + 0.5) ? 1 : 0)) mismatches.push(`trial ${trial} pixel ${c},${r}`);
        }
      }
      expect(mismatches).toEqual([]);
    }
  });
});
