import { sql, type Insertable, type Kysely, type Selectable, type SqlBool, type Transaction, type Updateable } from 'kysely';
import type { CandidateProperties } from '../../contract/candidates.ts';
import type { NamedCellRadio } from '../../core/default-cells.ts';
import { isTechnology, type CandidateOrigin, type CandidateStatus, type Technology } from '../../core/model.ts';
import type { BBox } from '../../core/validation/geometry.ts';
import type { CandidatesTable, Database } from '../../db/types.ts';
import type { Page } from '../shared/paging.ts';

type Db = Kysely<Database> | Transaction<Database>;
type CandidateRow = Selectable<CandidatesTable>;

/** A candidate site as planning sees it: its properties, its position ([lon, lat], WGS84 degrees) and its planned cells. */
export interface Candidate extends CandidateProperties {
  lon: number;
  lat: number;
  cells: NamedCellRadio[];
}

/** The columns a candidate is written with. */
export type CandidateWrite = Omit<Candidate, 'id'>;

/** Which candidates of an area a query reads; every filter is optional. */
export interface CandidateFilter {
  /** [minLon, minLat, maxLon, maxLat]; minLon > maxLon means the box crosses the antimeridian. */
  bbox?: BBox;
  /** A value that is no technology matches no candidate. */
  technology?: string;
  status?: CandidateStatus;
  origin?: CandidateOrigin;
}

function toCandidate(row: CandidateRow): Candidate {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    lon: row.lon,
    lat: row.lat,
    technology: row.technology,
    cells: toCells(row.cells, row.technology),
    cost: row.cost,
    status: row.status,
    origin: row.origin,
    approximate: row.approximate,
    note: row.note,
  };
}

/**
 * The `cells` column (jsonb, written by the API or an import) as the planned cells. Each cell keeps its
 * keys in their stored order (exports write them as they are); a number that is missing or not a
 * number reads as NaN, which the engine reports and leaves out (core/coverage/usable-cells.ts).
 */
