import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportCli, type CliIo } from '../../../scripts/import.ts';
import { pixelCentreX, pixelCentreY } from '../../../server/core/geo/area-grid.ts';
import type { ElevationGrid } from '../../../server/core/geo/elevation/elevation-grid.ts';
import { writeDemGeoTiff } from '../../../server/core/geo/elevation/write-dem-geotiff.ts';
import { utmProjection } from '../../../server/core/geo/utm-projection.ts';
import { openDatabase } from '../../../server/db/database.ts';
import { migrateToLatest } from '../../../server/db/migrate.ts';
import { findArea } from '../../../server/features/areas/repository.ts';
import { buildTestApp, TEST_BOUNDARY, type TestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { insertTestArea } from '../imports/helpers.ts';

/** The plane every synthetic DEM here samples: bilinear resampling reproduces it exactly. */
const plane = (lon: number, lat: number) => 150 + 20 * (lon - 124.8) - 30 * (lat - 46.6);

/** A lon/lat grid of the plane, cells of `cell` degrees from (west, north). */
function planeGrid(west: number, north: number, cell: number, width: number, height: number): ElevationGrid {
  const heightsM = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) heightsM[r * width + c] = plane(west + (c + 0.5) * cell, north - (r + 0.5) * cell);
  }
  return { epsg: 4326, originX: west, originY: north, cellSizeX: cell, cellSizeY: cell, width, height, heightsM };
}

