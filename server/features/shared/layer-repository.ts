import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.ts';
import type { ListOptions, Page } from './paging.ts';

/** Tables holding a map layer of an area: point layers (lon/lat) and polygon layers (geometry + bbox). */
export type LayerTable = 'problem_reports' | 'candidates' | 'clutter_zones' | 'settlements' | 'survey_measurements';

export interface LayerTableSpec {
  table: LayerTable;
  kind: 'point' | 'polygon';
  naturalKey: 'code' | 'external_id';
}

type Row = Record<string, unknown> & { id: number };
type Filters = Record<string, string | undefined>;

// Layer queries are generic over the table, so they use Kysely's dynamic references.
function base(db: Kysely<Database>, spec: LayerTableSpec, areaId: number, opts: { bbox?: ListOptions['bbox']; filters?: Filters }) {
  const d = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  let q = d.selectFrom(spec.table).where('area_id', '=', areaId);
  if (opts.bbox) {
    const [a, b, c, e] = opts.bbox;
    q =
      spec.kind === 'point'
        ? q.where('lon', '>=', a).where('lat', '>=', b).where('lon', '<=', c).where('lat', '<=', e)
        : q.where('max_lon', '>=', a).where('max_lat', '>=', b).where('min_lon', '<=', c).where('min_lat', '<=', e);
  }
  for (const [column, value] of Object.entries(opts.filters ?? {})) if (value !== undefined) q = q.where(column, '=', value);
  return q;
}

/** One page of a layer, ordered by id; `next` is the keyset cursor of the next page. */
export async function listLayer(db: Kysely<Database>, spec: LayerTableSpec, areaId: number, opts: ListOptions & { filters?: Filters }): Promise<Page<Row>> {
  const q = base(db, spec, areaId, opts);
  const { count } = (await q.select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow()) as { count: number };
  let page = q.selectAll().orderBy('id').limit(opts.limit + 1);
  if (opts.cursor !== undefined) page = page.where('id', '>', opts.cursor);
  else if (opts.offset) page = page.offset(opts.offset);
  const rows = (await page.execute()) as Row[];
  const more = rows.length > opts.limit;
  const items = rows.slice(0, opts.limit);
  return { items, total: Number(count), next: more ? items[items.length - 1].id : null };
}

export async function getLayerItem(db: Kysely<Database>, spec: LayerTableSpec, areaId: number, id: number): Promise<Row | undefined> {
  return (await base(db, spec, areaId, {}).selectAll().where('id', '=', id).executeTakeFirst()) as Row | undefined;
}

export async function findLayerItemByKey(db: Kysely<Database>, spec: LayerTableSpec, areaId: number, key: string): Promise<Row | undefined> {
  return (await base(db, spec, areaId, {}).selectAll().where(spec.naturalKey, '=', key).executeTakeFirst()) as Row | undefined;
}

export async function insertLayerItem(db: Kysely<Database>, spec: LayerTableSpec, areaId: number, columns: Record<string, unknown>): Promise<Row> {
  const d = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  return (await d.insertInto(spec.table).values({ ...columns, area_id: areaId }).returningAll().executeTakeFirstOrThrow()) as Row;
}

export async function updateLayerItem(db: Kysely<Database>, spec: LayerTableSpec, id: number, columns: Record<string, unknown>): Promise<Row> {
  const d = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  return (await d.updateTable(spec.table).set({ ...columns, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()) as Row;
}

export async function deleteLayerItem(db: Kysely<Database>, spec: LayerTableSpec, areaId: number, id: number): Promise<boolean> {
  const d = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const r = await d.deleteFrom(spec.table).where('area_id', '=', areaId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
