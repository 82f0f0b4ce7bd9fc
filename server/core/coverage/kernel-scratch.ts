/** Edge of the square blocks a tile is processed in, pixels; cells are culled per block. */
export const BLOCK_SIZE_PX = 16;
export const BLOCK_PX = BLOCK_SIZE_PX * BLOCK_SIZE_PX;

/** Reusable per-thread working memory of the tile kernel, so nothing is allocated per pixel. */
export class KernelScratch {
  /** Per in-mask block pixel: index in the output target, centre (UTM m), environment index. */
  target = new Int32Array(BLOCK_PX);
  x = new Float64Array(BLOCK_PX);
  y = new Float64Array(BLOCK_PX);
  environment = new Int32Array(BLOCK_PX);
  /** Block pixels one site may still matter at, with their distance and bearing terms. */
  kept = new Int32Array(BLOCK_PX);
  keptEnvironment = new Int32Array(BLOCK_PX);
  keptLog10Km = new Float64Array(BLOCK_PX);
  keptBearingDeg = new Float64Array(BLOCK_PX);
  keptLevels = new Float32Array(BLOCK_PX);
  /** Per block pixel: best margin over own threshold, its level and cell, strongest pilot. */
  bestMargin = new Float64Array(BLOCK_PX);
  bestLevel = new Float64Array(BLOCK_PX);
  bestSource = new Int32Array(BLOCK_PX);
  bestPilot = new Float64Array(BLOCK_PX);
  servers = new Int32Array(BLOCK_PX);
  pilots = new Int32Array(BLOCK_PX);
  /** One slot of BLOCK_PX levels per evaluated cell (-Infinity where irrelevant). */
  slotLevels = new Float32Array(BLOCK_PX * 64);
  slotCell = new Int32Array(64);
  slotMaxMargin = new Float64Array(64);
  slotMaxLevel = new Float64Array(64);
  sites = new Int32Array(0);
  blockSites = new Int32Array(0);
  blockSiteDistanceM = new Float64Array(0);
  activeCells = new Int32Array(0);

  ensureSlots(slots: number): void {
    if (slots <= this.slotCell.length) return;
    const capacity = Math.max(slots, this.slotCell.length * 2);
    const levels = new Float32Array(BLOCK_PX * capacity);
    levels.set(this.slotLevels);
    this.slotLevels = levels;
    const cell = new Int32Array(capacity);
    cell.set(this.slotCell);
    this.slotCell = cell;
    const maxMargin = new Float64Array(capacity);
    maxMargin.set(this.slotMaxMargin);
    this.slotMaxMargin = maxMargin;
    const maxLevel = new Float64Array(capacity);
    maxLevel.set(this.slotMaxLevel);
    this.slotMaxLevel = maxLevel;
  }

  ensureSites(siteCount: number, cellCount: number): void {
    if (this.sites.length < siteCount) {
      this.sites = new Int32Array(siteCount);
      this.blockSites = new Int32Array(siteCount);
      this.blockSiteDistanceM = new Float64Array(siteCount);
    }
    if (this.activeCells.length < cellCount) this.activeCells = new Int32Array(cellCount);
  }
}
