import { deflateSync } from 'node:zlib';
import { writeArrayBuffer } from 'geotiff';
import { describe, expect, it } from 'vitest';
import { DemError } from '../../../../server/core/geo/elevation/dem-errors.ts';
import { type ElevationGrid, sampleBilinear } from '../../../../server/core/geo/elevation/elevation-grid.ts';
import { mosaicDem, fillVoids } from '../../../../server/core/geo/elevation/mosaic.ts';
import { readAsciiGrid } from '../../../../server/core/geo/elevation/read-ascii-grid.ts';
import { epsgFromPrj, readDemFiles } from '../../../../server/core/geo/elevation/read-dem.ts';
import { readGeoTiffDem } from '../../../../server/core/geo/elevation/read-geotiff-dem.ts';
import { hgtCorner, readHgt } from '../../../../server/core/geo/elevation/read-hgt.ts';
import { writeDemGeoTiff } from '../../../../server/core/geo/elevation/write-dem-geotiff.ts';

const LIMITS = { maxExpandedBytes: 64 * 1024 * 1024 };

/** A 3″ .hgt tile whose sample (col, row) is 100 + col + 2·row, with one void. */
function hgtTile(voidAt?: [number, number]): Uint8Array {
  const side = 1201;
  const bytes = new Uint8Array(side * side * 2);
  const view = new DataView(bytes.buffer);
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) view.setInt16(2 * (row * side + col), 100 + (col % 50) + 2 * (row % 50), false);
  }
  if (voidAt) view.setInt16(2 * (voidAt[1] * side + voidAt[0]), -32768, false);
  return bytes;
}

async function expectDemError(p: Promise<unknown> | (() => unknown), code: string, text: RegExp): Promise<void> {
  let caught: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(DemError);
  expect((caught as DemError).code).toBe(code);
  expect((caught as DemError).message).toMatch(text);
}

describe('SRTM .hgt', () => {
  it('reads the corner from the name', () => {
    expect(hgtCorner('N46E124.hgt')).toEqual({ lat: 46, lon: 124 });
    expect(hgtCorner('tiles/s01w075.SRTMGL1.hgt')).toEqual({ lat: -1, lon: -75 });
    expect(hgtCorner('dem.hgt')).toBeNull();
  });

  it('places big-endian samples on whole seconds from the south-west corner, voids as NaN', () => {
    const g = readHgt(hgtTile([3, 4]), 'N46E124.hgt');
    expect(g.width).toBe(1201);
    expect(g.cellSizeX).toBeCloseTo(1 / 1200, 12);
    // Sample (0, 0) is at the north-west corner point 124°E 47°N: the cell is centred on it.
    expect(g.originX).toBeCloseTo(124 - 0.5 / 1200, 12);
    expect(g.originY).toBeCloseTo(47 + 0.5 / 1200, 12);
    expect(g.heightsM[0]).toBe(100);
    expect(g.heightsM[1201 * 2 + 5]).toBe(100 + 5 + 4);
    expect(Number.isNaN(g.heightsM[4 * 1201 + 3])).toBe(true);
    // Half way between samples (5, 2) and (6, 2): bilinear.
    expect(sampleBilinear(g, 124 + 5.5 / 1200, 47 - 2 / 1200)).toBeCloseTo(100 + 5.5 + 4, 4);
  });

  it('refuses a file of the wrong size or name, naming it', async () => {
    await expectDemError(() => readHgt(new Uint8Array(1000), 'N46E124.hgt'), 'malformed-dem', /N46E124\.hgt: .*1201×1201.*got 1000 bytes/);
    await expectDemError(() => readHgt(hgtTile(), 'dem.hgt'), 'malformed-dem', /dem\.hgt: .*south-west corner/);
  });
});

describe('ESRI ASCII grid', () => {
  const text = [
    'ncols 3',
    'nrows 2',
    'xllcorner 500000',
    'yllcorner 5100000',
    'cellsize 30',
    'NODATA_value -9999',
    '1 2 3',
    '4 -9999 6',
  ].join('\n');

  it('reads the header, rows from the north and no-data', () => {
    const g = readAsciiGrid(text, 'a.asc', 32651);
    expect(g).toMatchObject({ epsg: 32651, originX: 500000, originY: 5100060, cellSizeX: 30, width: 3, height: 2 });
    expect(Array.from(g.heightsM.slice(0, 4))).toEqual([1, 2, 3, 4]);
    expect(Number.isNaN(g.heightsM[4])).toBe(true);
  });

  it('takes xllcenter as the centre of the south-west cell', () => {
    const g = readAsciiGrid(text.replace('xllcorner', 'xllcenter').replace('yllcorner', 'yllcenter'), 'a.asc', 32651);
    expect(g.originX).toBe(499985);
    expect(g.originY).toBe(5100045);
  });

  it('names the row and column of a bad value and counts missing values', async () => {
    await expectDemError(
      () => readAsciiGrid(text.replace('6', 'x6'), 'a.asc', 32651),
      'malformed-dem',
      /a\.asc: row 2 .*column 3: not a number: x6/,
    );
    await expectDemError(
      () => readAsciiGrid(text.replace(' 6', ''), 'a.asc', 32651),
      'malformed-dem',
      /5 values, expected ncols × nrows = 6/,
    );
    await expectDemError(() => readAsciiGrid('nrows 2\n1 2', 'b.asc', 4326), 'malformed-dem', /b\.asc: .*no ncols/);
  });

  it('reads the CRS from a .prj beside it', async () => {
    expect(epsgFromPrj('PROJCS["WGS_1984_UTM_Zone_51N",GEOGCS["GCS_WGS_1984"]]')).toBe(32651);
    expect(epsgFromPrj('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]')).toBe(4326);
    const enc = new TextEncoder();
    const [utm] = await readDemFiles(
      [
        { name: 'a.asc', bytes: enc.encode(text) },
        { name: 'a.prj', bytes: enc.encode('PROJCS["WGS 84 / UTM zone 52N",GEOGCS["WGS 84"]]') },
      ],
      { ...LIMITS, areaLonLat: [125, 46] },
    );
    expect(utm.grid.epsg).toBe(32652);
    // Without a .prj, metres are taken in the area's UTM zone.
    const [guessed] = await readDemFiles([{ name: 'a.asc', bytes: enc.encode(text) }], { ...LIMITS, areaLonLat: [125, 46] });
    expect(guessed.grid.epsg).toBe(32651);
  });
});

