import { booleanPointInPolygon } from '@turf/turf';
import type { AreaGrid } from '../geo/area-grid.ts';
import { lonLatToPixel } from '../geo/grid-lookup.ts';
import { geometryToPixelRings } from '../geo/pixel-rings.ts';
import { fillPolygonSpans } from '../geo/polygon-fill.ts';
import { SURVEY_PROBLEMS, type LonLat, type ReportTechnology, type SurveyProblem } from '../model.ts';

/**
 * Perceived coverage: what customers say about the coverage of a place (survey answers) set against
 * what the coverage engine predicts there.
 *
 * - An answer is **satisfied** when its satisfaction is 4 or 5 (基本满意 or 满意), **unsatisfied**
 *   at 1 or 2; the perceived coverage of a place is the share of satisfied answers.
 * - An answer belongs to the settlement whose polygon contains it (the smallest when several do), else
 *   to the nearest point settlement within `pointRadiusM`; to every hotspot whose polygon contains it.
 * - The predicted coverage of a place is the share of its pixels (inside the area) the prediction covers;
 *   a point place is the disc of `pointRadiusM` around it.
 * - With at least `minAnswers` answers a place is flagged `unhappy-but-covered` when the prediction
 *   covers at least `coveredPct` % of it but fewer than `unhappyBelowPct` % of the answers are satisfied
 *   (an indoor or model-calibration problem), and `satisfied-but-gap` when the prediction covers less
 *   than `gapBelowPct` % of it yet at least `satisfiedPct` % of the answers are satisfied (the model is
 *   pessimistic there, or something serves it that the plan does not know, e.g. a repeater).
 */

/** One survey answer as the perceived-coverage rule reads it. */
export interface SurveyAnswer {
  lon: number;
  lat: number;
  technology: ReportTechnology;
  /** 1..5 */
  satisfaction: number;
  problems?: readonly SurveyProblem[];
}

export type PerceivedPlaceKind = 'settlement' | 'hotspot';

/** A place answers are counted in: a settlement (polygon or point) or a problem hotspot (its hull). */
export interface PerceivedPlace {
  code: string;
  name: string;
  kind: PerceivedPlaceKind;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.Point;
}

export type PerceivedNetwork = 'GSM' | 'CDMA' | 'any';

export type PerceivedFlag = 'unhappy-but-covered' | 'satisfied-but-gap';

export interface PerceivedRules {
  /** Answers a place needs before it is flagged. */
  minAnswers: number;
  /** Satisfaction at or above this is "satisfied". */
  satisfiedFrom: number;
  /** Satisfaction at or below this is "unsatisfied". */
  unsatisfiedUpTo: number;
  /** Predicted covered share (%) from which the prediction "says covered". */
  coveredPct: number;
  /** Perceived share (%) below which customers are "unhappy". */
  unhappyBelowPct: number;
  /** Predicted covered share (%) below which the prediction "says gap". */
  gapBelowPct: number;
  /** Perceived share (%) from which customers are "satisfied". */
  satisfiedPct: number;
  /** Radius of a point place, metres (answers around a village; pixels sampled for its prediction). */
  pointRadiusM: number;
}

export const DEFAULT_PERCEIVED_RULES: PerceivedRules = {
  minAnswers: 20,
  satisfiedFrom: 4,
  unsatisfiedUpTo: 2,
  coveredPct: 90,
  unhappyBelowPct: 50,
  gapBelowPct: 50,
  satisfiedPct: 70,
  pointRadiusM: 1000,
};

/** The prediction over one place: pixels sampled and how many of them are covered. */
export interface PlacePrediction {
  pixels: number;
  coveredPixels: number;
}

