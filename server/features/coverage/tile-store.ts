/**
 * Where computed coverage tiles are kept: a raster is a set of 256×256 tiles, each stored under the
 * key it is computed from (TileKey) and its position. PostgreSQL keeps them in `coverage_tiles`; the
 * embedded database's service keeps them as files under DATA_DIR (one per tile, written through a
 * temporary file and a rename, so a reader never sees half a tile); both behind a bounded in-memory
 * cache of decoded tiles.
 *
 * Payload: the tile's result buffer (tile-result.ts: float32 level, int32 best cell, two uint8
 * counts per pixel) compressed with raw deflate at level 1 from node:zlib. Deflate rather than zstd:
 * zstd is in node:zlib only from Node 22.15, and the service still runs on Node 20.19; at level 1
 * deflate costs a few ms per tile (the tile's compute costs tens to hundreds) and takes a tile of
 * 640 KiB to a fraction of that, as most of an area is either "no signal" or a few best cells.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import type { Kysely } from 'kysely';
import { tileResultViews, type TileResult } from '../../core/coverage/tile-result.ts';
import type { TileWindow } from '../../core/geo/tile-windows.ts';
import type { Database } from '../../db/types.ts';
import { LruCache } from './lru-cache.ts';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/** What a stored tile was computed from: equal keys, equal tiles (see KERNEL_VERSION for the last part). */
export interface TileKey {
  areaId: number;
  inputsVersion: number;
  technology: string;
  cellsDigest: string;
  kernelVersion: number;
}

/** A tile's position in its area's grid, in tiles (x = column, y = row) of tileSizePx. */
export interface TilePosition {
  x: number;
  y: number;
}

export interface TileStore {
  /** The stored tile at `window` (of the area's tile grid of tileSizePx), or null. */
  get(key: TileKey, position: TilePosition, window: TileWindow): Promise<TileResult | null>;
  /** Store a computed tile (a second write of the same tile is ignored: equal keys, equal tiles). */
  put(key: TileKey, position: TilePosition, tile: TileResult): Promise<void>;
  /** Store a tile already encoded (encodeTile, or encodeRasterTilePayloads on a worker thread); not cached decoded. */
  putPayload(key: TileKey, position: TilePosition, payload: Uint8Array): Promise<void>;
  /** The positions of the tiles stored under `key`, as "x,y". */
  stored(key: TileKey): Promise<Set<string>>;
  /** Forget every tile of the area computed from another inputs version than `inputsVersion`. */
  dropOtherVersions(areaId: number, inputsVersion: number): Promise<void>;
}

/** "x,y" of a position. */
export function positionKey(p: TilePosition): string {
  return `${p.x},${p.y}`;
}

/** A tile's results compressed for storage (its views must cover its whole buffer, as tileResultViews makes them). */
export async function encodeTile(tile: TileResult): Promise<Uint8Array> {
  const n = tile.window.width * tile.window.height;
  if (tile.buffer.byteLength !== n * 10 || tile.levelDbm.buffer !== tile.buffer) {
    throw new Error(`coverage tile at (${tile.window.col0}, ${tile.window.row0}) is not one buffer of ${n * 10} bytes`);
  }
  return new Uint8Array(await deflate(new Uint8Array(tile.buffer), { level: 1 }));
}

