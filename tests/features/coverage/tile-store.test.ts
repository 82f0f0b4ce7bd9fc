import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { computeCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { KERNEL_VERSION } from '../../../server/core/coverage/tile-kernel.ts';
import { allocateTileResult } from '../../../server/core/coverage/tile-result.ts';
import { CoverageService } from '../../../server/features/coverage/service.ts';
import { inlineEngine } from '../../../server/features/coverage/engine.ts';
import {
  CachedTileStore,
  decodeTile,
  encodeTile,
  FileTileStore,
  PostgresTileStore,
  type TileKey,
} from '../../../server/features/coverage/tile-store.ts';
import { requireArea } from '../../../server/features/areas/service.ts';
import { buildTestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';

const window = { col0: 256, row0: 512, width: 100, height: 37 };

function sampleTile() {
  const tile = allocateTileResult(window);
  for (let i = 0; i < tile.levelDbm.length; i += 7) {
    tile.levelDbm[i] = -60 - (i % 50) / 4;
    tile.bestCell[i] = i % 13;
    tile.serverCount[i] = 1 + (i % 3);
    tile.pilotCount[i] = i % 5;
  }
  return tile;
}

const key: TileKey = { areaId: 1, inputsVersion: 3, technology: 'GSM', cellsDigest: 'abc123', kernelVersion: KERNEL_VERSION };

describe('coverage tile payloads', () => {
  it('come back bit for bit, smaller than the raw tile', async () => {
    const tile = sampleTile();
    const payload = await encodeTile(tile);
    expect(payload.byteLength).toBeLessThan(tile.buffer.byteLength);
    const back = await decodeTile(payload, window);
    expect(new Uint8Array(back.buffer)).toEqual(new Uint8Array(tile.buffer));
    expect(back.levelDbm[7]).toBe(tile.levelDbm[7]);
  });

  it('refuse a payload of another window size, naming the tile', async () => {
    const payload = await encodeTile(sampleTile());
    await expect(decodeTile(payload, { ...window, width: 99 })).rejects.toThrow(/tile at \(256, 512\) has 37000 bytes, expected 36630/);
  });
});

describe('coverage tiles as files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tiles-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('are stored, listed, read back and dropped with their inputs version', async () => {
    const store = new FileTileStore(dir);
    expect(await store.get(key, { x: 1, y: 2 }, window)).toBeNull();
    await store.put(key, { x: 1, y: 2 }, sampleTile());
    await store.put({ ...key, inputsVersion: 4 }, { x: 0, y: 0 }, sampleTile());
    expect([...(await store.stored(key))]).toEqual(['1,2']);
    expect(new Uint8Array((await store.get(key, { x: 1, y: 2 }, window))!.buffer)).toEqual(new Uint8Array(sampleTile().buffer));
    // Another kernel version is another key.
    expect(await store.get({ ...key, kernelVersion: KERNEL_VERSION + 1 }, { x: 1, y: 2 }, window)).toBeNull();
    await store.dropOtherVersions(1, 4);
    expect((await store.stored(key)).size).toBe(0);
    expect([...(await store.stored({ ...key, inputsVersion: 4 }))]).toEqual(['0,0']);
  });

  it('are kept in memory within the cache bound', async () => {
    const store = new CachedTileStore(new FileTileStore(dir), 40_000);
    await store.put(key, { x: 0, y: 0 }, sampleTile());
    expect(store.cachedBytes).toBe(37_000);
    await store.put(key, { x: 0, y: 1 }, sampleTile());
    expect(store.cachedBytes).toBe(37_000);
    // Dropped from memory, read back from the files.
    expect(await store.get(key, { x: 0, y: 0 }, window)).not.toBeNull();
  });
});

describe.each(TEST_DATABASES)('coverage tiles on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await buildTestApp(target, { seedDemo: true }));
  });
  afterAll(async () => close());

  it('a raster stored as tiles is read back equal to the computed one, without computing', async () => {
    const area = await requireArea(app.db, 'ranghulu');
    const store = new PostgresTileStore(app.db);
    const computing = new CoverageService(app.db, inlineEngine, { tiles: { store } });
    const first = await computing.run(area, 'GSM');
    await computing.stored();
    expect(first.cached).toBe(false);
    const tiles = Math.ceil(first.prepared.grid.width / 256) * Math.ceil(first.prepared.grid.height / 256);
    const digest = (await app.db.selectFrom('coverage_tiles').select('cells_digest').executeTakeFirstOrThrow()).cells_digest;
    expect(
      (
        await store.stored({
          areaId: area.id,
          inputsVersion: area.inputsVersion,
          technology: 'GSM',
          cellsDigest: digest,
          kernelVersion: KERNEL_VERSION,
        })
      ).size,
    ).toBe(tiles);
    // A fresh service (another process): the raster comes from the store.
    const reading = new CoverageService(
      app.db,
      {
        ...inlineEngine,
        computeRaster: () => Promise.reject(new Error('computed although every tile is stored')),
      },
      { tiles: { store } },
    );
    const second = await reading.run(area, 'GSM');
    expect(second.cached).toBe(true);
    const expected = computeCoverageRaster(first.prepared, first.cells, 'GSM');
    expect(Buffer.from(second.raster.levelDbm.buffer).equals(Buffer.from(expected.levelDbm.buffer))).toBe(true);
    expect(Buffer.from(second.raster.bestCell.buffer).equals(Buffer.from(expected.bestCell.buffer))).toBe(true);
    expect(Buffer.from(second.raster.serverCount.buffer).equals(Buffer.from(expected.serverCount.buffer))).toBe(true);
    expect(Buffer.from(second.raster.pilotCount.buffer).equals(Buffer.from(expected.pilotCount.buffer))).toBe(true);
  });
});
