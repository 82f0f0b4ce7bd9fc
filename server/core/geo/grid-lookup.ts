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

/**
 * The square of the grid's lattice containing a WGS84 [lon, lat] point, as a [lon, lat] polygon
 * (corners unprojected from UTM, counter-clockwise): for a point inside the grid, the pixel whose
 * value the point sets (a point settlement's residents are counted there). Outside the grid, the
 * square of the same lattice.
 */
export function pixelFootprint(grid: AreaGrid, lon: number, lat: number): GeoJSON.Polygon {
  const projection = utmProjection(grid.epsg);
  const [x, y] = projection.forward([lon, lat]);
  const res = grid.resolutionM;
  const x0 = grid.originX + Math.floor((x - grid.originX) / res) * res;
  const y1 = grid.originY - Math.floor((grid.originY - y) / res) * res;
  const corners: [number, number][] = [
    [x0, y1 - res],
    [x0 + res, y1 - res],
    [x0 + res, y1],
    [x0, y1],
    [x0, y1 - res],
  ];
  return { type: 'Polygon', coordinates: [corners.map((c) => projection.inverse(c))] };
}
