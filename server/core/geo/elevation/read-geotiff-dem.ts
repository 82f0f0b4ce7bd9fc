import { inflateSync } from 'node:zlib';
import { fromArrayBuffer, type GeoTIFFImage } from 'geotiff';
import { DemError } from './dem-errors.ts';
import { type ElevationGrid, isSupportedDemEpsg, MAX_DEM_CELLS } from './elevation-grid.ts';

const COMPRESSION_NONE = 1;
const COMPRESSION_LZW = 5;
const COMPRESSION_DEFLATE = 8;
const COMPRESSION_DEFLATE_OLD = 32946;
/**
 * Uncompressed or deflate only: each deflate block is inflated once with a cap before the decoder
 * sees it; the decoders of other schemes (LZW among them) have no output cap, so a crafted block
 * could exhaust memory: they are refused with the command that converts the file.
 */
const ACCEPTED_COMPRESSION = new Set([COMPRESSION_NONE, COMPRESSION_DEFLATE, COMPRESSION_DEFLATE_OLD]);
const MODEL_TYPE_PROJECTED = 1;
const MODEL_TYPE_GEOGRAPHIC = 2;
const RASTER_PIXEL_IS_POINT = 2;
const SAMPLE_UINT = 1;
const SAMPLE_INT = 2;
const SAMPLE_FLOAT = 3;

export interface GeoTiffDemLimits {
  /** Bytes the file's first band may decode to (the import limit on inflated bytes). */
  maxExpandedBytes: number;
}

/** The EPSG code of the image from its GeoKeys: 4326 or WGS84/UTM, else a DemError naming what it found. */
function imageEpsg(image: GeoTIFFImage, name: string): number {
  const keys = image.getGeoKeys() ?? {};
  const modelType = keys.GTModelTypeGeoKey as number | undefined;
  const projected = keys.ProjectedCSTypeGeoKey as number | undefined;
  const geographic = keys.GeographicTypeGeoKey as number | undefined;
  if (modelType === MODEL_TYPE_PROJECTED || (modelType === undefined && projected !== undefined)) {
    if (projected !== undefined && isSupportedDemEpsg(projected) && projected !== 4326) return projected;
    throw new DemError(
      'unsupported-dem',
      name,
      `projected CRS ${projected === undefined ? '(no ProjectedCSTypeGeoKey)' : `EPSG:${projected}`} is not supported: reproject to EPSG:4326 or WGS84/UTM (326zz/327zz), e.g. gdalwarp -t_srs EPSG:4326`,
    );
  }
  if (modelType === MODEL_TYPE_GEOGRAPHIC || geographic !== undefined) {
    if (geographic === undefined || geographic === 4326) return 4326;
    throw new DemError('unsupported-dem', name, `geographic CRS EPSG:${geographic} is not supported: reproject to EPSG:4326 (WGS84)`);
  }
  throw new DemError('unsupported-dem', name, 'the GeoTIFF has no GeoKeys naming its CRS (EPSG:4326 or WGS84/UTM expected)');
}

/**
 * Refuse a deflate block that inflates beyond what its tile or strip can hold, before the decoder
 * (which has no output cap) inflates it: a compressed bomb answers as a file too large.
 */
async function checkDeflateBlocks(image: GeoTIFFImage, bytes: Uint8Array, name: string, blockBytes: number): Promise<void> {
  const dir = image.fileDirectory;
  const tiled = dir.hasTag('TileOffsets');
  const offsets = (await dir.loadValue(tiled ? 'TileOffsets' : 'StripOffsets')) as ArrayLike<number> | undefined;
  const counts = (await dir.loadValue(tiled ? 'TileByteCounts' : 'StripByteCounts')) as ArrayLike<number> | undefined;
  if (!offsets || !counts || offsets.length !== counts.length)
    throw new DemError('malformed-dem', name, 'the GeoTIFF has no block offsets');
  for (let i = 0; i < offsets.length; i++) {
    const start = Number(offsets[i]);
    const end = start + Number(counts[i]);
    if (end > bytes.length) throw new DemError('malformed-dem', name, `block ${i} ends past the end of the file`);
    try {
      inflateSync(bytes.subarray(start, end), { maxOutputLength: Math.max(blockBytes, 1) });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new DemError('dem-too-large', name, `block ${i} inflates beyond the ${blockBytes} bytes of its tile or strip`);
      }
      throw new DemError('malformed-dem', name, `block ${i} is not valid deflate data`);
    }
  }
}

/**
 * The first band of a GeoTIFF DEM: striped or tiled, uncompressed or deflate, Int16/UInt16/
 * Int32/Float32/Float64 samples; CRS EPSG:4326 or WGS84/UTM from its GeoKeys; GDAL_NODATA cells
 * (and non-finite ones) become NaN; PixelIsPoint rasters are moved half a cell to cell centres.
 */
