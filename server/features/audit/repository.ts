import { sql, type Kysely } from 'kysely';
import type { AuditEntry } from '../../contract/audit.ts';
import type { AuditLogRow, Database } from '../../db/types.ts';

type Db = Kysely<Database>;

/** One row of the audit log; `request`, `before` and `after` are JSON text (already redacted). */
export interface AuditRecord {
  username: string | null;
  ip: string | null;
  method: string;
  route: string;
  status: number;
  areaCode: string | null;
  entity: string | null;
  entityKey: string | null;
  action: string;
  request: string | null;
  before: string | null;
  after: string | null;
}

/** Inserts the record; resolves with its id. */
export async function insertAuditRecord(db: Db, r: AuditRecord): Promise<number> {
  const row = await db
    .insertInto('audit_log')
    .values({
      at: new Date(),
      username: r.username,
      ip: r.ip,
      method: r.method,
      route: r.route,
      status: r.status,
      area_code: r.areaCode,
      entity: r.entity,
      entity_key: r.entityKey,
      action: r.action,
      request: r.request,
      before: r.before,
      after: r.after,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** One entry by id, or undefined. */
export async function findAuditEntry(db: Db, id: number): Promise<AuditEntry | undefined> {
  const row = await db.selectFrom('audit_log').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAuditEntry(row) : undefined;
}

export interface AuditQuery {
  limit: number;
  /** Only entries older than this id (keyset paging, newest first). */
  beforeId?: number;
  entity?: string;
  username?: string;
  areaCode?: string;
  action?: string;
  entityKey?: string;
}

/** A row of the log as the API shows it (`at` in ISO 8601, UTC; absent JSON values as null). */
function toAuditEntry(r: AuditLogRow): AuditEntry {
  return {
    id: Number(r.id),
    at: r.at.toISOString(),
    username: r.username,
    ip: r.ip,
    method: r.method,
    route: r.route,
    status: r.status,
    areaCode: r.area_code,
    entity: r.entity,
    entityKey: r.entity_key,
    action: r.action,
    request: r.request ?? null,
    before: r.before ?? null,
    after: r.after ?? null,
  };
}

/** Newest first. */
export async function listAuditEntries(db: Db, q: AuditQuery): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  if (q.entity !== undefined) query = query.where('entity', '=', q.entity);
  if (q.username !== undefined) query = query.where('username', '=', q.username);
  if (q.areaCode !== undefined) query = query.where('area_code', '=', q.areaCode);
  if (q.action !== undefined) query = query.where('action', '=', q.action);
  if (q.entityKey !== undefined) query = query.where('entity_key', '=', q.entityKey);
  const rows = await query.execute();
  return rows.map(toAuditEntry);
}

/** The code of the area `:areaId` names (id or code), without loading its boundary. */
export async function findAreaCode(db: Db, idOrCode: string): Promise<string | undefined> {
  const query = db.selectFrom('areas').select('code');
  const row =
    /^\d+$/.test(idOrCode) && Number(idOrCode) <= 2147483647
      ? await query
          .where((eb) => eb.or([eb('code', '=', idOrCode), eb('id', '=', Number(idOrCode))]))
          .orderBy(sql`code = ${idOrCode}`, 'desc')
          .executeTakeFirst()
      : await query.where('code', '=', idOrCode).executeTakeFirst();
  return row?.code;
}
