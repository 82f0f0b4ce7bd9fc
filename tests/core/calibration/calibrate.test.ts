import { describe, expect, it } from 'vitest';
import {
  calibrate,
  CalibrationInputError,
  type DriveTestSample,
  indexCells,
  predictSample,
} from '../../../server/core/calibration/index.ts';
import { type CellSpec, type EnvironmentClass, resolveAreaSettings } from '../../../server/core/model.ts';
import { antennaAttenuationDb, depressionAngleDeg } from '../../../server/core/radio/antenna-pattern.ts';
import { eirpDbm } from '../../../server/core/radio/link-budget.ts';
import { okumuraHataModel } from '../../../server/core/radio/okumura-hata.ts';
import type { CalibrationTerm } from '../../../server/core/radio/path-loss.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { makeCell, offsetKm, squareArea } from '../coverage/fixtures.ts';
import { hills, withGround } from '../coverage/terrain-scene.ts';
import { seededRandom } from '../geo/fixtures.ts';

const settings = resolveAreaSettings({});

/** Standard normal draws from a seeded uniform source (Box-Muller). */
function normalSource(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Cell positions, km east/north of the fixtures' centre. */
const SITES_KM: [number, number][] = [
  [0, 0],
  [7, 1],
  [-5, 6],
  [2, -8],
];

function networkCells(): CellSpec[] {
  return SITES_KM.map(([e, n], i) => {
    const [lon, lat] = offsetKm(e, n);
    return makeCell({ key: `T${i}/G1`, siteCode: `T${i}`, cellCode: 'G1', lon, lat, heightM: 30 + 5 * i, tiltDeg: 2 });
  });
}

/**
 * The "real network": Okumura-Hata written out by hand with a known per-class term added to the
 * loss (intercept at 1 km and slope per decade), the vertical antenna pattern, and shadowing.
 */
function trueLevelDbm(cell: CellSpec, distanceKm: number, environment: EnvironmentClass, truth: CalibrationTerm): number {
  const hata = okumuraHataModel(cell.frequencyMhz, cell.heightM, settings.receiverHeightM, environment);
  const x = Math.log10(distanceKm);
  const lossDb = hata.interceptDb + truth.interceptDeltaDb + (hata.slopeDbPerDecade + truth.slopeDeltaDb) * x;
  const attenuationDb = antennaAttenuationDb(cell, 0, depressionAngleDeg(cell.heightM, settings.receiverHeightM, distanceKm * 1000));
  return eirpDbm(cell) - lossDb - attenuationDb;
}

interface SurveySpec {
  environment: EnvironmentClass;
  truth: CalibrationTerm;
  count: number;
  minKm: number;
  maxKm: number;
}

/** Samples around the network's cells at log-uniform distances, each served by the cell it was drawn for. */
function survey(cells: CellSpec[], specs: SurveySpec[], sigmaDb: number, seed: number): DriveTestSample[] {
  const uniform = seededRandom(seed);
  const normal = normalSource(seed + 1);
  const samples: DriveTestSample[] = [];
  for (const spec of specs) {
    for (let k = 0; k < spec.count; k++) {
      const cellIndex = k % cells.length;
      const cell = cells[cellIndex];
      const distanceKm = spec.minKm * (spec.maxKm / spec.minKm) ** uniform();
      const bearing = 2 * Math.PI * uniform();
      const [e, n] = SITES_KM[cellIndex];
      const [lon, lat] = offsetKm(e + distanceKm * Math.sin(bearing), n + distanceKm * Math.cos(bearing));
      const levelDbm = trueLevelDbm(cell, distanceKm, spec.environment, spec.truth) + sigmaDb * normal();
      samples.push({ lon, lat, technology: 'GSM', levelDbm, servingCell: cell.key, environment: spec.environment });
    }
  }
  return samples;
}

describe('calibrate on a survey generated from a known model', () => {
  const cells = networkCells();
  // Urban: the network is 4 dB stronger than Hata at 1 km and falls off 3 dB/decade faster.
  const urban: CalibrationTerm = { interceptDeltaDb: -4, slopeDeltaDb: 3 };
  const suburban: CalibrationTerm = { interceptDeltaDb: 2, slopeDeltaDb: 0 };
  const rural: CalibrationTerm = { interceptDeltaDb: 1, slopeDeltaDb: 2 };
  const samples = survey(
    cells,
    [
      { environment: 'urban', truth: urban, count: 600, minKm: 0.4, maxKm: 8 },
      { environment: 'suburban', truth: suburban, count: 400, minKm: 0.3, maxKm: 10 },
      { environment: 'rural', truth: rural, count: 80, minKm: 5, maxKm: 5.6 },
      { environment: 'urban-large', truth: urban, count: 10, minKm: 0.3, maxKm: 2 },
    ],
    6,
    2006,
  );
  const result = calibrate({ samples, cells, settings });
  const fit = (environment: EnvironmentClass) => result.fits.find((f) => f.environment === environment)!;
  const usable = (environment?: EnvironmentClass) =>
    samples.filter((s) => (!environment || s.environment === environment) && s.levelDbm < -40 && s.levelDbm >= -115).length;

  it('recovers the intercept and slope of each class within about three standard errors', () => {
    const u = fit('urban');
    expect(u.method).toBe('intercept-and-slope');
    expect(u.n).toBe(usable('urban'));
    expect(u.n).toBeGreaterThan(580);
    expect(u.interceptDeltaDb).toBeGreaterThan(urban.interceptDeltaDb - 1);
    expect(u.interceptDeltaDb).toBeLessThan(urban.interceptDeltaDb + 1);
    expect(u.slopeDeltaDb).toBeGreaterThan(urban.slopeDeltaDb - 1.5);
    expect(u.slopeDeltaDb).toBeLessThan(urban.slopeDeltaDb + 1.5);
    expect(u.interceptStdErrDb!).toBeLessThan(0.5);
    expect(u.slopeStdErrDb!).toBeLessThan(1);
    const s = fit('suburban');
    expect(s.method).toBe('intercept-and-slope');
    expect(Math.abs(s.interceptDeltaDb! - suburban.interceptDeltaDb)).toBeLessThan(1);
    expect(Math.abs(s.slopeDeltaDb! - suburban.slopeDeltaDb)).toBeLessThan(1.5);
    expect(result.terms.urban).toEqual({ interceptDeltaDb: u.interceptDeltaDb, slopeDeltaDb: u.slopeDeltaDb });
  });

  it('recovers the terms exactly without shadowing (the fit, the engine and the hand-written model agree)', () => {
    const clean = calibrate({
      samples: survey(cells, [{ environment: 'urban', truth: urban, count: 200, minKm: 0.4, maxKm: 8 }], 0, 1),
      cells,
      settings,
    });
    expect(clean.terms.urban!.interceptDeltaDb).toBeCloseTo(urban.interceptDeltaDb, 1);
    expect(clean.terms.urban!.slopeDeltaDb).toBeCloseTo(urban.slopeDeltaDb, 1);
    expect(clean.after.all.rmseDb).toBeLessThan(0.05);
  });

  it('fits the intercept only where distances are too narrow, and says so', () => {
    const r = fit('rural');
    expect(r.method).toBe('intercept-only');
    expect(r.note).toMatch(/distances spread 0\.0\d+ decade\(s\), less than 0\.15: intercept only/);
    expect(r.slopeDeltaDb).toBe(0);
    // At ~5.3 km the true extra loss is 1 + 2·log10(5.3) ≈ 2.45 dB.
    expect(Math.abs(r.interceptDeltaDb! - 2.45)).toBeLessThan(2);
    expect(r.minDistanceKm!).toBeGreaterThanOrEqual(4.9);
    expect(r.maxDistanceKm!).toBeLessThanOrEqual(5.7);
  });

  it('leaves a class with too few samples uncalibrated', () => {
    expect(fit('urban-large')).toMatchObject({ method: 'none', n: 10, interceptDeltaDb: null });
    expect(fit('urban-large').note).toMatch(/10 sample\(s\), fewer than the minimum of 30/);
    expect(result.terms).not.toHaveProperty('urban-large');
    expect(Object.keys(result.terms)).toEqual(['urban', 'suburban', 'rural']);
  });

  it('removes the bias: after calibration each class has mean error ~0 and spread ~σ', () => {
    const before = result.before.byEnvironment.urban!;
    const after = result.after.byEnvironment.urban!;
    expect(before.meanErrorDb).toBeGreaterThan(2);
    expect(Math.abs(after.meanErrorDb)).toBeLessThan(0.2);
    expect(after.stdDevDb).toBeGreaterThan(5.4);
    expect(after.stdDevDb).toBeLessThan(6.6);
    expect(after.rmseDb).toBeLessThan(before.rmseDb);
    expect(Math.abs(result.after.byEnvironment.suburban!.meanErrorDb)).toBeLessThan(0.2);
    expect(result.after.byEnvironment['urban-large']!.n).toBe(10);
    expect(result.after.all.rmseDb).toBeLessThan(result.before.all.rmseDb);
    expect(result.sampleCount).toBe(usable());
    expect(result.excluded.saturated).toBe(samples.filter((s) => s.levelDbm >= -40).length);
  });

  it('fits the same terms from half the samples within the noise (not a lucky constant)', () => {
    const other = calibrate({
      samples: survey(cells, [{ environment: 'urban', truth: urban, count: 600, minKm: 0.4, maxKm: 8 }], 6, 77),
      cells,
      settings,
    });
    expect(other.terms.urban).not.toEqual(result.terms.urban);
    expect(Math.abs(other.terms.urban!.interceptDeltaDb - urban.interceptDeltaDb)).toBeLessThan(1);
  });
});

describe('calibrate: sign convention, sample selection and options', () => {
  const cells = networkCells();
  const index = indexCells(cells);

  /** Samples exactly `offsetDb(log10 d km)` above the uncalibrated prediction of their serving cell. */
  function offsetSamples(offsetDb: number | ((log10DistanceKm: number) => number), environment: EnvironmentClass): DriveTestSample[] {
    const offset = typeof offsetDb === 'number' ? () => offsetDb : offsetDb;
    return Array.from({ length: 40 }, (_, k) => {
      const [lon, lat] = offsetKm(0.2 + k * 0.15, 0.1);
      const sample: DriveTestSample = { lon, lat, technology: 'GSM', levelDbm: 0, servingCell: 'T0/G1', environment };
      const p = predictSample(sample, index, settings, null);
      if (typeof p === 'string') throw new Error(p);
      return { ...sample, levelDbm: p.predictedDbm + offset(p.log10DistanceKm) };
    });
  }

  it('with a DEM, predicts with the terrain terms and fits what terrain leaves', () => {
    const flat = prepareArea(squareArea(10, { resolutionM: 100 }));
    const hilly = withGround(flat, hills(flat));
    const samples = Array.from({ length: 40 }, (_, k) => {
      const [lon, lat] = offsetKm(0.2 + k * 0.15, 0.1);
      const sample: DriveTestSample = { lon, lat, technology: 'GSM', levelDbm: 0, servingCell: 'T0/G1', environment: 'suburban' };
      const p = predictSample(sample, index, settings, null, hilly);
      if (typeof p === 'string') throw new Error(p);
      return { ...sample, levelDbm: p.predictedDbm + 5 };
    });
    // Deep behind the hills some samples fall under the default floor: keep them all.
    const options = { floorDbm: -200 };
    const withTerrain = calibrate({ samples, cells, settings, terrainArea: hilly, options });
    expect(withTerrain.sampleCount).toBe(40);
    expect(withTerrain.terms.suburban!.interceptDeltaDb).toBeCloseTo(-5, 2);
    expect(withTerrain.after.all.rmseDb).toBeLessThan(0.02);
    // The terrain matters on this path: calibrating as if flat leaves errors a line cannot fit.
    const asIfFlat = calibrate({ samples, cells, settings, options });
    expect(asIfFlat.after.all.rmseDb).toBeGreaterThan(0.5);
  });

  it('measured 5 dB stronger than predicted gives interceptDeltaDb = -5 (less loss) and no slope', () => {
    const r = calibrate({ samples: offsetSamples(5, 'suburban'), cells, settings });
    expect(r.terms.suburban!.interceptDeltaDb).toBeCloseTo(-5, 2);
    expect(r.terms.suburban!.slopeDeltaDb).toBeCloseTo(0, 2);
    expect(r.before.all.meanErrorDb).toBeCloseTo(5, 6);
    expect(r.after.all.rmseDb).toBeLessThan(0.02);
  });

  it('counts saturated, floor, unknown-cell and too-close samples out, and predicts the best server without a serving cell', () => {
    const good = offsetSamples(-3, 'urban');
    const [lon, lat] = offsetKm(0.02, 0);
    const samples: DriveTestSample[] = [
      ...good,
      { ...good[0], levelDbm: -40 },
      { ...good[0], levelDbm: -35.5 },
      { ...good[0], levelDbm: -115.1 },
      { ...good[0], servingCell: 'NOPE/1' },
      { ...good[0], technology: 'CDMA' },
      { ...good[0], servingCell: null, technology: 'CDMA' },
      { ...good[0], lon, lat },
    ];
    const r = calibrate({ samples, cells, settings });
    expect(r.excluded).toEqual({ saturated: 2, belowFloor: 1, unknownServingCell: 2, noServer: 1, tooClose: 1, freeSpaceFloor: 0 });
    expect(r.sampleCount).toBe(40);
    expect(r.terms.urban!.interceptDeltaDb).toBeCloseTo(3, 2);
    const nearT1 = { ...good[0], servingCell: null, lon: offsetKm(7.5, 1)[0], lat: offsetKm(7.5, 1)[1] };
    expect(predictSample(nearT1, index, settings, null)).toMatchObject({ cell: 'T1/G1' });
    expect(predictSample({ ...nearT1, servingCell: 'T0/G1' }, index, settings, null)).toMatchObject({ cell: 'T0/G1' });
  });

  it('honours minSamples and rejects bad options and unusable surveys with the value quoted', () => {
    const samples = offsetSamples(0, 'urban');
    expect(calibrate({ samples, cells, settings, options: { minSamples: 41 } }).terms).toEqual({});
    expect(calibrate({ samples, cells, settings, options: { minSamples: 40 } }).terms.urban).toBeDefined();
    expect(() => calibrate({ samples, cells, settings, options: { minSamples: 0 } })).toThrow(/minSamples must be >= 1, got 0/);
    expect(() => calibrate({ samples, cells, settings, options: { floorDbm: -30 } })).toThrow(
      /floorDbm \(-30\) must be below saturationDbm \(-40\)/,
    );
    expect(() => calibrate({ samples, cells, settings, options: { maxSlopeDeltaDb: Number.NaN } })).toThrow(CalibrationInputError);
    expect(() => calibrate({ samples: samples.map((s) => ({ ...s, levelDbm: -20 })), cells, settings })).toThrow(
      /none of the 40 sample\(s\) is usable/,
    );
  });

  it('falls back to the intercept when the fitted slope is implausible', () => {
    // A residual growing 40 dB/decade is no propagation effect the model should absorb.
    const steep = offsetSamples((x) => 40 * x, 'urban');
    const r = calibrate({ samples: steep, cells, settings });
    expect(r.fits[0]).toMatchObject({ method: 'intercept-only', slopeDeltaDb: 0 });
    expect(r.fits[0].note).toMatch(/fitted slope change -40\.0 dB\/decade exceeds ±15: intercept only/);
  });
});
