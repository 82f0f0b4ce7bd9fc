// AssemblyScript source of the raster kernel's per-pixel passes (compiled to WebAssembly by
// `npm run build:wasm`). Each function does what its namesake in ../../tile-kernel.ts does, operation
// for operation (the site pass: the arithmetic of cellLevelsInto in ../../cell-level.ts), so both give
// the same rasters to the bit; tests/core/coverage compares them with a brute-force evaluation.
// Every offset and constant comes from ../../kernel-layout.ts through ./layout.generated.ts (written by
// the build). Arrays live in the module's memory at byte offsets the JavaScript side lays out
// (KernelScratch in ../../kernel-scratch.ts), from LOG2_TABLE_BYTE_OFFSET on: keep this module free of
// static data and allocation.
import {
  A_CUTOFF_DBM,
  A_EIRP_DBM,
  A_FREE_SPACE_INTERCEPT_DB,
  A_GRID_AZIMUTH_DEG,
  A_INTERCEPT_DB,
  A_INV_BEAMWIDTH,
  A_IS_PILOT,
  A_MAX_LEVEL,
  A_SLOPE_DB,
  A_SOURCE_INDEX,
  A_THRESHOLD_DBM,
  A_VERTICAL_OFFSET,
  ACTIVE_STRIDE,
  ATAN_C1,
  ATAN_C3,
  ATAN_C5,
  ATAN_C7,
  ATAN_C9,
  FAST_LOG10_MANTISSA_BITS,
  GATHER_BITS_SHIFT,
  HALF_PI,
  LAYOUT_DIGEST as GENERATED_LAYOUT_DIGEST,
  LOG10_2,
  LOG2_TABLE_BYTE_OFFSET,
  MAX_ATTENUATION_DB,
  MIN_DISTANCE_SQUARED_M2,
  MINIMA_MARGIN,
  MINIMA_PILOT,
  RAD_TO_DEG,
  VERTICAL_LAST_POSITION,
  VERTICAL_MIN_LOG10_KM,
  VERTICAL_STEPS_PER_DECADE,
  W_BEARING_DEG,
  W_ENVIRONMENT,
  W_LOG10_KM,
  W_VERTICAL_ENTRY,
  W_VERTICAL_FRACTION,
} from './layout.generated';

/** The layout this module was built from; the loader compares it with kernelLayoutDigest(). */
export const LAYOUT_DIGEST: i32 = GENERATED_LAYOUT_DIGEST;

const LOG2_TABLE: usize = <usize>LOG2_TABLE_BYTE_OFFSET;
const MANTISSA_STEPS: u32 = 1 << FAST_LOG10_MANTISSA_BITS;
const MANTISSA_MASK: u32 = MANTISSA_STEPS - 1;
const MANTISSA_STEP: f64 = 1.0 / <f64>MANTISSA_STEPS;

// fastLog10 of fast-math.ts: exponent bits plus log2(1 + m) interpolated in a 1025-entry table.
@inline
function fastLog10(x: f64): f64 {
  const hi = <u32>(reinterpret<u64>(x) >> 32);
  const k = (hi >>> FAST_LOG10_MANTISSA_BITS) & MANTISSA_MASK;
  const t = <f64>(hi & MANTISSA_MASK) * MANTISSA_STEP;
  const t0 = load<f64>(LOG2_TABLE + (<usize>k << 3));
  const t1 = load<f64>(LOG2_TABLE + (<usize>(k + 1) << 3));
  return (<f64>(<i32>(hi >>> 20) - 1023) + t0 + t * (t1 - t0)) * LOG10_2;
}

// fastAtan2Deg of fast-math.ts (degrees, Abramowitz & Stegun 4.4.49).
@inline
function fastAtan2Deg(y: f64, x: f64): f64 {
  const ax = x < 0 ? -x : x;
  const ay = y < 0 ? -y : y;
  const big = ax > ay ? ax : ay;
  if (big == 0) return 0;
  const a = (ax > ay ? ay : ax) / big;
  const s = a * a;
  let r = a * (ATAN_C1 + s * (ATAN_C3 + s * (ATAN_C5 + s * (ATAN_C7 + s * ATAN_C9))));
  if (ay > ax) r = HALF_PI - r;
  if (x < 0) r = Math.PI - r;
  if (y < 0) r = -r;
  return r * RAD_TO_DEG;
}

/**
 * A cell's level at its j-th kept pixel: stored (-Infinity below the cell's cut-off), and the pixel's
 * best server and strongest pilot updated. Returns the cell's running maximum level.
 */
