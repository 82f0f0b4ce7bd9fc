/**
 * The raster kernel's shared layout, declared once: offsets and strides of the prepared cell and site
 * records, of the per-active-cell values and of the work arrays the per-pixel passes read, the
 * sampling of the vertical tables, and the numeric constants of the WebAssembly build.
 * TypeScript imports these names; `npm run build:wasm` first writes the ASSEMBLY_* lists below to
 * wasm/assembly/layout.generated.ts (scripts/build-kernel-layout.ts), which the AssemblyScript source
 * imports, so no offset or constant is written by hand on both sides. The loader refuses a build whose
 * LAYOUT_DIGEST differs from kernelLayoutDigest() (a module built before the layout changed).
 */
import { MAX_ATTENUATION_DB } from '../radio/antenna-pattern.ts';
import { MIN_DISTANCE_KM } from '../radio/path-loss.ts';
import { ATAN_C1, ATAN_C3, ATAN_C5, ATAN_C7, ATAN_C9, FAST_LOG10_MANTISSA_BITS, HALF_PI, LOG10_2, RAD_TO_DEG } from './fast-math.ts';

// Cell record offsets in PreparedCells.cells (Float64, CELL_STRIDE per cell).
export const C_SOURCE_INDEX = 0;
export const C_SITE = 1;
export const C_EIRP_DBM = 2;
export const C_THRESHOLD_DBM = 3;
export const C_CUTOFF_DBM = 4;
/** Boresight as a UTM grid bearing, degrees in [-180, 180); NaN for omni cells. */
export const C_GRID_AZIMUTH_DEG = 5;
/** 1 / horizontal half-power beamwidth, 1/degrees. */
export const C_INV_BEAMWIDTH = 6;
export const C_IS_PILOT = 7;
export const C_FREE_SPACE_INTERCEPT_DB = 8;
export const C_REACH_M = 9;
/** Loss at 1 km per environment class (4 values, ENVIRONMENT_CLASSES order). */
export const C_INTERCEPT_DB = 10;
/** dB per decade per environment class (4 values). */
export const C_SLOPE_DB = 14;
export const C_FREQUENCY_EXTRAPOLATED = 18;
export const CELL_STRIDE = 19;

// Site record offsets in PreparedCells.sites (Float64, SITE_STRIDE per site).
export const S_X = 0;
export const S_Y = 1;
export const S_FIRST_CELL = 2;
export const S_CELL_COUNT = 3;
export const S_REACH_M = 4;
export const SITE_STRIDE = 5;

// Vertical attenuation tables: one per cell, sampled uniformly in log10(distance km).
export const VERTICAL_MIN_LOG10_KM = Math.log10(MIN_DISTANCE_KM);
export const VERTICAL_STEPS_PER_DECADE = 256;
export const VERTICAL_TABLE_LENGTH = 4 * VERTICAL_STEPS_PER_DECADE + 1;
/** Highest table position the kernels interpolate from (just below the last entry, so k + 1 stays inside). */
export const VERTICAL_LAST_POSITION = VERTICAL_TABLE_LENGTH - 1.000001;

/** Distances are clamped to MIN_DISTANCE_KM: its square in m² (10 m → 100). */
export const MIN_DISTANCE_SQUARED_M2 = (1000 * MIN_DISTANCE_KM) ** 2;

// Per active cell of the site being evaluated, ACTIVE_STRIDE values in KernelScratch.activeValues:
// copies of its PreparedCells constants (see C_* above) and its running maximum level.
export const A_EIRP_DBM = 0;
export const A_FREE_SPACE_INTERCEPT_DB = 1;
/** 4 values, ENVIRONMENT_CLASSES order. */
export const A_INTERCEPT_DB = 2;
/** 4 values, ENVIRONMENT_CLASSES order. */
export const A_SLOPE_DB = 6;
export const A_GRID_AZIMUTH_DEG = 10;
export const A_INV_BEAMWIDTH = 11;
export const A_CUTOFF_DBM = 12;
export const A_THRESHOLD_DBM = 13;
export const A_SOURCE_INDEX = 14;
export const A_IS_PILOT = 15;
/** Start of the cell's vertical attenuation table in KernelScratch.vertical. */
export const A_VERTICAL_OFFSET = 16;
export const A_MAX_LEVEL = 17;
export const ACTIVE_STRIDE = 18;

