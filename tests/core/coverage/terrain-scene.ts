import type { PreparedArea } from '../../../server/core/coverage/prepared-area.ts';
import { pixelCentreX, pixelCentreY } from '../../../server/core/geo/area-grid.ts';

/** The area with a ground-height raster from f(x, y) (UTM metres) at the pixel centres, terrain propagation on. */
export function withGround(prepared: PreparedArea, f: (x: number, y: number) => number): PreparedArea {
  const { grid } = prepared;
  const heights = new Float32Array(grid.width * grid.height);
  for (let row = 0; row < grid.height; row++) {
    for (let col = 0; col < grid.width; col++) heights[row * grid.width + col] = f(pixelCentreX(grid, col), pixelCentreY(grid, row));
  }
  return { ...prepared, groundHeightM: heights, settings: { ...prepared.settings, terrainPropagation: true } };
}

/** Hills up to ~180 m and a ridge across the area, around its centre. */
export function hills(prepared: PreparedArea): (x: number, y: number) => number {
  const { grid } = prepared;
  const cx = grid.originX + (grid.width * grid.resolutionM) / 2;
  const cy = grid.originY - (grid.height * grid.resolutionM) / 2;
  return (x, y) => {
    const u = (x - cx) / 1000;
    const w = (y - cy) / 1000;
    const hill = (a: number, b: number, h: number, r: number) => h * Math.exp(-((u - a) ** 2 + (w - b) ** 2) / (r * r));
    const ridge = 90 * Math.exp(-(((u + 0.6 * w - 1) / 0.4) ** 2));
    return 140 + hill(2, 3, 120, 1.5) + hill(-3, -1, 80, 2) + hill(-1, 4, 60, 0.8) + ridge + 15 * Math.sin(u) * Math.cos(0.7 * w);
  };
}