@inline
function keepLevel(
  j: i32,
  level: f64,
  cutoff: f64,
  threshold: f64,
  source: i32,
  isPilot: bool,
  maxLevel: f64,
  cellLevels: usize,
  kept: usize,
  bestMargin: usize,
  bestLevel: usize,
  bestSource: usize,
  bestPilot: usize,
): f64 {
  const li = cellLevels + (<usize>j << 2);
  if (level < cutoff) {
    store<f32>(li, -Infinity);
    return maxLevel;
  }
  store<f32>(li, <f32>level);
  const i = <usize>load<i32>(kept + (<usize>j << 2));
  const i8 = i << 3;
  const margin = level - threshold;
  const best = load<f64>(bestMargin + i8);
  if (margin > best || (margin == best && source < load<i32>(bestSource + (i << 2)))) {
    store<f64>(bestMargin + i8, margin);
    store<f64>(bestLevel + i8, level);
    store<i32>(bestSource + (i << 2), source);
  }
  if (isPilot && level > load<f64>(bestPilot + i8)) store<f64>(bestPilot + i8, level);
  return level > maxLevel ? level : maxLevel;
}

/**
 * One site over the block's n pixels (see evaluateSitePixels in tile-kernel.ts): pixels where the
 * site's bound at their distance may still matter are kept (their block index to `kept`), every
 * active cell's level is computed there (to `levels`, cell a at levels + a·n, -Infinity below its
 * cut-off) and the per-pixel bests are updated. Returns the number of pixels kept.
 * Two loops: the kept pixels' distance, bearing and vertical-table position (entry and fraction)
 * first (to `work`, 4n values), then cell by cell over them, the cell's constants held in locals and
 * two kept pixels per step in SIMD lanes (the module is built with --enable simd). The per-pixel bests are
 * maxima under a total order (margin, then the lower cell index), so this order gives the same
 * result as the JavaScript pass's pixel-by-pixel order.
 */
