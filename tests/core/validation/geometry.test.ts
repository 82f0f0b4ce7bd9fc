import { describe, expect, it } from 'vitest';
import { geometryBBox, MIN_RING_AREA_DEG2, polygonIssues } from '../../../server/core/validation/geometry.ts';
import { seededMultiPolygon, seededPolygon } from '../../../scripts/bench/seeded-polygons.ts';

type Ring = number[][];
const polygon = (...rings: Ring[]): GeoJSON.Polygon => ({ type: 'Polygon', coordinates: rings });
const shell: Ring = [
  [124.8, 46.6],
  [124.9, 46.6],
  [124.9, 46.7],
  [124.8, 46.7],
  [124.8, 46.6],
];
const messages = (g: unknown) => polygonIssues(g, 'boundary').map((i) => `${i.path}: ${i.message}`);

describe('polygonIssues: self-intersections', () => {
  it('accepts a square, a triangle and a shell with a hole inside', () => {
    expect(messages(polygon(shell))).toEqual([]);
    expect(
      messages(
        polygon([
          [124.8, 46.6],
          [124.9, 46.6],
          [124.8, 46.7],
          [124.8, 46.6],
        ]),
      ),
    ).toEqual([]);
    expect(
      messages(
        polygon(shell, [
          [124.82, 46.62],
          [124.84, 46.62],
          [124.84, 46.64],
          [124.82, 46.64],
          [124.82, 46.62],
        ]),
      ),
    ).toEqual([]);
  });

  it('refuses a bow-tie, naming the first crossing and the ring', () => {
    expect(
      messages(
        polygon([
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ]),
      ),
    ).toEqual(['boundary: self-intersecting polygon (first crossing near [0.500000, 0.500000], ring coordinates/0 with itself)']);
  });

  it('refuses a hole crossing the shell', () => {
    expect(
      messages(
        polygon(shell, [
          [124.85, 46.65],
          [124.95, 46.65],
          [124.95, 46.66],
          [124.85, 46.66],
          [124.85, 46.65],
        ]),
      ),
    ).toEqual([
      'boundary: self-intersecting polygon (first crossing near [124.900000, 46.650000], ring coordinates/0 with ring coordinates/1)',
    ]);
  });

  it('refuses a hole touching the shell at a vertex and along an edge, as before', () => {
    const atVertex = polygon(shell, [
      [124.8, 46.6],
      [124.85, 46.62],
      [124.82, 46.65],
      [124.8, 46.6],
    ]);
    const alongEdge = polygon(shell, [
      [124.82, 46.6],
      [124.86, 46.6],
      [124.84, 46.62],
      [124.82, 46.6],
    ]);
    expect(messages(atVertex)).toEqual([
      'boundary: self-intersecting polygon (first crossing near [124.800000, 46.600000], ring coordinates/0 with ring coordinates/1)',
    ]);
    expect(messages(alongEdge)).toEqual([
      'boundary: self-intersecting polygon (first crossing near [124.820000, 46.600000], ring coordinates/0 with ring coordinates/1)',
    ]);
  });

  it('refuses polygons of a multipolygon that overlap along an edge, naming their rings', () => {
    const other: Ring = [
      [124.9, 46.62],
      [125.0, 46.62],
      [125.0, 46.68],
      [124.9, 46.68],
      [124.9, 46.62],
    ];
    expect(messages({ type: 'MultiPolygon', coordinates: [[shell], [other]] })).toEqual([
      'boundary: self-intersecting polygon (first crossing near [124.900000, 46.620000], ring coordinates/0/0 with ring coordinates/1/0)',
    ]);
  });

  it('refuses spikes and a ring folding back along itself', () => {
    const spike = polygon([
      [0, 0],
      [2, 0],
      [2, 2],
      [1, 2],
      [1, 3],
      [1, 2],
      [0, 2],
      [0, 0],
    ]);
    const fold = polygon([
      [0, 0],
      [2, 0],
      [1.5, 0],
      [1.5, 2],
      [0, 2],
      [0, 0],
    ]);
    expect(messages(spike)[0]).toMatch(/^boundary: self-intersecting polygon \(first crossing near \[1\.000000, 2\.000000\]/);
    expect(messages(fold)[0]).toMatch(/^boundary: self-intersecting polygon \(first crossing near \[1\.500000, 0\.000000\]/);
  });

  it('accepts repeated consecutive positions (a valid ring with a doubled vertex)', () => {
    expect(
      messages(
        polygon([
          [124.8, 46.6],
          [124.9, 46.6],
          [124.9, 46.6],
          [124.9, 46.7],
          [124.8, 46.7],
          [124.8, 46.6],
          [124.8, 46.6],
        ]),
      ),
    ).toEqual([]);
  });

  it('keeps reporting the antimeridian beside a crossing, and structural problems before both', () => {
    expect(
      messages(
        polygon([
          [-179, 0],
          [179, 1],
          [179, 0],
          [-179, 1],
          [-179, 0],
        ]),
      ),
    ).toEqual([
      'boundary: spans 180° of longitude or more (antimeridian crossing is not supported)',
      'boundary: self-intersecting polygon (first crossing near [0.000000, 0.500000], ring coordinates/0 with itself)',
    ]);
    expect(
      messages(
        polygon([
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
        ]),
      ),
    ).toEqual(['boundary/coordinates/0: ring is not closed (first and last positions differ)']);
  });
});

describe('polygonIssues: zero-area rings', () => {
  it('refuses a ring whose positions are all equal, naming the ring', () => {
    expect(
      messages(
        polygon([
          [124.8, 46.6],
          [124.8, 46.6],
          [124.8, 46.6],
          [124.8, 46.6],
        ]),
      ),
    ).toEqual(['boundary/coordinates/0: ring has zero area: all 4 positions are [124.8, 46.6]']);
  });

  it('refuses a ring whose positions lie on one line, also as a hole of a multipolygon', () => {
    // Exactly collinear in binary (steps of 0.5); decimal steps are caught by the area floor below.
    const line: Ring = [
      [124, 46],
      [124.5, 46.5],
      [125, 47],
      [124.5, 46.5],
      [124, 46],
    ];
    expect(messages(polygon(line))).toEqual([
      'boundary/coordinates/0: ring has zero area: all 5 positions lie on the line through [124, 46] and [124.5, 46.5]',
    ]);
    const hole: Ring = [
      [124.82, 46.62],
      [124.84, 46.62],
      [124.83, 46.62],
      [124.82, 46.62],
    ];
    expect(
      messages({
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [0, 0],
              [1, 0],
              [0, 1],
              [0, 0],
            ],
          ],
          [shell, hole],
        ],
      }),
    ).toEqual([
      'boundary/coordinates/1/1: ring has zero area: all 4 positions lie on the line through [124.82, 46.62] and [124.84, 46.62]',
    ]);
  });

  it('refuses a ring whose area is rounding noise, and accepts a tiny but real triangle', () => {
    // Collinear in decimal, not in binary: a sliver of about 5e-16 square degrees.
    const sliver = polygon([
      [0.1, 0.1],
      [0.2, 0.2],
      [0.3, 0.30000000000000004],
      [0.1, 0.1],
    ]);
    expect(messages(sliver)).toHaveLength(1);
    expect(messages(sliver)[0]).toMatch(
      new RegExp(`^boundary/coordinates/0: ring has zero area: \\d\\.\\d\\de-\\d+ square degrees, below ${MIN_RING_AREA_DEG2}$`),
    );
    // One metre a side near Daqing: about 5e-11 square degrees.
    expect(
      messages(
        polygon([
          [124.8, 46.6],
          [124.80001, 46.6],
          [124.8, 46.60001],
          [124.8, 46.6],
        ]),
      ),
    ).toEqual([]);
  });

  it('reports a bow-tie (whose lobes cancel to zero signed area) as self-intersecting, not as zero-area', () => {
    expect(
      messages(
        polygon([
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ]),
      )[0],
    ).toMatch(/self-intersecting/);
  });
});