function toCells(raw: unknown, technology: Technology): NamedCellRadio[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).map((cell) => ({
    ...cell,
    code: String(cell.code),
    technology: isTechnology(cell.technology) ? cell.technology : technology,
    frequencyMhz: numberOrNaN(cell.frequencyMhz),
    heightM: numberOrNaN(cell.heightM),
    azimuthDeg: cell.azimuthDeg === null ? null : numberOrNaN(cell.azimuthDeg),
    beamwidthDeg: numberOrNaN(cell.beamwidthDeg),
    tiltDeg: numberOrNaN(cell.tiltDeg),
    powerDbm: numberOrNaN(cell.powerDbm),
    gainDbi: numberOrNaN(cell.gainDbi),
    lossDb: numberOrNaN(cell.lossDb),
  }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOrNaN(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}

function insertValues(areaId: number, c: CandidateWrite): Insertable<CandidatesTable> {
  return {
    area_id: areaId,
    code: c.code,
    name: c.name,
    lon: c.lon,
    lat: c.lat,
    technology: c.technology,
    cells: JSON.stringify(c.cells),
    cost: c.cost,
    status: c.status,
    origin: c.origin,
    approximate: c.approximate,
    note: c.note,
  };
}

/** The columns of the fields given (an absent field is left as stored). */
function updateValues(c: Partial<CandidateWrite>): Updateable<CandidatesTable> {
  const values: Updateable<CandidatesTable> = {};
  if (c.code !== undefined) values.code = c.code;
  if (c.name !== undefined) values.name = c.name;
  if (c.lon !== undefined) values.lon = c.lon;
  if (c.lat !== undefined) values.lat = c.lat;
  if (c.technology !== undefined) values.technology = c.technology;
  if (c.cells !== undefined) values.cells = JSON.stringify(c.cells);
  if (c.cost !== undefined) values.cost = c.cost;
  if (c.status !== undefined) values.status = c.status;
  if (c.origin !== undefined) values.origin = c.origin;
  if (c.approximate !== undefined) values.approximate = c.approximate;
  if (c.note !== undefined) values.note = c.note;
  return values;
}

function filtered(db: Db, areaId: number, filter: CandidateFilter) {
  let q = db.selectFrom('candidates').where('area_id', '=', areaId);
  if (filter.bbox) {
    const [minLon, minLat, maxLon, maxLat] = filter.bbox;
    q = q.where('lat', '>=', minLat).where('lat', '<=', maxLat);
    q =
      minLon <= maxLon
        ? q.where('lon', '>=', minLon).where('lon', '<=', maxLon)
        : q.where((eb) => eb.or([eb('lon', '>=', minLon), eb('lon', '<=', maxLon)]));
  }
  if (filter.technology !== undefined)
    q = isTechnology(filter.technology) ? q.where('technology', '=', filter.technology) : q.where(sql<SqlBool>`false`);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  if (filter.origin !== undefined) q = q.where('origin', '=', filter.origin);
  return q;
}

/** How many candidates of the area match. */
export async function countCandidates(db: Db, areaId: number, filter: CandidateFilter = {}): Promise<number> {
  const { count } = await filtered(db, areaId, filter).select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow();
  return Number(count);
}

/** Candidates of the area by id: after `afterId` (keyset) or from `offset`. */
export async function pageCandidates(
  db: Db,
  areaId: number,
  filter: CandidateFilter,
  window: { limit: number; offset?: number; afterId?: number },
): Promise<Candidate[]> {
  let q = filtered(db, areaId, filter).selectAll().orderBy('id').limit(window.limit);
  if (window.afterId !== undefined) q = q.where('id', '>', window.afterId);
  if (window.offset) q = q.offset(window.offset);
  return (await q.execute()).map(toCandidate);
}

/** One page of candidates and the number matched; `next` is the keyset cursor of the next page. */
export async function listCandidates(
  db: Db,
  areaId: number,
  filter: CandidateFilter,
  opts: { limit: number; offset?: number; cursor?: number },
): Promise<Page<Candidate>> {
  const total = await countCandidates(db, areaId, filter);
  const rows = await pageCandidates(db, areaId, filter, {
    limit: opts.limit + 1,
    afterId: opts.cursor,
    offset: opts.cursor === undefined ? opts.offset : undefined,
  });
  const items = rows.slice(0, opts.limit);
  return { items, total, next: rows.length > opts.limit ? items[items.length - 1].id : null };
}

/** Every candidate of the area, by code. */
export async function listAreaCandidates(db: Db, areaId: number): Promise<Candidate[]> {
  const rows = await db.selectFrom('candidates').selectAll().where('area_id', '=', areaId).orderBy('code').execute();
  return rows.map(toCandidate);
}

export async function findCandidate(db: Db, areaId: number, id: number): Promise<Candidate | undefined> {
  const row = await db.selectFrom('candidates').selectAll().where('area_id', '=', areaId).where('id', '=', id).executeTakeFirst();
  return row ? toCandidate(row) : undefined;
}

export async function findCandidateByCode(db: Db, areaId: number, code: string): Promise<Candidate | undefined> {
  const row = await db.selectFrom('candidates').selectAll().where('area_id', '=', areaId).where('code', '=', code).executeTakeFirst();
  return row ? toCandidate(row) : undefined;
}

/** The bbox of the area's candidates ([minLon, minLat, maxLon, maxLat]), or null when it has none. */
export async function candidatesExtent(db: Db, areaId: number): Promise<BBox | null> {
  const row = await db
    .selectFrom('candidates')
    .where('area_id', '=', areaId)
    .select([
      sql<number | null>`min(lon)`.as('min_lon'),
      sql<number | null>`min(lat)`.as('min_lat'),
      sql<number | null>`max(lon)`.as('max_lon'),
      sql<number | null>`max(lat)`.as('max_lat'),
    ])
    .executeTakeFirstOrThrow();
  return row.min_lon === null ? null : [Number(row.min_lon), Number(row.min_lat), Number(row.max_lon), Number(row.max_lat)];
}

export async function insertCandidate(db: Db, areaId: number, candidate: CandidateWrite): Promise<Candidate> {
  return toCandidate(await db.insertInto('candidates').values(insertValues(areaId, candidate)).returningAll().executeTakeFirstOrThrow());
}

/** Insert several candidates of the area at once. */
export async function insertCandidates(db: Db, areaId: number, candidates: CandidateWrite[]): Promise<void> {
  if (candidates.length === 0) return;
  await db
    .insertInto('candidates')
    .values(candidates.map((c) => insertValues(areaId, c)))
    .execute();
}

/** Change the given fields of a candidate (and its updated_at). */
export async function updateCandidate(db: Db, id: number, changes: Partial<CandidateWrite>): Promise<Candidate> {
  const row = await db
    .updateTable('candidates')
    .set({ ...updateValues(changes), updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCandidate(row);
}

export async function deleteCandidate(db: Db, areaId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('candidates').where('area_id', '=', areaId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