export function evaluateSitePixels(
  n: i32,
  active: i32,
  needBearing: bool,
  sx: f64,
  sy: f64,
  x0: f64,
  slope: f64,
  cutoffMargin: f64,
  pilotCutoff: f64,
  overlapDb: f64,
  pilotDb: f64,
  upperMargin: f64,
  upperPilot: f64,
  xs: usize,
  ys: usize,
  environment: usize,
  bestMargin: usize,
  bestLevel: usize,
  bestSource: usize,
  bestPilot: usize,
  kept: usize,
  levels: usize,
  values: usize,
  vertical: usize,
  minima: usize,
  work: usize,
  terrainEmpirical: usize,
  terrainDiffraction: usize,
): i32 {
  // With terrain (both offsets non-zero): per active cell a and block pixel i, at (a·n + i) f64 values,
  // the Hata term of the effective height (added before the free-space floor) and the diffraction (after).
  const withTerrain = terrainEmpirical != 0;
  const keptLog10 = work + <usize>(n * W_LOG10_KM);
  const keptBearing = work + <usize>(n * W_BEARING_DEG);
  const keptFraction = work + <usize>(n * W_VERTICAL_FRACTION);
  const keptEnvironment = work + <usize>(n * W_ENVIRONMENT);
  const keptVk = work + <usize>(n * W_VERTICAL_ENTRY);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const i8 = <usize>i << 3;
    const dx = load<f64>(xs + i8) - sx;
    const dy = load<f64>(ys + i8) - sy;
    let d2 = dx * dx + dy * dy;
    if (d2 < MIN_DISTANCE_SQUARED_M2) d2 = MIN_DISTANCE_SQUARED_M2;
    const log10Km = 0.5 * fastLog10(d2) - 3;
    const drop = (log10Km - x0) * slope;
    const needMargin = Math.max(cutoffMargin, load<f64>(bestMargin + i8) - overlapDb);
    const needPilot = Math.max(pilotCutoff, load<f64>(bestPilot + i8) - pilotDb);
    if (upperMargin - drop < needMargin && upperPilot - drop < needPilot) continue;
    const k8 = <usize>k << 3;
    store<i32>(kept + (<usize>k << 2), i);
    store<i32>(keptEnvironment + (<usize>k << 2), load<i32>(environment + (<usize>i << 2)));
    store<f64>(keptLog10 + k8, log10Km);
    store<f64>(keptBearing + k8, needBearing ? fastAtan2Deg(dx, dy) : 0);
    let u = (log10Km - VERTICAL_MIN_LOG10_KM) * VERTICAL_STEPS_PER_DECADE;
    if (u < 0) u = 0;
    else if (u > VERTICAL_LAST_POSITION) u = VERTICAL_LAST_POSITION;
    const vk = <i32>u;
    store<i32>(keptVk + (<usize>k << 2), vk);
    store<f64>(keptFraction + k8, u - <f64>vk);
    k++;
  }
  for (let a = 0; a < active; a++) {
    const t = values + ((<usize>a * ACTIVE_STRIDE) << 3);
    const eirp = load<f64>(t, A_EIRP_DBM << 3);
    const freeSpace = load<f64>(t, A_FREE_SPACE_INTERCEPT_DB << 3);
    const azimuth = load<f64>(t, A_GRID_AZIMUTH_DEG << 3);
    const sector = azimuth == azimuth;
    const invBeamwidth = load<f64>(t, A_INV_BEAMWIDTH << 3);
    const cutoff = load<f64>(t, A_CUTOFF_DBM << 3);
    const threshold = load<f64>(t, A_THRESHOLD_DBM << 3);
    const source = <i32>load<f64>(t, A_SOURCE_INDEX << 3);
    const isPilot = load<f64>(t, A_IS_PILOT << 3) == 1;
    const table = vertical + ((<usize>(<i32>load<f64>(t, A_VERTICAL_OFFSET << 3))) << 2);
    const cellLevels = levels + ((<usize>(a * n)) << 2);
    const cellEmpirical = terrainEmpirical + ((<usize>(a * n)) << 3);
    const cellDiffraction = terrainDiffraction + ((<usize>(a * n)) << 3);
    let maxLevel = load<f64>(t, A_MAX_LEVEL << 3);
    // Two kept pixels per step in f64x2 lanes: each lane does the scalar tail's operations in its
    // order (IEEE add, mul and compare-selects, the same rounding to f32), so the bits are the same.
    const eirp2 = f64x2.splat(eirp);
    const freeSpace2 = f64x2.splat(freeSpace);
    const azimuth2 = f64x2.splat(azimuth);
    const invBeamwidth2 = f64x2.splat(invBeamwidth);
    const maxAttenuation2 = f64x2.splat(MAX_ATTENUATION_DB);
    let j = 0;
    for (; j + 1 < k; j += 2) {
      const j8 = <usize>j << 3;
      const j4 = <usize>j << 2;
      const x = v128.load(keptLog10 + j8);
      const ea = load<i32>(keptEnvironment + j4);
      const eb = load<i32>(keptEnvironment + j4, 4);
      const intercept = f64x2.replace_lane(f64x2.splat(load<f64>(t + (<usize>(A_INTERCEPT_DB + ea) << 3))), 1, load<f64>(t + (<usize>(A_INTERCEPT_DB + eb) << 3)));
      const lossSlope = f64x2.replace_lane(f64x2.splat(load<f64>(t + (<usize>(A_SLOPE_DB + ea) << 3))), 1, load<f64>(t + (<usize>(A_SLOPE_DB + eb) << 3)));
      let lossDb = f64x2.add(intercept, f64x2.mul(lossSlope, x));
      let ia: usize = 0;
      let ib: usize = 0;
      if (withTerrain) {
        ia = <usize>load<i32>(kept + j4) << 3;
        ib = <usize>load<i32>(kept + j4, 4) << 3;
        lossDb = f64x2.add(lossDb, f64x2.replace_lane(f64x2.splat(load<f64>(cellEmpirical + ia)), 1, load<f64>(cellEmpirical + ib)));
      }
      const freeSpaceDb = f64x2.add(freeSpace2, f64x2.mul(f64x2.splat(20), x));
      lossDb = v128.bitselect(freeSpaceDb, lossDb, f64x2.gt(freeSpaceDb, lossDb));
      if (withTerrain) {
        lossDb = f64x2.add(lossDb, f64x2.replace_lane(f64x2.splat(load<f64>(cellDiffraction + ia)), 1, load<f64>(cellDiffraction + ib)));
      }
      const oa = table + (<usize>load<i32>(keptVk + j4) << 2);
      const ob = table + (<usize>load<i32>(keptVk + j4, 4) << 2);
      const v0 = f64x2.replace_lane(f64x2.splat(<f64>load<f32>(oa)), 1, <f64>load<f32>(ob));
      const v1 = f64x2.replace_lane(f64x2.splat(<f64>load<f32>(oa, 4)), 1, <f64>load<f32>(ob, 4));
      let attenuationDb = f64x2.add(v0, f64x2.mul(v128.load(keptFraction + j8), f64x2.sub(v1, v0)));
      if (sector) {
        const raw = f64x2.sub(v128.load(keptBearing + j8), azimuth2);
        const wrapped = v128.bitselect(
          f64x2.sub(raw, f64x2.splat(360)),
          v128.bitselect(f64x2.add(raw, f64x2.splat(360)), raw, f64x2.lt(raw, f64x2.splat(-180))),
          f64x2.ge(raw, f64x2.splat(180)),
        );
        const phi = f64x2.mul(wrapped, invBeamwidth2);
        attenuationDb = f64x2.add(attenuationDb, f64x2.mul(f64x2.mul(f64x2.splat(12), phi), phi));
        attenuationDb = v128.bitselect(maxAttenuation2, attenuationDb, f64x2.gt(attenuationDb, maxAttenuation2));
      }
      const level = f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(f64x2.sub(f64x2.sub(eirp2, lossDb), attenuationDb)));
      maxLevel = keepLevel(j, f64x2.extract_lane(level, 0), cutoff, threshold, source, isPilot, maxLevel, cellLevels, kept, bestMargin, bestLevel, bestSource, bestPilot);
      maxLevel = keepLevel(j + 1, f64x2.extract_lane(level, 1), cutoff, threshold, source, isPilot, maxLevel, cellLevels, kept, bestMargin, bestLevel, bestSource, bestPilot);
    }
    if (j < k) {
      // The odd last pixel, in scalar form (padding it to a pair was measured 4 % slower).
      const j8 = <usize>j << 3;
      const x = load<f64>(keptLog10 + j8);
      const e = load<i32>(keptEnvironment + (<usize>j << 2));
      let lossDb = load<f64>(t + (<usize>(A_INTERCEPT_DB + e) << 3)) + load<f64>(t + (<usize>(A_SLOPE_DB + e) << 3)) * x;
      const i8 = <usize>load<i32>(kept + (<usize>j << 2)) << 3;
      if (withTerrain) lossDb += load<f64>(cellEmpirical + i8);
      const freeSpaceDb = freeSpace + 20 * x;
      if (freeSpaceDb > lossDb) lossDb = freeSpaceDb;
      if (withTerrain) lossDb += load<f64>(cellDiffraction + i8);
      const vo = table + (<usize>load<i32>(keptVk + (<usize>j << 2)) << 2);
      const v0 = <f64>load<f32>(vo);
      let attenuationDb = v0 + load<f64>(keptFraction + j8) * (<f64>load<f32>(vo, 4) - v0);
      if (sector) {
        let phi = load<f64>(keptBearing + j8) - azimuth;
        if (phi >= 180) phi -= 360;
        else if (phi < -180) phi += 360;
        phi *= invBeamwidth;
        attenuationDb += 12 * phi * phi;
        if (attenuationDb > MAX_ATTENUATION_DB) attenuationDb = MAX_ATTENUATION_DB;
      }
      const level = <f64><f32>(eirp - lossDb - attenuationDb);
      maxLevel = keepLevel(j, level, cutoff, threshold, source, isPilot, maxLevel, cellLevels, kept, bestMargin, bestLevel, bestSource, bestPilot);
    }
    store<f64>(t, maxLevel, A_MAX_LEVEL << 3);
  }
  if (k > 0) {
    // The block's weakest best margin and pilot (refreshBlockMinima of tile-kernel.ts).
    let minMargin = Infinity;
    let minPilot = Infinity;
    for (let i = 0; i < n; i++) {
      const m = load<f64>(bestMargin + (<usize>i << 3));
      const p = load<f64>(bestPilot + (<usize>i << 3));
      if (m < minMargin) minMargin = m;
      if (p < minPilot) minPilot = p;
    }
    store<f64>(minima, minMargin, MINIMA_MARGIN << 3);
    store<f64>(minima, minPilot, MINIMA_PILOT << 3);
  }
  return k;
}