function multipart(fields: Record<string, string>, files: { name: string; bytes: Uint8Array }[]) {
  const boundary = '----dem-import-test';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\n\r\n`));
    parts.push(Buffer.from(f.bytes));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The test area (124.57–125.03 °E, 46.41–47.04 °N) in two GeoTIFF halves at 0.002° with a margin. */
const WEST = writeDemGeoTiff(planeGrid(124.5, 47.1, 0.002, 200, 400), { sampleType: 'float32', tileSizePx: 64, deflate: true });
const EAST = writeDemGeoTiff(planeGrid(124.9, 47.1, 0.002, 100, 400), { sampleType: 'float32' });

describe.each(TEST_DATABASES)('DEM import through the API on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(target);
    await insertTestArea(t.app.db, 'dem-test');
  });
  afterAll(async () => t?.close());

  const post = (fields: Record<string, string>, files: { name: string; bytes: Uint8Array }[]) =>
    t.app.inject({ method: 'POST', url: '/api/v1/areas/dem-test/imports', ...multipart(fields, files) });
  const version = async () => (await findArea(t.app.db, 'dem-test'))?.inputsVersion ?? -1;

  it('keeps the flat model without a DEM', async () => {
    const area = await findArea(t.app.db, 'dem-test');
    if (!area) throw new Error('no area');
    expect((await t.app.coverage.prepared(area)).groundHeightM).toBeNull();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/areas/dem-test/elevation' })).statusCode).toBe(404);
    const empty = await t.app.inject({ method: 'GET', url: '/api/v1/areas/dem-test/elevation/tiles/12/3468/1445.png' });
    expect(empty.statusCode).toBe(200);
    expect(PNG.sync.read(empty.rawPayload).data.every((v, k) => k % 4 !== 3 || v === 0)).toBe(true);
  });

  it('refuses a DEM that misses part of the area, naming the km² and percent, and writes nothing', async () => {
    const before = await version();
    const res = await post({ kind: 'dem' }, [{ name: 'west.tif', bytes: WEST }]);
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toMatch(/does not cover the area: [\d.]+ km² \([\d.]+ % of the area\) lies outside the file \(west\.tif\)/);
    const pct = Number(/\(([\d.]+) %/.exec(res.json().message)?.[1]);
    // The east half starts at 124.9 °E: about (125.03 − 124.9) / (125.03 − 124.57) of the area's width is missing.
    expect(pct).toBeGreaterThan(10);
    expect(pct).toBeLessThan(40);
    expect(await version()).toBe(before);
  });

  it('merges two files, stores the DEM, bumps the inputs version and feeds the engine bilinear heights', async () => {
    const before = await version();
    const res = await post({ kind: 'dem' }, [
      { name: 'west.tif', bytes: WEST },
      { name: 'east.tif', bytes: EAST },
    ]);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ kind: 'dem', epsg: 4326, voidsFilled: 0, coveredPercent: 100, replaced: false, committed: true });
    expect(report.files.map((f: { name: string; format: string }) => `${f.name}:${f.format}`)).toEqual([
      'west.tif:geotiff',
      'east.tif:geotiff',
    ]);
    expect(report.cellSizeM).toBeCloseTo(0.002 * 111_320, 0);
    expect(report.minHeightM).toBeLessThan(report.maxHeightM);
    expect(await version()).toBe(before + 1);
    const area = await findArea(t.app.db, 'dem-test');
    if (!area) throw new Error('no area');
    const prepared = await t.app.coverage.prepared(area);
    const ground = prepared.groundHeightM;
    if (!ground) throw new Error('no ground height');
    const utm = utmProjection(prepared.grid.epsg);
    const { width, height } = prepared.grid;
    for (const [col, row] of [
      [0, 0],
      [Math.floor(width / 2), Math.floor(height / 3)],
      [width - 1, height - 1],
      [17, height - 5],
    ]) {
      const [lon, lat] = utm.inverse([pixelCentreX(prepared.grid, col), pixelCentreY(prepared.grid, row)]);
      expect(ground[row * width + col]).toBeCloseTo(plane(lon, lat), 2);
    }
  });

  it('replaces the DEM on a new import (a dry run writes nothing)', async () => {
    const before = await version();
    const bothShifted = [WEST, EAST].map((bytes, k) => ({ name: k === 0 ? 'w2.tif' : 'e2.tif', bytes }));
    const dry = await post({ kind: 'dem', dryRun: 'true' }, bothShifted);
    expect(dry.json()).toMatchObject({ dryRun: true, committed: false, replaced: true });
    expect(await version()).toBe(before);
    const res = await post({ kind: 'dem' }, bothShifted);
    expect(res.json()).toMatchObject({ replaced: true, committed: true });
    expect(await version()).toBe(before + 1);
    const rows = await t.app.db.selectFrom('area_elevation').select(['sources']).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].sources.map((s) => s.name)).toEqual(['w2.tif', 'e2.tif']);
  });

  it('describes the stored model and draws terrain tiles of it', async () => {
    const info = await t.app.inject({ method: 'GET', url: '/api/v1/areas/dem-test/elevation' });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({ epsg: 4326, voidsFilled: 0, username: 'admin', sources: [{ name: 'w2.tif' }, { name: 'e2.tif' }] });
    // Tile 12/3468/1445 lies inside the area (about 124.8–124.9 °E, 46.68–46.75 °N).
    const tile = (mode: string) =>
      t.app.inject({ method: 'GET', url: `/api/v1/areas/dem-test/elevation/tiles/12/3468/1445.png?mode=${mode}` });
    for (const mode of ['hillshade', 'elevation']) {
      const res = await tile(mode);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      const png = PNG.sync.read(res.rawPayload);
      let opaque = 0;
      for (let k = 3; k < png.data.length; k += 4) if (png.data[k] > 0) opaque++;
      // The plane falls to the north-west, towards the light: the hillshade is lighter than flat ground.
      expect(opaque, mode).toBeGreaterThan(1000);
    }
    expect((await tile('contours')).statusCode).toBe(400);
  });

  it('names an unreadable file, and refuses a second file for other kinds', async () => {
    const bad = await post({ kind: 'dem' }, [{ name: 'notes.txt', bytes: new TextEncoder().encode('hello') }]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^notes\.txt: not a DEM/);
    expect(bad.json().details[0].field).toBe('/body/file/notes.txt');
    const two = await post({ kind: 'measurements' }, [
      { name: 'a.csv', bytes: new TextEncoder().encode('id,lon,lat\n') },
      { name: 'b.csv', bytes: new TextEncoder().encode('id,lon,lat\n') },
    ]);
    expect(two.statusCode).toBe(400);
    expect(two.json().message).toMatch(/2 files sent/);
  });
});

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTty: false, env: {} };
}

/** A 3″ SRTM tile N46E124 sampling the plane, with one void inside the small test area. */
function hgtTile(): Uint8Array {
  const side = 1201;
  const bytes = new Uint8Array(side * side * 2);
  const view = new DataView(bytes.buffer);
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) view.setInt16(2 * (row * side + col), Math.round(plane(124 + col / 1200, 47 - row / 1200)), false);
  }
  // 124.85 °E 46.65 °N: col 1020, row 420.
  view.setInt16(2 * (420 * side + 1020), -32768, false);
  return bytes;
}

describe.each(TEST_DATABASES)('npm run import -- dem on $name', (target) => {
  let dbArgs: string[];
  let drop: () => Promise<void>;
  let dir: string;
  let files: string;

  beforeAll(async () => {
    const created = await target.create();
    drop = created.drop;
    dir = mkdtempSync(join(tmpdir(), 'dem-cli-'));
    files = mkdtempSync(join(tmpdir(), 'dem-files-'));
    dbArgs = created.databaseUrl ? ['--database-url', created.databaseUrl] : ['--data-dir', dir];
    const handle = await openDatabase({ databaseUrl: created.databaseUrl, dataDir: created.databaseUrl ? '' : dir });
    await migrateToLatest(handle.db);
    const ring = TEST_BOUNDARY.coordinates[0];
    await handle.db
      .insertInto('areas')
      .values({
        code: 'small',
        name: 'small',
        boundary: JSON.stringify(TEST_BOUNDARY),
        min_lon: Math.min(...ring.map((p) => p[0])),
        min_lat: Math.min(...ring.map((p) => p[1])),
        max_lon: Math.max(...ring.map((p) => p[0])),
        max_lat: Math.max(...ring.map((p) => p[1])),
        settings: JSON.stringify({ resolutionM: 100 }),
      })
      .execute();
    await handle.close();
    writeFileSync(join(files, 'N46E124.hgt'), hgtTile());
    // An ESRI grid of the north-west corner only: it misses most of the area.
    const asc = [
      'ncols 4',
      'nrows 3',
      'xllcorner 124.79',
      'yllcorner 46.68',
      'cellsize 0.01',
      'NODATA_value -9999',
      '1 2 3 4',
      '1 2 3 4',
      '1 2 3 4',
    ];
    writeFileSync(join(files, 'corner.asc'), asc.join('\n'));
  });
  afterAll(async () => {
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  it('imports an SRTM tile, filling and counting its void', async () => {
    const io = captureIo();
    const code = await runImportCli(['dem', join(files, 'N46E124.hgt'), '--area', 'small', ...dbArgs], io);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/^IMPORTED: DEM of small from N46E124\.hgt \(hgt, 1201×1201\)/);
    expect(text).toMatch(/voids filled: 1; area covered: 100\.0 %/);
    expect(text).toMatch(/≈93 m\) in EPSG:4326/);
  });

  it('refuses a grid that does not cover the area, exit 1', async () => {
    const io = captureIo();
    const code = await runImportCli(['dem', join(files, 'corner.asc'), '--area', 'small', '--json', ...dbArgs], io);
    expect(code).toBe(1);
    expect(io.stderr.join('\n')).toMatch(
      /DEM REFUSED \(nothing written\): the DEM does not cover the area: [\d.]+ km² \(9\d\.\d % of the area\)/,
    );
  });

  it('answers usage errors with exit 2', async () => {
    const io = captureIo();
    expect(await runImportCli(['dem', '--area', 'small', ...dbArgs], io)).toBe(2);
    expect(io.stderr[0]).toMatch(/expected at least one DEM file/);
  });
});
