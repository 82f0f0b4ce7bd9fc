/** Edge of the square blocks a tile is processed in, pixels; cells are culled per block. */
export const BLOCK_SIZE_PX = 16;
export const BLOCK_PX = BLOCK_SIZE_PX * BLOCK_SIZE_PX;

// Per active cell of the site being evaluated, ACTIVE_STRIDE values in KernelScratch.activeValues:
// copies of its PreparedCells constants (see C_* in cell-table.ts) and its running maximum level.
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
/** Start of the cell's vertical attenuation table in PreparedCells.vertical. */
export const A_VERTICAL_OFFSET = 16;
export const A_MAX_LEVEL = 17;
export const ACTIVE_STRIDE = 18;

/** Reusable per-thread working memory of the tile kernel, so nothing is allocated per pixel. */
export class KernelScratch {
  /** Per in-mask block pixel: index in the output target, centre (UTM m), environment index. */
  target = new Int32Array(BLOCK_PX);
  x = new Float64Array(BLOCK_PX);
  y = new Float64Array(BLOCK_PX);
  environment = new Int32Array(BLOCK_PX);
  /** Per block pixel: best margin over own threshold, its level and cell, strongest pilot. */
  bestMargin = new Float64Array(BLOCK_PX);
  bestLevel = new Float64Array(BLOCK_PX);
  bestSource = new Int32Array(BLOCK_PX);
  bestPilot = new Float64Array(BLOCK_PX);
  servers = new Int32Array(BLOCK_PX);
  pilots = new Int32Array(BLOCK_PX);
  /** Kept block-pixel indices of every evaluated site, back to back. */
  keptPool = new Int32Array(BLOCK_PX * 16);
  /** Levels of every evaluated cell at its site's kept pixels, back to back (-Infinity below cut-off). */
  levelPool = new Float32Array(BLOCK_PX * 48);
  /** Per slot (evaluated cell): cell, kept offset and count, level offset, maxima. */
  slotCell = new Int32Array(64);
  slotKeptOffset = new Int32Array(64);
  slotKeptCount = new Int32Array(64);
  slotLevelOffset = new Int32Array(64);
  slotMaxMargin = new Float64Array(64);
  slotMaxLevel = new Float64Array(64);
  sites = new Int32Array(0);
  blockSites = new Int32Array(0);
  blockSiteDistanceM = new Float64Array(0);
  activeCells = new Int32Array(0);
  /** ACTIVE_STRIDE values per active cell (A_* offsets). */
  activeValues = new Float64Array(0);
  /** Bearing span of the current block seen from the current site (see bearingSpanInto). */
  span = new Float64Array(3);

  /** Room for `slots` slots and `levels` pooled levels. */
  ensureSlots(slots: number, levels: number): void {
    if (levels > this.levelPool.length) this.levelPool = grown(this.levelPool, levels, (n) => new Float32Array(n));
    if (slots <= this.slotCell.length) return;
    this.slotCell = grown(this.slotCell, slots, (n) => new Int32Array(n));
    this.slotKeptOffset = grown(this.slotKeptOffset, slots, (n) => new Int32Array(n));
    this.slotKeptCount = grown(this.slotKeptCount, slots, (n) => new Int32Array(n));
    this.slotLevelOffset = grown(this.slotLevelOffset, slots, (n) => new Int32Array(n));
    this.slotMaxMargin = grown(this.slotMaxMargin, slots, (n) => new Float64Array(n));
    this.slotMaxLevel = grown(this.slotMaxLevel, slots, (n) => new Float64Array(n));
  }

  /** Room for `size` pooled kept indices. */
  ensureKept(size: number): void {
    if (size > this.keptPool.length) this.keptPool = grown(this.keptPool, size, (n) => new Int32Array(n));
  }

  ensureSites(siteCount: number, cellCount: number): void {
    if (this.sites.length < siteCount) {
      this.sites = new Int32Array(siteCount);
      this.blockSites = new Int32Array(siteCount);
      this.blockSiteDistanceM = new Float64Array(siteCount);
    }
    if (this.activeCells.length < cellCount) {
      this.activeCells = new Int32Array(cellCount);
      this.activeValues = new Float64Array(cellCount * ACTIVE_STRIDE);
    }
  }
}

function grown<T extends Int32Array | Float32Array | Float64Array>(array: T, atLeast: number, make: (n: number) => T): T {
  const next = make(Math.max(atLeast, array.length * 2));
  next.set(array);
  return next;
}