/**
 * gatherPixels of tile-kernel.ts plus the reset of the per-pixel bests: the in-mask pixels of the
 * block (bw × bh at bc, br of a tile window `tileWidth` wide) to xs, ys, environment and target
 * (index in the tile output); pixels outside the mask get "no signal" in the tile output.
 * Returns the pixel count n | the block's environment bits << GATHER_BITS_SHIFT.
 */
export function gatherBlock(
  mask: usize,
  environmentIn: usize,
  tileWidth: i32,
  bc: i32,
  br: i32,
  bw: i32,
  bh: i32,
  col0: i32,
  row0: i32,
  originX: f64,
  originY: f64,
  resolutionM: f64,
  target: usize,
  xs: usize,
  ys: usize,
  environment: usize,
  bestMargin: usize,
  bestLevel: usize,
  bestSource: usize,
  bestPilot: usize,
  outLevel: usize,
  outBest: usize,
  outServers: usize,
  outPilots: usize,
): i32 {
  let n = 0;
  let bits = 0;
  for (let r = br; r < br + bh; r++) {
    const y = originY - (<f64>(row0 + r) + 0.5) * resolutionM;
    for (let c = bc; c < bc + bw; c++) {
      const t = r * tileWidth + c;
      if (load<u8>(mask + <usize>t) == 0) {
        store<f32>(outLevel + (<usize>t << 2), -Infinity);
        store<i32>(outBest + (<usize>t << 2), -1);
        store<u8>(outServers + <usize>t, 0);
        store<u8>(outPilots + <usize>t, 0);
        continue;
      }
      const e = <i32>load<u8>(environmentIn + <usize>t);
      const n4 = <usize>n << 2;
      const n8 = <usize>n << 3;
      store<i32>(target + n4, t);
      store<f64>(xs + n8, originX + (<f64>(col0 + c) + 0.5) * resolutionM);
      store<f64>(ys + n8, y);
      store<i32>(environment + n4, e);
      store<f64>(bestMargin + n8, -Infinity);
      store<f64>(bestLevel + n8, -Infinity);
      store<i32>(bestSource + n4, -1);
      store<f64>(bestPilot + n8, -Infinity);
      bits |= 1 << e;
      n++;
    }
  }
  return n | (bits << GATHER_BITS_SHIFT);
}

