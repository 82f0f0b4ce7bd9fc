import { describe, expect, it } from 'vitest';
import type { LonLat } from '../../../server/core/model.ts';
import { dbscan, NOISE } from '../../../server/core/planning/dbscan.ts';
import { PlanningInputError } from '../../../server/core/planning/errors.ts';
import { seededRandom } from './seeded-random.ts';

const LAT0 = 46.6,
  LON0 = 124.9;
const M_PER_DEG_LAT = 6_371_008.8 * (Math.PI / 180);

/** [lon, lat] at (east, north) metres from a point near Daqing. */
function at(eastM: number, northM: number): LonLat {
  return [LON0 + eastM / (M_PER_DEG_LAT * Math.cos((LAT0 * Math.PI) / 180)), LAT0 + northM / M_PER_DEG_LAT];
}

function haversineM(a: LonLat, b: LonLat): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad,
    dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

/** Plain O(n²) DBSCAN on great-circle distances, as a reference. */
function referenceCores(points: LonLat[], epsM: number, minPoints: number): { core: boolean[]; near: number[][] } {
  const near = points.map((p) => points.flatMap((q, j) => (haversineM(p, q) <= epsM ? [j] : [])));
  return { core: near.map((list) => list.length >= minPoints), near };
}

describe('dbscan', () => {
  it('finds constructed clusters and labels isolated points noise', () => {
    const random = seededRandom(7);
    const centres: [number, number][] = [
      [0, 0],
      [2000, 0],
      [0, 3000],
    ];
    const points: LonLat[] = [];
    for (const [x, y] of centres) for (let k = 0; k < 12; k++) points.push(at(x + 40 * random() - 20, y + 40 * random() - 20));
    const noise = [at(1000, 1000), at(-1500, 400), at(5000, 5000)];
    points.push(...noise);

    const { labels, clusterCount } = dbscan(points, { epsM: 50, minPoints: 4 });

    expect(clusterCount).toBe(3);
    for (let c = 0; c < 3; c++) {
      const group = Array.from(labels.slice(12 * c, 12 * c + 12));
      expect(new Set(group)).toEqual(new Set([c]));
    }
    expect(Array.from(labels.slice(36))).toEqual([NOISE, NOISE, NOISE]);
  });

  it('chains density-reachable points across many grid cells', () => {
    const line = Array.from({ length: 60 }, (_, k) => at(40 * k, 0));
    const { labels, clusterCount } = dbscan(line, { epsM: 50, minPoints: 3 });
    expect(clusterCount).toBe(1);
    expect(new Set(labels)).toEqual(new Set([0]));
  });

  it('counts the point itself towards minPoints and attaches border points', () => {
    const pair = [at(0, 0), at(10, 0)];
    expect(Array.from(dbscan(pair, { epsM: 20, minPoints: 2 }).labels)).toEqual([0, 0]);
    expect(Array.from(dbscan(pair, { epsM: 20, minPoints: 3 }).labels)).toEqual([NOISE, NOISE]);
    // Three points within 20 m of the middle one; the last is a border point of the first core.
    const withBorder = [at(0, 0), at(10, 0), at(-10, 0), at(28, 0)];
    const { labels } = dbscan(withBorder, { epsM: 20, minPoints: 3 });
    expect(Array.from(labels)).toEqual([0, 0, 0, 0]);
  });

  it('measures eps in metres on the ground (east-west at 46.6°N)', () => {
    const pair = [at(0, 0), at(100, 0)];
    expect(haversineM(pair[0], pair[1])).toBeCloseTo(100, 1);
    expect(dbscan(pair, { epsM: 100.5, minPoints: 2 }).clusterCount).toBe(1);
    expect(dbscan(pair, { epsM: 99.5, minPoints: 2 }).clusterCount).toBe(0);
  });

  it('agrees with a brute-force reference on random points', () => {
    const random = seededRandom(42);
    const points: LonLat[] = Array.from({ length: 400 }, () => at(random() * 2000, random() * 2000));
    const epsM = 90,
      minPoints = 4;
    const { labels } = dbscan(points, { epsM, minPoints });
    const { core, near } = referenceCores(points, epsM, minPoints);

    points.forEach((_, i) => {
      const reachesCore = near[i].some((j) => core[j]);
      expect(labels[i] === NOISE).toBe(!reachesCore);
      // Every non-core member has a core neighbour of its own cluster.
      if (labels[i] !== NOISE && !core[i]) expect(near[i].some((j) => core[j] && labels[j] === labels[i])).toBe(true);
      // Core points within eps of each other share a cluster.
      if (core[i]) for (const j of near[i]) if (core[j]) expect(labels[j]).toBe(labels[i]);
    });
    expect(core.some(Boolean) && core.some((c) => !c)).toBe(true);
  });

  it('accepts interleaved [lon, lat] coordinates with the same result', () => {
    const random = seededRandom(3);
    const points: LonLat[] = Array.from({ length: 200 }, () => at(random() * 1000, random() * 1000));
    const flat = Float64Array.from(points.flat());
    expect(dbscan(flat, { epsM: 60, minPoints: 3 }).labels).toEqual(dbscan(points, { epsM: 60, minPoints: 3 }).labels);
  });

  it('handles no points and rejects bad input with a stable code', () => {
    expect(dbscan([], { epsM: 10, minPoints: 2 })).toEqual({ labels: new Int32Array(0), clusterCount: 0 });
    expect(() => dbscan([at(0, 0)], { epsM: 0, minPoints: 2 })).toThrow(PlanningInputError);
    expect(() => dbscan([at(0, 0)], { epsM: 10, minPoints: 1.5 })).toThrow(/minPoints/);
    try {
      dbscan([[Number.NaN, 46]], { epsM: 10, minPoints: 2 });
      expect.unreachable();
    } catch (error) {
      expect((error as PlanningInputError).code).toBe('invalid-point');
    }
  });
});
