import { describe, expect, it } from 'vitest';
import type { AreaGrid } from '../../../server/core/geo/area-grid.ts';
import { pixelToLonLat } from '../../../server/core/geo/grid-lookup.ts';
import { utmProjection } from '../../../server/core/geo/utm-projection.ts';
import {
  assignAnswers,
  perceivedCoverage,
  perceivedFlag,
  samplePlacePrediction,
  type PerceivedPlace,
  type SurveyAnswer,
} from '../../../server/core/surveys/perceived-coverage.ts';

/** 20 × 20 pixels of 100 m in UTM 51N (around 124.3° E, 46.9° N). */
const GRID: AreaGrid = {
  epsg: 32651,
  utmZone: 51,
  south: false,
  resolutionM: 100,
  originX: 600_000,
  originY: 5_200_000,
  width: 20,
  height: 20,
};
const projection = utmProjection(GRID.epsg);
/** [lon, lat] of a corner of the pixel lattice. */
const corner = (col: number, row: number) => projection.inverse([GRID.originX + col * 100, GRID.originY - row * 100]) as [number, number];
/** A polygon over the pixel columns [c0, c1) and rows [r0, r1). */
const block = (c0: number, r0: number, c1: number, r1: number): GeoJSON.Polygon => ({
  type: 'Polygon',
  coordinates: [[corner(c0, r0), corner(c0, r1), corner(c1, r1), corner(c1, r0), corner(c0, r0)]],
});
const centre = (col: number, row: number) => pixelToLonLat(GRID, col, row);
const MASK = new Uint8Array(400).fill(1);
/** The west quarter (columns 0-4) is covered. */
const covered = (i: number) => i % 20 < 5;

describe('samplePlacePrediction', () => {
  it('counts the pixels whose centres a polygon contains, and the covered ones', () => {
    expect(samplePlacePrediction(GRID, MASK, block(0, 0, 10, 20), covered, 1000)).toEqual({ pixels: 200, coveredPixels: 100 });
    expect(samplePlacePrediction(GRID, MASK, block(0, 5, 5, 10), covered, 1000)).toEqual({ pixels: 25, coveredPixels: 25 });
    expect(samplePlacePrediction(GRID, MASK, block(10, 0, 20, 2), covered, 1000)).toEqual({ pixels: 20, coveredPixels: 0 });
  });

  it('leaves out pixels outside the area', () => {
    const mask = new Uint8Array(400).fill(1);
    for (let row = 0; row < 20; row++) mask[row * 20] = 0; // column 0 outside
    expect(samplePlacePrediction(GRID, mask, block(0, 0, 10, 20), covered, 1000)).toEqual({ pixels: 180, coveredPixels: 80 });
  });

  it('samples a disc of the radius around a point place', () => {
    const point: GeoJSON.Point = { type: 'Point', coordinates: centre(10, 10) };
    // reach 3 pixels: the 29 lattice points with dr² + dc² ≤ 9
    expect(samplePlacePrediction(GRID, MASK, point, covered, 300)).toEqual({ pixels: 29, coveredPixels: 0 });
    // reach 7 around column 4: columns 0..4 of the disc are covered
    const west: GeoJSON.Point = { type: 'Point', coordinates: centre(4, 10) };
    const all = samplePlacePrediction(GRID, MASK, west, () => true, 700);
    // a 7-pixel disc has 149 lattice points; the 17 with dc ≤ −5 (columns −3..−1) fall off the grid
    expect(all.pixels).toBe(149 - 17);
    expect(samplePlacePrediction(GRID, MASK, west, covered, 700).coveredPixels).toBe(
      // columns 4-dc for dc = 0..4 → rows |dr| ≤ floor(sqrt(49 − dc²))
      [0, 1, 2, 3, 4].reduce((n, dc) => n + 2 * Math.floor(Math.sqrt(49 - dc * dc)) + 1, 0),
    );
  });

  it('samples the pixel under a polygon smaller than a pixel', () => {
    const [lon, lat] = centre(2, 3);
    const tiny: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [lon, lat],
          [lon + 0.0001, lat],
          [lon + 0.0001, lat + 0.0001],
          [lon, lat],
        ],
      ],
    };
    expect(samplePlacePrediction(GRID, MASK, tiny, covered, 1000)).toEqual({ pixels: 1, coveredPixels: 1 });
  });
});

const answer = (col: number, row: number, satisfaction: number, technology: SurveyAnswer['technology'] = 'GSM'): SurveyAnswer => {
  const [lon, lat] = centre(col, row);
  return { lon, lat, technology, satisfaction };
};

