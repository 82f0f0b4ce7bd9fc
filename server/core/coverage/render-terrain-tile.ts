import { PNG } from 'pngjs';
import type { PreparedArea } from './prepared-area.ts';
import { gridIntersectsLattice, interpolate, TILE_SIZE_PX, utmLattice } from './render-xyz-tile.ts';

export type TerrainMode = 'hillshade' | 'elevation';

/** Light from the north-west, 45° above the horizon (the cartographic convention). */
const LIGHT_AZIMUTH_RAD = (315 * Math.PI) / 180;
const LIGHT_ALTITUDE_RAD = (45 * Math.PI) / 180;
/** Relief exaggeration of the hillshade: the plain's few metres over kilometres would not show otherwise. */
const Z_FACTOR = 8;
/** Opacity per unit of shade away from flat ground's: a 1 % slope shows, an embankment's flank is dark. */
const SHADE_GAIN = 10;

/**
 * Hillshade of pixel i of the area grid from the ground height of its neighbours (Horn's 3×3 slope,
 * edges clamped): 1 = facing the light, 0 = in full shade; flat ground = sin(altitude).
 */
export function hillshadeAt(prepared: PreparedArea, ground: Float32Array, col: number, row: number): number {
  const { width, height, resolutionM } = prepared.grid;
  const at = (c: number, r: number) => ground[Math.min(height - 1, Math.max(0, r)) * width + Math.min(width - 1, Math.max(0, c))];
  const a = at(col - 1, row - 1);
  const b = at(col, row - 1);
  const c = at(col + 1, row - 1);
  const d = at(col - 1, row);
  const f = at(col + 1, row);
  const g = at(col - 1, row + 1);
  const h = at(col, row + 1);
  const k = at(col + 1, row + 1);
  // x grows east, y grows north (row 0 is the northern edge).
  const dzdx = (Z_FACTOR * (c + 2 * f + k - (a + 2 * d + g))) / (8 * resolutionM);
  const dzdy = (Z_FACTOR * (a + 2 * b + c - (g + 2 * h + k))) / (8 * resolutionM);
  const slope = Math.atan(Math.hypot(dzdx, dzdy));
  // Aspect: the downhill direction, as a compass bearing.
  const aspect = Math.atan2(-dzdx, -dzdy);
  const shade =
    Math.sin(LIGHT_ALTITUDE_RAD) * Math.cos(slope) + Math.cos(LIGHT_ALTITUDE_RAD) * Math.sin(slope) * Math.cos(LIGHT_AZIMUTH_RAD - aspect);
  return Math.max(0, Math.min(1, shade));
}

/** Hypsometric colour of t in [0, 1]: green lowland to ochre to brown. */
function elevationColour(t: number): [number, number, number] {
  const stops: Array<[number, number, number]> = [
    [70, 140, 90],
    [200, 190, 110],
    [150, 100, 60],
  ];
  const x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const u = x - i;
  return [0, 1, 2].map((k) => Math.round(stops[i][k] * (1 - u) + stops[i + 1][k] * u)) as [number, number, number];
}

/**
 * A 256×256 Web-Mercator XYZ tile of the area's terrain as PNG, nearest area pixel as the coverage
 * tiles: 'hillshade' (grey, its opacity the shade's departure from flat ground, so a flat plain is
 * clear), 'elevation' (a colour ramp over the area's own height range). Transparent outside the
 * boundary and everywhere when the area has no elevation model.
 */
export function renderTerrainTile(prepared: PreparedArea, z: number, x: number, y: number, mode: TerrainMode): Buffer {
  const png = new PNG({ width: TILE_SIZE_PX, height: TILE_SIZE_PX });
  png.data.fill(0);
  const ground = prepared.groundHeightM;
  const lattice = utmLattice(prepared, z, x, y);
  if (ground && gridIntersectsLattice(prepared, lattice)) {
    const { originX, originY, resolutionM, width, height } = prepared.grid;
    let min = Infinity;
    let max = -Infinity;
    if (mode === 'elevation') {
      for (let i = 0; i < ground.length; i++) {
        if (prepared.mask[i] === 0) continue;
        if (ground[i] < min) min = ground[i];
        if (ground[i] > max) max = ground[i];
      }
    }
    const flat = Math.sin(LIGHT_ALTITUDE_RAD);
    const utm = new Float64Array(2);
    for (let v = 0; v < TILE_SIZE_PX; v++) {
      for (let u = 0; u < TILE_SIZE_PX; u++) {
        interpolate(lattice, u, v, utm);
        const col = Math.floor((utm[0] - originX) / resolutionM);
        const row = Math.floor((originY - utm[1]) / resolutionM);
        if (col < 0 || row < 0 || col >= width || row >= height) continue;
        const i = row * width + col;
        if (prepared.mask[i] === 0) continue;
        const o = (v * TILE_SIZE_PX + u) * 4;
        if (mode === 'hillshade') {
          const s = hillshadeAt(prepared, ground, col, row);
          const light = s >= flat;
          png.data[o] = png.data[o + 1] = png.data[o + 2] = light ? 255 : 0;
          png.data[o + 3] = Math.round(Math.min(1, Math.abs(s - flat) * SHADE_GAIN) * 200);
        } else {
          const [r, g, b] = elevationColour(max > min ? (ground[i] - min) / (max - min) : 0.5);
          png.data[o] = r;
          png.data[o + 1] = g;
          png.data[o + 2] = b;
          png.data[o + 3] = 180;
        }
      }
    }
  }
  return PNG.sync.write(png);
}