export async function readGeoTiffDem(bytes: Uint8Array, name: string, limits: GeoTiffDemLimits): Promise<ElevationGrid> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let image: GeoTIFFImage;
  try {
    image = await (await fromArrayBuffer(buffer)).getImage(0);
  } catch (err) {
    throw new DemError('malformed-dem', name, `not a readable GeoTIFF (${(err as Error).message})`);
  }
  const width = image.getWidth();
  const height = image.getHeight();
  if (!(width >= 2 && height >= 2)) throw new DemError('malformed-dem', name, `a DEM needs at least 2×2 cells, got ${width}×${height}`);
  if (width * height > MAX_DEM_CELLS) throw new DemError('dem-too-large', name, `${width}×${height} cells exceed ${MAX_DEM_CELLS} cells`);
  const bits = image.getBitsPerSample(0);
  const format = image.getSampleFormat(0);
  const sampleOk =
    (format === SAMPLE_INT && (bits === 16 || bits === 32)) ||
    (format === SAMPLE_UINT && bits === 16) ||
    (format === SAMPLE_FLOAT && (bits === 32 || bits === 64));
  if (!sampleOk) {
    throw new DemError(
      'unsupported-dem',
      name,
      `samples of ${bits} bits, format ${format}: Int16, UInt16, Int32, Float32 or Float64 expected`,
    );
  }
  const samples = image.getSamplesPerPixel();
  const decodedBytes = width * height * samples * (bits / 8);
  if (decodedBytes > limits.maxExpandedBytes) {
    throw new DemError('dem-too-large', name, `decodes to ${decodedBytes} bytes, beyond the limit of ${limits.maxExpandedBytes} bytes`);
  }
  const compression = (image.fileDirectory.getValue('Compression') as number | undefined) ?? COMPRESSION_NONE;
  if (!ACCEPTED_COMPRESSION.has(compression)) {
    throw new DemError(
      'unsupported-dem',
      name,
      `${compression === COMPRESSION_LZW ? 'LZW compression' : `compression ${compression}`} is not supported: uncompressed or deflate expected ` +
        '(gdal_translate -co COMPRESS=DEFLATE in.tif out.tif converts it)',
    );
  }
  const epsg = imageEpsg(image, name);
  let origin: number[];
  let resolution: number[];
  try {
    origin = image.getOrigin();
    resolution = image.getResolution();
  } catch {
    throw new DemError('malformed-dem', name, 'the GeoTIFF has no georeference (ModelTiepoint and ModelPixelScale)');
  }
  const transform = image.fileDirectory.getValue('ModelTransformation') as number[] | undefined;
  if (transform && (transform[1] !== 0 || transform[4] !== 0))
    throw new DemError('unsupported-dem', name, 'rotated rasters are not supported');
  const tie = image.fileDirectory.getValue('ModelTiepoint') as number[] | undefined;
  const cellSizeX = resolution[0];
  const cellSizeY = -resolution[1];
  if (!(cellSizeX > 0) || !(cellSizeY > 0))
    throw new DemError('unsupported-dem', name, 'only north-up rasters (positive x and y scale) are supported');
  let originX = origin[0] - (tie ? tie[0] : 0) * cellSizeX;
  let originY = origin[1] + (tie ? tie[1] : 0) * cellSizeY;
  if ((image.getGeoKeys()?.GTRasterTypeGeoKey as number | undefined) === RASTER_PIXEL_IS_POINT) {
    originX -= cellSizeX / 2;
    originY += cellSizeY / 2;
  }
  if (compression === COMPRESSION_DEFLATE || compression === COMPRESSION_DEFLATE_OLD) {
    const blockBytes = image.getTileWidth() * image.getTileHeight() * samples * (bits / 8);
    await checkDeflateBlocks(image, bytes, name, blockBytes);
  }
  let raster: ArrayLike<number>;
  try {
    raster = (await image.readRasters({ samples: [0] }))[0] as ArrayLike<number>;
  } catch (err) {
    throw new DemError('malformed-dem', name, `the raster cannot be decoded (${(err as Error).message})`);
  }
  const noData = image.getGDALNoData() ?? Number.NaN;
  // A Float32 raster holds the no-data value rounded to single precision.
  const noData32 = Math.fround(noData);
  const heightsM = new Float32Array(width * height);
  for (let i = 0; i < heightsM.length; i++) {
    const v = raster[i];
    heightsM[i] = v === noData || v === noData32 || !Number.isFinite(v) ? Number.NaN : v;
  }
  return { epsg, originX, originY, cellSizeX, cellSizeY, width, height, heightsM };
}
