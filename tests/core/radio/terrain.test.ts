import { describe, expect, it } from 'vitest';
import {
  averagingStretchM,
  type DiffractionEdge,
  deygoutLossDb,
  EFFECTIVE_EARTH_RADIUS_M,
  earthBulgeM,
  effectiveBaseHeight,
  firstFresnelRadiusM,
  fresnelParameterV,
  groundHeightAtM,
  knifeEdgeLossDb,
  knifeEdgeLossExactDb,
  meanGroundM,
  radialProfileInto,
  wavelengthM,
} from '../../../server/core/radio/terrain/index.ts';

describe('knife-edge loss J(v), ITU-R P.526-15', () => {
  // Eq. 31 worked by hand: J(v) = 6.9 + 20 log10(sqrt((v-0.1)^2 + 1) + v - 0.1).
  //   v = 0:   6.9 + 20 log10(sqrt(1.01) - 0.1) = 6.9 + 20 log10(0.90499) = 6.03
  //   v = 1:   6.9 + 20 log10(sqrt(1.81) + 0.9) = 6.9 + 20 log10(2.24536) = 13.93
  //   v = 2.4: 6.9 + 20 log10(sqrt(6.29) + 2.3) = 6.9 + 20 log10(4.80799) = 20.54
  //   v = 5:   6.9 + 20 log10(sqrt(25.01) + 4.9) = 6.9 + 20 log10(9.90099) = 26.81
  const tabulated: [number, number][] = [
    [-0.78, 0],
    [0, 6.03],
    [1, 13.93],
    [2.4, 20.54],
    [5, 26.81],
  ];
  for (const [v, j] of tabulated) {
    it(`eq. 31 at v = ${v}: ${j} dB (within 0.1 dB)`, () => {
      expect(Math.abs(knifeEdgeLossDb(v) - j)).toBeLessThan(0.1);
    });
  }
  // Read from the recommendation's figure 9 (the exact curve): 6.0 dB at 0, 13.9 at 1, 20.6 at 2.4, 27.0 at 5.
  const figure: [number, number][] = [
    [0, 6.02],
    [1, 13.9],
    [2.4, 20.6],
    [5, 27.0],
  ];
  for (const [v, j] of figure) {
    it(`the Fresnel-integral loss at v = ${v} reads ${j} dB off the figure (within 0.1 dB)`, () => {
      expect(Math.abs(knifeEdgeLossExactDb(v) - j)).toBeLessThan(0.1);
    });
  }
  it('eq. 31 stays within 0.5 dB of the exact loss from -0.7 to 5, and is 0 at and below -0.78', () => {
    for (let v = -0.7; v <= 5; v += 0.1) expect(Math.abs(knifeEdgeLossDb(v) - knifeEdgeLossExactDb(v))).toBeLessThan(0.5);
    expect(knifeEdgeLossDb(-0.78)).toBe(0);
    expect(knifeEdgeLossDb(-3)).toBe(0);
    expect(knifeEdgeLossDb(-0.77)).toBeGreaterThan(0);
  });
  it('v and the first Fresnel radius by their definitions (P.526-15 eqs. 2 and 26)', () => {
    // 900 MHz: lambda = 0.3331 m; h = 10 m at 1 km and 4 km: v = 10 sqrt(2/0.3331 (1e-3 + 2.5e-4)) = 0.8664.
    const lambda = wavelengthM(900);
    expect(lambda).toBeCloseTo(0.33310273, 7);
    expect(fresnelParameterV(10, 1000, 4000, lambda)).toBeCloseTo(0.86636, 4);
    // r1 = sqrt(0.3331 · 1000 · 4000 / 5000) = 16.324 m.
    expect(firstFresnelRadiusM(1000, 4000, lambda)).toBeCloseTo(16.3243, 3);
    expect(EFFECTIVE_EARTH_RADIUS_M).toBeCloseTo(8_494_667, 0);
  });
});

/** A profile on flat ground (0 m) every `step` m with knife edges at given samples. */
function profile(count: number, stepM: number, edges: Record<number, number>): { d: Float64Array; g: Float64Array } {
  const d = new Float64Array(count);
  const g = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    d[i] = i * stepM;
    g[i] = edges[i] ?? 0;
  }
  return { d, g };
}

