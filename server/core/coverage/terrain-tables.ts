/**
 * Terrain terms of the raster engine, computed once per run along radials from each site (the way
 * radial propagation engines share profiles) and looked up per pixel.
 *
 * The engine's definition of a pixel's terrain terms (what "exact" means with terrain): the pixel
 * takes the values of the table sample nearest to it in polar form around the site: radial
 * round(bearing / (360° / TERRAIN_RADIALS)), and along it the nearest sample (sampleIndex). Samples
 * lie one step apart (TERRAIN_STEP_PIXELS · resolution) up to D0 = NEAR_SAMPLES steps, where the
 * radials are one step apart too (D0 · 2π / TERRAIN_RADIALS = step); beyond, they grow with the
 * distance like the gap between radials (factor 1 + 2π / TERRAIN_RADIALS, nearest in log distance),
 * so a table cell stays about as long as it is wide. A sample stands for a receiver at its distance
 * on its radial, the area's receiver height above the ground there; its terms are
 * - the effective base-station height (Okumura; ITU-R P.529; under 15 km the mean between 0.2d and d)
 *   from the radial's ground heights (radialProfileInto, bilinear in PreparedArea.groundHeightM):
 *   heff = clamp(mast + site ground - mean ground), see effectiveBaseHeight;
 * - the diffraction loss by Deygout (three edges, J(v) of ITU-R P.526, k = 4/3) over the profile
 *   from the site to the sample, through at most TERRAIN_PROFILE_POINTS evenly spread samples of the
 *   radial (all of them up to that count), less the loss the same construction gives over flat
 *   ground (Hata's median already holds the smooth earth's and the near-ground losses, which
 *   Deygout's construction counts again on a smooth profile), and never below 0.
 * Flat ground (a constant DEM) gives heff = mast height and no diffraction, so today's levels.
 *
 * In the level: Hata's loss at heff = its loss at the cell's highest heff over the table (heffMax,
 * whose intercept and slope the cell record carries, so every block bound, reach and envelope stays
 * an upper bound of the level) + r·(13.82 + 6.55·x), r = log10(heffMax) - log10(heff) >= 0 and x =
 * log10(d km) (Hata 1980: the base height enters as -13.82 log hb - 6.55 log hb · log d); then the
 * free-space floor; then + diffraction. Both terms only add loss to what the cell record bounds.
 */
import type { CellSpec } from '../model.ts';
import { HATA_BASE_HEIGHT_INTERCEPT_DB, HATA_BASE_HEIGHT_SLOPE_DB } from '../radio/okumura-hata.ts';
import {
  averagingStretchM,
  type DiffractionEdge,
  deygoutLossDb,
  earthBulgeM,
  firstFresnelRadiusM,
  type EffectiveHeight,
  effectiveBaseHeight,
  type GroundGrid,
  groundHeightAtM,
  radialGroundAtInto,
  wavelengthM,
} from '../radio/terrain/index.ts';
import type { PreparedArea } from './prepared-area.ts';

/** Radials per site (1° apart). */
export const TERRAIN_RADIALS = 360;
/** Distance between the near samples of a radial, in pixels of the area's grid. */
export const TERRAIN_STEP_PIXELS = 1;
/** Evenly spaced samples before they start to grow (radials are one step apart there). */
export const NEAR_SAMPLES = Math.round(TERRAIN_RADIALS / (2 * Math.PI));
/** Growth factor of the sample distances beyond the near samples. */
export const SAMPLE_GROWTH = 1 + (2 * Math.PI) / TERRAIN_RADIALS;
const LOG_GROWTH = Math.log(SAMPLE_GROWTH);
/** Profile points (ends included) Deygout's construction looks at for one sample. */
export const TERRAIN_PROFILE_POINTS = 24;

/** Distance of sample k of a radial, m. */
export function sampleDistanceM(stepM: number, k: number): number {
  return k <= NEAR_SAMPLES ? k * stepM : NEAR_SAMPLES * stepM * SAMPLE_GROWTH ** (k - NEAR_SAMPLES);
}

/** Sample nearest to a distance (in distance up to D0, in log distance beyond), not clamped. */
export function sampleIndex(stepM: number, distanceM: number): number {
  const near = NEAR_SAMPLES * stepM;
  if (distanceM <= near) return Math.round(distanceM / stepM);
  return NEAR_SAMPLES + Math.round(Math.log(distanceM / near) / LOG_GROWTH);
}