export interface PerceivedRow {
  code: string;
  name: string;
  kind: PerceivedPlaceKind;
  network: PerceivedNetwork;
  answers: number;
  satisfied: number;
  neutral: number;
  unsatisfied: number;
  /** Share of satisfied answers, %; null without answers. */
  perceivedPct: number | null;
  meanSatisfaction: number | null;
  /** Share of the place's pixels the prediction covers, %; null when no pixel of it lies in the area. */
  predictedPct: number | null;
  /** perceivedPct − predictedPct, percentage points; null when either is. */
  differencePts: number | null;
  flag: PerceivedFlag | null;
  /** Answers naming each problem. */
  problems: Record<SurveyProblem, number>;
}

/** Whether an answer counts for a network: its own network, and every answer for `any`. */
export function answerIncluded(network: PerceivedNetwork, technology: ReportTechnology): boolean {
  return network === 'any' || technology === network;
}

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON_EQUATOR = 111_320;

/** Distance in metres between two nearby [lon, lat] points (local equirectangular; < 0.1 % off within a few km). */
export function localDistanceM(a: LonLat, b: LonLat): number {
  const dx = (b[0] - a[0]) * M_PER_DEG_LON_EQUATOR * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  const dy = (b[1] - a[1]) * M_PER_DEG_LAT;
  return Math.hypot(dx, dy);
}

/** Rough planar size of a polygon (bbox area in squared degrees): only used to prefer the smaller of two containing places. */
function bboxSize(g: GeoJSON.Polygon | GeoJSON.MultiPolygon): number {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  for (const ring of rings)
    for (const [x, y] of ring) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  return (maxX - minX) * (maxY - minY);
}

/**
 * The places each answer belongs to (indices into `places`): the smallest containing settlement
 * polygon, else the nearest point settlement within `pointRadiusM`; and every containing hotspot.
 */
export function assignAnswers(places: readonly PerceivedPlace[], answers: readonly SurveyAnswer[], pointRadiusM: number): number[][] {
  const polygons = places
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.geometry.type !== 'Point')
    .map(({ p, i }) => ({ i, kind: p.kind, geometry: p.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon }))
    .sort((a, b) => bboxSize(a.geometry) - bboxSize(b.geometry));
  const points = places
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.geometry.type === 'Point')
    .map(({ p, i }) => ({ i, kind: p.kind, at: (p.geometry as GeoJSON.Point).coordinates as LonLat }));
  const members: number[][] = places.map(() => []);
  answers.forEach((a, ai) => {
    const at: LonLat = [a.lon, a.lat];
    let settled = false;
    for (const poly of polygons) {
      if (poly.kind === 'settlement' && settled) continue;
      if (!booleanPointInPolygon(at, poly.geometry)) continue;
      members[poly.i].push(ai);
      if (poly.kind === 'settlement') settled = true;
    }
    let nearest: { i: number; d: number } | null = null;
    for (const point of points) {
      const d = localDistanceM(at, point.at);
      if (d > pointRadiusM) continue;
      if (point.kind === 'hotspot') members[point.i].push(ai);
      else if (!settled && (nearest === null || d < nearest.d)) nearest = { i: point.i, d };
    }
    if (nearest) members[nearest.i].push(ai);
  });
  return members;
}

/**
 * The prediction over a place: the grid pixels inside the area (`mask`) whose centres lie in its
 * polygon (a polygon smaller than a pixel: the pixel under its first vertex), or within `pointRadiusM`
 * of its point, and how many of them `covered` says are covered.
 */