function rampGrid(epsg: number, originX: number, originY: number, cell: number, width: number, height: number): ElevationGrid {
  const heightsM = new Float32Array(width * height);
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) heightsM[r * width + c] = 140 + c * 0.5 - r * 0.25;
  return { epsg, originX, originY, cellSizeX: cell, cellSizeY: cell, width, height, heightsM };
}

describe('GeoTIFF', () => {
  it('reads a striped Float32 EPSG:4326 file written by geotiff (big-endian), with GDAL_NODATA', async () => {
    const values = Float32Array.from([150, 151.5, 152, -32768, 154, 155]);
    const bytes = writeArrayBuffer(values, {
      width: 3,
      height: 2,
      BitsPerSample: [32],
      SampleFormat: [3],
      ModelPixelScale: [0.001, 0.001, 0],
      ModelTiepoint: [0, 0, 0, 124.5, 46.6, 0],
      GeographicTypeGeoKey: 4326,
      GTModelTypeGeoKey: 2,
      GTRasterTypeGeoKey: 1,
      GDAL_NODATA: '-32768',
    });
    const g = await readGeoTiffDem(new Uint8Array(bytes), 'dem.tif', LIMITS);
    expect(g).toMatchObject({ epsg: 4326, width: 3, height: 2, originX: 124.5, originY: 46.6 });
    expect(g.cellSizeX).toBeCloseTo(0.001, 12);
    expect(Array.from(g.heightsM.slice(0, 3))).toEqual([150, 151.5, 152]);
    expect(Number.isNaN(g.heightsM[3])).toBe(true);
  });

  it('reads a tiled, deflated Float32 UTM file back to the same heights', async () => {
    const grid = rampGrid(32651, 600000, 5120000, 30, 70, 40);
    grid.heightsM[5] = Number.NaN;
    const bytes = writeDemGeoTiff(grid, { sampleType: 'float32', tileSizePx: 32, deflate: true, noData: -9999 });
    const g = await readGeoTiffDem(bytes, 'utm.tif', LIMITS);
    expect(g).toMatchObject({ epsg: 32651, width: 70, height: 40, originX: 600000, originY: 5120000, cellSizeX: 30 });
    expect(Number.isNaN(g.heightsM[5])).toBe(true);
    expect(g.heightsM[39 * 70 + 69]).toBe(grid.heightsM[39 * 70 + 69]);
    expect(g.heightsM[17 * 70 + 33]).toBe(grid.heightsM[17 * 70 + 33]);
  });

  it('refuses a file that decodes beyond the limit, and a deflated block larger than its tile', async () => {
    const grid = rampGrid(32651, 600000, 5120000, 30, 64, 64);
    const plain = writeDemGeoTiff(grid, { sampleType: 'int16' });
    await expectDemError(readGeoTiffDem(plain, 'big.tif', { maxExpandedBytes: 1000 }), 'dem-too-large', /big\.tif: decodes to 8192 bytes/);
    // A strip whose deflate stream inflates to 10 MB: patched into a valid file in place of its strip.
    const tiff = writeDemGeoTiff(grid, { sampleType: 'int16', deflate: true });
    const bomb = new Uint8Array(deflateSync(new Uint8Array(10 * 1024 * 1024)));
    const g = await readGeoTiffDem(tiff, 'ok.tif', LIMITS);
    expect(g.heightsM[0]).toBe(140);
    const patched = patchFirstBlock(tiff, bomb);
    await expectDemError(readGeoTiffDem(patched, 'bomb.tif', LIMITS), 'dem-too-large', /bomb\.tif: block 0 inflates beyond/);
  });

  it('refuses LZW, whose decoder has no output cap, naming the conversion', async () => {
    const tiff = writeDemGeoTiff(rampGrid(32651, 600000, 5120000, 30, 16, 16), { sampleType: 'int16' });
    const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
    const ifd = view.getUint32(4, true);
    for (let k = 0; k < view.getUint16(ifd, true); k++) {
      if (view.getUint16(ifd + 2 + 12 * k, true) === 259) view.setUint16(ifd + 2 + 12 * k + 8, 5, true);
    }
    await expectDemError(
      readGeoTiffDem(tiff, 'lzw.tif', LIMITS),
      'unsupported-dem',
      /lzw\.tif: LZW compression is not supported.*COMPRESS=DEFLATE/,
    );
  });

  it('refuses a CRS it cannot use, naming it', async () => {
    const grid = { ...rampGrid(3857, 0, 0, 30, 4, 4) };
    const bytes = writeDemGeoTiff(grid, { sampleType: 'int16' });
    await expectDemError(
      readGeoTiffDem(bytes, 'merc.tif', LIMITS),
      'unsupported-dem',
      /merc\.tif: projected CRS EPSG:3857 is not supported/,
    );
  });
});