describe('assignAnswers', () => {
  it('puts an answer in the smallest containing settlement, else the nearest point within the radius; and in every hotspot', () => {
    const places: PerceivedPlace[] = [
      { code: 'town', name: 'Town', kind: 'settlement', geometry: block(0, 0, 20, 10) },
      { code: 'estate', name: 'Estate', kind: 'settlement', geometry: block(0, 0, 5, 5) },
      { code: 'village-a', name: 'A', kind: 'settlement', geometry: { type: 'Point', coordinates: centre(5, 15) } },
      { code: 'village-b', name: 'B', kind: 'settlement', geometry: { type: 'Point', coordinates: centre(10, 15) } },
      { code: 'hotspot-1', name: 'H', kind: 'hotspot', geometry: block(0, 0, 10, 20) },
    ];
    const answers = [answer(1, 1, 5), answer(15, 5, 5), answer(7, 15, 5), answer(8, 15, 5), answer(19, 19, 5)];
    expect(assignAnswers(places, answers, 400)).toEqual([[1], [0], [2], [3], [0, 2, 3]]);
  });
});

describe('perceivedCoverage', () => {
  const places: PerceivedPlace[] = [
    { code: 'covered-unhappy', name: 'A', kind: 'settlement', geometry: block(0, 0, 5, 10) },
    { code: 'gap-happy', name: 'B', kind: 'settlement', geometry: block(10, 0, 20, 10) },
    { code: 'few', name: 'C', kind: 'settlement', geometry: block(0, 10, 5, 20) },
    { code: 'empty', name: 'D', kind: 'settlement', geometry: block(10, 10, 20, 20) },
  ];
  const predictions = places.map((p) => samplePlacePrediction(GRID, MASK, p.geometry, covered, 1000));
  // A: 20 GSM answers, 6 satisfied (30 %), 4 neutral, 10 unsatisfied; B: 20 GSM answers, 16 satisfied (80 %);
  // C: 19 GSM answers all unhappy (one short of the minimum); CDMA answers in A, all satisfied.
  const answers: SurveyAnswer[] = [
    ...Array.from({ length: 20 }, (_, i) => answer(i % 5, Math.floor(i / 5), i < 6 ? 5 : i < 10 ? 3 : 1)),
    ...Array.from({ length: 20 }, (_, i) => ({
      ...answer(10 + (i % 10), Math.floor(i / 10), i < 16 ? 4 : 2),
      problems: ['indoor' as const],
    })),
    ...Array.from({ length: 19 }, (_, i) => answer(i % 5, 10 + Math.floor(i / 5), 1)),
    ...Array.from({ length: 5 }, (_, i) => answer(i, 9, 5, 'CDMA')),
  ];

  it('counts the satisfied share per place and flags against the prediction (GSM)', () => {
    const rows = perceivedCoverage(places, answers, predictions, 'GSM');
    expect(rows.map((r) => [r.code, r.answers, r.satisfied, r.neutral, r.unsatisfied, r.perceivedPct, r.predictedPct, r.flag])).toEqual([
      ['covered-unhappy', 20, 6, 4, 10, 30, 100, 'unhappy-but-covered'],
      ['gap-happy', 20, 16, 0, 4, 80, 0, 'satisfied-but-gap'],
      ['few', 19, 0, 0, 19, 0, 100, null],
      ['empty', 0, 0, 0, 0, null, 0, null],
    ]);
    expect(rows[0].meanSatisfaction).toBeCloseTo((6 * 5 + 4 * 3 + 10 * 1) / 20, 12);
    expect(rows[0].differencePts).toBe(-70);
    expect(rows[1].problems.indoor).toBe(20);
    expect(rows[3].differencePts).toBeNull();
  });

  it('counts only the network asked for, and every answer for any', () => {
    const cdma = perceivedCoverage(places, answers, predictions, 'CDMA');
    expect(cdma[0]).toMatchObject({ answers: 5, satisfied: 5, perceivedPct: 100, flag: null });
    const any = perceivedCoverage(places, answers, predictions, 'any');
    expect(any[0]).toMatchObject({ answers: 25, satisfied: 11, perceivedPct: 44, flag: 'unhappy-but-covered' });
  });

  it('takes the rules from the caller', () => {
    expect(perceivedCoverage(places, answers, predictions, 'GSM', { minAnswers: 19 })[2].flag).toBe('unhappy-but-covered');
    expect(perceivedCoverage(places, answers, predictions, 'GSM', { satisfiedPct: 85 })[1].flag).toBeNull();
  });
});

describe('perceivedFlag', () => {
  it.each([
    [20, 49.9, 90, 'unhappy-but-covered'],
    [20, 50, 90, null],
    [20, 10, 89.9, null],
    [20, 70, 49.9, 'satisfied-but-gap'],
    [20, 69.9, 10, null],
    [20, 90, 50, null],
    [19, 0, 100, null],
  ] as const)('%s answers, %s %% satisfied, %s %% predicted → %s', (answers, perceived, predicted, flag) =>
    expect(perceivedFlag(answers, perceived, predicted)).toBe(flag),
  );
});
