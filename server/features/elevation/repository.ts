import { deflateSync, inflateSync } from 'node:zlib';
import type { Kysely, Transaction } from 'kysely';
import type { DemSource, ElevationGrid } from '../../core/geo/elevation/elevation-grid.ts';
import type { Database } from '../../db/types.ts';

/** The stored DEM of an area without its heights. */
export interface StoredDemInfo {
  epsg: number;
  width: number;
  height: number;
  cellSizeX: number;
  cellSizeY: number;
  minHeightM: number;
  maxHeightM: number;
  voidsFilled: number;
  sources: { name: string; format: string }[];
  username: string;
  createdAt: Date;
}

/** Float32 heights as little-endian bytes, deflated. */
export function packHeights(heightsM: Float32Array): Buffer {
  const bytes = Buffer.alloc(heightsM.length * 4);
  for (let i = 0; i < heightsM.length; i++) bytes.writeFloatLE(heightsM[i], 4 * i);
  return deflateSync(bytes, { level: 6 });
}

function unpackHeights(stored: Uint8Array, cells: number): Float32Array {
  const bytes = inflateSync(stored, { maxOutputLength: cells * 4 });
  if (bytes.length !== cells * 4) throw new Error(`stored DEM holds ${bytes.length} bytes, expected ${cells * 4}`);
  const heights = new Float32Array(cells);
  for (let i = 0; i < cells; i++) heights[i] = bytes.readFloatLE(4 * i);
  return heights;
}

/** Store (or replace) the area's DEM; answers whether one was replaced. The trigger bumps the inputs version. */
export async function saveAreaDem(
  db: Kysely<Database> | Transaction<Database>,
  areaId: number,
  grid: ElevationGrid,
  packed: Buffer,
  meta: { minHeightM: number; maxHeightM: number; voidsFilled: number; sources: Pick<DemSource, 'name' | 'format'>[]; username: string },
): Promise<boolean> {
  const existing = await db.selectFrom('area_elevation').select('area_id').where('area_id', '=', areaId).forUpdate().executeTakeFirst();
  const row = {
    epsg: grid.epsg,
    origin_x: grid.originX,
    origin_y: grid.originY,
    cell_size_x: grid.cellSizeX,
    cell_size_y: grid.cellSizeY,
    width: grid.width,
    height: grid.height,
    heights: packed,
    min_height_m: meta.minHeightM,
    max_height_m: meta.maxHeightM,
    voids_filled: meta.voidsFilled,
    sources: JSON.stringify(meta.sources),
    username: meta.username,
    created_at: new Date(),
  };
  // One row written (insert or update): the trigger bumps the inputs version once.
  await db
    .insertInto('area_elevation')
    .values({ area_id: areaId, ...row })
    .onConflict((oc) => oc.column('area_id').doUpdateSet(row))
    .execute();
  return existing !== undefined;
}

/** The area's DEM for the coverage engine, or null without one. */
export async function loadAreaDem(db: Kysely<Database>, areaId: number): Promise<ElevationGrid | null> {
  const row = await db.selectFrom('area_elevation').selectAll().where('area_id', '=', areaId).executeTakeFirst();
  if (!row) return null;
  return {
    epsg: row.epsg,
    originX: row.origin_x,
    originY: row.origin_y,
    cellSizeX: row.cell_size_x,
    cellSizeY: row.cell_size_y,
    width: row.width,
    height: row.height,
    heightsM: unpackHeights(row.heights, row.width * row.height),
  };
}

/** What the area's DEM is, without its heights, or null. */
export async function areaDemInfo(db: Kysely<Database>, areaId: number): Promise<StoredDemInfo | null> {
  const row = await db
    .selectFrom('area_elevation')
    .select([
      'epsg',
      'width',
      'height',
      'cell_size_x',
      'cell_size_y',
      'min_height_m',
      'max_height_m',
      'voids_filled',
      'sources',
      'username',
      'created_at',
    ])
    .where('area_id', '=', areaId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    epsg: row.epsg,
    width: row.width,
    height: row.height,
    cellSizeX: row.cell_size_x,
    cellSizeY: row.cell_size_y,
    minHeightM: row.min_height_m,
    maxHeightM: row.max_height_m,
    voidsFilled: row.voids_filled,
    sources: row.sources,
    username: row.username,
    createdAt: row.created_at,
  };
}
