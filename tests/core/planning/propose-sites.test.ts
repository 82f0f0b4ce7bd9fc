import { describe, expect, it } from 'vitest';
import { proposeSites } from '../../../server/core/planning/propose-sites.ts';

const area: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [124.8, 46.6],
      [124.9, 46.6],
      [124.9, 46.7],
      [124.8, 46.7],
      [124.8, 46.6],
    ],
  ],
};

describe('proposeSites', () => {
  it('keeps the best needs inside the area, spaced from sites and from each other', () => {
    const out = proposeSites(
      [
        { position: [124.85, 46.65], score: 10, reason: 'a' },
        { position: [124.851, 46.6505], score: 9, reason: 'b (110 m from a)' },
        { position: [124.95, 46.65], score: 50, reason: 'outside the area' },
        { position: [124.81, 46.61], score: 8, reason: 'near an existing site' },
        { position: [124.88, 46.68], score: 1, reason: 'c' },
      ],
      [[124.811, 46.611]],
      area,
      1000,
      10,
    );
    expect(out.map((p) => p.reason)).toEqual(['a', 'c']);
    expect(out[0].nearestM).toBeGreaterThan(1000);
  });
  it('stops at maxCount', () => {
    const needs = [0, 1, 2, 3].map((i) => ({ position: [124.81 + i * 0.02, 46.65] as [number, number], score: i, reason: String(i) }));
    expect(proposeSites(needs, [], area, 100, 2).map((p) => p.reason)).toEqual(['3', '2']);
  });
});