export function samplePlacePrediction(
  grid: AreaGrid,
  mask: Uint8Array,
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.Point,
  covered: (pixelIndex: number) => boolean,
  pointRadiusM: number,
): PlacePrediction {
  let pixels = 0;
  let coveredPixels = 0;
  const visit = (i: number) => {
    if (mask[i] === 0) return;
    pixels++;
    if (covered(i)) coveredPixels++;
  };
  if (geometry.type === 'Point') {
    const [lon, lat] = geometry.coordinates;
    const centre = lonLatToPixel(grid, lon, lat);
    const reach = Math.floor(pointRadiusM / grid.resolutionM);
    if (!centre) return { pixels: 0, coveredPixels: 0 };
    for (let dr = -reach; dr <= reach; dr++) {
      const row = centre.row + dr;
      if (row < 0 || row >= grid.height) continue;
      for (let dc = -reach; dc <= reach; dc++) {
        const col = centre.col + dc;
        if (col < 0 || col >= grid.width || dr * dr + dc * dc > reach * reach) continue;
        visit(row * grid.width + col);
      }
    }
    return { pixels, coveredPixels };
  }
  const rings = geometryToPixelRings(grid, geometry);
  fillPolygonSpans(rings, grid.width, grid.height, (row, c0, c1) => {
    for (let i = row * grid.width + c0, end = row * grid.width + c1; i < end; i++) visit(i);
  });
  if (pixels === 0) {
    const first = geometry.type === 'Polygon' ? geometry.coordinates[0][0] : geometry.coordinates[0][0][0];
    const pixel = lonLatToPixel(grid, first[0], first[1]);
    if (pixel) visit(pixel.index);
  }
  return { pixels, coveredPixels };
}

const percent = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : null);

/** The flag of a place from its counts and shares (see the module comment). */
export function perceivedFlag(
  answers: number,
  perceivedPct: number | null,
  predictedPct: number | null,
  rules: PerceivedRules = DEFAULT_PERCEIVED_RULES,
): PerceivedFlag | null {
  if (answers < rules.minAnswers || perceivedPct === null || predictedPct === null) return null;
  if (predictedPct >= rules.coveredPct && perceivedPct < rules.unhappyBelowPct) return 'unhappy-but-covered';
  if (predictedPct < rules.gapBelowPct && perceivedPct >= rules.satisfiedPct) return 'satisfied-but-gap';
  return null;
}

/**
 * Perceived against predicted coverage per place for one network: the answers of that network
 * (`any`: all of them) counted per place, the prediction per place from `predictions` (same order as
 * `places`), and the flag. Rows in the order of `places`.
 */
export function perceivedCoverage(
  places: readonly PerceivedPlace[],
  answers: readonly SurveyAnswer[],
  predictions: readonly (PlacePrediction | null)[],
  network: PerceivedNetwork,
  rules: Partial<PerceivedRules> = {},
): PerceivedRow[] {
  const r: PerceivedRules = { ...DEFAULT_PERCEIVED_RULES, ...rules };
  if (predictions.length !== places.length) throw new RangeError(`${predictions.length} predictions for ${places.length} places`);
  const included = answers.filter((a) => answerIncluded(network, a.technology));
  const members = assignAnswers(places, included, r.pointRadiusM);
  return places.map((place, pi) => {
    let satisfied = 0;
    let unsatisfied = 0;
    let sum = 0;
    const problems = Object.fromEntries(SURVEY_PROBLEMS.map((p) => [p, 0])) as Record<SurveyProblem, number>;
    for (const ai of members[pi]) {
      const a = included[ai];
      sum += a.satisfaction;
      if (a.satisfaction >= r.satisfiedFrom) satisfied++;
      else if (a.satisfaction <= r.unsatisfiedUpTo) unsatisfied++;
      for (const p of a.problems ?? []) problems[p]++;
    }
    const count = members[pi].length;
    const perceivedPct = percent(satisfied, count);
    const prediction = predictions[pi];
    const predictedPct = prediction ? percent(prediction.coveredPixels, prediction.pixels) : null;
    return {
      code: place.code,
      name: place.name,
      kind: place.kind,
      network,
      answers: count,
      satisfied,
      neutral: count - satisfied - unsatisfied,
      unsatisfied,
      perceivedPct,
      meanSatisfaction: count > 0 ? sum / count : null,
      predictedPct,
      differencePts: perceivedPct !== null && predictedPct !== null ? perceivedPct - predictedPct : null,
      flag: perceivedFlag(count, perceivedPct, predictedPct, r),
      problems,
    };
  });
}
