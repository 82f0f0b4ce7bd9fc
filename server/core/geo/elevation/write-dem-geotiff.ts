import { deflateSync } from 'node:zlib';
import type { ElevationGrid } from './elevation-grid.ts';

export interface DemGeoTiffOptions {
  /** Int16 (whole metres, rounded) or Float32 samples. */
  sampleType: 'int16' | 'float32';
  /** Tiles of this many pixels square (a multiple of 16), or strips when absent. */
  tileSizePx?: number;
  /** Deflate each strip or tile (TIFF compression 8). */
  deflate?: boolean;
  /** Written for NaN cells and in the GDAL_NODATA tag; absent = NaN cells are refused. */
  noData?: number;
}

const SHORT = 3;
const LONG = 4;
const ASCII = 2;
const DOUBLE = 12;
const TYPE_BYTES: Record<number, number> = { [ASCII]: 1, [SHORT]: 2, [LONG]: 4, [DOUBLE]: 8 };

interface Field {
  tag: number;
  type: number;
  values: number[] | string;
}

/**
 * A DEM grid as a little-endian GeoTIFF (pixel-is-area, EPSG from GeoKeys: geographic 4326 or
 * projected WGS84/UTM), striped or tiled, optionally deflated: what the demo data ships and what
 * the DEM import's tests read back.
 */
export function writeDemGeoTiff(grid: ElevationGrid, options: DemGeoTiffOptions): Uint8Array {
  const { width, height } = grid;
  const bytesPerSample = options.sampleType === 'int16' ? 2 : 4;
  const tile = options.tileSizePx;
  if (tile !== undefined && (tile <= 0 || tile % 16 !== 0))
    throw new RangeError(`tileSizePx must be a positive multiple of 16, got ${tile}`);
  const blockW = tile ?? width;
  const blockH = tile ?? Math.max(1, Math.min(height, Math.floor(65536 / (width * bytesPerSample))));
  const across = Math.ceil(width / blockW);
  const down = Math.ceil(height / blockH);
  const blocks: Uint8Array[] = [];
  for (let by = 0; by < down; by++) {
    for (let bx = 0; bx < across; bx++) {
      const rows = tile ? blockH : Math.min(blockH, height - by * blockH);
      const raw = new Uint8Array(blockW * rows * bytesPerSample);
      const view = new DataView(raw.buffer);
      for (let r = 0; r < rows; r++) {
        const row = by * blockH + r;
        for (let c = 0; c < blockW; c++) {
          const col = bx * blockW + c;
          let v = row < height && col < width ? grid.heightsM[row * width + col] : (options.noData ?? 0);
          if (Number.isNaN(v)) {
            if (options.noData === undefined) throw new RangeError(`cell (${col}, ${row}) is NaN and no noData value is given`);
            v = options.noData;
          }
          const at = (r * blockW + c) * bytesPerSample;
          if (bytesPerSample === 2) view.setInt16(at, Math.max(-32768, Math.min(32767, Math.round(v))), true);
          else view.setFloat32(at, v, true);
        }
      }
      blocks.push(options.deflate ? new Uint8Array(deflateSync(raw)) : raw);
    }
  }
  const projected = grid.epsg !== 4326;
  const geoKeys = [1, 1, 0, 3, 1024, 0, 1, projected ? 1 : 2, 1025, 0, 1, 1, projected ? 3072 : 2048, 0, 1, grid.epsg];
  const offsets: number[] = [];
  let offset = 8;
  for (const b of blocks) {
    offsets.push(offset);
    offset += b.length + (b.length % 2);
  }
  const fields: Field[] = [
    { tag: 256, type: LONG, values: [width] },
    { tag: 257, type: LONG, values: [height] },
    { tag: 258, type: SHORT, values: [bytesPerSample * 8] },
    { tag: 259, type: SHORT, values: [options.deflate ? 8 : 1] },
    { tag: 262, type: SHORT, values: [1] },
    ...(tile
      ? []
      : [
          { tag: 273, type: LONG, values: offsets },
          { tag: 278, type: LONG, values: [blockH] },
          { tag: 279, type: LONG, values: blocks.map((b) => b.length) },
        ]),
    { tag: 277, type: SHORT, values: [1] },
    { tag: 284, type: SHORT, values: [1] },
    ...(tile
      ? [
          { tag: 322, type: SHORT, values: [tile] },
          { tag: 323, type: SHORT, values: [tile] },
          { tag: 324, type: LONG, values: offsets },
          { tag: 325, type: LONG, values: blocks.map((b) => b.length) },
        ]
      : []),
    { tag: 339, type: SHORT, values: [bytesPerSample === 2 ? 2 : 3] },
    { tag: 33550, type: DOUBLE, values: [grid.cellSizeX, grid.cellSizeY, 0] },
    { tag: 33922, type: DOUBLE, values: [0, 0, 0, grid.originX, grid.originY, 0] },
    { tag: 34735, type: SHORT, values: geoKeys },
    ...(options.noData === undefined ? [] : [{ tag: 42113, type: ASCII, values: String(options.noData) }]),
  ];
  fields.sort((a, b) => a.tag - b.tag);
  const ifdOffset = offset;
  const ifdBytes = 2 + fields.length * 12 + 4;
  let extra = ifdOffset + ifdBytes;
  const extraAt = fields.map((f) => {
    const n = typeof f.values === 'string' ? f.values.length + 1 : f.values.length;
    const size = n * TYPE_BYTES[f.type];
    if (size <= 4) return -1;
    const at = extra;
    extra += size + (size % 2);
    return at;
  });
  const out = new Uint8Array(extra);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  view.setUint32(4, ifdOffset, true);
  blocks.forEach((b, k) => out.set(b, offsets[k]));
  view.setUint16(ifdOffset, fields.length, true);
  fields.forEach((f, k) => {
    const entry = ifdOffset + 2 + k * 12;
    const n = typeof f.values === 'string' ? f.values.length + 1 : f.values.length;
    view.setUint16(entry, f.tag, true);
    view.setUint16(entry + 2, f.type, true);
    view.setUint32(entry + 4, n, true);
    const at = extraAt[k] < 0 ? entry + 8 : extraAt[k];
    if (extraAt[k] >= 0) view.setUint32(entry + 8, at, true);
    if (typeof f.values === 'string') {
      for (let i = 0; i < f.values.length; i++) out[at + i] = f.values.charCodeAt(i);
      out[at + f.values.length] = 0;
    } else {
      f.values.forEach((v, i) => {
        if (f.type === SHORT) view.setUint16(at + 2 * i, v, true);
        else if (f.type === LONG) view.setUint32(at + 4 * i, v, true);
        else view.setFloat64(at + 8 * i, v, true);
      });
    }
  });
  view.setUint32(ifdOffset + 2 + fields.length * 12, 0, true);
  return out;
}
