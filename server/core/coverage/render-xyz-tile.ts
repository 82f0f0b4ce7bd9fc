import { PNG } from 'pngjs';
import { utmProjection } from '../geo/utm-projection.ts';
import { cellColour, levelColour, overlapColour, type Rgba, TRANSPARENT } from './colour-ramps.ts';
import type { CoverageRaster } from './coverage-raster.ts';
import type { PreparedArea } from './prepared-area.ts';

export type RenderMode = 'level' | 'best-server' | 'overlap';

export const TILE_SIZE_PX = 256;
/** UTM positions are projected exactly every LATTICE_STEP_PX output pixels and interpolated between. */
const LATTICE_STEP_PX = 16;
const LATTICE = TILE_SIZE_PX / LATTICE_STEP_PX + 1;

/** [lon, lat] of a point of an XYZ tile, (u, v) in tile pixels from its north-west corner (OSM slippy-map formulas). */
export function tilePixelToLonLat(z: number, x: number, y: number, u: number, v: number): [number, number] {
  const n = 2 ** z;
  const lon = ((x + u / TILE_SIZE_PX) / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + v / TILE_SIZE_PX)) / n))) * 180) / Math.PI;
  return [lon, lat];
}

/** UTM coordinates of the lattice points of a tile, flat [x, y] pairs, LATTICE×LATTICE. */
export function utmLattice(prepared: PreparedArea, z: number, x: number, y: number): Float64Array {
  const projection = utmProjection(prepared.grid.epsg);
  const out = new Float64Array(LATTICE * LATTICE * 2);
  for (let j = 0; j < LATTICE; j++) {
    for (let i = 0; i < LATTICE; i++) {
      const [ex, ny] = projection.forward(tilePixelToLonLat(z, x, y, i * LATTICE_STEP_PX, j * LATTICE_STEP_PX));
      out[(j * LATTICE + i) * 2] = ex;
      out[(j * LATTICE + i) * 2 + 1] = ny;
    }
  }
  return out;
}

export function gridIntersectsLattice(prepared: PreparedArea, lattice: Float64Array): boolean {
  const { originX, originY, resolutionM, width, height } = prepared.grid;
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  for (let k = 0; k < lattice.length; k += 2) {
    minX = Math.min(minX, lattice[k]);
    maxX = Math.max(maxX, lattice[k]);
    minY = Math.min(minY, lattice[k + 1]);
    maxY = Math.max(maxY, lattice[k + 1]);
  }
  return maxX >= originX && minX <= originX + width * resolutionM && maxY >= originY - height * resolutionM && minY <= originY;
}

function pixelColour(prepared: PreparedArea, raster: CoverageRaster, i: number, mode: RenderMode, thresholdDbm: number): Rgba {
  const cell = raster.bestCell[i];
  if (cell < 0) return TRANSPARENT;
  if (mode === 'level') return levelColour(raster.levelDbm[i] - thresholdDbm);
  if (mode === 'best-server') return cellColour(cell);
  return overlapColour(raster.serverCount[i], raster.pilotCount[i] > prepared.settings.pilotPollutionCount);
}

/** Bilinear interpolation in the lattice cell of output pixel (u, v) (pixel centres). */
export function interpolate(lattice: Float64Array, u: number, v: number, out: Float64Array): void {
  const fu = (u + 0.5) / LATTICE_STEP_PX;
  const fv = (v + 0.5) / LATTICE_STEP_PX;
  const i = Math.min(LATTICE - 2, Math.floor(fu));
  const j = Math.min(LATTICE - 2, Math.floor(fv));
  const tu = fu - i;
  const tv = fv - j;
  for (let k = 0; k < 2; k++) {
    const a = lattice[(j * LATTICE + i) * 2 + k];
    const b = lattice[(j * LATTICE + i + 1) * 2 + k];
    const c = lattice[((j + 1) * LATTICE + i) * 2 + k];
    const d = lattice[((j + 1) * LATTICE + i + 1) * 2 + k];
    out[k] = (a * (1 - tu) + b * tu) * (1 - tv) + (c * (1 - tu) + d * tu) * tv;
  }
}

/**
 * A 256×256 Web-Mercator (EPSG:3857) XYZ tile of a coverage raster as PNG, resampled from the UTM
 * grid by nearest pixel (UTM positions exact every 16 px, bilinear in between). Transparent outside
 * the boundary and where no cell reaches the cut-off. Modes: 'level' (ramp around thresholdDbm, the
 * threshold drawn dark), 'best-server' (a stable colour per cell index), 'overlap' (server count,
 * magenta where pilots exceed settings.pilotPollutionCount).
 */
export function renderXyzTile(
  prepared: PreparedArea,
  raster: CoverageRaster,
  z: number,
  x: number,
  y: number,
  mode: RenderMode,
  thresholdDbm: number,
): Buffer {
  const png = new PNG({ width: TILE_SIZE_PX, height: TILE_SIZE_PX });
  png.data.fill(0);
  const lattice = utmLattice(prepared, z, x, y);
  if (gridIntersectsLattice(prepared, lattice)) {
    const { originX, originY, resolutionM, width, height } = prepared.grid;
    const utm = new Float64Array(2);
    for (let v = 0; v < TILE_SIZE_PX; v++) {
      for (let u = 0; u < TILE_SIZE_PX; u++) {
        interpolate(lattice, u, v, utm);
        const col = Math.floor((utm[0] - originX) / resolutionM);
        const row = Math.floor((originY - utm[1]) / resolutionM);
        if (col < 0 || row < 0 || col >= width || row >= height) continue;
        const i = row * width + col;
        if (prepared.mask[i] === 0) continue;
        const colour = pixelColour(prepared, raster, i, mode, thresholdDbm);
        png.data.set(colour, (v * TILE_SIZE_PX + u) * 4);
      }
    }
  }
  return PNG.sync.write(png);
}
