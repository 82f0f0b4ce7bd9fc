/**
 * Fast log10 and atan2 for the raster kernels, where they run once per pixel and site.
 * Both are deterministic, so every kernel that uses them agrees to the bit. The WebAssembly site pass
 * repeats them with these constants (kernel-layout.ts lists them for its build).
 */

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
/**
 * fastLog10 splits the 20 mantissa bits of a double's high word in two: the upper half indexes the
 * log2 table, the lower half interpolates (so this stays 10).
 */
export const FAST_LOG10_MANTISSA_BITS = 10;
const MANTISSA_BITS = FAST_LOG10_MANTISSA_BITS;
const MANTISSA_STEPS = 1 << MANTISSA_BITS;
/** log2(1 + k/1024), k = 0..1024. */
export const LOG2_TABLE = Float64Array.from({ length: MANTISSA_STEPS + 1 }, (_, k) => Math.log2(1 + k / MANTISSA_STEPS));
export const LOG10_2 = Math.log10(2);

/**
 * log10(x) for finite x >= 2^-1022 (normal doubles): exponent from the IEEE-754 bits plus a
 * 1025-entry table of log2(1 + m) interpolated linearly on the next 10 mantissa bits.
 * Absolute error < 5e-7 (decades), i.e. < 2e-5 dB on a 35 dB/decade path-loss slope.
 */
export function fastLog10(x: number): number {
  F64[0] = x;
  const hi = U32[HI];
  const k = (hi >>> MANTISSA_BITS) & (MANTISSA_STEPS - 1);
  const t = (hi & (MANTISSA_STEPS - 1)) * (1 / MANTISSA_STEPS);
  const t0 = LOG2_TABLE[k];
  return ((hi >>> 20) - 1023 + t0 + t * (LOG2_TABLE[k + 1] - t0)) * LOG10_2;
}

export const HALF_PI = Math.PI / 2;
export const RAD_TO_DEG = 180 / Math.PI;
/** Coefficients of a, a³, …, a⁹ of the arctangent polynomial (Abramowitz & Stegun 4.4.49). */
export const ATAN_C1 = 0.999866;
export const ATAN_C3 = -0.3302995;
export const ATAN_C5 = 0.180141;
export const ATAN_C7 = -0.085133;
export const ATAN_C9 = 0.0208351;

/**
 * atan2(y, x) in degrees, (-180, 180], with the minimax polynomial of Abramowitz & Stegun 4.4.49
 * on the octant ratio: absolute error < 1e-5 rad (< 0.0007°). atan2(0, 0) = 0.
 */
export function fastAtan2Deg(y: number, x: number): number {
  const ax = x < 0 ? -x : x;
  const ay = y < 0 ? -y : y;
  const big = ax > ay ? ax : ay;
  if (big === 0) return 0;
  const a = (ax > ay ? ay : ax) / big;
  const s = a * a;
  let r = a * (ATAN_C1 + s * (ATAN_C3 + s * (ATAN_C5 + s * (ATAN_C7 + s * ATAN_C9))));
  if (ay > ax) r = HALF_PI - r;
  if (x < 0) r = Math.PI - r;
  if (y < 0) r = -r;
  return r * RAD_TO_DEG;
}
