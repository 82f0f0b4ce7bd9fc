import * as antenna from '../radio/antenna-pattern.ts';
import * as freeSpace from '../radio/free-space-loss.ts';
import * as pathLoss from '../radio/path-loss.ts';
import * as table from './cell-table.ts';

// Imported bindings used in per-pixel and per-site loops are copied to module constants once: under
// CommonJS interop (tsx's require hook, which loads the piscina workers) or Vite's transform, every
// use of an imported name is a getter call, dearer than the arithmetic around it.
const { MAX_ATTENUATION_DB } = antenna;
const { FREE_SPACE_SLOPE_DB_PER_DECADE } = freeSpace;
const { C_EIRP_DBM, C_FREE_SPACE_INTERCEPT_DB, C_GRID_AZIMUTH_DEG, C_INTERCEPT_DB, C_INV_BEAMWIDTH, C_SLOPE_DB, CELL_STRIDE } = table;
const MIN_DISTANCE_KM = pathLoss.MIN_DISTANCE_KM;
const RAD_TO_DEG = 180 / Math.PI;
const MIN_LOG10_KM = Math.log10(MIN_DISTANCE_KM);

/** An axis-aligned rectangle of pixel centres in UTM metres. */
export interface UtmRect {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Squared distance from a point to a rectangle (0 inside), m². */
export function squaredDistanceToRectM2(rect: UtmRect, x: number, y: number): number {
  const dx = x < rect.minX ? rect.minX - x : x > rect.maxX ? x - rect.maxX : 0;
  const dy = y < rect.minY ? rect.minY - y : y > rect.maxY ? y - rect.maxY : 0;
  return dx * dx + dy * dy;
}

/** Distance from a point to a rectangle (0 inside), metres. */
export function distanceToRectM(rect: UtmRect, x: number, y: number): number {
  return Math.sqrt(squaredDistanceToRectM2(rect, x, y));
}

/**
 * Angular extent of a rectangle seen from a point outside it: [centre + lo, centre + hi] as grid
 * bearings (SPAN_* entries of the array, degrees); null when the point is inside or on the rectangle
 * (every direction possible). Allocates; the raster kernel uses bearingSpanInto.
 */
export function bearingSpan(rect: UtmRect, x: number, y: number): Float64Array | null {
  const out = new Float64Array(3);
  return bearingSpanInto(rect, x, y, out) ? out : null;
}

/** Entries of a bearing span written by bearingSpanInto: centre, lowest and highest relative bearing, degrees. */
export const SPAN_CENTRE = 0;
export const SPAN_LO = 1;
export const SPAN_HI = 2;

/**
 * Angular extent of a rectangle seen from a point, without an allocation: writes [centreDeg, loDeg,
 * hiDeg] to `out` and returns true, or returns false when the point is inside or on the rectangle.
 */
export function bearingSpanInto(rect: UtmRect, x: number, y: number, out: Float64Array): boolean {
  if (x >= rect.minX && x <= rect.maxX && y >= rect.minY && y <= rect.maxY) return false;
  const centreDeg = Math.atan2((rect.minX + rect.maxX) / 2 - x, (rect.minY + rect.maxY) / 2 - y) * RAD_TO_DEG;
  let loDeg = 0;
  let hiDeg = 0;
  for (let k = 0; k < 4; k++) {
    const cx = k & 1 ? rect.maxX : rect.minX;
    const cy = k & 2 ? rect.maxY : rect.minY;
    let rel = Math.atan2(cx - x, cy - y) * RAD_TO_DEG - centreDeg;
    if (rel >= 180) rel -= 360;
    else if (rel < -180) rel += 360;
    if (rel < loDeg) loDeg = rel;
    if (rel > hiDeg) hiDeg = rel;
  }
  out[SPAN_CENTRE] = centreDeg;
  out[SPAN_LO] = loDeg;
  out[SPAN_HI] = hiDeg;
  return true;
}

/** Least horizontal attenuation of a cell over a span from bearingSpanInto, dB (0 for omni cells). */
export function leastHorizontalInSpanDb(cells: Float64Array, cell: number, span: Float64Array): number {
  const o = cell * CELL_STRIDE;
  const azimuthDeg = cells[o + C_GRID_AZIMUTH_DEG];
  if (azimuthDeg !== azimuthDeg) return 0;
  let rel = azimuthDeg - span[SPAN_CENTRE];
  if (rel >= 180) rel -= 360;
  else if (rel < -180) rel += 360;
  const loDeg = span[SPAN_LO];
  const hiDeg = span[SPAN_HI];
  let offDeg = 0;
  if (rel < loDeg) offDeg = Math.min(loDeg - rel, rel + 360 - hiDeg);
  else if (rel > hiDeg) offDeg = Math.min(rel - hiDeg, loDeg + 360 - rel);
  const ratio = offDeg * cells[o + C_INV_BEAMWIDTH];
  return Math.min(12 * ratio * ratio, MAX_ATTENUATION_DB);
}

/**
 * Upper bound of a cell's level at distance >= 10^log10Km km in the environment classes of the
 * bitmask, ignoring the antenna pattern (which only attenuates): EIRP - least loss, dBm, with 1e-4 dB
 * for the float32 rounding of levels. The kernel tests this first and looks at bearings only when it passes.
 */
export function cellLevelBoundBeforeAntennaDbm(cells: Float64Array, cell: number, log10Km: number, environmentBits: number): number {
  const o = cell * CELL_STRIDE;
  const x = log10Km < MIN_LOG10_KM ? MIN_LOG10_KM : log10Km;
  const freeSpaceDb = cells[o + C_FREE_SPACE_INTERCEPT_DB] + FREE_SPACE_SLOPE_DB_PER_DECADE * x;
  let leastLossDb = Infinity;
  for (let e = 0; e < 4; e++) {
    if ((environmentBits & (1 << e)) === 0) continue;
    let lossDb = cells[o + C_INTERCEPT_DB + e] + cells[o + C_SLOPE_DB + e] * x;
    if (freeSpaceDb > lossDb) lossDb = freeSpaceDb;
    if (lossDb < leastLossDb) leastLossDb = lossDb;
  }
  return cells[o + C_EIRP_DBM] - leastLossDb + 1e-4;
}

/**
 * Upper bound of a cell's level over a set of pixels at distance >= nearestM, within the bearing
 * span (null: any direction), in environment classes of the bitmask: EIRP - least loss - least
 * horizontal attenuation, dBm. Sound because loss grows with distance and vertical attenuation is >= 0.
 */
export function cellLevelUpperBoundDbm(
  cells: Float64Array,
  cell: number,
  nearestM: number,
  environmentBits: number,
  span: Float64Array | null,
): number {
  const upper = cellLevelBoundBeforeAntennaDbm(cells, cell, Math.log10(nearestM / 1000), environmentBits);
  return span === null ? upper : upper - leastHorizontalInSpanDb(cells, cell, span);
}
