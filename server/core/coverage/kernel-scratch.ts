import type { PreparedCells } from './cell-table.ts';
import * as layout from './kernel-layout.ts';
import { align, ensureMemory, instantiateSitePixels, sitePixelsModule } from './wasm/site-pixels-module.ts';
import type { SitePixelsExports } from './wasm/site-pixels-module.ts';

/** Edge of the square blocks a tile is processed in, pixels; cells are culled per block. */
export const BLOCK_SIZE_PX = 16;
export const BLOCK_PX = BLOCK_SIZE_PX * BLOCK_SIZE_PX;

// Copied once (see the note in tile-kernel.ts on imported bindings in hot code).
const { ACTIVE_STRIDE, MINIMA_LENGTH, VERTICAL_TABLE_LENGTH, WORK_BYTES_PER_PIXEL } = layout;

/**
 * Reusable per-thread working memory of the tile kernel, so nothing is allocated per pixel. It is
 * sized per run (sites and cells): each site is evaluated at most once per block, so a block keeps
 * at most BLOCK_PX pixels per site and BLOCK_PX levels per cell.
 * With the WebAssembly pass (the build handed to the thread, see useSitePixelsKernel), every array
 * lives in that module's memory and `wasm` is set; otherwise they are ordinary typed arrays and the
 * JavaScript pass runs.
 */
export class KernelScratch {
  /** Per in-mask block pixel: index in the output target, centre (UTM m), environment index. */
  target!: Int32Array;
  x!: Float64Array;
  y!: Float64Array;
  environment!: Int32Array;
  /** Per block pixel: best margin over own threshold, its level and cell, strongest pilot. */
  bestMargin!: Float64Array;
  bestLevel!: Float64Array;
  bestSource!: Int32Array;
  bestPilot!: Float64Array;
  servers!: Int32Array;
  pilots!: Int32Array;
  /** Kept block-pixel indices of every evaluated site, back to back. */
  keptPool!: Int32Array;
  /** Levels of every evaluated cell at its site's kept pixels, back to back (-Infinity below cut-off). */
  levelPool!: Float32Array;
  /** Per slot (evaluated cell): cell, kept offset and count, level offset, maxima. */
  slotCell!: Int32Array;
  slotKeptOffset!: Int32Array;
  slotKeptCount!: Int32Array;
  slotLevelOffset!: Int32Array;
  slotMaxMargin!: Float64Array;
  slotMaxLevel!: Float64Array;
  /** Per slot: its cell's own threshold and whether it is a pilot (1). */
  slotThreshold!: Float64Array;
  slotIsPilot!: Int32Array;
  /** The block's weakest best margin and pilot, as left by the WebAssembly pass (MINIMA_* offsets). */
  minima!: Float64Array;
  /** WebAssembly pass: the kept pixels' distance, bearing, vertical-table position and class (W_* offsets; allocated either way). */
  pixelWork!: Float64Array;
  /**
   * With terrain: per active cell a and block pixel i (at a·n + i, n the block's pixel count), the
   * terrain terms of terrainTermsInto (the effective height's Hata term, the diffraction), dB.
   */
  terrainEmpirical!: Float64Array;
  terrainDiffraction!: Float64Array;
  /** With terrain: log10(d km) of the block's pixels from the current site (terrainTermsInto's input). */
  terrainLog10Km!: Float64Array;
  /** With terrain: the block's pixels' entries in the current site's tables (terrainEntriesInto). */
  terrainEntries!: Int32Array;
  /** JavaScript pass: the kept pixels' terrain terms for the cell being evaluated. */
  keptTerrainEmpirical!: Float64Array;
  keptTerrainDiffraction!: Float64Array;
  /** JavaScript pass: the kept pixels' environment class, log10(distance km) and bearing, cellLevelsInto's inputs. */
  keptEnvironment!: Int32Array;
  keptLog10Km!: Float64Array;
  keptBearingDeg!: Float64Array;
  /**
   * WebAssembly pass only: the current tile's mask and environment classes, and its results (row-major
   * over the window), which computeTile copies to the target once the tile is done.
   */
  tileMask!: Uint8Array;
  tileEnvironment!: Uint8Array;
  tileLevelDbm!: Float32Array;
  tileBestCell!: Int32Array;
  tileServerCount!: Uint8Array;
  tilePilotCount!: Uint8Array;
  /** The tile's sites (those whose reach touches the tile). */
  sites!: Int32Array;
  /** The block's candidate sites as a heap: index in `sites`, distance to the block (see sitesNearRect). */
  blockSites!: Int32Array;
  blockSiteDistanceM!: Float64Array;
  activeCells!: Int32Array;
  /** ACTIVE_STRIDE values per active cell (A_* offsets of kernel-layout.ts). */
  activeValues!: Float64Array;
  /**
   * Vertical attenuation tables of the run's cells (VERTICAL_TABLE_LENGTH per cell): the run's own
   * table for the JavaScript pass; for the WebAssembly pass a copy in its memory, filled per cell
   * the first time a tile needs it (see useVertical).
   */
  vertical!: Float32Array;
  /** Bearing span of the current block seen from the current site (see bearingSpanInto). */
  span = new Float64Array(3);
  /** The WebAssembly pass, when available. */
  readonly wasm: SitePixelsExports | null;
  /** The compiled build `wasm` is an instance of (null: the JavaScript passes). */
  readonly module: WebAssembly.Module | null;
  private readonly heapBase: number;
  private siteCapacity = -1;
  private cellCapacity = -1;
  private tileCapacity = 0;
  /** Per cell: the run (tile call) whose vertical table its copy holds. */
  private verticalRun = new Int32Array(0);
  private run = 0;

