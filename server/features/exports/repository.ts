import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { isTechnology } from '../../core/model.ts';
import type { BBox } from '../../core/validation/geometry.ts';
import type { CellRow, Database, SiteRow } from '../../db/types.ts';
import { CELL_SITE_COLUMNS, type CellWithSiteRow } from '../sites/repository.ts';
import type { LayerTable } from '../shared/layer-repository.ts';
import type { LayerExtent, LayerQuery, PageWindow } from './layer-source.ts';

/** A stored layer table and the columns its filters use. */
export interface TableLayerSpec {
  table: LayerTable;
  kind: 'point' | 'polygon';
  technologyColumn?: string;
  timeColumn?: string;
  /** Only rows whose GeoJSON `geometry` column has one of these types (a layer of mixed points and polygons split in two). */
  geometryTypes?: readonly string[];
}

type Row = Record<string, unknown> & { id: number };
interface BBoxColumns {
  minLon: string;
  minLat: string;
  maxLon: string;
  maxLat: string;
}

const POINT_COLUMNS: BBoxColumns = { minLon: 'lon', minLat: 'lat', maxLon: 'lon', maxLat: 'lat' };
const POLYGON_COLUMNS: BBoxColumns = { minLon: 'min_lon', minLat: 'min_lat', maxLon: 'max_lon', maxLat: 'max_lat' };
const SITE_COLUMNS: BBoxColumns = { minLon: 'sites.lon', minLat: 'sites.lat', maxLon: 'sites.lon', maxLat: 'sites.lat' };

/** Boxes intersect; a query box with minLon > maxLon crosses the antimeridian (OGC 17-069r4, bbox). */
function intersects(bbox: BBox, c: BBoxColumns): RawBuilder<SqlBool> {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const r = sql.ref;
  const lat = sql`${r(c.maxLat)} >= ${minLat} and ${r(c.minLat)} <= ${maxLat}`;
  const lon =
    minLon <= maxLon
      ? sql`${r(c.maxLon)} >= ${minLon} and ${r(c.minLon)} <= ${maxLon}`
      : sql`(${r(c.maxLon)} >= ${minLon} or ${r(c.minLon)} <= ${maxLon})`;
  return sql<SqlBool>`(${lon} and ${lat})`;
}

// The table is chosen at run time, so these use Kysely's dynamic module (db.dynamic.table / ref), like
// shared/layer-repository.ts: the table is aliased `t` and columns are referred to by name.
function tableQuery(db: Kysely<Database>, spec: TableLayerSpec, areaId: number, q: LayerQuery) {
  const { ref } = db.dynamic;
  let query = db.selectFrom(db.dynamic.table(spec.table).as('t')).where(ref('area_id'), '=', areaId);
  if (spec.geometryTypes) query = query.where(sql<SqlBool>`${sql.ref('geometry')}->>'type' in (${sql.join([...spec.geometryTypes])})`);
  if (q.bbox) query = query.where(intersects(q.bbox, spec.kind === 'point' ? POINT_COLUMNS : POLYGON_COLUMNS));
  if (q.technology !== undefined && spec.technologyColumn) query = query.where(ref(spec.technologyColumn), '=', q.technology);
  if (q.time && spec.timeColumn) {
    if (q.time.start) query = query.where(ref(spec.timeColumn), '>=', q.time.start);
    if (q.time.end) query = query.where(ref(spec.timeColumn), '<=', q.time.end);
  }
  return query;
}

/** A row of a layer table: every layer table has an integer `id`; the feature mappings read the rest by name. */
function tableRow(row: object): Row {
  return row as Row;
}