describe('polygonIssues at the vertex limit', () => {
  it('validates a 200,000-vertex polygon as valid', () => {
    const big = seededPolygon(200_000, 1);
    expect(big.coordinates[0]).toHaveLength(200_000);
    expect(polygonIssues(big)).toEqual([]);
  });

  it('validates a multipolygon with holes of about 200,000 vertices as valid', () => {
    const big = seededMultiPolygon(200_000, 8, 2);
    expect(big.coordinates.flat(2).length).toBeGreaterThan(190_000);
    expect(polygonIssues(big)).toEqual([]);
  });

  it('finds the one crossing in a 200,000-vertex polygon', () => {
    const big = seededPolygon(200_000, 1);
    const ring = big.coordinates[0];
    // Pull one vertex across the centre: its two edges cross the far side of the ring.
    const k = 100_000;
    ring[k] = [2 * 124.85 - ring[k][0] + 0.3, ring[k][1]];
    expect(messages(big)).toEqual([
      expect.stringMatching(/^boundary: self-intersecting polygon \(first crossing near \[.*\], ring coordinates\/0 with itself\)$/),
    ]);
  });
});

describe('geometryBBox', () => {
  it('bounds every position of a polygon with its holes, and of a multipolygon', () => {
    const hole: Ring = [
      [124.82, 46.62],
      [124.84, 46.62],
      [124.84, 46.64],
      [124.82, 46.64],
      [124.82, 46.62],
    ];
    expect(geometryBBox(polygon(shell, hole))).toEqual([124.8, 46.6, 124.9, 46.7]);
    expect(
      geometryBBox({
        type: 'MultiPolygon',
        coordinates: [
          [shell],
          [
            [
              [125, 47],
              [125.2, 47],
              [125.2, 47.1],
              [125, 47],
            ],
          ],
        ],
      }),
    ).toEqual([124.8, 46.6, 125.2, 47.1]);
  });

  it('bounds a geometry collection by both corners of each member, skipping an empty member', () => {
    const collection: GeoJSON.GeometryCollection = {
      type: 'GeometryCollection',
      geometries: [polygon(shell), { type: 'Point', coordinates: [125.1, 46.5] }, { type: 'LineString', coordinates: [] }],
    };
    expect(geometryBBox(collection)).toEqual([124.8, 46.5, 125.1, 46.7]);
  });
});
