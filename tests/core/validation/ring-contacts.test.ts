import fc from 'fast-check';
import { kinks } from '@turf/turf';
import { orient2d } from 'robust-predicates';
import { describe, expect, it } from 'vitest';
import { findRingContact } from '../../../server/core/validation/ring-contacts.ts';

type Pt = [number, number];

/** Fixed seed: a failure reproduces with the same samples. */
const SEED = 20_061_231;

const orient = (a: Pt, b: Pt, c: Pt): number => -orient2d(a[0], a[1], b[0], b[1], c[0], c[1]);
const before = (a: Pt, b: Pt): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
const same = (a: Pt, b: Pt): boolean => a[0] === b[0] && a[1] === b[1];
const onSegment = (a: Pt, b: Pt, c: Pt): boolean =>
  orient(a, b, c) === 0 &&
  Math.min(a[0], b[0]) <= c[0] &&
  c[0] <= Math.max(a[0], b[0]) &&
  Math.min(a[1], b[1]) <= c[1] &&
  c[1] <= Math.max(a[1], b[1]);

/**
 * Brute-force reference, O(n²), written from the rule rather than from the sweep: every pair of
 * edges is tested; consecutive edges of a ring may share their common vertex and nothing more;
 * any other common point is a contact. Returns, per touching pair, the (lon, lat)-smallest point.
 */
function bruteForceContacts(rings: Pt[][]): Pt[] {
  const edges: Array<{ ring: number; i: number; m: number; a: Pt; b: Pt }> = [];
  rings.forEach((ring, r) => {
    const vs: Pt[] = [];
    for (const p of ring) if (vs.length === 0 || !same(vs[vs.length - 1], p)) vs.push(p);
    while (vs.length > 1 && same(vs[vs.length - 1], vs[0])) vs.pop();
    if (vs.length < 2) return;
    vs.forEach((a, i) => edges.push({ ring: r, i, m: vs.length, a, b: vs[(i + 1) % vs.length] }));
  });
  const contacts: Pt[] = [];
  const take = (p: Pt) => contacts.push(p);
  for (let s = 0; s < edges.length; s++) {
    for (let t = s + 1; t < edges.length; t++) {
      const e = edges[s];
      const f = edges[t];
      const consecutive = e.ring === f.ring && (f.i === (e.i + 1) % e.m || e.i === (f.i + 1) % e.m);
      if (consecutive) {
        // e = (a, b), f = (b, c) or the other way: a fold puts the nearer far end on the other edge.
        const [x, y] = f.i === (e.i + 1) % e.m ? [e, f] : [f, e];
        const shared = x.b;
        // The closed overlap runs from the shared vertex to the nearer far end.
        if (!same(x.a, shared) && onSegment(y.a, y.b, x.a)) take(before(shared, x.a) ? shared : x.a);
        if (!same(y.b, shared) && onSegment(x.a, x.b, y.b)) take(before(shared, y.b) ? shared : y.b);
        continue;
      }
      const d1 = orient(f.a, f.b, e.a);
      const d2 = orient(f.a, f.b, e.b);
      const d3 = orient(e.a, e.b, f.a);
      const d4 = orient(e.a, e.b, f.b);
      if (d1 * d2 < 0 && d3 * d4 < 0) {
        const t0 = d1 / (d1 - d2);
        take([e.a[0] + t0 * (e.b[0] - e.a[0]), e.a[1] + t0 * (e.b[1] - e.a[1])]);
      }
      for (const [p, a, b] of [
        [e.a, f.a, f.b],
        [e.b, f.a, f.b],
        [f.a, e.a, e.b],
        [f.b, e.a, e.b],
      ] as Array<[Pt, Pt, Pt]>) {
        if (onSegment(a, b, p)) take(p);
      }
    }
  }
  return contacts;
}

/** Rings on a small integer grid (many collinear, touching and repeated points), scaled and shifted. */
const ringsArbitrary = (
  minLength: number,
  scales = [1, 0.1, 0.001],
  shifts: Pt[] = [
    [0, 0],
    [124.8, 46.6],
    [-73.9, -40.2],
  ],
) =>
  fc
    .record({
      rings: fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })), { minLength, maxLength: 9 }), {
        minLength: 1,
        maxLength: 4,
      }),
      scale: fc.constantFrom(...scales),
      shift: fc.constantFrom(...shifts),
    })
    .map(({ rings, scale, shift }) =>
      rings.map((ring) => [...ring, ring[0]].map(([x, y]): Pt => [shift[0] + x * scale, shift[1] + y * scale])),
    );

/**
 * Star-shaped shells with up to four star-shaped holes, snapped to a grid: mostly valid, but the
 * snapping of coarse grids makes holes and shells touch, overlap or fold.
 */
