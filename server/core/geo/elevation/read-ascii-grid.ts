import { DemError } from './dem-errors.ts';
import { type ElevationGrid, MAX_DEM_CELLS } from './elevation-grid.ts';

const HEADER_KEYS = ['ncols', 'nrows', 'xllcorner', 'xllcenter', 'yllcorner', 'yllcenter', 'cellsize', 'dx', 'dy', 'nodata_value'];

/**
 * An ESRI ASCII grid (.asc): a header of ncols, nrows, xllcorner|xllcenter, yllcorner|yllcenter,
 * cellsize (or dx and dy), optional NODATA_value, then nrows lines of ncols numbers from the north.
 * The CRS is not in the file: `epsg` gives it (4326 or a WGS84/UTM code, e.g. from a .prj).
 */
export function readAsciiGrid(text: string, name: string, epsg: number): ElevationGrid {
  const header = new Map<string, number>();
  let pos = 0;
  for (;;) {
    const end = text.indexOf('\n', pos);
    const line = text.slice(pos, end < 0 ? text.length : end).trim();
    const m = /^([A-Za-z_]+)\s+(\S+)$/.exec(line);
    if (!m || !HEADER_KEYS.includes(m[1].toLowerCase())) break;
    const value = Number(m[2]);
    if (!Number.isFinite(value)) throw new DemError('malformed-dem', name, `header ${m[1]}: not a number: ${m[2]}`);
    header.set(m[1].toLowerCase(), value);
    if (end < 0) {
      pos = text.length;
      break;
    }
    pos = end + 1;
  }
  const need = (key: string): number => {
    const v = header.get(key);
    if (v === undefined) throw new DemError('malformed-dem', name, `the ESRI ASCII grid header has no ${key}`);
    return v;
  };
  const width = need('ncols');
  const height = need('nrows');
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 2 || height < 2) {
    throw new DemError('malformed-dem', name, `ncols and nrows must be whole numbers of at least 2, got ${width} and ${height}`);
  }
  if (width * height > MAX_DEM_CELLS) {
    throw new DemError('dem-too-large', name, `${width}×${height} cells exceed ${MAX_DEM_CELLS} cells`);
  }
  const cellSizeX = header.get('cellsize') ?? need('dx');
  const cellSizeY = header.get('cellsize') ?? need('dy');
  if (!(cellSizeX > 0) || !(cellSizeY > 0)) throw new DemError('malformed-dem', name, 'cellsize must be positive');
  const centred = header.has('xllcenter');
  const xll = centred ? need('xllcenter') : need('xllcorner');
  const yll = header.has('yllcenter') ? need('yllcenter') : need('yllcorner');
  const originX = centred ? xll - cellSizeX / 2 : xll;
  const south = header.has('yllcenter') ? yll - cellSizeY / 2 : yll;
  const noData = header.get('nodata_value');
  const heightsM = new Float32Array(width * height);
  let n = 0;
  const body = text.slice(pos);
  const re = /\S+/g;
  for (let m = re.exec(body); m !== null; m = re.exec(body)) {
    if (n >= heightsM.length) throw new DemError('malformed-dem', name, `more than ncols × nrows = ${heightsM.length} values`);
    const v = Number(m[0]);
    if (!Number.isFinite(v)) {
      const row = Math.floor(n / width) + 1;
      throw new DemError('malformed-dem', name, `row ${row} of the grid, column ${(n % width) + 1}: not a number: ${m[0].slice(0, 40)}`);
    }
    heightsM[n++] = v === noData ? Number.NaN : v;
  }
  if (n !== heightsM.length) throw new DemError('malformed-dem', name, `${n} values, expected ncols × nrows = ${heightsM.length}`);
  return { epsg, originX, originY: south + height * cellSizeY, cellSizeX, cellSizeY, width, height, heightsM };
}
