/**
 * Ground heights along a radial from a ground-height grid (metres, row-major, one value per pixel
 * centre; the grid of PreparedArea.groundHeightM). Bilinear between the four surrounding pixel
 * centres; points beyond the outer centres take the edge values (clamped).
 */

/** Where a ground-height raster lies: UTM origin (top-left corner), pixel size, size in pixels. */
export interface GroundGrid {
  originX: number;
  originY: number;
  resolutionM: number;
  width: number;
  height: number;
}

/** Ground height at UTM (x, y), bilinear between pixel centres, m. */
export function groundHeightAtM(grid: GroundGrid, heights: Float32Array, x: number, y: number): number {
  let u = (x - grid.originX) / grid.resolutionM - 0.5;
  let w = (grid.originY - y) / grid.resolutionM - 0.5;
  const maxU = grid.width - 1;
  const maxW = grid.height - 1;
  if (!(u > 0)) u = 0;
  else if (u > maxU) u = maxU;
  if (!(w > 0)) w = 0;
  else if (w > maxW) w = maxW;
  const c0 = Math.min(u | 0, Math.max(maxU - 1, 0));
  const r0 = Math.min(w | 0, Math.max(maxW - 1, 0));
  const c1 = Math.min(c0 + 1, maxU);
  const r1 = Math.min(r0 + 1, maxW);
  const fu = u - c0;
  const fw = w - r0;
  const top = heights[r0 * grid.width + c0] * (1 - fu) + heights[r0 * grid.width + c1] * fu;
  const bottom = heights[r1 * grid.width + c0] * (1 - fu) + heights[r1 * grid.width + c1] * fu;
  return top * (1 - fw) + bottom * fw;
}

/**
 * Sample `count` points of a radial from (x0, y0) toward grid bearing `bearingDeg` (clockwise from
 * grid north), point k at k·stepM: distances to distancesM[k], ground heights to groundM[k].
 */
export function radialProfileInto(
  grid: GroundGrid,
  heights: Float32Array,
  x0: number,
  y0: number,
  bearingDeg: number,
  stepM: number,
  count: number,
  distancesM: Float64Array,
  groundM: Float64Array,
): void {
  const a = (bearingDeg * Math.PI) / 180;
  const ex = Math.sin(a);
  const ey = Math.cos(a);
  for (let k = 0; k < count; k++) {
    const d = k * stepM;
    distancesM[k] = d;
    groundM[k] = groundHeightAtM(grid, heights, x0 + d * ex, y0 + d * ey);
  }
}

/** Sample `count` evenly spaced points of the straight segment from (x0, y0) to (x1, y1), ends included. */
export function segmentProfileInto(
  grid: GroundGrid,
  heights: Float32Array,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  count: number,
  distancesM: Float64Array,
  groundM: Float64Array,
): void {
  const length = Math.hypot(x1 - x0, y1 - y0);
  for (let k = 0; k < count; k++) {
    const f = count > 1 ? k / (count - 1) : 0;
    distancesM[k] = f * length;
    groundM[k] = groundHeightAtM(grid, heights, x0 + f * (x1 - x0), y0 + f * (y1 - y0));
  }
}

/** Ground heights at given distances along a radial from (x0, y0) toward grid bearing `bearingDeg`. */
export function radialGroundAtInto(
  grid: GroundGrid,
  heights: Float32Array,
  x0: number,
  y0: number,
  bearingDeg: number,
  distancesM: ArrayLike<number>,
  count: number,
  groundM: Float64Array,
): void {
  const a = (bearingDeg * Math.PI) / 180;
  const ex = Math.sin(a);
  const ey = Math.cos(a);
  for (let k = 0; k < count; k++) groundM[k] = groundHeightAtM(grid, heights, x0 + distancesM[k] * ex, y0 + distancesM[k] * ey);
}
