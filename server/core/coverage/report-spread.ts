import { pixelCentreX, pixelCentreY, type AreaGrid } from '../geo/area-grid.ts';
import { lonLatToPixel } from '../geo/grid-lookup.ts';
import { utmProjection } from '../geo/utm-projection.ts';

/** One pixel of a report's footprint and the share of the report's weight it gets. */
export interface PixelShare {
  index: number;
  share: number;
}

/**
 * Where a report counts on the grid: a report with exact coordinates (no radius, or one within half
 * a pixel) counts whole in the pixel of its point; a report placed from its address (the gazetteer
 * place's point with `radiusM`, the circle of the place's area or the typical size of its kind) counts
 * in equal shares on every inside-the-boundary pixel whose centre lies within `radiusM` of the point,
 * since it may be anywhere there. Shares sum to 1, or the list is empty when nothing of it is inside.
 */
export function reportPixelShares(grid: AreaGrid, mask: Uint8Array, lon: number, lat: number, radiusM?: number | null): PixelShare[] {
  const res = grid.resolutionM;
  if (radiusM && radiusM > res / 2) {
    const [x, y] = utmProjection(grid.epsg).forward([lon, lat]);
    const colMin = Math.max(0, Math.floor((x - radiusM - grid.originX) / res));
    const colMax = Math.min(grid.width - 1, Math.floor((x + radiusM - grid.originX) / res));
    const rowMin = Math.max(0, Math.floor((grid.originY - (y + radiusM)) / res));
    const rowMax = Math.min(grid.height - 1, Math.floor((grid.originY - (y - radiusM)) / res));
    const r2 = radiusM * radiusM;
    const pixels: number[] = [];
    for (let row = rowMin; row <= rowMax; row++) {
      const dy = pixelCentreY(grid, row) - y;
      for (let col = colMin; col <= colMax; col++) {
        const dx = pixelCentreX(grid, col) - x;
        const index = row * grid.width + col;
        if (dx * dx + dy * dy <= r2 && mask[index] === 1) pixels.push(index);
      }
    }
    if (pixels.length > 0) return pixels.map((index) => ({ index, share: 1 / pixels.length }));
  }
  const pixel = lonLatToPixel(grid, lon, lat);
  return pixel && mask[pixel.index] === 1 ? [{ index: pixel.index, share: 1 }] : [];
}

/** reportPixelShares remembered per point and radius (address-placed reports of one place share them). */
export function createPixelShareCache(
  grid: AreaGrid,
  mask: Uint8Array,
): (lon: number, lat: number, radiusM?: number | null) => PixelShare[] {
  const cache = new Map<string, PixelShare[]>();
  return (lon, lat, radiusM) => {
    if (!radiusM) return reportPixelShares(grid, mask, lon, lat);
    const key = `${lon},${lat},${radiusM}`;
    let shares = cache.get(key);
    if (!shares) cache.set(key, (shares = reportPixelShares(grid, mask, lon, lat, radiusM)));
    return shares;
  };
}
