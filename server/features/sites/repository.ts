import type { Kysely, Transaction } from 'kysely';
import type { Site as SiteAnswer } from '../../contract/sites.ts';
import type { CellRadio, CellSpec, SiteStatus, Technology } from '../../core/model.ts';
import type { BBox } from '../../core/validation/geometry.ts';
import type { CellRow, Database, SiteRow } from '../../db/types.ts';
import { ShortLivedCache } from '../../lib/short-lived-cache.ts';
import { AREA_CACHE_TTL_MS, areaDataGeneration } from '../areas/area-cache.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A stored cell of a site: its code and radio parameters. */
export interface Cell extends CellRadio {
  id: number;
  siteId: number;
  code: string;
}

/** A site with its cells (ordered by code), as the API sends it, and the area it belongs to. */
export interface Site extends SiteAnswer {
  areaId: number;
  cells: Cell[];
}

export type CellWrite = Omit<Cell, 'id' | 'siteId'>;
export type SiteWrite = Omit<Site, 'id' | 'areaId' | 'cells'>;

export function toCell(row: CellRow): Cell {
  return {
    id: row.id,
    siteId: row.site_id,
    code: row.code,
    technology: row.technology,
    frequencyMhz: row.frequency_mhz,
    heightM: row.height_m,
    azimuthDeg: row.azimuth_deg,
    beamwidthDeg: row.beamwidth_deg,
    tiltDeg: row.tilt_deg,
    powerDbm: row.power_dbm,
    gainDbi: row.gain_dbi,
    lossDb: row.loss_db,
  };
}

function toSite(row: SiteRow, cells: Cell[]): Site {
  return {
    id: row.id,
    areaId: row.area_id,
    code: row.code,
    name: row.name,
    lon: row.lon,
    lat: row.lat,
    status: row.status,
    address: row.address,
    note: row.note,
    approximate: row.approximate,
    cells,
  };
}

function cellColumns(cell: CellWrite) {
  return {
    code: cell.code,
    technology: cell.technology,
    frequency_mhz: cell.frequencyMhz,
    height_m: cell.heightM,
    azimuth_deg: cell.azimuthDeg,
    beamwidth_deg: cell.beamwidthDeg,
    tilt_deg: cell.tiltDeg,
    power_dbm: cell.powerDbm,
    gain_dbi: cell.gainDbi,
    loss_db: cell.lossDb,
  };
}

