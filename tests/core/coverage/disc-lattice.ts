import type { PreparedArea } from '../../../server/core/coverage/prepared-area.ts';
import { allocateTileResult, type TileResult } from '../../../server/core/coverage/tile-result.ts';
import { pixelCentreX, pixelCentreY } from '../../../server/core/geo/area-grid.ts';
import { tileWindows } from '../../../server/core/geo/tile-windows.ts';

/** A known-answer coverage: non-overlapping discs on a square lattice, as tile results. */
export interface DiscLattice {
  /** Disc centres, UTM metres. */
  centres: [number, number][];
  /** One tile result per window (prepared.tileSizePx): cell 0 at threshold + 3 dB inside a disc. */
  tiles: TileResult[];
  /** Covered fraction of the inside area in closed form: N·π·r²/A, A = inside pixels × res². */
  expectedFraction: number;
  /**
   * Most the pixel count can differ from it: a pixel is counted when its centre is within r, so every
   * pixel meeting the disc of radius r - d (d = res/√2, half a pixel's diagonal) is counted and every
   * counted pixel lies within r + d; each disc's counted area is between π(r-d)² and π(r+d)², off by
   * at most π(2rd + d²).
   */
  boundFraction: number;
}

/**
 * Discs of radiusM on a lattice of pitchM (radiusM < pitchM / 2, so none overlap), kept where the
 * whole disc and a pixel more lie inside the boundary mask; pixels covered where their centre is
 * within radiusM of a centre, written tile by tile.
 */
export function discLattice(prepared: PreparedArea, radiusM: number, pitchM: number): DiscLattice {
  if (!(radiusM > 0 && 2 * radiusM < pitchM)) throw new RangeError(`radiusM ${radiusM} must be in (0, pitchM/2 = ${pitchM / 2})`);
  const { grid, mask } = prepared;
  const res = grid.resolutionM;
  const threshold = prepared.settings.thresholdsDbm.GSM;
  const x0 = pixelCentreX(grid, 0);
  const y0 = pixelCentreY(grid, grid.height - 1);
  const inMask = (x: number, y: number) => {
    const col = Math.floor((x - grid.originX) / res);
    const row = Math.floor((grid.originY - y) / res);
    return col >= 0 && row >= 0 && col < grid.width && row < grid.height && mask[row * grid.width + col] === 1;
  };
  const centres: [number, number][] = [];
  const kept = new Set<string>();
  const margin = radiusM + 2 * res;
  const xFirst = x0 + margin;
  const yFirst = y0 + margin;
  for (let i = 0; xFirst + i * pitchM + margin < x0 + grid.width * res; i++) {
    for (let j = 0; yFirst + j * pitchM + margin < y0 + grid.height * res; j++) {
      const x = xFirst + i * pitchM;
      const y = yFirst + j * pitchM;
      const reach = radiusM + res;
      if (!(inMask(x - reach, y) && inMask(x + reach, y) && inMask(x, y - reach) && inMask(x, y + reach) && inMask(x, y))) continue;
      centres.push([x, y]);
      kept.add(`${i},${j}`);
    }
  }
  const r2 = radiusM * radiusM;
  const tiles = tileWindows(grid, prepared.tileSizePx).map((window) => {
    const tile = allocateTileResult(window);
    for (let r = 0; r < window.height; r++) {
      const py = pixelCentreY(grid, window.row0 + r);
      for (let c = 0; c < window.width; c++) {
        if (!mask[(window.row0 + r) * grid.width + window.col0 + c]) continue;
        const px = pixelCentreX(grid, window.col0 + c);
        // The lattice's nearest centre is the only one that can be within radiusM (radiusM < pitchM / 2).
        const i = Math.round((px - xFirst) / pitchM);
        const j = Math.round((py - yFirst) / pitchM);
        const dx = px - (xFirst + i * pitchM);
        const dy = py - (yFirst + j * pitchM);
        if (dx * dx + dy * dy > r2 || !kept.has(`${i},${j}`)) continue;
        tile.bestCell[r * window.width + c] = 0;
        tile.levelDbm[r * window.width + c] = threshold + 3;
      }
    }
    return tile;
  });
  const areaM2 = prepared.insidePixelCount * res * res;
  const d = res / Math.SQRT2;
  return {
    centres,
    tiles,
    expectedFraction: (centres.length * Math.PI * r2) / areaM2,
    boundFraction: (centres.length * Math.PI * (2 * radiusM * d + d * d)) / areaM2,
  };
}
