import { DemError } from './dem-errors.ts';
import { type DemSource, type ElevationGrid, type Extent, gridExtent, MAX_DEM_CELLS, sampleBilinear } from './elevation-grid.ts';

export interface Mosaic {
  grid: ElevationGrid;
  /** Cells inside some file's footprint but void in all of them, filled from their neighbours. */
  voidsFilled: number;
}

/**
 * Several DEM files merged into one grid at the finest of their cell sizes, on the lattice of the file
 * with the finest cells, over their union clipped to `clip` (in their CRS; null = no clip). Each cell
 * takes the first file (in the order given) that covers its centre with data, sampled bilinear at
 * the cell centre (exact where the lattices coincide, as SRTM tiles do). Void cells are then filled
 * from their neighbours (fillVoids) and counted; cells outside every footprint (the corners of a
 * clip box) are filled too but not counted.
 */
export function mosaicDem(sources: readonly DemSource[], clip: Extent | null): Mosaic {
  if (sources.length === 0) throw new DemError('no-dem-file', null, 'no DEM file');
  const epsg = sources[0].grid.epsg;
  const other = sources.find((s) => s.grid.epsg !== epsg);
  if (other) {
    throw new DemError(
      'mixed-crs',
      null,
      `the files are in different CRS: ${sources[0].name} in EPSG:${epsg}, ${other.name} in EPSG:${other.grid.epsg}; convert them to one`,
    );
  }
  const ref = sources.reduce((a, b) => (b.grid.cellSizeX * b.grid.cellSizeY < a.grid.cellSizeX * a.grid.cellSizeY ? b : a)).grid;
  const sx = ref.cellSizeX;
  const sy = ref.cellSizeY;
  const extents = sources.map((s) => gridExtent(s.grid));
  let minX = Math.min(...extents.map((e) => e.minX));
  let maxX = Math.max(...extents.map((e) => e.maxX));
  let minY = Math.min(...extents.map((e) => e.minY));
  let maxY = Math.max(...extents.map((e) => e.maxY));
  if (clip) {
    minX = Math.max(minX, clip.minX - 2 * sx);
    maxX = Math.min(maxX, clip.maxX + 2 * sx);
    minY = Math.max(minY, clip.minY - 2 * sy);
    maxY = Math.min(maxY, clip.maxY + 2 * sy);
  }
  if (!(minX < maxX && minY < maxY)) throw new DemError('dem-not-covering', null, 'the files do not reach the area');
  // Snap to the reference lattice (a tolerance keeps shared edges of float origins from adding a column).
  const eps = 1e-6;
  const originX = ref.originX + Math.floor((minX - ref.originX) / sx + eps) * sx;
  const originY = ref.originY - Math.floor((ref.originY - maxY) / sy + eps) * sy;
  const width = Math.max(2, Math.ceil((maxX - originX) / sx - eps));
  const height = Math.max(2, Math.ceil((originY - minY) / sy - eps));
  if (width * height > MAX_DEM_CELLS) {
    throw new DemError('dem-too-large', null, `the merged model would have ${width}×${height} cells, beyond ${MAX_DEM_CELLS}`);
  }
  const heightsM = new Float32Array(width * height);
  const outside = new Uint8Array(width * height);
  for (let row = 0; row < height; row++) {
    const y = originY - (row + 0.5) * sy;
    for (let col = 0; col < width; col++) {
      const x = originX + (col + 0.5) * sx;
      let value = Number.NaN;
      let covered = false;
      for (let k = 0; k < sources.length; k++) {
        const e = extents[k];
        if (x < e.minX || x >= e.maxX || y <= e.minY || y > e.maxY) continue;
        covered = true;
        value = sampleBilinear(sources[k].grid, x, y);
        if (!Number.isNaN(value)) break;
      }
      heightsM[row * width + col] = value;
      if (!covered) outside[row * width + col] = 1;
    }
  }
  const grid: ElevationGrid = { epsg, originX, originY, cellSizeX: sx, cellSizeY: sy, width, height, heightsM };
  const filled = fillVoids(grid);
  if (filled.remaining > 0) throw new DemError('dem-not-covering', null, 'the files hold no height at all (every cell is no-data)');
  let voidsFilled = 0;
  for (const i of filled.filledIndices) if (outside[i] === 0) voidsFilled++;
  return { grid, voidsFilled };
}

/**
 * Fill NaN cells from their neighbours, in rings from the edge of each void inwards: each ring's cells
 * take the mean of their valid 8-neighbours as they were before the ring. In place; answers the
 * indices filled and how many stayed void (only when no cell has data).
 */
export function fillVoids(grid: ElevationGrid): { filledIndices: Int32Array; remaining: number } {
  const { width, height, heightsM: h } = grid;
  const filled: number[] = [];
  let frontier: number[] = [];
  const queued = new Uint8Array(width * height);
  const pushNeighbours = (i: number, into: number[]): void => {
    const r = Math.floor(i / width);
    const c = i - r * width;
    for (let dr = -1; dr <= 1; dr++) {
      const rr = r + dr;
      if (rr < 0 || rr >= height) continue;
      for (let dc = -1; dc <= 1; dc++) {
        const cc = c + dc;
        if ((dr === 0 && dc === 0) || cc < 0 || cc >= width) continue;
        const j = rr * width + cc;
        if (queued[j] === 0 && Number.isNaN(h[j])) {
          queued[j] = 1;
          into.push(j);
        }
      }
    }
  };
  for (let i = 0; i < h.length; i++) if (!Number.isNaN(h[i])) pushNeighbours(i, frontier);
  while (frontier.length > 0) {
    const values = new Float32Array(frontier.length);
    for (let k = 0; k < frontier.length; k++) {
      const i = frontier[k];
      const r = Math.floor(i / width);
      const c = i - r * width;
      let sum = 0;
      let n = 0;
      for (let dr = -1; dr <= 1; dr++) {
        const rr = r + dr;
        if (rr < 0 || rr >= height) continue;
        for (let dc = -1; dc <= 1; dc++) {
          const cc = c + dc;
          if (cc < 0 || cc >= width) continue;
          const v = h[rr * width + cc];
          if (!Number.isNaN(v)) {
            sum += v;
            n++;
          }
        }
      }
      values[k] = sum / n;
    }
    const next: number[] = [];
    for (let k = 0; k < frontier.length; k++) {
      h[frontier[k]] = values[k];
      filled.push(frontier[k]);
    }
    for (const i of frontier) pushNeighbours(i, next);
    frontier = next;
  }
  let remaining = 0;
  for (let i = 0; i < h.length; i++) if (Number.isNaN(h[i])) remaining++;
  return { filledIndices: Int32Array.from(filled), remaining };
}
