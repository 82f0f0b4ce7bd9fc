import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/types.ts';
import type { ListOptions, Page } from './paging.ts';

/** Tables holding a map layer of an area: point layers (lon/lat) and polygon layers (geometry + bbox). */
export type LayerTable =
  | 'problem_reports'
  | 'candidates'
  | 'clutter_zones'
  | 'settlements'
  | 'survey_measurements'
  | 'places'
  | 'survey_responses';

/** A stored row of a layer table, as Kysely types it (every layer table has an integer `id`). */
export type LayerRow<T extends LayerTable> = Selectable<Database[T]> & { id: number };
/** The columns of a new row, `area_id` included. */
export type LayerInsert<T extends LayerTable> = Insertable<Database[T]>;
/** The columns a change writes (`updated_at` is set here). */
export type LayerUpdate<T extends LayerTable> = Updateable<Database[T]>;

/** The column that names an item within its area (unique per area): `code`, or `external_id` for reports and measurements. */
export type NaturalKey<T extends LayerTable> = Extract<keyof Database[T], 'code' | 'external_id'>;

export interface LayerTableSpec<T extends LayerTable = LayerTable> {
  table: T;
  kind: 'point' | 'polygon';
  naturalKey: NaturalKey<T>;
}

/** Extra equality filters of a list: column -> value (undefined: no filter). */
type Filters = Record<string, unknown>;

// A layer query names its table by a type parameter, so it is built with Kysely's dynamic module
// (db.dynamic.table / ref): the table is aliased `t` and columns are referred to by name.
function base<T extends LayerTable>(
  db: Kysely<Database>,
  spec: LayerTableSpec<T>,
  areaId: number,
  opts: { bbox?: ListOptions['bbox']; filters?: Filters },
) {
  const { ref } = db.dynamic;
  let q = db.selectFrom(db.dynamic.table(spec.table).as('t')).where(ref('area_id'), '=', areaId);
  if (opts.bbox) {
    const [a, b, c, e] = opts.bbox;
    q =
      spec.kind === 'point'
        ? q.where(ref('lon'), '>=', a).where(ref('lat'), '>=', b).where(ref('lon'), '<=', c).where(ref('lat'), '<=', e)
        : q.where(ref('max_lon'), '>=', a).where(ref('max_lat'), '>=', b).where(ref('min_lon'), '<=', c).where(ref('min_lat'), '<=', e);
  }
  for (const [column, value] of Object.entries(opts.filters ?? {})) if (value !== undefined) q = q.where(ref(column), '=', value);
  return q;
}

/**
 * The rows of a layer query, typed. Kysely types the row of a table chosen by a type parameter as a
 * mapped type it cannot simplify while T is open; for every concrete layer table that type is
 * exactly Selectable<Database[T]> (with its `id`), which is what this one cast says.
 */
function layerRows<T extends LayerTable>(rows: object[]): LayerRow<T>[] {
  return rows as LayerRow<T>[];
}

/** One page of a layer, ordered by id; `next` is the keyset cursor of the next page. */
export async function listLayer<T extends LayerTable>(
  db: Kysely<Database>,
  spec: LayerTableSpec<T>,
  areaId: number,
  opts: ListOptions & { filters?: Filters },
): Promise<Page<LayerRow<T>>> {
  const { ref } = db.dynamic;
  const q = base(db, spec, areaId, opts);
  const { count } = await q.select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow();
  let page = q
    .selectAll()
    .orderBy(ref('id'))
    .limit(opts.limit + 1);
  if (opts.cursor !== undefined) page = page.where(ref('id'), '>', opts.cursor);
  else if (opts.offset) page = page.offset(opts.offset);
  const rows = layerRows<T>(await page.execute());
  const more = rows.length > opts.limit;
  const items = rows.slice(0, opts.limit);
  return { items, total: Number(count), next: more ? items[items.length - 1].id : null };
}

export async function getLayerItem<T extends LayerTable>(
  db: Kysely<Database>,
  spec: LayerTableSpec<T>,
  areaId: number,
  id: number,
): Promise<LayerRow<T> | undefined> {
  const { ref } = db.dynamic;
  return layerRows<T>(await base(db, spec, areaId, {}).selectAll().where(ref('id'), '=', id).execute())[0];
}

export async function findLayerItemByKey<T extends LayerTable>(
  db: Kysely<Database>,
  spec: LayerTableSpec<T>,
  areaId: number,
  key: string,
): Promise<LayerRow<T> | undefined> {
  const { ref } = db.dynamic;
  return layerRows<T>(await base(db, spec, areaId, {}).selectAll().where(ref(spec.naturalKey), '=', key).execute())[0];
}

/** The natural key a create or change writes, when it writes one. */
export function naturalKeyOf<T extends LayerTable>(spec: LayerTableSpec<T>, columns: LayerInsert<T> | LayerUpdate<T>): string | undefined {
  const key: unknown = Reflect.get(columns, spec.naturalKey);
  return typeof key === 'string' ? key : undefined;
}

export async function insertLayerItem<T extends LayerTable>(
  db: Kysely<Database>,
  spec: LayerTableSpec<T>,
  columns: LayerInsert<T>,
): Promise<LayerRow<T>> {
  return layerRows<T>([await db.insertInto(spec.table).values(columns).returningAll().executeTakeFirstOrThrow()])[0];
}

export async function updateLayerItem<T extends LayerTable>(
  db: Kysely<Database>,
  spec: LayerTableSpec<T>,
  id: number,
  columns: LayerUpdate<T>,
): Promise<LayerRow<T>> {
  const { ref } = db.dynamic;
  let q = db.updateTable(db.dynamic.table(spec.table).as('t')).where(ref('id'), '=', id);
  for (const [column, value] of Object.entries(columns)) if (value !== undefined && column !== 'updated_at') q = q.set(ref(column), value);
  return layerRows<T>([await q.set(ref('updated_at'), new Date()).returningAll().executeTakeFirstOrThrow()])[0];
}

export async function deleteLayerItem<T extends LayerTable>(
  db: Kysely<Database>,
  spec: LayerTableSpec<T>,
  areaId: number,
  id: number,
): Promise<boolean> {
  const { ref } = db.dynamic;
  const r = await db
    .deleteFrom(db.dynamic.table(spec.table).as('t'))
    .where(ref('area_id'), '=', areaId)
    .where(ref('id'), '=', id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
