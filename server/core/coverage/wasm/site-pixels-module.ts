/**
 * Loader of the WebAssembly build of the kernel's per-pixel passes (assembly/site-pixels.ts, built
 * into build/site-pixels.wasm by `npm run build:wasm`, which `npm install` runs; its constants come
 * from ../kernel-layout.ts through the generated assembly/layout.generated.ts). Each thread gets
 * its own instance and memory; KernelScratch lays its arrays out in that memory. The build uses
 * WebAssembly SIMD (128-bit lanes; Node has it since 16.4).
 * Without the build (or with COVERAGE_KERNEL=js) the kernel runs its JavaScript passes, which gives
 * the same results to the bit, only slower.
 */
import { readFileSync } from 'node:fs';
import { LOG2_TABLE } from '../fast-math.ts';
import { kernelLayoutDigest, LOG2_TABLE_BYTE_OFFSET } from '../kernel-layout.ts';

export const SITE_PIXELS_WASM_URL = new URL('./build/site-pixels.wasm', import.meta.url);

/** The module's exports (byte offsets into `memory` for every array argument). */
export interface SitePixelsExports {
  memory: WebAssembly.Memory;
  /** kernelLayoutDigest() of the layout the module was built from (kernel-layout.ts). */
  LAYOUT_DIGEST?: WebAssembly.Global;
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

let layoutDigest: number | undefined;

/**
 * A new instance (own memory) with the log2 table loaded, or null without the build.
 * `module`: another compiled build of the same source (benchmarks of variants), else the built one.
 * Throws when the module was built from another kernel layout (kernel-layout.ts changed since).
 */
export function instantiateSitePixels(module: WebAssembly.Module | null = compiledModule()): SitePixelsModule | null {
  if (!module) return null;
  const instance = new WebAssembly.Instance(module, { env: { abort: wasmAbort } });
  const exports = instance.exports as unknown as SitePixelsExports;
  layoutDigest ??= kernelLayoutDigest();
  if (exports.LAYOUT_DIGEST?.value !== layoutDigest) {
    throw new Error('the built site-pixels.wasm does not match kernel-layout.ts: run npm run build:wasm');
  }
  // The module has no static data (see the source's header): its memory is ours from LOG2_TABLE_BYTE_OFFSET on.
  const heapBase = align(LOG2_TABLE_BYTE_OFFSET + LOG2_TABLE.byteLength, 16);
  ensureMemory(exports.memory, heapBase);
  new Float64Array(exports.memory.buffer, LOG2_TABLE_BYTE_OFFSET, LOG2_TABLE.length).set(LOG2_TABLE);
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