/** The file with its first strip's bytes replaced by `block` (appended at the end, offset and count repointed). */
function patchFirstBlock(tiff: Uint8Array, block: Uint8Array): Uint8Array {
  const out = new Uint8Array(tiff.length + block.length);
  out.set(tiff);
  out.set(block, tiff.length);
  const view = new DataView(out.buffer);
  const ifd = view.getUint32(4, true);
  const n = view.getUint16(ifd, true);
  for (let k = 0; k < n; k++) {
    const e = ifd + 2 + 12 * k;
    const tag = view.getUint16(e, true);
    const count = view.getUint32(e + 4, true);
    const at = count === 1 ? e + 8 : view.getUint32(e + 8, true);
    if (tag === 273) view.setUint32(at, tiff.length, true);
    if (tag === 279) view.setUint32(at, block.length, true);
  }
  return out;
}

describe('mosaic and voids', () => {
  it('merges two adjacent tiles exactly and fills a void from its neighbours, counting it', () => {
    const west = readHgt(hgtTile([600, 600]), 'N46E124.hgt');
    const east = readHgt(hgtTile(), 'N46E125.hgt');
    const clip = { minX: 124.9, maxX: 125.1, minY: 46.4, maxY: 46.6 };
    const { grid, voidsFilled } = mosaicDem(
      [
        { name: 'N46E124.hgt', format: 'hgt', grid: west },
        { name: 'N46E125.hgt', format: 'hgt', grid: east },
      ],
      clip,
    );
    expect(voidsFilled).toBe(0);
    // A sample of each tile lands unchanged.
    expect(sampleBilinear(grid, 124.95, 46.5)).toBeCloseTo(sampleBilinear(west, 124.95, 46.5), 4);
    expect(sampleBilinear(grid, 125.05, 46.55)).toBeCloseTo(sampleBilinear(east, 125.05, 46.55), 4);
    const withVoid = mosaicDem([{ name: 'N46E124.hgt', format: 'hgt', grid: west }], {
      minX: 124.45,
      maxX: 124.55,
      minY: 46.45,
      maxY: 46.55,
    });
    expect(withVoid.voidsFilled).toBe(1);
    const voidValue = sampleBilinear(withVoid.grid, 124.5, 46.5);
    // Sample (600, 600) = 100 + 0 + 0: its neighbours are 149/99… → mean of 8 neighbours.
    const neighbours = [
      [-1, -1],
      [0, -1],
      [1, -1],
      [-1, 0],
      [1, 0],
      [-1, 1],
      [0, 1],
      [1, 1],
    ].map(([dc, dr]) => 100 + ((600 + dc) % 50) + 2 * ((600 + dr) % 50));
    expect(voidValue).toBeCloseTo(neighbours.reduce((a, b) => a + b) / 8, 4);
  });

  it('fills a large void ring by ring and reports cells left when none has data', () => {
    const g = rampGrid(32651, 0, 100, 10, 10, 10);
    for (let r = 2; r < 8; r++) for (let c = 2; c < 8; c++) g.heightsM[r * 10 + c] = Number.NaN;
    const { filledIndices, remaining } = fillVoids(g);
    expect(filledIndices.length).toBe(36);
    expect(remaining).toBe(0);
    expect(g.heightsM.every((v) => Number.isFinite(v))).toBe(true);
    const empty = { ...g, heightsM: new Float32Array(4).fill(Number.NaN), width: 2, height: 2 };
    expect(fillVoids(empty).remaining).toBe(4);
  });

  it('refuses files in different CRS, naming both', async () => {
    const a = rampGrid(32651, 0, 100, 10, 3, 3);
    const b = rampGrid(4326, 0, 1, 0.1, 3, 3);
    await expectDemError(
      () =>
        mosaicDem(
          [
            { name: 'a.tif', format: 'geotiff', grid: a },
            { name: 'b.tif', format: 'geotiff', grid: b },
          ],
          null,
        ),
      'mixed-crs',
      /a\.tif in EPSG:32651, b\.tif in EPSG:4326/,
    );
  });
});
