import { EngineInputError } from '../radio/engine-input-error.ts';
import type { AreaGrid } from './area-grid.ts';
import { utmToPixel } from './grid-lookup.ts';
import { geometryToPixelRings } from './pixel-rings.ts';
import { fillPolygonSpans, type PixelRing } from './polygon-fill.ts';
import { utmProjection } from './utm-projection.ts';

export interface Settlement {
  population: number;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.Point;
}

/** Vertex mean of the first ring in pixel units: where a settlement smaller than a pixel lands. */
function ringCentre(ring: PixelRing): [number, number] {
  let x = 0;
  let y = 0;
  const n = ring.length / 2;
  for (let i = 0; i < n; i++) {
    x += ring[2 * i];
    y += ring[2 * i + 1];
  }
  return [x / n, y / n];
}

function addToPixel(grid: AreaGrid, out: Float32Array, col: number, row: number, people: number): void {
  const c = Math.floor(col);
  const r = Math.floor(row);
  if (c >= 0 && r >= 0 && c < grid.width && r < grid.height) out[r * grid.width + c] += people;
}

function spreadPolygon(
  grid: AreaGrid,
  out: Float32Array,
  settlement: Settlement & { geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon },
): void {
  const rings = geometryToPixelRings(grid, settlement.geometry);
  let pixels = 0;
  fillPolygonSpans(rings, grid.width, grid.height, (_row, c0, c1) => {
    pixels += c1 - c0;
  });
  if (pixels === 0) {
    const [col, row] = ringCentre(rings[0]);
    addToPixel(grid, out, col, row, settlement.population);
    return;
  }
  const share = settlement.population / pixels;
  fillPolygonSpans(rings, grid.width, grid.height, (row, c0, c1) => {
    for (let i = row * grid.width + c0, end = row * grid.width + c1; i < end; i++) out[i] += share;
  });
}

/**
 * Residents per pixel. A polygon settlement is spread evenly over the pixels whose centres it
 * contains (clipped to the grid: people outside it are dropped); one smaller than a pixel goes whole
 * to the pixel under its vertex mean; a point settlement goes to its pixel.
 */
export function rasterisePopulation(
  grid: AreaGrid,
  settlements: readonly Settlement[],
  out: Float32Array = new Float32Array(grid.width * grid.height),
): Float32Array {
  out.fill(0);
  const projection = utmProjection(grid.epsg);
  for (const settlement of settlements) {
    if (!(settlement.population >= 0)) throw new EngineInputError(`settlement population must be >= 0, got ${settlement.population}`);
    if (settlement.population === 0) continue;
    const g = settlement.geometry;
    if (g.type === 'Point') {
      const [x, y] = projection.forward([g.coordinates[0], g.coordinates[1]]);
      const pixel = utmToPixel(grid, x, y);
      if (pixel) out[pixel.index] += settlement.population;
    } else {
      spreadPolygon(grid, out, { population: settlement.population, geometry: g });
    }
  }
  return out;
}
