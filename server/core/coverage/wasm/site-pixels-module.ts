/**
 * Loader of the WebAssembly build of the kernel's per-pixel passes (assembly/site-pixels.ts, built
 * into build/site-pixels.wasm by `npm run build:wasm`, which `npm install` runs; its constants come
 * from ../kernel-layout.ts through the generated assembly/layout.generated.ts). Each thread gets
 * its own instance and memory; KernelScratch lays its arrays out in that memory. The build uses
 * WebAssembly SIMD (128-bit lanes; Node has it since 16.4).
 * Core reads no file and no environment: the edge (server start-up, worker entry, scripts, tests)
 * reads the build's bytes from SITE_PIXELS_WASM_URL and hands them in with useSitePixelsKernel.
 * Without a build handed in (or with the kernel 'js') the kernel runs its JavaScript passes, which
 * give the same results to the bit, only slower.
 */
import { LOG2_TABLE } from '../fast-math.ts';
import { kernelLayoutDigest, LOG2_TABLE_BYTE_OFFSET } from '../kernel-layout.ts';

/** Where `npm run build:wasm` writes the module (the caller reads it; nothing here does). */
export const SITE_PIXELS_WASM_URL = new URL('./build/site-pixels.wasm', import.meta.url);

/** The kernel's per-pixel passes: WebAssembly (the default, when its build is handed in) or JavaScript (same bits, slower). */
export const COVERAGE_KERNELS = ['wasm', 'js'] as const;
export type CoverageKernel = (typeof COVERAGE_KERNELS)[number];

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
    /** With terrain, KernelScratch.terrainEmpirical and terrainDiffraction; 0 and 0 without. */
    terrainEmpirical: number,
    terrainDiffraction: number,
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
/** The build this thread was handed (null: the JavaScript passes). */
let threadModule: WebAssembly.Module | null = null;

/**
 * Hand this thread the kernel to run: `build` is the module's bytes (as read from
 * SITE_PIXELS_WASM_URL) or the compiled module (which can be posted to worker threads), null when it
 * is not built; with kernel 'js' or no build the JavaScript passes run. Applies to every
 * KernelScratch made afterwards (defaultKernelScratch included). Returns the compiled module in
 * use, null for the JavaScript passes. Throws WebAssembly.CompileError on bytes that are no module.
 */
export function useSitePixelsKernel(
  kernel: CoverageKernel,
  build: WebAssembly.Module | Uint8Array<ArrayBuffer> | null,
): WebAssembly.Module | null {
  if (kernel === 'js' || build === null) threadModule = null;
  else threadModule = build instanceof WebAssembly.Module ? build : new WebAssembly.Module(build);
  return threadModule;
}

/** The compiled module handed to this thread, or null (the JavaScript passes). */
export function sitePixelsModule(): WebAssembly.Module | null {
  return threadModule;
}

/** Whether the WebAssembly pass is available in this thread. */
export function sitePixelsWasmAvailable(): boolean {
  return threadModule !== null;
}

let layoutDigest: number | undefined;

/**
 * A new instance (own memory) with the log2 table loaded, or null without a build.
 * `module`: another compiled build of the same source (benchmarks of variants), else the one handed
 * to this thread. Throws when the module was built from another kernel layout (kernel-layout.ts
 * changed since) or lacks one of the exports.
 */
export function instantiateSitePixels(module: WebAssembly.Module | null = threadModule): SitePixelsModule | null {
  if (!module) return null;
  const { exports } = new WebAssembly.Instance(module, { env: { abort: wasmAbort } });
  layoutDigest ??= kernelLayoutDigest();
  const digest = exports.LAYOUT_DIGEST;
  if (!(digest instanceof WebAssembly.Global) || digest.value !== layoutDigest) {
    throw new Error('the built site-pixels.wasm does not match kernel-layout.ts: run npm run build:wasm');
  }
  if (!isSitePixelsExports(exports)) {
    const expected = Object.entries(EXPORTED_FUNCTIONS).map(([name, parameters]) => `${name} (${parameters} parameters)`);
    throw new Error(`site-pixels.wasm does not export memory, ${expected.join(', ')}: run npm run build:wasm`);
  }
  // The module has no static data (see the source's header): its memory is ours from LOG2_TABLE_BYTE_OFFSET on.
  const heapBase = align(LOG2_TABLE_BYTE_OFFSET + LOG2_TABLE.byteLength, 16);
  ensureMemory(exports.memory, heapBase);
  new Float64Array(exports.memory.buffer, LOG2_TABLE_BYTE_OFFSET, LOG2_TABLE.length).set(LOG2_TABLE);
  return { exports, heapBase };
}

/** Number of parameters of each exported function (an exported WebAssembly function's `length`). */
const EXPORTED_FUNCTIONS = { evaluateSitePixels: 28, gatherBlock: 24, countAndWrite: 26 } as const;

/** Whether an instance's exports are the ones SitePixelsExports declares: memory, and each function with its number of parameters. */
function isSitePixelsExports(exports: WebAssembly.Exports): exports is WebAssembly.Exports & SitePixelsExports {
  if (!(exports.memory instanceof WebAssembly.Memory)) return false;
  return Object.entries(EXPORTED_FUNCTIONS).every(([name, parameters]) => {
    const f = exports[name];
    return typeof f === 'function' && f.length === parameters;
  });
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
