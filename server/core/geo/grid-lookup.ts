import type { LonLat } from '../model.ts';
import { type AreaGrid, pixelCentreX, pixelCentreY } from './area-grid.ts';
import { utmProjection } from './utm-projection.ts';

export interface PixelRef {
  col: number;
  row: number;
  /** row·width + col */
  index: number;
}

/** Pixel containing a UTM point (metres), or null outside the grid. */
export function utmToPixel(grid: AreaGrid, x: number, y: number): PixelRef | null {
  const col = Math.floor((x - grid.originX) / grid.resolutionM);
  const row = Math.floor((grid.originY - y) / grid.resolutionM);
  if (col < 0 || row < 0 || col >= grid.width || row >= grid.height) return null;
  return { col, row, index: row * grid.width + col };
}

/** Pixel containing a WGS84 [lon, lat] point, or null outside the grid. */
export function lonLatToPixel(grid: AreaGrid, lon: number, lat: number): PixelRef | null {
  const [x, y] = utmProjection(grid.epsg).forward([lon, lat]);
  return utmToPixel(grid, x, y);
}

/** WGS84 [lon, lat] of the centre of pixel (col, row). */
export function pixelToLonLat(grid: AreaGrid, col: number, row: number): LonLat {
  return utmProjection(grid.epsg).inverse([pixelCentreX(grid, col), pixelCentreY(grid, row)]);
}
