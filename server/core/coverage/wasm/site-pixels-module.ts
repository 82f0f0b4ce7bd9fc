/**
 * Loader of the WebAssembly build of the kernel's per-pixel passes (assembly/site-pixels.ts, built
 * into build/site-pixels.wasm by `npm run build:wasm`, which `npm install` runs). Each thread gets
 * its own instance and memory; KernelScratch lays its arrays out in that memory. The build uses
 * WebAssembly SIMD (128-bit lanes; Node has it since 16.4).
 * Without the build (or with COVERAGE_KERNEL=js) the kernel runs its JavaScript passes, which gives
 * the same results to the bit, only slower.
 */
import { readFileSync } from 'node:fs';
import { MAX_ATTENUATION_DB } from '../../radio/antenna-pattern.ts';
import { VERTICAL_LAST_POSITION, VERTICAL_MIN_LOG10_KM, VERTICAL_STEPS_PER_DECADE } from '../cell-table.ts';
import { LOG10_2, LOG2_TABLE } from '../fast-math.ts';

export const SITE_PIXELS_WASM_URL = new URL('./build/site-pixels.wasm', import.meta.url);

/** The module's exports (byte offsets into `memory` for every array argument). */
export interface SitePixelsExports {
  memory: WebAssembly.Memory;
  /** Values per active cell the module expects (kernel-scratch.ts ACTIVE_STRIDE). */
  ACTIVE_STRIDE: WebAssembly.Global;
  configure(table: number, log10Two: number, vMin: number, vSteps: number, vLast: number, maxAttenuation: number): void;
  evaluateSitePixels(
    n: number,
    active: number,
    needBearing: number,
    sx: number,
    sy: number,
    x0: number,
    slope: number,
    cutoffMargin: number,
    pilotCutoff: number,
    overlapDb: number,
    pilotDb: number,
    upperMargin: number,
    upperPilot: number,
    xs: number,
    ys: number,
    environment: number,
    bestMargin: number,
    bestLevel: number,
    bestSource: number,
    bestPilot: number,
    kept: number,
    levels: number,
    values: number,
    vertical: number,
    minima: number,
    work: number,
  ): number;
  gatherBlock(
    mask: number,
    environmentIn: number,
    tileWidth: number,
    bc: number,
    br: number,
    bw: number,
    bh: number,
    col0: number,
    row0: number,
    originX: number,
    originY: number,
    resolutionM: number,
    target: number,
    xs: number,
    ys: number,
    environment: number,
    bestMargin: number,
    bestLevel: number,
    bestSource: number,
    bestPilot: number,
    outLevel: number,
    outBest: number,
    outServers: number,
    outPilots: number,
  ): number;
  countAndWrite(
    n: number,
    slotCount: number,
    slotThreshold: number,
    slotIsPilot: number,
    slotKeptOffset: number,
    slotKeptCount: number,
    slotLevelOffset: number,
    slotMaxMargin: number,
    slotMaxLevel: number,
    minBestMargin: number,
    minBestPilot: number,
    overlapDb: number,
    pilotDb: number,
    kept: number,
    levels: number,
    bestMargin: number,
    bestLevel: number,
    bestSource: number,
    bestPilot: number,
    servers: number,
    pilots: number,
    target: number,
    outLevel: number,
    outBest: number,
    outServers: number,
    outPilots: number,
  ): void;
}

export interface SitePixelsModule {
  exports: SitePixelsExports;
  /** First byte after the log2 table: where KernelScratch may lay out its arrays. */
  heapBase: number;
}

const WASM_PAGE_BYTES = 65536;
let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null when it is not built or disabled (COVERAGE_KERNEL=js). */
function compiledModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (process.env.COVERAGE_KERNEL === 'js') return compiled;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(SITE_PIXELS_WASM_URL));
  } catch {
    return compiled;
  }
  compiled = new WebAssembly.Module(bytes);
  return compiled;
}

/** Whether the WebAssembly pass is available in this process. */
export function sitePixelsWasmAvailable(): boolean {
  return compiledModule() !== null;
}

/**
 * A new instance (own memory) with the log2 table and constants loaded, or null without the build.
 * `module`: another compiled build of the same source (benchmarks of variants), else the built one.
 */
export function instantiateSitePixels(module: WebAssembly.Module | null = compiledModule()): SitePixelsModule | null {
  if (!module) return null;
  const instance = new WebAssembly.Instance(module, { env: { abort: wasmAbort } });
  const exports = instance.exports as unknown as SitePixelsExports;
  // The module has no static data (see the source's header): its memory is ours from byte 1024 on.
  const tableOffset = 1024;
  const heapBase = align(tableOffset + LOG2_TABLE.byteLength, 16);
  ensureMemory(exports.memory, heapBase);
  new Float64Array(exports.memory.buffer, tableOffset, LOG2_TABLE.length).set(LOG2_TABLE);
  exports.configure(tableOffset, LOG10_2, VERTICAL_MIN_LOG10_KM, VERTICAL_STEPS_PER_DECADE, VERTICAL_LAST_POSITION, MAX_ATTENUATION_DB);
  return { exports, heapBase };
}

/** Grow `memory` to at least `bytes`. Views made before on its buffer are detached by a growth. */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const missing = bytes - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / WASM_PAGE_BYTES));
}

export function align(offset: number, to: number): number {
  return Math.ceil(offset / to) * to;
}

function wasmAbort(): never {
  throw new Error('site-pixels WebAssembly module aborted');
}
