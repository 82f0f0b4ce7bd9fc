import { type AreaGrid, pixelCentreX, pixelCentreY } from '../area-grid.ts';
import { utmProjection } from '../utm-projection.ts';

/** Lattice spacing, pixels: the CRS transform is exact at lattice nodes and linear between them. */
const LATTICE_STEP_PX = 8;

/**
 * Pixel centres of an area grid in another CRS (4326 or WGS84/UTM): `at(col, row)` answers [x, y].
 * proj4 runs only at every 8th pixel; between those nodes the coordinates are interpolated linearly,
 * which over 8 pixels of at most a few hundred metres is exact to well under a centimetre.
 */
export function areaCentresIn(grid: AreaGrid, epsg: number): { at(col: number, row: number): [number, number] } {
  if (epsg === grid.epsg) return { at: (col, row) => [pixelCentreX(grid, col), pixelCentreY(grid, row)] };
  const from = utmProjection(grid.epsg);
  const to = epsg === 4326 ? null : utmProjection(epsg);
  const nc = Math.ceil((grid.width - 1) / LATTICE_STEP_PX) + 1;
  const nr = Math.ceil((grid.height - 1) / LATTICE_STEP_PX) + 1;
  const nx = new Float64Array(nc * nr);
  const ny = new Float64Array(nc * nr);
  for (let j = 0; j < nr; j++) {
    for (let i = 0; i < nc; i++) {
      const lonLat = from.inverse([pixelCentreX(grid, i * LATTICE_STEP_PX), pixelCentreY(grid, j * LATTICE_STEP_PX)]);
      const [x, y] = to ? to.forward(lonLat) : lonLat;
      nx[j * nc + i] = x;
      ny[j * nc + i] = y;
    }
  }
  return {
    at(col, row) {
      const i = Math.min(Math.floor(col / LATTICE_STEP_PX), nc - 2);
      const j = Math.min(Math.floor(row / LATTICE_STEP_PX), nr - 2);
      if (nc === 1 || nr === 1) {
        const k = Math.max(j, 0) * nc + Math.max(i, 0);
        return [nx[k], ny[k]];
      }
      const tx = (col - i * LATTICE_STEP_PX) / LATTICE_STEP_PX;
      const ty = (row - j * LATTICE_STEP_PX) / LATTICE_STEP_PX;
      const k = j * nc + i;
      const x = (nx[k] * (1 - tx) + nx[k + 1] * tx) * (1 - ty) + (nx[k + nc] * (1 - tx) + nx[k + nc + 1] * tx) * ty;
      const y = (ny[k] * (1 - tx) + ny[k + 1] * tx) * (1 - ty) + (ny[k + nc] * (1 - tx) + ny[k + nc + 1] * tx) * ty;
      return [x, y];
    },
  };
}