/**
 * countServers and writeBlock of tile-kernel.ts: servers within the overlap margin and pilots
 * within the pilot margin per pixel, from the block's slots, then the block's pixels to the tile output.
 */
export function countAndWrite(
  n: i32,
  slotCount: i32,
  slotThreshold: usize,
  slotIsPilot: usize,
  slotKeptOffset: usize,
  slotKeptCount: usize,
  slotLevelOffset: usize,
  slotMaxMargin: usize,
  slotMaxLevel: usize,
  minBestMargin: f64,
  minBestPilot: f64,
  overlapDb: f64,
  pilotDb: f64,
  kept: usize,
  levels: usize,
  bestMargin: usize,
  bestLevel: usize,
  bestSource: usize,
  bestPilot: usize,
  servers: usize,
  pilots: usize,
  target: usize,
  outLevel: usize,
  outBest: usize,
  outServers: usize,
  outPilots: usize,
): void {
  memory.fill(servers, 0, <usize>n << 2);
  memory.fill(pilots, 0, <usize>n << 2);
  for (let slot = 0; slot < slotCount; slot++) {
    const s4 = <usize>slot << 2;
    const s8 = <usize>slot << 3;
    const isPilot = load<i32>(slotIsPilot + s4) == 1;
    const overlapUseful = load<f64>(slotMaxMargin + s8) >= minBestMargin - overlapDb;
    const pilotUseful = isPilot && load<f64>(slotMaxLevel + s8) >= minBestPilot - pilotDb;
    if (!overlapUseful && !pilotUseful) continue;
    const threshold = load<f64>(slotThreshold + s8);
    const ko = kept + (<usize>load<i32>(slotKeptOffset + s4) << 2);
    const lo = levels + (<usize>load<i32>(slotLevelOffset + s4) << 2);
    const count = load<i32>(slotKeptCount + s4);
    for (let j = 0; j < count; j++) {
      const level = <f64>load<f32>(lo + (<usize>j << 2));
      if (level == -Infinity) continue;
      const i = <usize>load<i32>(ko + (<usize>j << 2));
      if (level - threshold >= load<f64>(bestMargin + (i << 3)) - overlapDb) store<i32>(servers + (i << 2), load<i32>(servers + (i << 2)) + 1);
      if (isPilot && level >= load<f64>(bestPilot + (i << 3)) - pilotDb) store<i32>(pilots + (i << 2), load<i32>(pilots + (i << 2)) + 1);
    }
  }
  for (let i = 0; i < n; i++) {
    const i4 = <usize>i << 2;
    const t = <usize>load<i32>(target + i4);
    const serverCount = load<i32>(servers + i4);
    const pilotCount = load<i32>(pilots + i4);
    store<f32>(outLevel + (t << 2), <f32>load<f64>(bestLevel + (<usize>i << 3)));
    store<i32>(outBest + (t << 2), load<i32>(bestSource + i4));
    store<u8>(outServers + t, <u8>(serverCount > 255 ? 255 : serverCount));
    store<u8>(outPilots + t, <u8>(pilotCount > 255 ? 255 : pilotCount));
  }
}