  /**
   * wasm: false for the JavaScript passes; a compiled module to use another build of the same source;
   * by default the build handed to this thread (the JavaScript passes without one).
   */
  constructor(options: { wasm?: boolean | WebAssembly.Module } = {}) {
    this.module = options.wasm === false ? null : options.wasm instanceof WebAssembly.Module ? options.wasm : sitePixelsModule();
    const instance = instantiateSitePixels(this.module);
    this.wasm = instance?.exports ?? null;
    this.heapBase = instance?.heapBase ?? 0;
    this.ensureSites(1, 1);
  }

  /** Room for a run of `siteCount` sites and `cellCount` cells (arrays are laid out again only to grow). */
  ensureSites(siteCount: number, cellCount: number): void {
    if (siteCount <= this.siteCapacity && cellCount <= this.cellCapacity) return;
    this.layOut(Math.max(siteCount, this.siteCapacity, 16), Math.max(cellCount, this.cellCapacity, 48), this.tileCapacity);
  }

  /** WebAssembly pass: room for a tile of `pixels` pixels. */
  ensureTile(pixels: number): void {
    if (this.wasm && pixels > this.tileCapacity) this.layOut(this.siteCapacity, this.cellCapacity, pixels);
  }

  /**
   * Start a tile of the run `cells`: the vertical tables the kernel reads (`vertical`). The
   * WebAssembly copy is refreshed per cell by loadVertical as the tile's sites are reached.
   */
  useVertical(cells: PreparedCells): void {
    this.run = (this.run + 1) | 0;
    if (!this.wasm) this.vertical = cells.vertical;
  }

  /** Make the vertical table of cell `c` of `cells` readable by the WebAssembly pass (once per tile). */
  loadVertical(cells: PreparedCells, c: number): void {
    if (!this.wasm || this.verticalRun[c] === this.run) return;
    this.verticalRun[c] = this.run;
    const from = c * VERTICAL_TABLE_LENGTH;
    this.vertical.set(cells.vertical.subarray(from, from + VERTICAL_TABLE_LENGTH), from);
  }

  private layOut(sites: number, cells: number, tilePixels: number): void {
    this.siteCapacity = sites;
    this.cellCapacity = cells;
    this.tileCapacity = tilePixels;
    this.verticalRun = new Int32Array(cells).fill(-1);
    if (!this.wasm) {
      this.placeArrays(new ArrayCursor(null, 0), sites, cells, tilePixels);
      return;
    }
    // Measured first: growing the memory would detach views made before.
    const end = this.placeArrays(new ArrayCursor('measure', this.heapBase), sites, cells, tilePixels);
    ensureMemory(this.wasm.memory, end);
    this.placeArrays(new ArrayCursor(this.wasm.memory.buffer, this.heapBase), sites, cells, tilePixels);
  }