/** Samples per radial that reach `distanceM` (plus one beyond). */
export function samplesToReach(stepM: number, distanceM: number): number {
  return sampleIndex(stepM, distanceM) + 2;
}

/** Farthest distance from (x, y) to a corner of the area's grid, m: no pixel lies farther. */
export function farthestPixelM(area: PreparedArea, x: number, y: number): number {
  const { originX, originY, resolutionM, width, height } = area.grid;
  const dx = Math.max(Math.abs(x - originX), Math.abs(x - (originX + width * resolutionM)));
  const dy = Math.max(Math.abs(y - originY), Math.abs(y - (originY - height * resolutionM)));
  return Math.hypot(dx, dy);
}

/** The terrain tables of a run: per cell a table of TERRAIN_RADIALS × samples entries in each array. */
export interface TerrainTables {
  stepM: number;
  /** Per prepared cell: offsets of its tables in heightRatio and diffractionDb, and its samples per radial (its site's). */
  cellRatioOffset: Int32Array;
  cellDiffractionOffset: Int32Array;
  /** Per prepared cell: its highest effective height (heffMax), the height of its record's Hata coefficients, m. */
  cellHataHeightM: Float64Array;
  cellSamples: Int32Array;
  /** log10(heffMax) - log10(heff) per entry (>= 0). */
  heightRatio: Float32Array;
  /** Diffraction loss beyond flat ground per entry, dB (>= 0). */
  diffractionDb: Float32Array;
}

/** The ground grid of an area (its raster grid). */
export function groundGrid(area: PreparedArea): GroundGrid {
  const { originX, originY, resolutionM, width, height } = area.grid;
  return { originX, originY, resolutionM, width, height };
}

export function terrainStepM(area: PreparedArea): number {
  return TERRAIN_STEP_PIXELS * area.grid.resolutionM;
}

const lowestGround = new WeakMap<Float32Array, number>();

/** Lowest ground height of the area's grid, m (bounds every mean of a profile, which the grid's bilinear samples stay within). */
export function lowestGroundM(heights: Float32Array): number {
  let low = lowestGround.get(heights);
  if (low === undefined) {
    low = Number.POSITIVE_INFINITY;
    for (let i = 0; i < heights.length; i++) if (heights[i] < low) low = heights[i];
    lowestGround.set(heights, low);
  }
  return low;
}

/** Ground at the site and, per radial and sample, the ground relative to it and the mean-ground offset. */
export interface SiteTerrain {
  groundM: number;
  samples: number;
  /** Distance of each sample, m (sampleDistanceM). */
  distancesM: Float64Array;
  /** Ground height relative to the site's ground, m, TERRAIN_RADIALS × samples. */
  relativeGroundM: Float64Array;
  /** Site ground - mean ground of the averaging stretch, m (heff = mast + this, before clamping). */
  heightOffsetM: Float64Array;
  /** Per sample k: the highest height offset of any radial at samples 0..k, m. */
  maxHeightOffsetUpToM: Float64Array;
}

