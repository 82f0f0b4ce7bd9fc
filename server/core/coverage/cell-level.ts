import * as antenna from '../radio/antenna-pattern.ts';
import * as fastMath from './fast-math.ts';
import * as layout from './kernel-layout.ts';

// Imported bindings used in per-pixel and per-site loops are copied to module constants once: under
// CommonJS interop (tsx's require hook, which loads the piscina workers) or Vite's transform, every
// use of an imported name is a getter call, dearer than the arithmetic around it.
const { fastAtan2Deg, fastLog10 } = fastMath;
const {
  C_EIRP_DBM,
  C_FREE_SPACE_INTERCEPT_DB,
  C_GRID_AZIMUTH_DEG,
  C_INTERCEPT_DB,
  C_INV_BEAMWIDTH,
  C_SLOPE_DB,
  CELL_STRIDE,
  MIN_DISTANCE_SQUARED_M2,
} = layout;
const MAX_ATTENUATION = antenna.MAX_ATTENUATION_DB;
const V_MIN = layout.VERTICAL_MIN_LOG10_KM;
const V_STEPS = layout.VERTICAL_STEPS_PER_DECADE;
const V_LAST = layout.VERTICAL_LAST_POSITION;
const V_LENGTH = layout.VERTICAL_TABLE_LENGTH;

/**
 * log10 of the horizontal distance in km from a site to a point offset (dx, dy) metres, clamped
 * at 10 m (fastLog10, error < 5e-7). Every raster kernel uses it, so their results are identical.
 */
export function log10DistanceKm(dxM: number, dyM: number): number {
  let d2 = dxM * dxM + dyM * dyM;
  if (d2 < MIN_DISTANCE_SQUARED_M2) d2 = MIN_DISTANCE_SQUARED_M2;
  return 0.5 * fastLog10(d2) - 3;
}

/** Grid bearing from a site to a point offset (dx east, dy north) metres, degrees (fastAtan2Deg). */
export function gridBearingDeg(dxM: number, dyM: number): number {
  return fastAtan2Deg(dxM, dyM);
}

/**
 * Received levels of prepared cell `cell` at n pixels, dBm rounded to float32 (what rasters store):
 * EIRP - max(A_env + B_env·x, FS(1 km) + 20x) - min(A_H + A_V, 25), x = log10(d km) per pixel,
 * A_V interpolated in the cell's vertical table (1/256 decade), A_H per 3GPP TR 36.814.
 * Inputs per pixel: environment index, x, grid bearing (ignored for omni cells). Writes out[outBase + i].
 * With terrain (terrain-tables.ts), per pixel: `terrainEmpirical` is added to the Hata loss before the
 * free-space floor (the effective height's term) and `terrainDiffraction` after it.
 * The one TypeScript statement of the per-cell level: the raster kernel's JavaScript pass, the what-if
 * path and the brute-force tests call it. The WebAssembly site pass (wasm/assembly/site-pixels.ts)
 * repeats it operation for operation; tests/core/coverage/tile-kernel.test.ts compares both with it.
 */
export function cellLevelsInto(
  cells: Float64Array,
  vertical: Float32Array,
  cell: number,
  n: number,
  environment: Int32Array,
  log10Km: Float64Array,
  bearingDeg: Float64Array,
  out: Float32Array,
  outBase: number,
  terrainEmpirical: Float64Array | null = null,
  terrainDiffraction: Float64Array | null = null,
): void {
  const o = cell * CELL_STRIDE;
  const vo = cell * V_LENGTH;
  const eirp = cells[o + C_EIRP_DBM];
  const freeSpace = cells[o + C_FREE_SPACE_INTERCEPT_DB];
  const a0 = cells[o + C_INTERCEPT_DB],
    a1 = cells[o + C_INTERCEPT_DB + 1],
    a2 = cells[o + C_INTERCEPT_DB + 2],
    a3 = cells[o + C_INTERCEPT_DB + 3];
  const b0 = cells[o + C_SLOPE_DB],
    b1 = cells[o + C_SLOPE_DB + 1],
    b2 = cells[o + C_SLOPE_DB + 2],
    b3 = cells[o + C_SLOPE_DB + 3];
  const azimuth = cells[o + C_GRID_AZIMUTH_DEG];
  const invBeamwidth = cells[o + C_INV_BEAMWIDTH];
  const sector = azimuth === azimuth;
  for (let i = 0; i < n; i++) {
    const x = log10Km[i];
    const e = environment[i];
    const intercept = e === 0 ? a0 : e === 1 ? a1 : e === 2 ? a2 : a3;
    const slope = e === 0 ? b0 : e === 1 ? b1 : e === 2 ? b2 : b3;
    let lossDb = intercept + slope * x;
    if (terrainEmpirical !== null) lossDb += terrainEmpirical[i];
    const freeSpaceDb = freeSpace + 20 * x;
    if (freeSpaceDb > lossDb) lossDb = freeSpaceDb;
    if (terrainDiffraction !== null) lossDb += terrainDiffraction[i];
    let u = (x - V_MIN) * V_STEPS;
    if (u < 0) u = 0;
    else if (u > V_LAST) u = V_LAST;
    const k = u | 0;
    const v0 = vertical[vo + k];
    let attenuationDb = v0 + (u - k) * (vertical[vo + k + 1] - v0);
    if (sector) {
      let phi = bearingDeg[i] - azimuth;
      if (phi >= 180) phi -= 360;
      else if (phi < -180) phi += 360;
      phi *= invBeamwidth;
      attenuationDb += 12 * phi * phi;
      if (attenuationDb > MAX_ATTENUATION) attenuationDb = MAX_ATTENUATION;
    }
    out[outBase + i] = eirp - lossDb - attenuationDb;
  }
}
