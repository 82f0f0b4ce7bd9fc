import type { AreaGrid } from './area-grid.ts';

/** A rectangular window of the grid: columns [col0, col0+width), rows [row0, row0+height). */
export interface TileWindow {
  col0: number;
  row0: number;
  width: number;
  height: number;
}

/** Default tile edge, pixels: 256×256 = 64 Ki pixels per independent job. */
export const DEFAULT_TILE_SIZE_PX = 256;

/** Split the grid into tiles of tileSizePx (edge tiles smaller), row-major from the north-west. */
export function tileWindows(grid: Pick<AreaGrid, 'width' | 'height'>, tileSizePx: number = DEFAULT_TILE_SIZE_PX): TileWindow[] {
  const tiles: TileWindow[] = [];
  for (let row0 = 0; row0 < grid.height; row0 += tileSizePx) {
    for (let col0 = 0; col0 < grid.width; col0 += tileSizePx) {
      tiles.push({ col0, row0, width: Math.min(tileSizePx, grid.width - col0), height: Math.min(tileSizePx, grid.height - row0) });
    }
  }
  return tiles;
}
