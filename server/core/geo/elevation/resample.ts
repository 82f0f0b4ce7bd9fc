import type { AreaGrid } from '../area-grid.ts';
import { areaCentresIn } from './area-crs.ts';
import { type ElevationGrid, sampleBilinear } from './elevation-grid.ts';

/**
 * Ground height at every pixel centre of an area grid, bilinear between the DEM's cell centres
 * (clamped at its edges), written row-major into `out` (length width × height) and returned.
 */
export function resampleElevation(dem: ElevationGrid, grid: AreaGrid, out: Float32Array): Float32Array {
  const centres = areaCentresIn(grid, dem.epsg);
  for (let row = 0; row < grid.height; row++) {
    for (let col = 0; col < grid.width; col++) {
      const [x, y] = centres.at(col, row);
      out[row * grid.width + col] = sampleBilinear(dem, x, y);
    }
  }
  return out;
}
