import { pixelCovered } from '../coverage/coverage-figures.ts';
import type { CoverageRaster } from '../coverage/coverage-raster.ts';
import type { AreaGrid } from '../geo/area-grid.ts';
import { lonLatToPixel } from '../geo/grid-lookup.ts';
import type { LonLat } from '../model.ts';
import { createPixelShareCache, type PixelShare } from '../coverage/report-spread.ts';

/**
 * Share of the points (WGS84 [lon, lat]) that lie outside the grid or on a pixel the raster leaves
 * uncovered (no server at or above its cell's outdoor threshold); 0 for no points. A hotspot whose
 * share is above one half lies in a gap.
 */
export function uncoveredShare(grid: AreaGrid, raster: CoverageRaster, points: readonly LonLat[]): number {
  if (points.length === 0) return 0;
  let uncovered = 0;
  for (const [lon, lat] of points) {
    const px = lonLatToPixel(grid, lon, lat);
    if (!px || !pixelCovered(raster, px.index, 0)) uncovered++;
  }
  return uncovered / points.length;
}

/**
 * uncoveredShare for reports some of which were placed from their address: a report at its own
 * coordinates counts 0 or 1 by its pixel (outside the grid: uncovered), one with a `radiusM` counts
 * the uncovered share of the inside-the-area pixels of its place's circle (reportPixelShares; none
 * inside: uncovered). `sharesOf` may be shared by calls on the same grid. 0 for no reports.
 */
export function reportsUncoveredShare(
  area: { grid: AreaGrid; mask: Uint8Array },
  raster: CoverageRaster,
  reports: readonly { lon: number; lat: number; radiusM?: number | null }[],
  sharesOf: (lon: number, lat: number, radiusM?: number | null) => PixelShare[] = createPixelShareCache(area.grid, area.mask),
): number {
  if (reports.length === 0) return 0;
  let uncovered = 0;
  for (const r of reports) {
    if (!r.radiusM) {
      uncovered += uncoveredShare(area.grid, raster, [[r.lon, r.lat]]);
      continue;
    }
    const shares = sharesOf(r.lon, r.lat, r.radiusM);
    if (shares.length === 0) uncovered++;
    for (const { index, share } of shares) if (!pixelCovered(raster, index, 0)) uncovered += share;
  }
  return uncovered / reports.length;
}

/**
 * Strongest predicted level on a served pixel inside the boundary within radiusKm of a point (the
 * donor coverage a repeater could pick up), dBm, or null when the point is off the grid or no pixel
 * in reach has a server. Pixels count by their centres' distance on the grid (whole pixels).
 */
export function strongestLevelWithin(
  area: { grid: AreaGrid; mask: Uint8Array },
  raster: CoverageRaster,
  lon: number,
  lat: number,
  radiusKm: number,
): number | null {
  const centre = lonLatToPixel(area.grid, lon, lat);
  if (!centre) return null;
  const { width, height, resolutionM } = area.grid;
  const r = Math.ceil((radiusKm * 1000) / resolutionM);
  let best = -Infinity;
  for (let row = Math.max(0, centre.row - r); row <= Math.min(height - 1, centre.row + r); row++) {
    for (let col = Math.max(0, centre.col - r); col <= Math.min(width - 1, centre.col + r); col++) {
      if ((row - centre.row) ** 2 + (col - centre.col) ** 2 > r * r) continue;
      const i = row * width + col;
      if (area.mask[i] === 1 && raster.bestCell[i] >= 0 && raster.levelDbm[i] > best) best = raster.levelDbm[i];
    }
  }
  return Number.isFinite(best) ? best : null;
}
