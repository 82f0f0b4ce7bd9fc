import { DemError } from './dem-errors.ts';
import type { ElevationGrid } from './elevation-grid.ts';

/** SRTM void marker. */
export const HGT_VOID = -32768;

/**
 * The south-west corner of an SRTM tile from its name (N46E124.hgt, s01w075.hgt; a path or a
 * suffix such as .SRTMGL1 may surround it), or null.
 */
export function hgtCorner(name: string): { lat: number; lon: number } | null {
  const m = /([NS])(\d{1,2})([EW])(\d{1,3})(?![\d])/i.exec(name.split(/[\\/]/).pop() ?? name);
  if (!m) return null;
  const lat = Number(m[2]) * (m[1].toUpperCase() === 'S' ? -1 : 1);
  const lon = Number(m[4]) * (m[3].toUpperCase() === 'W' ? -1 : 1);
  if (lat < -90 || lat >= 90 || lon < -180 || lon >= 180) return null;
  return { lat, lon };
}

/**
 * An SRTM .hgt tile: 3601² (1″) or 1201² (3″) big-endian Int16 samples, −32768 void, row 0 at the
 * northern edge; samples sit on whole-second points from the SW corner the name gives, so the tile's
 * first and last rows and columns lie on its edges (cells extend half a sample beyond them).
 */
export function readHgt(bytes: Uint8Array, name: string): ElevationGrid {
  const corner = hgtCorner(name);
  if (!corner) throw new DemError('malformed-dem', name, 'an SRTM .hgt file must be named after its south-west corner, e.g. N46E124.hgt');
  const side = bytes.length === 3601 * 3601 * 2 ? 3601 : bytes.length === 1201 * 1201 * 2 ? 1201 : 0;
  if (side === 0) {
    throw new DemError(
      'malformed-dem',
      name,
      `an SRTM .hgt file holds 3601×3601 (1″) or 1201×1201 (3″) 2-byte samples (${3601 * 3601 * 2} or ${1201 * 1201 * 2} bytes), got ${bytes.length} bytes`,
    );
  }
  const step = 1 / (side - 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const heightsM = new Float32Array(side * side);
  for (let i = 0; i < heightsM.length; i++) {
    const v = view.getInt16(2 * i, false);
    heightsM[i] = v === HGT_VOID ? Number.NaN : v;
  }
  return {
    epsg: 4326,
    originX: corner.lon - step / 2,
    originY: corner.lat + 1 + step / 2,
    cellSizeX: step,
    cellSizeY: step,
    width: side,
    height: side,
    heightsM,
  };
}
