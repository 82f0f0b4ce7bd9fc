import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { GEOTIFF_NODATA, TAG, writeGeoTiff } from '../../../server/core/coverage/write-geotiff.ts';
import { makeCell, squareArea } from './fixtures.ts';

type TagValues = number[] | string;

/** Minimal little-endian TIFF IFD reader: tag -> values. */
function readTags(buffer: Buffer): Map<number, TagValues> {
  expect(buffer.toString('latin1', 0, 2)).toBe('II');
  expect(buffer.readUInt16LE(2)).toBe(42);
  const ifd = buffer.readUInt32LE(4);
  const count = buffer.readUInt16LE(ifd);
  const tags = new Map<number, TagValues>();
  const size: Record<number, number> = { 2: 1, 3: 2, 4: 4, 12: 8 };
  for (let k = 0; k < count; k++) {
    const e = ifd + 2 + k * 12;
    const tag = buffer.readUInt16LE(e);
    const type = buffer.readUInt16LE(e + 2);
    const n = buffer.readUInt32LE(e + 4);
    const at = n * size[type] <= 4 ? e + 8 : buffer.readUInt32LE(e + 8);
    if (type === 2) tags.set(tag, buffer.toString('latin1', at, at + n - 1));
    else
      tags.set(
        tag,
        Array.from({ length: n }, (_, i) =>
          type === 3 ? buffer.readUInt16LE(at + 2 * i) : type === 4 ? buffer.readUInt32LE(at + 4 * i) : buffer.readDoubleLE(at + 8 * i),
        ),
      );
  }
  return tags;
}

describe('writeGeoTiff', () => {
  const prepared = prepareArea(squareArea(4, { resolutionM: 40 }));
  const raster = computeCoverageRaster(prepared, [makeCell({ tiltDeg: 1, powerDbm: 30 })], 'GSM');
  const tiff = writeGeoTiff(prepared, raster);
  const { grid } = prepared;

  it('writes the georeferencing and Float32 layout tags', () => {
    const tags = readTags(tiff);
    expect(tags.get(TAG.imageWidth)).toEqual([grid.width]);
    expect(tags.get(TAG.imageLength)).toEqual([grid.height]);
    expect(tags.get(TAG.bitsPerSample)).toEqual([32]);
    expect(tags.get(TAG.sampleFormat)).toEqual([3]);
    expect(tags.get(TAG.modelPixelScale)).toEqual([40, 40, 0]);
    expect(tags.get(TAG.modelTiepoint)).toEqual([0, 0, 0, grid.originX, grid.originY, 0]);
    const keys = tags.get(TAG.geoKeyDirectory) as number[];
    expect(keys.slice(0, 4)).toEqual([1, 1, 0, 3]);
    const projected = keys.findIndex((v, i) => i >= 4 && (i - 4) % 4 === 0 && v === 3072);
    expect(keys[projected + 3]).toBe(grid.epsg);
    expect(tags.get(TAG.gdalNodata)).toBe('-9999');
  });
  it('stores every level in its strips, nodata where there is no signal', () => {
    const tags = readTags(tiff);
    const offsets = tags.get(TAG.stripOffsets) as number[];
    const rowsPerStrip = (tags.get(TAG.rowsPerStrip) as number[])[0];
    let nodata = 0;
    let wrong = 0;
    for (let i = 0; i < grid.width * grid.height; i++) {
      const row = Math.floor(i / grid.width);
      const strip = Math.floor(row / rowsPerStrip);
      const at = offsets[strip] + ((row - strip * rowsPerStrip) * grid.width + (i % grid.width)) * 4;
      const value = tiff.readFloatLE(at);
      const expected = prepared.mask[i] && raster.bestCell[i] >= 0 ? raster.levelDbm[i] : GEOTIFF_NODATA;
      if (value !== expected) wrong++;
      if (value === GEOTIFF_NODATA) nodata++;
    }
    expect(wrong).toBe(0);
    expect(nodata).toBeGreaterThan(0);
    expect(nodata).toBeLessThan(grid.width * grid.height);
  });
  it('is read by GDAL with the UTM zone, the geotransform and the nodata value', (context) => {
    if (!existsSync('/usr/bin/gdalinfo')) {
      context.skip('gdalinfo is not installed at /usr/bin/gdalinfo');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'geotiff-'));
    try {
      const file = join(dir, 'levels.tif');
      writeFileSync(file, tiff);
      const info = JSON.parse(execFileSync('/usr/bin/gdalinfo', ['-json', '-mm', file], { encoding: 'utf8' }));
      expect(info.size).toEqual([grid.width, grid.height]);
      expect(info.geoTransform).toEqual([grid.originX, 40, 0, grid.originY, 0, -40]);
      expect(info.coordinateSystem.wkt).toContain(`ID["EPSG",${grid.epsg}]`);
      expect(info.bands[0].type).toBe('Float32');
      expect(info.bands[0].noDataValue).toBe(GEOTIFF_NODATA);
      let max = -Infinity;
      for (let i = 0; i < raster.levelDbm.length; i++)
        if (prepared.mask[i] && raster.bestCell[i] >= 0) max = Math.max(max, raster.levelDbm[i]);
      expect(info.bands[0].computedMax).toBeCloseTo(max, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
