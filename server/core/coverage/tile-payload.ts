import { deflateRawSync } from 'node:zlib';
import { type CoverageRaster, tileOfRaster } from './coverage-raster.ts';
import type { TileResult } from './tile-result.ts';
import type { TileWindow } from '../geo/tile-windows.ts';

/** Raw deflate level of stored tiles: level 1 takes a 640 KiB tile to a fraction in a few ms. */
export const TILE_PAYLOAD_DEFLATE_LEVEL = 1;

/** A tile's result buffer as stored (raw deflate); its views must cover its whole buffer, as tileResultViews makes them. */
export function encodeTilePayloadSync(tile: TileResult): Uint8Array {
  const n = tile.window.width * tile.window.height;
  if (tile.buffer.byteLength !== n * 10 || tile.levelDbm.buffer !== tile.buffer) {
    throw new Error(`coverage tile at (${tile.window.col0}, ${tile.window.row0}) is not one buffer of ${n * 10} bytes`);
  }
  return new Uint8Array(deflateRawSync(new Uint8Array(tile.buffer), { level: TILE_PAYLOAD_DEFLATE_LEVEL }));
}

/**
 * The stored payloads of a computed raster's tiles at `windows`: cut out and compressed in one go, on
 * a worker thread (the raster is on shared memory), so a service storing what it computed spends no
 * time of its own thread on copies and deflate.
 */
export function encodeRasterTilePayloads(raster: CoverageRaster, windows: readonly TileWindow[]): Uint8Array[] {
  return windows.map((window) => encodeTilePayloadSync(tileOfRaster(raster, window)));
}
