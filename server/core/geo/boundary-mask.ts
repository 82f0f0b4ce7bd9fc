import type { AreaGrid } from './area-grid.ts';
import { geometryToPixelRings } from './pixel-rings.ts';
import { fillPolygonSpans } from './polygon-fill.ts';

/**
 * Inside-boundary mask, 1 where the pixel centre lies inside the [lon, lat] boundary (holes
 * excluded), 0 elsewhere; row-major, grid.width·grid.height. Scanline fill (see fillPolygonSpans).
 * `out` lets the caller supply the storage (e.g. on a SharedArrayBuffer); it is overwritten.
 */
export function rasteriseBoundaryMask(
  grid: AreaGrid,
  boundary: GeoJSON.Polygon | GeoJSON.MultiPolygon,
  out: Uint8Array = new Uint8Array(grid.width * grid.height),
): Uint8Array {
  out.fill(0);
  fillPolygonSpans(geometryToPixelRings(grid, boundary), grid.width, grid.height, (row, c0, c1) => {
    out.fill(1, row * grid.width + c0, row * grid.width + c1);
  });
  return out;
}