/** A stored payload back as the tile's result views; refuses a payload of the wrong size for the window. */
export async function decodeTile(payload: Uint8Array, window: TileWindow): Promise<TileResult> {
  const bytes = await inflate(payload);
  const expected = window.width * window.height * 10;
  if (bytes.byteLength !== expected) {
    throw new Error(`stored coverage tile at (${window.col0}, ${window.row0}) has ${bytes.byteLength} bytes, expected ${expected}`);
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return tileResultViews(window, buffer);
}

function keyText(key: TileKey): string {
  return `${key.areaId}:${key.inputsVersion}:${key.technology}:${key.cellsDigest}:k${key.kernelVersion}`;
}

/** Tiles in the `coverage_tiles` table. */
export class PostgresTileStore implements TileStore {
  constructor(private readonly db: Kysely<Database>) {}

  private where(key: TileKey) {
    return this.db
      .selectFrom('coverage_tiles')
      .where('area_id', '=', key.areaId)
      .where('inputs_version', '=', key.inputsVersion)
      .where('technology', '=', key.technology)
      .where('cells_digest', '=', key.cellsDigest)
      .where('kernel_version', '=', key.kernelVersion);
  }

  async get(key: TileKey, position: TilePosition, window: TileWindow): Promise<TileResult | null> {
    const row = await this.where(key)
      .where('tile_x', '=', position.x)
      .where('tile_y', '=', position.y)
      .select('payload')
      .executeTakeFirst();
    return row ? decodeTile(row.payload, window) : null;
  }

  async put(key: TileKey, position: TilePosition, tile: TileResult): Promise<void> {
    await this.putPayload(key, position, await encodeTile(tile));
  }

  async putPayload(key: TileKey, position: TilePosition, payload: Uint8Array): Promise<void> {
    await this.db
      .insertInto('coverage_tiles')
      .values({
        area_id: key.areaId,
        inputs_version: key.inputsVersion,
        technology: key.technology,
        cells_digest: key.cellsDigest,
        kernel_version: key.kernelVersion,
        tile_x: position.x,
        tile_y: position.y,
        payload,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async stored(key: TileKey): Promise<Set<string>> {
    const rows = await this.where(key).select(['tile_x', 'tile_y']).execute();
    return new Set(rows.map((r) => positionKey({ x: r.tile_x, y: r.tile_y })));
  }

  async dropOtherVersions(areaId: number, inputsVersion: number): Promise<void> {
    await this.db.deleteFrom('coverage_tiles').where('area_id', '=', areaId).where('inputs_version', '<>', inputsVersion).execute();
  }
}

/** Tiles as files under `root`: <area>/<inputs version>/<network>-<cells digest>-k<kernel>/<x>-<y>.tile. */
export class FileTileStore implements TileStore {
  private serial = 0;

  constructor(private readonly root: string) {}

  private dir(key: TileKey): string {
    return join(this.root, String(key.areaId), String(key.inputsVersion), `${key.technology}-${key.cellsDigest}-k${key.kernelVersion}`);
  }

  async get(key: TileKey, position: TilePosition, window: TileWindow): Promise<TileResult | null> {
    let payload: Buffer;
    try {
      payload = await readFile(join(this.dir(key), `${position.x}-${position.y}.tile`));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return decodeTile(payload, window);
  }

  async put(key: TileKey, position: TilePosition, tile: TileResult): Promise<void> {
    await this.putPayload(key, position, await encodeTile(tile));
  }

  async putPayload(key: TileKey, position: TilePosition, payload: Uint8Array): Promise<void> {
    const dir = this.dir(key);
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${position.x}-${position.y}.tile`);
    const temporary = `${file}.${process.pid}.${++this.serial}.part`;
    await writeFile(temporary, payload);
    await rename(temporary, file);
  }

  async stored(key: TileKey): Promise<Set<string>> {
    let names: string[];
    try {
      names = await readdir(this.dir(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
      throw err;
    }
    const positions = new Set<string>();
    for (const name of names) {
      const match = /^(\d+)-(\d+)\.tile$/.exec(name);
      if (match) positions.add(positionKey({ x: Number(match[1]), y: Number(match[2]) }));
    }
    return positions;
  }

  async dropOtherVersions(areaId: number, inputsVersion: number): Promise<void> {
    const areaDir = join(this.root, String(areaId));
    let versions: string[];
    try {
      versions = await readdir(areaDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    await Promise.all(
      versions.filter((v) => v !== String(inputsVersion)).map((v) => rm(join(areaDir, v), { recursive: true, force: true })),
    );
  }
}

/**
 * A store with a bounded cache of decoded tiles in front (maxBytes, the COVERAGE_TILE_CACHE_MB
 * setting; least recently used dropped first; 0 turns it off).
 */
export class CachedTileStore implements TileStore {
  private readonly cache: LruCache<TileResult>;

  constructor(
    private readonly backing: TileStore,
    private readonly maxBytes: number,
  ) {
    this.cache = new LruCache<TileResult>(maxBytes);
  }

  /** Bytes of decoded tiles held in memory. */
  get cachedBytes(): number {
    return this.cache.bytes;
  }

  async get(key: TileKey, position: TilePosition, window: TileWindow): Promise<TileResult | null> {
    const name = `${keyText(key)}:${positionKey(position)}`;
    const hit = this.cache.get(name);
    if (hit) return hit;
    const tile = await this.backing.get(key, position, window);
    if (tile) this.remember(name, tile);
    return tile;
  }

  async put(key: TileKey, position: TilePosition, tile: TileResult): Promise<void> {
    await this.backing.put(key, position, tile);
    this.remember(`${keyText(key)}:${positionKey(position)}`, tile);
  }

  putPayload(key: TileKey, position: TilePosition, payload: Uint8Array): Promise<void> {
    return this.backing.putPayload(key, position, payload);
  }

  private remember(name: string, tile: TileResult): void {
    if (tile.buffer.byteLength <= this.maxBytes) this.cache.set(name, tile, tile.buffer.byteLength);
  }

  stored(key: TileKey): Promise<Set<string>> {
    return this.backing.stored(key);
  }

  async dropOtherVersions(areaId: number, inputsVersion: number): Promise<void> {
    this.cache.deletePrefix(`${areaId}:`);
    await this.backing.dropOtherVersions(areaId, inputsVersion);
  }
}
