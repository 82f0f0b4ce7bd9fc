import { pixelCovered } from '../coverage/coverage-figures.ts';
import type { CoverageRaster } from '../coverage/coverage-raster.ts';
import type { AreaGrid } from '../geo/area-grid.ts';
import { lonLatToPixel } from '../geo/grid-lookup.ts';
import type { LonLat } from '../model.ts';

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