  /** Give every array its place, in a fixed order; returns the end offset. */
  private placeArrays(at: ArrayCursor, sites: number, cells: number, tilePixels: number): number {
    this.x = at.f64(BLOCK_PX);
    this.y = at.f64(BLOCK_PX);
    this.bestMargin = at.f64(BLOCK_PX);
    this.bestLevel = at.f64(BLOCK_PX);
    this.bestPilot = at.f64(BLOCK_PX);
    this.activeValues = at.f64(cells * ACTIVE_STRIDE);
    this.slotMaxMargin = at.f64(cells);
    this.slotMaxLevel = at.f64(cells);
    this.slotThreshold = at.f64(cells);
    this.minima = at.f64(MINIMA_LENGTH);
    this.pixelWork = at.f64((WORK_BYTES_PER_PIXEL / 8) * BLOCK_PX);
    this.blockSiteDistanceM = at.f64(sites);
    this.terrainEmpirical = at.f64(BLOCK_PX * cells);
    this.terrainDiffraction = at.f64(BLOCK_PX * cells);
    this.terrainLog10Km = at.f64(BLOCK_PX);
    this.terrainEntries = at.i32(BLOCK_PX);
    this.target = at.i32(BLOCK_PX);
    this.environment = at.i32(BLOCK_PX);
    this.bestSource = at.i32(BLOCK_PX);
    this.servers = at.i32(BLOCK_PX);
    this.pilots = at.i32(BLOCK_PX);
    this.keptPool = at.i32(BLOCK_PX * sites);
    this.slotCell = at.i32(cells);
    this.slotKeptOffset = at.i32(cells);
    this.slotKeptCount = at.i32(cells);
    this.slotLevelOffset = at.i32(cells);
    this.slotIsPilot = at.i32(cells);
    this.sites = at.i32(sites);
    this.blockSites = at.i32(sites);
    this.activeCells = at.i32(cells);
    this.levelPool = at.f32(BLOCK_PX * cells);
    if (!this.wasm) {
      this.keptLog10Km = at.f64(BLOCK_PX);
      this.keptBearingDeg = at.f64(BLOCK_PX);
      this.keptTerrainEmpirical = at.f64(BLOCK_PX);
      this.keptTerrainDiffraction = at.f64(BLOCK_PX);
      this.keptEnvironment = at.i32(BLOCK_PX);
    } else {
      this.vertical = at.f32(cells * VERTICAL_TABLE_LENGTH);
      this.tileLevelDbm = at.f32(tilePixels);
      this.tileBestCell = at.i32(tilePixels);
      this.tileMask = at.u8(tilePixels);
      this.tileEnvironment = at.u8(tilePixels);
      this.tileServerCount = at.u8(tilePixels);
      this.tilePilotCount = at.u8(tilePixels);
    }
    return at.offset;
  }
}

/**
 * Hands KernelScratch's arrays out one after another: each in its own buffer (`memory` null, the
 * JavaScript pass), or as views 16-byte aligned back to back in the module's memory from `offset`;
 * 'measure' only advances `offset` (and hands out empty arrays).
 */
class ArrayCursor {
  constructor(
    private readonly memory: ArrayBuffer | 'measure' | null,
    public offset: number,
  ) {}

  f64(length: number): Float64Array {
    return this.place(length, 8, (buffer, byteOffset, n) => new Float64Array(buffer, byteOffset, n));
  }

  f32(length: number): Float32Array {
    return this.place(length, 4, (buffer, byteOffset, n) => new Float32Array(buffer, byteOffset, n));
  }

  i32(length: number): Int32Array {
    return this.place(length, 4, (buffer, byteOffset, n) => new Int32Array(buffer, byteOffset, n));
  }

  u8(length: number): Uint8Array {
    return this.place(length, 1, (buffer, byteOffset, n) => new Uint8Array(buffer, byteOffset, n));
  }

  private place<T>(length: number, bytesPerElement: number, view: (buffer: ArrayBuffer, byteOffset: number, length: number) => T): T {
    const at = align(this.offset, 16);
    this.offset = at + length * bytesPerElement;
    if (this.memory === null) return view(new ArrayBuffer(length * bytesPerElement), 0, length);
    if (this.memory === 'measure') return view(new ArrayBuffer(0), 0, 0);
    return view(this.memory, at, length);
  }
}

let threadScratch: KernelScratch | null = null;

/**
 * This thread's shared scratch (the kernel is synchronous, so one per thread is enough): callers that
 * do not bring their own reuse it instead of instantiating a WebAssembly memory per raster. Made
 * anew once the thread is handed another kernel (useSitePixelsKernel).
 */
export function defaultKernelScratch(): KernelScratch {
  if (threadScratch?.module !== sitePixelsModule()) threadScratch = new KernelScratch();
  return threadScratch;
}
