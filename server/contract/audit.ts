import { Type, type Static } from 'typebox';
import { Nullable } from './shared.ts';

/** The audit log (admins only): `/api/v1/audit`. */

/** `GET /audit` query: filters and keyset paging, newest first. */
export const AuditQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  before: Type.Optional(Type.Integer({ minimum: 1, description: 'only entries older than this id (paging, newest first)' })),
  entity: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'e.g. sites, cells, areas, users, session' })),
  username: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  area: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'area code' })),
  action: Type.Optional(
    Type.String({ minLength: 1, maxLength: 32, description: 'create, update, delete, import, login, login_failed...' }),
  ),
});
export type AuditQuery = Static<typeof AuditQuery>;

/** One recorded event: who (null for an anonymous failed sign-in), when (ISO 8601, UTC), what; JSON values have secrets redacted. */
export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  username: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  method: Type.String(),
  route: Type.String(),
  status: Type.Integer(),
  areaCode: Nullable(Type.String()),
  entity: Nullable(Type.String()),
  entityKey: Nullable(Type.String()),
  action: Type.String(),
  request: Type.Unknown({ description: 'params, query and body (secrets redacted)' }),
  before: Type.Unknown({ description: 'the item before an update or delete, when it could be read' }),
  after: Type.Unknown({ description: 'the answer of the write' }),
});
export type AuditEntry = Static<typeof AuditEntry>;

/** `GET /audit` answer: one page, newest first. */
export const AuditPage = Type.Object({
  items: Type.Array(AuditEntry),
  next: Nullable(Type.Integer({ description: 'pass as `before` for the next page' })),
});
export type AuditPage = Static<typeof AuditPage>;