const nearlyValidArbitrary = (() => {
  const star = (angles: number[], radii: number[], centre: Pt, step: number): Pt[] => {
    const pts = [...angles]
      .sort((a, b) => a - b)
      .map((t, i): Pt => {
        const angle = (t / 720) * Math.PI;
        return [
          Math.round((centre[0] + radii[i] * Math.cos(angle)) / step) * step,
          Math.round((centre[1] + radii[i] * Math.sin(angle)) / step) * step,
        ];
      });
    return [...pts, pts[0]];
  };
  const ring = (minRadius: number, maxRadius: number) =>
    fc
      .integer({ min: 3, max: 30 })
      .chain((n) =>
        fc.tuple(
          fc.uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: n, maxLength: n }),
          fc.array(fc.double({ min: minRadius, max: maxRadius, noNaN: true }), { minLength: n, maxLength: n }),
        ),
      );
  const holeCentres: Pt[] = [
    [-4, -4],
    [4, 4],
    [-4, 4],
    [4, -4],
  ];
  return fc
    .record({ shell: ring(7, 10), holes: fc.array(ring(0.3, 2.5), { maxLength: 4 }), step: fc.constantFrom(0.1, 0.25, 0.5, 1, 0.01) })
    .map(({ shell, holes, step }) => [
      star(shell[0], shell[1], [0, 0], step),
      ...holes.map(([a, r], i) => star(a, r, holeCentres[i], step)),
    ]);
})();

/** The sweep's contact is a real one and the west-most (crossings at one longitude may round either way). */
function agreesWithBruteForce(rings: Pt[][]): boolean {
  const expected = bruteForceContacts(rings);
  const got = findRingContact(rings);
  if (expected.length === 0) return got === null;
  if (got === null) return false;
  const [x, y] = got.position;
  const near = (p: Pt) => Math.abs(p[0] - x) <= 1e-9 && Math.abs(p[1] - y) <= 1e-9;
  return expected.some(near) && expected.every((p) => p[0] >= x - 1e-9);
}