describe('Deygout diffraction over a profile', () => {
  it('a single ridge scene equals the closed-form single-edge loss', () => {
    // Site mast 30 m at 0, ridge 80 m at 2 km, receiver 1.5 m at 5 km, 900 MHz, ground 0 elsewhere, 25 m samples.
    // Bulge 2000·3000/(2·8494667) = 0.3532 m; line of sight 30 - 28.5·2/5 = 18.6 m; h = 61.7532 m;
    // v = 61.7532 sqrt(2/0.3331 (1/2000 + 1/3000)) = 4.3681; J = 25.642 dB.
    const { d, g } = profile(201, 25, { 80: 80 });
    const edges: DiffractionEdge[] = [];
    const loss = deygoutLossDb(d, g, 201, 30, 1.5, wavelengthM(900), edges);
    expect(loss).toBeCloseTo(25.642, 2);
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ role: 'principal', index: 80, distanceM: 2000 });
    expect(edges[0].v).toBeCloseTo(4.3681, 3);
    const h = 80 + earthBulgeM(2000, 3000) - 18.6;
    expect(loss).toBeCloseTo(knifeEdgeLossDb(fresnelParameterV(h, 2000, 3000, wavelengthM(900))), 10);
  });

  it('two edges, worked by hand', () => {
    // Wavelength 1 m, samples every km to 10 km, transmitter 30 m at 0, receiver 10 m at 10 km,
    // edge A 60 m at 3 km, edge B 50 m at 7 km, ground 0 elsewhere.
    // Whole path: bulge at 3 and 7 km = 3000·7000/(2·8494667) = 1.2361 m; sight line 24 m at 3 km, 16 m at 7 km;
    //   A: h = 60 + 1.2361 - 24 = 37.2361, v = 37.2361 sqrt(2 (1/3000 + 1/7000)) = 1.1491
    //   B: h = 50 + 1.2361 - 16 = 35.2361, v = 1.0874 -> A is the principal edge, J(1.1491) = 14.854 dB.
    // Receiver side, A's top (60 m at 3 km) to the receiver: B at 4 km of 7, bulge 4000·3000/(2·8494667) = 0.7063,
    //   sight line 60 - 50·4/7 = 31.4286, h = 19.2778, v = 19.2778 sqrt(2 (1/4000 + 1/3000)) = 0.6585, J = 11.529 dB.
    // Transmitter side (0 to 3 km): the ground at 1 and 2 km lies 40 m and more under the line 30 -> 60 m: no edge.
    // Total 14.854 + 11.529 = 26.382 dB.
    const { d, g } = profile(11, 1000, { 3: 60, 7: 50 });
    const edges: DiffractionEdge[] = [];
    const loss = deygoutLossDb(d, g, 11, 30, 10, 1, edges);
    expect(loss).toBeCloseTo(26.382, 2);
    expect(edges.map((e) => [e.role, e.index])).toEqual([
      ['principal', 3],
      ['receiver-side', 7],
    ]);
    expect(edges[0].v).toBeCloseTo(1.1491, 3);
    expect(edges[1].v).toBeCloseTo(0.6585, 3);
    expect(edges[0].lossDb).toBeCloseTo(14.854, 2);
    expect(edges[1].lossDb).toBeCloseTo(11.529, 2);
  });

  it('three edges when both sides have one', () => {
    const { d, g } = profile(11, 1000, { 2: 45, 5: 70, 8: 45 });
    const edges: DiffractionEdge[] = [];
    const loss = deygoutLossDb(d, g, 11, 30, 10, 1, edges);
    expect(edges.map((e) => e.role)).toEqual(['transmitter-side', 'principal', 'receiver-side']);
    expect(loss).toBeCloseTo(
      edges.reduce((sum, e) => sum + e.lossDb, 0),
      10,
    );
  });

  it('a clear path has no loss; earth curvature alone can obstruct; a constant ground height changes nothing', () => {
    // 2 km between two 30 m masts over flat ground: every point clears the first Fresnel zone by far (v < -0.78).
    const flat = profile(81, 25, {});
    expect(deygoutLossDb(flat.d, flat.g, 81, 30, 30, wavelengthM(900))).toBe(0);
    // Earth curvature alone: 40 km over a flat earth, 30 m to 1.5 m: the bulge (23.5 m at mid-path) obstructs.
    const far = profile(401, 100, {});
    const curved = deygoutLossDb(far.d, far.g, 401, 30, 1.5, wavelengthM(900));
    expect(curved).toBeGreaterThan(0);
    const raised = { d: far.d, g: new Float64Array(401).fill(120) };
    expect(deygoutLossDb(raised.d, raised.g, 401, 150, 121.5, wavelengthM(900))).toBeCloseTo(curved, 9);
  });
});