export async function countTableLayer(db: Kysely<Database>, spec: TableLayerSpec, areaId: number, q: LayerQuery): Promise<number> {
  const row = await tableQuery(db, spec, areaId, q).select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/** One page of rows ordered by id. */
export async function pageTableLayer(
  db: Kysely<Database>,
  spec: TableLayerSpec,
  areaId: number,
  q: LayerQuery,
  w: PageWindow,
): Promise<Row[]> {
  const { ref } = db.dynamic;
  let query = tableQuery(db, spec, areaId, q).selectAll().orderBy(ref('id')).limit(w.limit);
  if (w.afterId !== undefined) query = query.where(ref('id'), '>', w.afterId);
  if (w.offset) query = query.offset(w.offset);
  return (await query.execute()).map(tableRow);
}

export async function getTableLayerRow(db: Kysely<Database>, spec: TableLayerSpec, areaId: number, id: number): Promise<Row | undefined> {
  const row = await tableQuery(db, spec, areaId, {}).selectAll().where(db.dynamic.ref('id'), '=', id).executeTakeFirst();
  return row && tableRow(row);
}

export async function tableLayerExtent(db: Kysely<Database>, spec: TableLayerSpec, areaId: number): Promise<LayerExtent> {
  const c = spec.kind === 'point' ? POINT_COLUMNS : POLYGON_COLUMNS;
  const time = spec.timeColumn ? sql.ref(spec.timeColumn) : sql`null::timestamptz`;
  const row = await tableQuery(db, spec, areaId, {})
    .select([
      sql<number | null>`min(${sql.ref(c.minLon)})`.as('min_lon'),
      sql<number | null>`min(${sql.ref(c.minLat)})`.as('min_lat'),
      sql<number | null>`max(${sql.ref(c.maxLon)})`.as('max_lon'),
      sql<number | null>`max(${sql.ref(c.maxLat)})`.as('max_lat'),
      sql<Date | null>`min(${time})`.as('first'),
      sql<Date | null>`max(${time})`.as('last'),
    ])
    .executeTakeFirstOrThrow();
  return toExtent(row, Boolean(spec.timeColumn));
}

function cellQuery(db: Kysely<Database>, areaId: number, q: LayerQuery) {
  let query = db.selectFrom('cells').innerJoin('sites', 'sites.id', 'cells.site_id').where('sites.area_id', '=', areaId);
  if (q.bbox) query = query.where(intersects(q.bbox, SITE_COLUMNS));
  // A value that is no technology is stored in no cell.
  if (q.technology !== undefined)
    query = isTechnology(q.technology) ? query.where('cells.technology', '=', q.technology) : query.where(sql<boolean>`false`);
  return query;
}

export async function countCells(db: Kysely<Database>, areaId: number, q: LayerQuery): Promise<number> {
  const row = await cellQuery(db, areaId, q).select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Cells joined with their site, ordered by cell id. */
export async function pageCells(db: Kysely<Database>, areaId: number, q: LayerQuery, w: PageWindow): Promise<CellWithSiteRow[]> {
  let query = cellQuery(db, areaId, q).selectAll('cells').select(CELL_SITE_COLUMNS).orderBy('cells.id').limit(w.limit);
  if (w.afterId !== undefined) query = query.where('cells.id', '>', w.afterId);
  if (w.offset) query = query.offset(w.offset);
  return query.execute();
}

export async function cellsExtent(db: Kysely<Database>, areaId: number): Promise<LayerExtent> {
  const row = await cellQuery(db, areaId, {})
    .select([
      sql<number | null>`min(sites.lon)`.as('min_lon'),
      sql<number | null>`min(sites.lat)`.as('min_lat'),
      sql<number | null>`max(sites.lon)`.as('max_lon'),
      sql<number | null>`max(sites.lat)`.as('max_lat'),
    ])
    .executeTakeFirstOrThrow();
  return toExtent(row, false);
}

function siteQuery(db: Kysely<Database>, areaId: number, q: LayerQuery) {
  let query = db.selectFrom('sites').where('sites.area_id', '=', areaId);
  if (q.bbox) query = query.where(intersects(q.bbox, SITE_COLUMNS));
  return query;
}

export async function countSites(db: Kysely<Database>, areaId: number, q: LayerQuery): Promise<number> {
  const row = await siteQuery(db, areaId, q).select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Sites ordered by id, each with its cells ordered by code. */
export async function pageSites(
  db: Kysely<Database>,
  areaId: number,
  q: LayerQuery,
  w: PageWindow,
): Promise<Array<{ site: SiteRow; cells: CellRow[] }>> {
  let query = siteQuery(db, areaId, q).selectAll().orderBy('id').limit(w.limit);
  if (w.afterId !== undefined) query = query.where('sites.id', '>', w.afterId);
  if (w.offset) query = query.offset(w.offset);
  const sites = await query.execute();
  if (sites.length === 0) return [];
  const cells = await db
    .selectFrom('cells')
    .selectAll()
    .where(
      'site_id',
      'in',
      sites.map((s) => s.id),
    )
    .orderBy('site_id')
    .orderBy('code')
    .execute();
  const bySite = new Map<number, CellRow[]>(sites.map((s) => [s.id, []]));
  for (const c of cells) bySite.get(c.site_id)!.push(c);
  return sites.map((site) => ({ site, cells: bySite.get(site.id)! }));
}

export async function sitesExtent(db: Kysely<Database>, areaId: number): Promise<LayerExtent> {
  const row = await siteQuery(db, areaId, {})
    .select([
      sql<number | null>`min(lon)`.as('min_lon'),
      sql<number | null>`min(lat)`.as('min_lat'),
      sql<number | null>`max(lon)`.as('max_lon'),
      sql<number | null>`max(lat)`.as('max_lat'),
    ])
    .executeTakeFirstOrThrow();
  return toExtent(row, false);
}

function toExtent(row: Record<string, unknown>, temporal: boolean): LayerExtent {
  const bbox: BBox | null =
    row.min_lon === null ? null : [Number(row.min_lon), Number(row.min_lat), Number(row.max_lon), Number(row.max_lat)];
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date));
  return { bbox, interval: temporal ? [date(row.first), date(row.last)] : null };
}