// Work area of the WebAssembly site pass (KernelScratch.pixelWork) for a block of n pixels: per kept
// pixel, its log10(distance km), bearing and vertical-table fraction (f64), then its environment class
// and vertical-table entry (i32); each array starts at work + W_* · n bytes.
export const W_LOG10_KM = 0;
export const W_BEARING_DEG = 8;
export const W_VERTICAL_FRACTION = 16;
export const W_ENVIRONMENT = 24;
export const W_VERTICAL_ENTRY = 28;
/** Bytes per block pixel of the whole work area. */
export const WORK_BYTES_PER_PIXEL = 32;

// KernelScratch.minima, left by the WebAssembly site pass: the block's weakest best margin and pilot.
export const MINIMA_MARGIN = 0;
export const MINIMA_PILOT = 1;
export const MINIMA_LENGTH = 2;

/** gatherBlock returns the block's pixel count | its environment bits << GATHER_BITS_SHIFT. */
export const GATHER_BITS_SHIFT = 16;

/**
 * Module memory: bytes below this are left to the compiler (the module has no static data), the fast
 * log10's log2 table (fast-math.ts LOG2_TABLE) starts here, KernelScratch's arrays after it.
 */
export const LOG2_TABLE_BYTE_OFFSET = 1024;

/** Integer constants the AssemblyScript source reads (written there as untyped i32 constants). */
export const ASSEMBLY_I32: Readonly<Record<string, number>> = {
  A_EIRP_DBM,
  A_FREE_SPACE_INTERCEPT_DB,
  A_INTERCEPT_DB,
  A_SLOPE_DB,
  A_GRID_AZIMUTH_DEG,
  A_INV_BEAMWIDTH,
  A_CUTOFF_DBM,
  A_THRESHOLD_DBM,
  A_SOURCE_INDEX,
  A_IS_PILOT,
  A_VERTICAL_OFFSET,
  A_MAX_LEVEL,
  ACTIVE_STRIDE,
  W_LOG10_KM,
  W_BEARING_DEG,
  W_VERTICAL_FRACTION,
  W_ENVIRONMENT,
  W_VERTICAL_ENTRY,
  MINIMA_MARGIN,
  MINIMA_PILOT,
  GATHER_BITS_SHIFT,
  LOG2_TABLE_BYTE_OFFSET,
  FAST_LOG10_MANTISSA_BITS,
};

/** Floating-point constants the AssemblyScript source reads (f64, written in shortest round-trip form). */
export const ASSEMBLY_F64: Readonly<Record<string, number>> = {
  VERTICAL_MIN_LOG10_KM,
  VERTICAL_STEPS_PER_DECADE,
  VERTICAL_LAST_POSITION,
  MIN_DISTANCE_SQUARED_M2,
  MAX_ATTENUATION_DB,
  LOG10_2,
  HALF_PI,
  RAD_TO_DEG,
  ATAN_C1,
  ATAN_C3,
  ATAN_C5,
  ATAN_C7,
  ATAN_C9,
};

/** One `export const` line per ASSEMBLY_* constant, in declaration order. */
function assemblyConstantLines(): string[] {
  const ints = Object.entries(ASSEMBLY_I32).map(([name, value]) => {
    if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) throw new Error(`${name} = ${value} is not an i32`);
    return `export const ${name} = ${value};`;
  });
  const floats = Object.entries(ASSEMBLY_F64).map(([name, value]) => {
    if (!Number.isFinite(value)) throw new Error(`${name} = ${value} is not a finite f64`);
    // String(x) is the shortest decimal that reads back as the same double.
    return `export const ${name}: f64 = ${String(value)};`;
  });
  return [...ints, ...floats];
}

/** FNV-1a (32 bits) of a string's UTF-16 code units, as a signed i32 (what a WebAssembly global holds). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash | 0;
}

/** Digest of the constants written for the AssemblyScript side; the built module exports its copy as LAYOUT_DIGEST. */
export function kernelLayoutDigest(): number {
  return fnv1a(assemblyConstantLines().join('\n'));
}

/** Text of wasm/assembly/layout.generated.ts (written by scripts/build-kernel-layout.ts). */
export function assemblyLayoutSource(): string {
  return [
    '// Generated from server/core/coverage/kernel-layout.ts by scripts/build-kernel-layout.ts, which',
    '// `npm run build:wasm` runs before compiling: do not edit (change kernel-layout.ts instead).',
    ...assemblyConstantLines(),
    `export const LAYOUT_DIGEST = ${kernelLayoutDigest()};`,
    '',
  ].join('\n');
}