/** First index of sorted `values[0..count)` that is >= limit (count if none). */
function firstAtLeast(values: Float64Array, count: number, limit: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Mean ground of the averaging stretch of sample k (meanGroundM's rule over the radial's samples:
 * those whose distance lies in the stretch, else the nearest), from prefix sums of the relative ground.
 */
function stretchMean(distances: Float64Array, prefix: Float64Array, k: number): number {
  const { fromM, toM } = averagingStretchM(distances[k]);
  let lo = firstAtLeast(distances, k + 1, fromM);
  let hi = firstAtLeast(distances, k + 1, toM);
  if (hi > k || distances[hi] > toM) hi--;
  if (lo > hi) {
    // No sample inside: the nearest one (ties to the nearer site side).
    const below = Math.min(Math.max(hi, 0), k);
    const above = Math.min(lo, k);
    const gapBelow = fromM - distances[below];
    const gapAbove = distances[above] - toM;
    lo = hi = gapAbove < gapBelow ? above : below;
  }
  return (prefix[hi + 1] - prefix[lo]) / (hi - lo + 1);
}

/** Profiles of every radial of a site up to `samples` samples (sample 0 at the site). */
export function siteTerrain(area: PreparedArea, heights: Float32Array, x: number, y: number, samples: number): SiteTerrain {
  const grid = groundGrid(area);
  const stepM = terrainStepM(area);
  const groundM = groundHeightAtM(grid, heights, x, y);
  const distancesM = Float64Array.from({ length: samples }, (_, k) => sampleDistanceM(stepM, k));
  const relativeGroundM = new Float64Array(TERRAIN_RADIALS * samples);
  const heightOffsetM = new Float64Array(TERRAIN_RADIALS * samples);
  const ground = new Float64Array(samples);
  const prefix = new Float64Array(samples + 1);
  const maxHeightOffsetUpToM = new Float64Array(samples).fill(Number.NEGATIVE_INFINITY);
  for (let r = 0; r < TERRAIN_RADIALS; r++) {
    radialGroundAtInto(grid, heights, x, y, (r * 360) / TERRAIN_RADIALS, distancesM, samples, ground);
    const base = r * samples;
    for (let k = 0; k < samples; k++) {
      const rel = ground[k] - groundM;
      relativeGroundM[base + k] = rel;
      prefix[k + 1] = prefix[k] + rel;
    }
    for (let k = 0; k < samples; k++) {
      const offset = -stretchMean(distancesM, prefix, k);
      heightOffsetM[base + k] = offset;
      if (offset > maxHeightOffsetUpToM[k]) maxHeightOffsetUpToM[k] = offset;
    }
  }
  for (let k = 1; k < samples; k++) {
    if (maxHeightOffsetUpToM[k - 1] > maxHeightOffsetUpToM[k]) maxHeightOffsetUpToM[k] = maxHeightOffsetUpToM[k - 1];
  }
  return { groundM, samples, distancesM, relativeGroundM, heightOffsetM, maxHeightOffsetUpToM };
}

/** Profile points of sample k (indices into the radial): all up to TERRAIN_PROFILE_POINTS, else evenly spread. */
export function profilePointsInto(k: number, out: Int32Array): number {
  const last = TERRAIN_PROFILE_POINTS - 1;
  if (k <= last) {
    for (let i = 0; i <= k; i++) out[i] = i;
    return k + 1;
  }
  for (let i = 0; i <= last; i++) out[i] = Math.round((i * k) / last);
  return last + 1;
}

/** Last sample at or beyond `withinM` (the table's last when it ends before). */
function samplesIndexWithin(site: SiteTerrain, withinM: number): number {
  const k = firstAtLeast(site.distancesM, site.samples, withinM);
  return k < site.samples ? k : site.samples - 1;
}

/** Highest effective height of a mast over the samples of a site's table up to `withinM` (and one beyond) (the cell record's coefficients use it). */
export function highestEffectiveHeightM(mastHeightM: number, site: SiteTerrain, withinM: number): number {
  const k = samplesIndexWithin(site, withinM);
  return effectiveBaseHeight(mastHeightM, site.maxHeightOffsetUpToM[k], 0).heightM;
}

/** Effective height of a mast at one entry of a site's table. */
export function effectiveHeightAt(mastHeightM: number, site: SiteTerrain, entry: number): EffectiveHeight {
  return effectiveBaseHeight(mastHeightM, site.heightOffsetM[entry], 0);
}

const points = new Int32Array(TERRAIN_PROFILE_POINTS);
const pointDistances = new Float64Array(TERRAIN_PROFILE_POINTS);
const pointGround = new Float64Array(TERRAIN_PROFILE_POINTS);
const zeros = new Float64Array(TERRAIN_PROFILE_POINTS);

/** Deygout loss of sample k of radial `base / samples` over its profile points, and over flat ground. */
function sampleDiffraction(
  site: SiteTerrain,
  base: number,
  k: number,
  mastHeightM: number,
  receiverHeightM: number,
  wavelength: number,
  edges?: DiffractionEdge[],
): { lossDb: number; flatDb: number } {
  const count = profilePointsInto(k, points);
  for (let i = 0; i < count; i++) {
    pointDistances[i] = site.distancesM[points[i]];
    pointGround[i] = site.relativeGroundM[base + points[i]];
  }
  const rx = site.relativeGroundM[base + k] + receiverHeightM;
  const lossDb = deygoutLossDb(pointDistances, pointGround, count, mastHeightM, rx, wavelength, edges);
  const flatDb = deygoutLossDb(pointDistances, zeros, count, mastHeightM, receiverHeightM, wavelength);
  return { lossDb, flatDb };
}

/** Fill a height-ratio table (TERRAIN_RADIALS × site.samples entries from `offset`) of a mast against `heffMaxM`. */
export function fillHeightRatio(site: SiteTerrain, mastHeightM: number, heffMaxM: number, heightRatio: Float32Array, offset: number): void {
  const logMax = Math.log10(heffMaxM);
  const size = TERRAIN_RADIALS * site.samples;
  for (let entry = 0; entry < size; entry++) {
    const heff = effectiveBaseHeight(mastHeightM, site.heightOffsetM[entry], 0).heightM;
    heightRatio[offset + entry] = logMax - Math.log10(heff);
  }
}

/** Fill a diffraction table (TERRAIN_RADIALS × site.samples entries from `offset`): the loss beyond flat ground, dB. */
export function fillDiffraction(
  site: SiteTerrain,
  cell: Pick<CellSpec, 'heightM' | 'frequencyMhz'>,
  receiverHeightM: number,
  diffractionDb: Float32Array,
  offset: number,
): void {
  const { samples } = site;
  const wavelength = wavelengthM(cell.frequencyMhz);
  // The flat-ground loss depends on the sample only: once per sample, not per radial.
  const flat = new Float64Array(samples);
  for (let k = 0; k < samples; k++) {
    const count = profilePointsInto(k, points);
    for (let i = 0; i < count; i++) pointDistances[i] = site.distancesM[points[i]];
    flat[k] = deygoutLossDb(pointDistances, zeros, count, cell.heightM, receiverHeightM, wavelength);
  }
  for (let r = 0; r < TERRAIN_RADIALS; r++) {
    const base = r * samples;
    for (let k = 0; k < samples; k++) {
      const count = profilePointsInto(k, points);
      for (let i = 0; i < count; i++) {
        pointDistances[i] = site.distancesM[points[i]];
        pointGround[i] = site.relativeGroundM[base + points[i]];
      }
      const rx = site.relativeGroundM[base + k] + receiverHeightM;
      const loss = deygoutLossDb(pointDistances, pointGround, count, cell.heightM, rx, wavelength) - flat[k];
      diffractionDb[offset + base + k] = loss > 0 ? loss : 0;
    }
  }
}

/** Entry of a pixel at (dx, dy) m from its site in a table of `samples` samples per radial (see the module comment). */
export function terrainEntry(samples: number, stepM: number, dx: number, dy: number): number {
  let radial = Math.round((Math.atan2(dx, dy) * TERRAIN_RADIALS) / (2 * Math.PI));
  if (radial < 0) radial += TERRAIN_RADIALS;
  if (radial >= TERRAIN_RADIALS) radial -= TERRAIN_RADIALS;
  let k = sampleIndex(stepM, Math.sqrt(dx * dx + dy * dy));
  if (k >= samples) k = samples - 1;
  return radial * samples + k;
}

/** Hata loss added by the effective height at log10(d km) = x for a height ratio r, dB (>= 0). */
export function heightTermDb(ratio: number, x: number): number {
  return ratio * (HATA_BASE_HEIGHT_INTERCEPT_DB + HATA_BASE_HEIGHT_SLOPE_DB * x);
}

/**
 * Table entries (terrainEntry) of n pixels (centres xs, ys) around a site (sx, sy), for any cell of
 * that site (they share its samples): to entries[i].
 */
export function terrainEntriesInto(
  tables: TerrainTables,
  cell: number,
  sx: number,
  sy: number,
  n: number,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  entries: Int32Array,
): void {
  const samples = tables.cellSamples[cell];
  const { stepM } = tables;
  for (let i = 0; i < n; i++) entries[i] = terrainEntry(samples, stepM, xs[i] - sx, ys[i] - sy);
}

/**
 * The terrain terms of prepared cell `cell` at n pixels given their table entries (terrainEntriesInto)
 * and log10(d km) from the site as the kernels compute it: Hata's added loss to empirical[outBase + i]
 * and the diffraction to diffraction[outBase + i]. Every path (raster kernel, what-if) calls this.
 */
export function terrainTermsAt(
  tables: TerrainTables,
  cell: number,
  n: number,
  entries: Int32Array,
  log10Km: ArrayLike<number>,
  empirical: Float64Array,
  diffraction: Float64Array,
  outBase: number,
): void {
  const ratioOffset = tables.cellRatioOffset[cell];
  const diffractionOffset = tables.cellDiffractionOffset[cell];
  const { heightRatio, diffractionDb } = tables;
  for (let i = 0; i < n; i++) {
    const e = entries[i];
    empirical[outBase + i] = heightTermDb(heightRatio[ratioOffset + e], log10Km[i]);
    diffraction[outBase + i] = diffractionDb[diffractionOffset + e];
  }
}

/** terrainEntriesInto then terrainTermsAt, for n <= entries' length. */
export function terrainTermsInto(
  tables: TerrainTables,
  cell: number,
  sx: number,
  sy: number,
  n: number,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  log10Km: ArrayLike<number>,
  empirical: Float64Array,
  diffraction: Float64Array,
  outBase: number,
  entries: Int32Array = new Int32Array(n),
): void {
  terrainEntriesInto(tables, cell, sx, sy, n, xs, ys, entries);
  terrainTermsAt(tables, cell, n, entries, log10Km, empirical, diffraction, outBase);
}

/** One point of a profile answer. */
export interface TerrainProfilePoint {
  distanceM: number;
  /** Ground above sea level, m. */
  groundM: number;
  /** The straight line from the antenna to the receiver there, m above sea level. */
  lineOfSightM: number;
  /** Earth bulge (k = 4/3) at the point, m: the ground as the ray sees it is groundM + this. */
  bulgeM: number;
  firstFresnelRadiusM: number;
}

/** Everything behind one pixel's terrain terms for one cell, from the same table sample the engine uses. */
export interface TerrainDetail {
  radialBearingDeg: number;
  sampleDistanceM: number;
  siteGroundM: number;
  effectiveHeight: EffectiveHeight;
  /** Highest effective height of the mast over the site's table (the cell record's Hata height). */
  highestEffectiveHeightM: number;
  /** Deygout loss over the profile, and over flat ground, dB; the engine adds max(0, difference). */
  deygoutLossDb: number;
  flatGroundLossDb: number;
  diffractionLossDb: number;
  edges: DiffractionEdge[];
  profile: TerrainProfilePoint[];
}

/** The terrain detail of a pixel at (dx, dy) from a site, for a cell of that site (see TerrainDetail). */
export function terrainDetail(
  area: PreparedArea,
  site: SiteTerrain,
  cell: Pick<CellSpec, 'heightM' | 'frequencyMhz'>,
  hataHeightM: number,
  dx: number,
  dy: number,
): TerrainDetail {
  const stepM = terrainStepM(area);
  const entry = terrainEntry(site.samples, stepM, dx, dy);
  const radial = Math.floor(entry / site.samples);
  const k = entry - radial * site.samples;
  const base = radial * site.samples;
  const wavelength = wavelengthM(cell.frequencyMhz);
  const hm = area.settings.receiverHeightM;
  const edges: DiffractionEdge[] = [];
  const { lossDb, flatDb } = sampleDiffraction(site, base, k, cell.heightM, hm, wavelength, edges);
  const count = profilePointsInto(k, points);
  const totalM = site.distancesM[k];
  const txM = site.groundM + cell.heightM;
  const rxM = site.groundM + site.relativeGroundM[base + k] + hm;
  const profile: TerrainProfilePoint[] = [];
  for (let i = 0; i < count; i++) {
    const d = site.distancesM[points[i]];
    const d2 = totalM - d;
    profile.push({
      distanceM: d,
      groundM: site.groundM + site.relativeGroundM[base + points[i]],
      lineOfSightM: totalM > 0 ? txM + ((rxM - txM) * d) / totalM : txM,
      bulgeM: totalM > 0 ? earthBulgeM(d, d2) : 0,
      firstFresnelRadiusM: totalM > 0 && d > 0 && d2 > 0 ? firstFresnelRadiusM(d, d2, wavelength) : 0,
    });
  }
  return {
    radialBearingDeg: (radial * 360) / TERRAIN_RADIALS,
    sampleDistanceM: totalM,
    siteGroundM: site.groundM,
    effectiveHeight: effectiveBaseHeight(cell.heightM, site.heightOffsetM[base + k], 0),
    highestEffectiveHeightM: hataHeightM,
    deygoutLossDb: lossDb,
    flatGroundLossDb: flatDb,
    diffractionLossDb: lossDb - flatDb > 0 ? lossDb - flatDb : 0,
    edges: edges.map((e) => ({ ...e, index: points[e.index], distanceM: site.distancesM[points[e.index]] })),
    profile,
  };
}