async function attachCells(db: Db, rows: SiteRow[]): Promise<Site[]> {
  if (rows.length === 0) return [];
  const cells = await db
    .selectFrom('cells')
    .selectAll()
    .where(
      'site_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('site_id')
    .orderBy('code')
    .execute();
  const bySite = new Map<number, Cell[]>();
  for (const c of cells) {
    const list = bySite.get(c.site_id) ?? [];
    list.push(toCell(c));
    bySite.set(c.site_id, list);
  }
  return rows.map((r) => toSite(r, bySite.get(r.id) ?? []));
}

export async function listSites(
  db: Db,
  areaId: number,
  opts: { bbox?: BBox; limit: number; offset?: number; cursor?: number },
): Promise<{ items: Site[]; total: number; next: number | null }> {
  let q = db.selectFrom('sites').where('area_id', '=', areaId);
  if (opts.bbox) {
    const [a, b, c, d] = opts.bbox;
    q = q.where('lon', '>=', a).where('lat', '>=', b).where('lon', '<=', c).where('lat', '<=', d);
  }
  const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  let page = q
    .selectAll()
    .orderBy('id')
    .limit(opts.limit + 1);
  if (opts.cursor !== undefined) page = page.where('id', '>', opts.cursor);
  else if (opts.offset) page = page.offset(opts.offset);
  const rows = await page.execute();
  const more = rows.length > opts.limit;
  const items = await attachCells(db, rows.slice(0, opts.limit));
  return { items, total: Number(count), next: more ? items[items.length - 1].id : null };
}

export async function findSite(db: Db, areaId: number, id: number): Promise<Site | undefined> {
  const row = await db.selectFrom('sites').selectAll().where('area_id', '=', areaId).where('id', '=', id).executeTakeFirst();
  return row ? (await attachCells(db, [row]))[0] : undefined;
}

export async function findSiteByCode(db: Db, areaId: number, code: string): Promise<Site | undefined> {
  const row = await db.selectFrom('sites').selectAll().where('area_id', '=', areaId).where('code', '=', code).executeTakeFirst();
  return row ? (await attachCells(db, [row]))[0] : undefined;
}

export async function insertSite(db: Db, areaId: number, site: SiteWrite, cells: CellWrite[]): Promise<number> {
  const { id } = await db
    .insertInto('sites')
    .values({
      area_id: areaId,
      code: site.code,
      name: site.name,
      lon: site.lon,
      lat: site.lat,
      status: site.status,
      address: site.address,
      note: site.note,
      approximate: site.approximate,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (cells.length > 0)
    await db
      .insertInto('cells')
      .values(cells.map((c) => ({ site_id: id, ...cellColumns(c) })))
      .execute();
  return id;
}

export async function updateSite(db: Db, id: number, site: SiteWrite): Promise<void> {
  await db
    .updateTable('sites')
    .set({
      code: site.code,
      name: site.name,
      lon: site.lon,
      lat: site.lat,
      status: site.status,
      address: site.address,
      note: site.note,
      approximate: site.approximate,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/** Replace a site's cells: upsert by code, delete the ones not listed. */
export async function replaceCells(db: Db, siteId: number, cells: CellWrite[]): Promise<void> {
  const codes = cells.map((c) => c.code);
  let del = db.deleteFrom('cells').where('site_id', '=', siteId);
  if (codes.length > 0) del = del.where('code', 'not in', codes);
  await del.execute();
  for (const c of cells) {
    await db
      .insertInto('cells')
      .values({ site_id: siteId, ...cellColumns(c) })
      .onConflict((oc) => oc.columns(['site_id', 'code']).doUpdateSet({ ...cellColumns(c), updated_at: new Date() }))
      .execute();
  }
}

export async function deleteSite(db: Db, areaId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('sites').where('area_id', '=', areaId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** A cell with its site's code, name, status and position ([lon, lat], WGS84 degrees). */
export interface CellWithSite extends Cell {
  siteCode: string;
  siteName: string;
  siteStatus: SiteStatus;
  lon: number;
  lat: number;
}

/** A cells row joined with the columns of its site (see CELL_SITE_COLUMNS). */
export type CellWithSiteRow = CellRow & { site_code: string; site_name: string; site_status: SiteStatus; lon: number; lat: number };

/** The site columns selected with `cells.*` for a CellWithSiteRow. */
export const CELL_SITE_COLUMNS = [
  'sites.code as site_code',
  'sites.name as site_name',
  'sites.status as site_status',
  'sites.lon as lon',
  'sites.lat as lat',
] as const;

export function toCellWithSite(row: CellWithSiteRow): CellWithSite {
  return { ...toCell(row), siteCode: row.site_code, siteName: row.site_name, siteStatus: row.site_status, lon: row.lon, lat: row.lat };
}

const allCellsCaches = new WeakMap<Kysely<Database>, ShortLivedCache<readonly CellWithSite[]>>();

/**
 * All cells of an area joined with their site (optionally one technology, optionally in a bbox).
 * The whole list (no filter), which the cells layer and coverage read, comes from a cache of a few seconds
 * that any write through this process drops (see ../areas/area-cache.ts); its items are frozen.
 */
export async function listCellsWithSites(
  db: Db,
  areaId: number,
  opts: { technology?: Technology; bbox?: BBox } = {},
): Promise<readonly CellWithSite[]> {
  if (db.isTransaction || opts.technology || opts.bbox) return queryCellsWithSites(db, areaId, opts);
  const plain = db as Kysely<Database>;
  let cache = allCellsCaches.get(plain);
  if (!cache)
    allCellsCaches.set(plain, (cache = new ShortLivedCache({ ttlMs: AREA_CACHE_TTL_MS, maxEntries: 64, generation: areaDataGeneration })));
  return (await cache.fetch(String(areaId), async () =>
    Object.freeze((await queryCellsWithSites(db, areaId, {})).map((c) => Object.freeze(c))),
  ))!;
}

async function queryCellsWithSites(db: Db, areaId: number, opts: { technology?: Technology; bbox?: BBox }): Promise<CellWithSite[]> {
  let q = db
    .selectFrom('cells')
    .innerJoin('sites', 'sites.id', 'cells.site_id')
    .where('sites.area_id', '=', areaId)
    .selectAll('cells')
    .select(CELL_SITE_COLUMNS);
  if (opts.technology) q = q.where('cells.technology', '=', opts.technology);
  if (opts.bbox) {
    const [a, b, c, d] = opts.bbox;
    q = q.where('sites.lon', '>=', a).where('sites.lat', '>=', b).where('sites.lon', '<=', c).where('sites.lat', '<=', d);
  }
  const rows = await q.orderBy('sites.code').orderBy('cells.code').execute();
  return rows.map(toCellWithSite);
}

export async function findCell(db: Db, areaId: number, id: number): Promise<CellWithSite | undefined> {
  const row = await db
    .selectFrom('cells')
    .innerJoin('sites', 'sites.id', 'cells.site_id')
    .where('sites.area_id', '=', areaId)
    .where('cells.id', '=', id)
    .selectAll('cells')
    .select(CELL_SITE_COLUMNS)
    .executeTakeFirst();
  return row ? toCellWithSite(row) : undefined;
}

export async function updateCell(db: Db, id: number, cell: CellWrite): Promise<void> {
  await db
    .updateTable('cells')
    .set({ ...cellColumns(cell), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** The engine's view of a cell: key = site code + '/' + cell code. */
export function toCellSpec(c: CellWithSite): CellSpec {
  return {
    key: `${c.siteCode}/${c.code}`,
    siteCode: c.siteCode,
    cellCode: c.code,
    lon: c.lon,
    lat: c.lat,
    technology: c.technology,
    frequencyMhz: c.frequencyMhz,
    heightM: c.heightM,
    azimuthDeg: c.azimuthDeg,
    beamwidthDeg: c.beamwidthDeg,
    tiltDeg: c.tiltDeg,
    powerDbm: c.powerDbm,
    gainDbi: c.gainDbi,
    lossDb: c.lossDb,
  };
}