describe('findRingContact', () => {
  const square: Pt[] = [
    [0, 0],
    [4, 0],
    [4, 4],
    [0, 4],
    [0, 0],
  ];

  it('accepts simple rings: a square, a triangle, a hole inside the shell, rings apart', () => {
    expect(findRingContact([square])).toBeNull();
    expect(
      findRingContact([
        [
          [0, 0],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ]),
    ).toBeNull();
    expect(
      findRingContact([
        square,
        [
          [1, 1],
          [3, 1],
          [3, 3],
          [1, 3],
          [1, 1],
        ],
      ]),
    ).toBeNull();
    expect(
      findRingContact([
        square,
        [
          [5, 0],
          [6, 0],
          [6, 1],
          [5, 0],
        ],
      ]),
    ).toBeNull();
  });

  it('finds a bow-tie crossing at its centre', () => {
    expect(
      findRingContact([
        [
          [0, 0],
          [2, 2],
          [2, 0],
          [0, 2],
          [0, 0],
        ],
      ]),
    ).toEqual({ position: [1, 1], rings: [0, 0] });
  });

  it('finds a hole that crosses the shell, and names both rings', () => {
    expect(
      findRingContact([
        square,
        [
          [1, 1],
          [5, 1],
          [5, 2],
          [1, 2],
          [1, 1],
        ],
      ]),
    ).toEqual({ position: [4, 1], rings: [0, 1] });
  });

  it('refuses a hole touching the shell at a shared vertex, at a point of an edge, and along an edge', () => {
    expect(
      findRingContact([
        square,
        [
          [0, 0],
          [1, 2],
          [2, 1],
          [0, 0],
        ],
      ]),
    ).toEqual({ position: [0, 0], rings: [0, 1] });
    expect(
      findRingContact([
        square,
        [
          [2, 0],
          [3, 1],
          [1, 1],
          [2, 0],
        ],
      ]),
    ).toEqual({ position: [2, 0], rings: [0, 1] });
    expect(
      findRingContact([
        square,
        [
          [1, 0],
          [3, 0],
          [2, 1],
          [1, 0],
        ],
      ]),
    ).toEqual({ position: [1, 0], rings: [0, 1] });
  });

  it('refuses a ring touching itself at a vertex (figure eight) and a vertex on its own edge', () => {
    expect(
      findRingContact([
        [
          [0, 0],
          [2, 0],
          [1, 1],
          [2, 2],
          [0, 2],
          [1, 1],
          [0, 0],
        ],
      ]),
    ).toEqual({ position: [1, 1], rings: [0, 0] });
    expect(
      findRingContact([
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [2, 0.0],
          [0, 4],
          [0, 0],
        ],
      ]),
    ).toEqual({ position: [2, 0], rings: [0, 0] });
  });

  it('refuses collinear overlaps between non-consecutive edges, which a segment-crossing formula misses', () => {
    // Two squares of a multipolygon sharing part of an edge.
    expect(
      findRingContact([
        square,
        [
          [4, 1],
          [6, 1],
          [6, 3],
          [4, 3],
          [4, 1],
        ],
      ]),
    ).toEqual({ position: [4, 1], rings: [0, 1] });
  });

  it('refuses spikes: an edge folding back along the previous one, out or in, and a two-vertex ring', () => {
    expect(
      findRingContact([
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [2, 4],
          [2, 6],
          [2, 4],
          [0, 4],
          [0, 0],
        ],
      ]),
    ).toEqual({ position: [2, 4], rings: [0, 0] });
    expect(
      findRingContact([
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [3, 4],
          [1, 4],
          [2, 4],
          [0, 4],
          [0, 0],
        ],
      ])?.position,
    ).toEqual([1, 4]);
    expect(
      findRingContact([
        [
          [0, 0],
          [4, 0],
          [3, 0],
          [3, 3],
          [0, 3],
          [0, 0],
        ],
      ])?.position,
    ).toEqual([3, 0]);
    expect(
      findRingContact([
        [
          [0, 0],
          [1, 1],
          [0, 0],
        ],
      ]),
    ).toEqual({ position: [0, 0], rings: [0, 0] });
  });

  it('allows repeated consecutive positions and ignores rings of one distinct position', () => {
    expect(
      findRingContact([
        [
          [0, 0],
          [4, 0],
          [4, 0],
          [4, 4],
          [0, 4],
          [0, 4],
          [0, 0],
          [0, 0],
        ],
      ]),
    ).toBeNull();
    expect(
      findRingContact([
        square,
        [
          [9, 9],
          [9, 9],
          [9, 9],
          [9, 9],
        ],
      ]),
    ).toBeNull();
  });

  it('handles vertical edges and touches decided by exact arithmetic', () => {
    expect(
      findRingContact([
        [
          [0, 0],
          [1, 0],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
        [
          [1, 1],
          [2, 1],
          [2, 2],
          [1, 2],
          [1, 1],
        ],
      ]),
    ).toEqual({ position: [1, 1], rings: [0, 1] });
    // 0.1 + 0.2 != 0.3 in binary: the vertex (0.3, 0.3) is not exactly on the edge from (0.1, 0.1) to (0.5, 0.5)...
    const nearTouch: Pt[] = [
      [0.3, 0.3],
      [0.4, 0.2],
      [0.4, 0.1],
      [0.3, 0.3],
    ];
    const diagonal: Pt[] = [
      [0.1, 0.1],
      [0.5, 0.5],
      [0, 1],
      [0.1, 0.1],
    ];
    const exact = orient(diagonal[0], diagonal[1], nearTouch[0]) === 0;
    // ...unless the doubles happen to be collinear; either way the answer follows the exact predicate.
    expect(findRingContact([diagonal, nearTouch]) !== null).toBe(exact);
  });

  it('reports the leftmost contact when there are several', () => {
    const zigzag: Pt[] = [
      [0, 0],
      [10, 0],
      [10, 1],
      [8, -1],
      [6, 1],
      [4, -1],
      [2, 1],
      [0, 1],
      [0, 0],
    ];
    expect(findRingContact([zigzag])?.position).toEqual([3, 0]);
  });

  it('agrees with a brute-force O(n²) reference on random small rings (degenerate ones included)', () => {
    fc.assert(fc.property(ringsArbitrary(1), agreesWithBruteForce), { seed: SEED, numRuns: 4000 });
  });

  it('agrees with the brute-force reference on star-shaped polygons with holes, valid or snapped into contact', () => {
    const verdicts = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(nearlyValidArbitrary, (rings) => {
        verdicts[findRingContact(rings) ? 'invalid' : 'valid']++;
        return agreesWithBruteForce(rings);
      }),
      { seed: SEED, numRuns: 1500 },
    );
    // Both kinds were exercised.
    expect(verdicts.valid).toBeGreaterThan(150);
    expect(verdicts.invalid).toBeGreaterThan(150);
  });

  it("finds every polygon Turf's kinks finds (integer positions, where its arithmetic is exact; no repeated positions)", () => {
    let flagged = 0;
    fc.assert(
      fc.property(
        ringsArbitrary(3, [1], [[0, 0]]).filter((rings) => rings.every((ring) => ring.slice(1).every((p, i) => !same(p, ring[i])))),
        (rings) => {
          const kinked = kinks({ type: 'Polygon', coordinates: rings }).features.length > 0;
          if (kinked) flagged++;
          return !kinked || findRingContact(rings) !== null;
        },
      ),
      { seed: SEED, numRuns: 2000 },
    );
    expect(flagged).toBeGreaterThan(100);
  });
});
