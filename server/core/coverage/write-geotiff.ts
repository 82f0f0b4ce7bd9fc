import type { CoverageRaster } from './coverage-raster.ts';
import type { PreparedArea } from './prepared-area.ts';

/** Value written where there is no signal or the pixel is outside the boundary. */
export const GEOTIFF_NODATA = -9999;

// TIFF 6.0 field types and tags; GeoTIFF 1.0 tags and keys (OGC 19-008r4).
const SHORT = 3;
const LONG = 4;
const ASCII = 2;
const DOUBLE = 12;
const TYPE_BYTES: Record<number, number> = { [ASCII]: 1, [SHORT]: 2, [LONG]: 4, [DOUBLE]: 8 };

export const TAG = {
  imageWidth: 256,
  imageLength: 257,
  bitsPerSample: 258,
  compression: 259,
  photometric: 262,
  stripOffsets: 273,
  samplesPerPixel: 277,
  rowsPerStrip: 278,
  stripByteCounts: 279,
  planarConfiguration: 284,
  sampleFormat: 339,
  modelPixelScale: 33550,
  modelTiepoint: 33922,
  geoKeyDirectory: 34735,
  gdalNodata: 42113,
} as const;

export const GEO_KEY = { modelType: 1024, rasterType: 1025, projectedCrs: 3072 } as const;
const MODEL_TYPE_PROJECTED = 1;
const RASTER_PIXEL_IS_AREA = 1;
const SAMPLE_FORMAT_FLOAT = 3;
const STRIP_TARGET_BYTES = 64 * 1024;

interface Field {
  tag: number;
  type: number;
  values: number[] | string;
}

function fieldCount(f: Field): number {
  return typeof f.values === 'string' ? f.values.length + 1 : f.values.length;
}

function writeValues(view: DataView, offset: number, f: Field): void {
  if (typeof f.values === 'string') {
    for (let k = 0; k < f.values.length; k++) view.setUint8(offset + k, f.values.charCodeAt(k));
    view.setUint8(offset + f.values.length, 0);
    return;
  }
  f.values.forEach((v, k) => {
    if (f.type === SHORT) view.setUint16(offset + 2 * k, v, true);
    else if (f.type === LONG) view.setUint32(offset + 4 * k, v, true);
    else view.setFloat64(offset + 8 * k, v, true);
  });
}

function stripLayout(width: number, height: number): { rowsPerStrip: number; strips: number; rowBytes: number } {
  const rowBytes = width * 4;
  const rowsPerStrip = Math.max(1, Math.min(height, Math.floor(STRIP_TARGET_BYTES / rowBytes)));
  return { rowsPerStrip, strips: Math.ceil(height / rowsPerStrip), rowBytes };
}

function fields(prepared: PreparedArea, rowsPerStrip: number, stripOffsets: number[], stripBytes: number[]): Field[] {
  const { width, height, resolutionM, originX, originY, epsg } = prepared.grid;
  return [
    { tag: TAG.imageWidth, type: LONG, values: [width] },
    { tag: TAG.imageLength, type: LONG, values: [height] },
    { tag: TAG.bitsPerSample, type: SHORT, values: [32] },
    { tag: TAG.compression, type: SHORT, values: [1] },
    { tag: TAG.photometric, type: SHORT, values: [1] },
    { tag: TAG.stripOffsets, type: LONG, values: stripOffsets },
    { tag: TAG.samplesPerPixel, type: SHORT, values: [1] },
    { tag: TAG.rowsPerStrip, type: LONG, values: [rowsPerStrip] },
    { tag: TAG.stripByteCounts, type: LONG, values: stripBytes },
    { tag: TAG.planarConfiguration, type: SHORT, values: [1] },
    { tag: TAG.sampleFormat, type: SHORT, values: [SAMPLE_FORMAT_FLOAT] },
    { tag: TAG.modelPixelScale, type: DOUBLE, values: [resolutionM, resolutionM, 0] },
    { tag: TAG.modelTiepoint, type: DOUBLE, values: [0, 0, 0, originX, originY, 0] },
    {
      tag: TAG.geoKeyDirectory,
      type: SHORT,
      values: [
        1,
        1,
        0,
        3,
        GEO_KEY.modelType,
        0,
        1,
        MODEL_TYPE_PROJECTED,
        GEO_KEY.rasterType,
        0,
        1,
        RASTER_PIXEL_IS_AREA,
        GEO_KEY.projectedCrs,
        0,
        1,
        epsg,
      ],
    },
    { tag: TAG.gdalNodata, type: ASCII, values: String(GEOTIFF_NODATA) },
  ];
}

/**
 * The best-server level raster as a GeoTIFF (little-endian, uncompressed Float32 strips, dBm),
 * georeferenced by ModelPixelScale + ModelTiepoint (north-west corner, PixelIsArea) and a
 * GeoKeyDirectory naming the grid's WGS84/UTM EPSG code; no-signal and outside-boundary pixels
 * carry GDAL_NODATA = -9999. Layout per TIFF 6.0 and OGC GeoTIFF 1.1 (OGC 19-008r4).
 */
export function writeGeoTiff(prepared: PreparedArea, raster: CoverageRaster): Buffer {
  const { width, height } = prepared.grid;
  const { rowsPerStrip, strips, rowBytes } = stripLayout(width, height);
  const draft = fields(prepared, rowsPerStrip, new Array(strips).fill(0), new Array(strips).fill(0));
  const ifdBytes = 2 + draft.length * 12 + 4;
  let cursor = 8 + ifdBytes;
  const extraOffsets = draft.map((f) => {
    const bytes = fieldCount(f) * TYPE_BYTES[f.type];
    if (bytes <= 4) return 0;
    const at = cursor;
    cursor += bytes + (bytes % 2);
    return at;
  });
  const dataStart = cursor + (cursor % 4 === 0 ? 0 : 4 - (cursor % 4));
  const stripOffsets: number[] = [];
  const stripBytes: number[] = [];
  for (let s = 0; s < strips; s++) {
    const rows = Math.min(rowsPerStrip, height - s * rowsPerStrip);
    stripOffsets.push(dataStart + s * rowsPerStrip * rowBytes);
    stripBytes.push(rows * rowBytes);
  }
  const all = fields(prepared, rowsPerStrip, stripOffsets, stripBytes);
  const buffer = Buffer.alloc(dataStart + height * rowBytes);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  buffer.write('II', 0, 'latin1');
  view.setUint16(2, 42, true);
  view.setUint32(4, 8, true);
  view.setUint16(8, all.length, true);
  all.forEach((f, k) => {
    const entry = 10 + k * 12;
    view.setUint16(entry, f.tag, true);
    view.setUint16(entry + 2, f.type, true);
    view.setUint32(entry + 4, fieldCount(f), true);
    writeValues(view, extraOffsets[k] === 0 ? entry + 8 : extraOffsets[k], f);
    if (extraOffsets[k] !== 0) view.setUint32(entry + 8, extraOffsets[k], true);
  });
  view.setUint32(10 + all.length * 12, 0, true);
  for (let i = 0; i < width * height; i++) {
    const level = raster.levelDbm[i];
    const noData = prepared.mask[i] === 0 || raster.bestCell[i] < 0 || !Number.isFinite(level);
    view.setFloat32(dataStart + i * 4, noData ? GEOTIFF_NODATA : level, true);
  }
  return buffer;
}
