import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.ts';
import { auditJson } from './redact.ts';
import { insertAuditRecord } from './repository.ts';

/** What happened, by whom; JSON values are redacted and size-capped here. */
export interface AuditEvent {
  username: string | null;
  ip?: string | null;
  method: string;
  route: string;
  status: number;
  areaCode?: string | null;
  entity?: string | null;
  entityKey?: string | null;
  action: string;
  request?: unknown;
  before?: unknown;
  after?: unknown;
}

/**
 * Record one event in the audit log. Writes through the API are recorded by the audit hooks;
 * call this for events the hooks do not see (sign-ins, failed sign-ins, background jobs). Resolves
 * with the entry's id.
 */
export async function recordAudit(db: Kysely<Database>, e: AuditEvent): Promise<number> {
  return insertAuditRecord(db, {
    username: e.username,
    ip: e.ip ?? null,
    method: e.method,
    route: e.route,
    status: e.status,
    areaCode: e.areaCode ?? null,
    entity: e.entity ?? null,
    entityKey: e.entityKey ?? null,
    action: e.action,
    request: auditJson(e.request),
    before: auditJson(e.before),
    after: auditJson(e.after),
  });
}
