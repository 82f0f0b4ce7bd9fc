/**
 * A digital elevation model as stored per area and handed to the coverage engine: a north-up grid in
 * its own CRS (WGS84 lon/lat EPSG:4326, or WGS84/UTM 326zz/327zz), heights in metres above sea level.
 * Cell (col, row) covers x [originX + col·cellSizeX, originX + (col+1)·cellSizeX) and
 * y (originY - (row+1)·cellSizeY, originY - row·cellSizeY]; row 0 is the northern edge.
 * Point-registered sources (SRTM .hgt, ESRI grids with xllcenter, GeoTIFFs with PixelIsPoint) are
 * stored with their samples at cell centres, i.e. the origin moved half a cell out.
 */
export interface ElevationGrid {
  /** 4326 (x = longitude, y = latitude, degrees) or a WGS84/UTM code (metres). */
  epsg: number;
  /** x of the western edge of column 0. */
  originX: number;
  /** y of the northern edge of row 0. */
  originY: number;
  /** Width of a cell, CRS units. */
  cellSizeX: number;
  /** Height of a cell, CRS units. */
  cellSizeY: number;
  width: number;
  height: number;
  /** Height per cell, metres above sea level, row-major from the north-west; NaN = no data. */
  heightsM: Float32Array;
}

/** One file read: its grid and where it came from. */
export interface DemSource {
  name: string;
  format: 'geotiff' | 'hgt' | 'ascii-grid';
  grid: ElevationGrid;
}

/** Cells beyond this are refused in one file or one merged model (a 1″ SRTM tile is 13 M). */
export const MAX_DEM_CELLS = 120_000_000;

/** An extent in a grid's CRS. */
export interface Extent {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function gridExtent(g: ElevationGrid): Extent {
  return {
    minX: g.originX,
    maxX: g.originX + g.width * g.cellSizeX,
    maxY: g.originY,
    minY: g.originY - g.height * g.cellSizeY,
  };
}

/**
 * Bilinear height at (x, y) in the grid's CRS between the four nearest cell centres, clamped at the
 * edges. Where one of the four is void, the nearest cell's value (NaN when that is void too).
 */
export function sampleBilinear(g: ElevationGrid, x: number, y: number): number {
  const fx = Math.min(Math.max((x - g.originX) / g.cellSizeX - 0.5, 0), g.width - 1);
  const fy = Math.min(Math.max((g.originY - y) / g.cellSizeY - 0.5, 0), g.height - 1);
  const c0 = Math.floor(fx);
  const r0 = Math.floor(fy);
  const c1 = Math.min(c0 + 1, g.width - 1);
  const r1 = Math.min(r0 + 1, g.height - 1);
  const tx = fx - c0;
  const ty = fy - r0;
  const h = g.heightsM;
  const a = h[r0 * g.width + c0];
  const b = h[r0 * g.width + c1];
  const c = h[r1 * g.width + c0];
  const d = h[r1 * g.width + c1];
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(c) || Number.isNaN(d)) {
    const col = tx < 0.5 ? c0 : c1;
    const row = ty < 0.5 ? r0 : r1;
    return h[row * g.width + col];
  }
  return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
}

/** Lowest and highest height of the grid, NaN cells skipped ([NaN, NaN] when every cell is void). */
export function heightRange(heightsM: Float32Array): [minM: number, maxM: number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < heightsM.length; i++) {
    const v = heightsM[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [Number.NaN, Number.NaN];
}

/** True for the CRS a DEM may be in: EPSG:4326 or WGS84/UTM north (326zz) or south (327zz). */
export function isSupportedDemEpsg(epsg: number): boolean {
  return epsg === 4326 || (epsg >= 32601 && epsg <= 32660) || (epsg >= 32701 && epsg <= 32760);
}