describe('effective base-station height (Okumura; ITU-R P.529, P.1546 under 15 km)', () => {
  it('averages 3-15 km on long paths, 0.2d-d on short ones', () => {
    expect(averagingStretchM(20_000)).toEqual({ fromM: 3000, toM: 15000 });
    expect(averagingStretchM(15_000)).toEqual({ fromM: 3000, toM: 15000 });
    expect(averagingStretchM(5000)).toEqual({ fromM: 1000, toM: 5000 });
  });
  it('mast + site ground - mean ground, clamped to 30-200 m widened to the mast', () => {
    const d = Float64Array.from({ length: 21 }, (_, i) => i * 1000);
    const g = Float64Array.from({ length: 21 }, (_, i) => (i >= 3 && i <= 15 ? 100 + i : 500));
    // Mean of 103..115 = 109.
    expect(meanGroundM(d, g, 21, 3000, 15000)).toBe(109);
    expect(effectiveBaseHeight(40, 150, 109)).toEqual({ heightM: 81, unclampedM: 81, clamped: false });
    expect(effectiveBaseHeight(40, 50, 109)).toEqual({ heightM: 30, unclampedM: -19, clamped: true });
    expect(effectiveBaseHeight(40, 400, 109)).toEqual({ heightM: 200, unclampedM: 331, clamped: true });
    // A 20 m mast on flat ground keeps its 20 m (the range is widened to include it), unflagged.
    expect(effectiveBaseHeight(20, 100, 100)).toEqual({ heightM: 20, unclampedM: 20, clamped: false });
    expect(effectiveBaseHeight(20, 100, 95)).toEqual({ heightM: 25, unclampedM: 25, clamped: false });
  });
  it('takes the nearest point when the stretch holds none', () => {
    const d = Float64Array.of(0, 25, 50);
    const g = Float64Array.of(10, 20, 30);
    expect(meanGroundM(d, g, 3, 100, 120)).toBe(30);
  });
});

describe('profiles from a ground-height grid', () => {
  const grid = { originX: 1000, originY: 5000, resolutionM: 10, width: 3, height: 2 };
  // Pixel centres x 1005, 1015, 1025; y 4995, 4985.
  const heights = Float32Array.of(0, 10, 20, 100, 110, 120);
  it('bilinear between pixel centres, clamped beyond the outer ones', () => {
    expect(groundHeightAtM(grid, heights, 1005, 4995)).toBe(0);
    expect(groundHeightAtM(grid, heights, 1010, 4995)).toBe(5);
    expect(groundHeightAtM(grid, heights, 1010, 4990)).toBe(55);
    expect(groundHeightAtM(grid, heights, 900, 6000)).toBe(0);
    expect(groundHeightAtM(grid, heights, 2000, 0)).toBe(120);
  });
  it('samples a radial at its step, grid bearing clockwise from north', () => {
    const d = new Float64Array(3);
    const g = new Float64Array(3);
    radialProfileInto(grid, heights, 1005, 4995, 90, 10, 3, d, g);
    expect(Array.from(d)).toEqual([0, 10, 20]);
    expect(Array.from(g).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([0, 10, 20]);
    radialProfileInto(grid, heights, 1005, 4995, 180, 5, 3, d, g);
    expect(Array.from(g).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([0, 50, 100]);
  });
});
