/**
 * Which errors mean that the database itself is out of reach (refused, terminated, dropped, not
 * accepting connections, too many clients), as opposed to a statement that failed on its own. The
 * service answers every such error 503 `database_unavailable` with Retry-After, on every route; the
 * command-line scripts print one line saying so. One classifier, used by both.
 *
 * PostgreSQL SQLSTATE codes (PostgreSQL 15 documentation, Appendix A "PostgreSQL Error Codes"):
 * - class 08, connection exception: 08000 connection_exception, 08003 connection_does_not_exist,
 *   08006 connection_failure, 08001 sqlclient_unable_to_establish_sqlconnection, 08004
 *   sqlserver_rejected_establishment_of_sqlconnection, 08007 transaction_resolution_unknown,
 *   08P01 protocol_violation;
 * - class 57, operator intervention: 57P01 admin_shutdown ("terminating connection due to
 *   administrator command": pg_terminate_backend, a fast shutdown, DROP DATABASE ... WITH (FORCE)),
 *   57P02 crash_shutdown, 57P03 cannot_connect_now ("the database system is starting up / shutting
 *   down / in recovery mode"), 57P04 database_dropped, 57P05 idle_session_timeout; not 57014
 *   query_canceled (a statement timeout: the statement's own problem);
 * - 3D000 invalid_catalog_name: `database "x" does not exist` when connecting (dropped or renamed);
 * - 55000 object_not_in_prerequisite_state only as PostgreSQL 15 reports ALTER DATABASE ...
 *   ALLOW_CONNECTIONS false, at severity FATAL: `database "x" is not currently accepting connections`
 *   (src/backend/utils/init/postinit.c); elsewhere the same code is a statement's own error;
 * - class 53, insufficient resources: 53300 too_many_connections ("sorry, too many clients already",
 *   "too many connections for database/role", "remaining connection slots are reserved ..."), 53000
 *   insufficient_resources, 53100 disk_full, 53200 out_of_memory; not 53400
 *   configuration_limit_exceeded (a limit one statement reaches, e.g. temp_file_limit, that a retry
 *   would reach again);
 * - any error at severity FATAL or PANIC: it ended the session (documentation, "Message Severity
 *   Levels": FATAL "reports an error that caused the current session to abort").
 *
 * Node.js socket errors (`code`): ECONNREFUSED, ECONNRESET, ECONNABORTED, ETIMEDOUT, EPIPE,
 * ENOTFOUND, EAI_AGAIN, EHOSTUNREACH, ENETUNREACH. node-postgres and pg-pool errors carry no code, only
 * a message: "Connection terminated unexpectedly", "Connection terminated due to connection timeout",
 * "timeout exceeded when trying to connect", "Query read timeout" (the pool's query_timeout),
 * "Client has encountered a connection error and is not queryable", "Client was closed and is not
 * queryable", "Cannot use a pool after calling end on the pool". Kysely after `destroy()`: "driver has
 * already been destroyed". PGlite: "PGlite is closed", "PGlite is closing". And any failure to obtain
 * a connection at all ({@link DatabaseConnectError}, see database.ts).
 *
 * The error may be wrapped (Kysely, a transaction's failed rollback, an import, `AggregateError` of
 * Node's connection attempts): `cause` and `errors` are followed.
 */

/** What kind of loss: for logs and the command line, never shown to API clients. */
export type DatabaseLossKind =
  | 'refused'
  | 'terminated'
  | 'dropped'
  | 'not_accepting'
  | 'too_many_clients'
  | 'resources'
  | 'timeout'
  | 'unreachable'
  | 'closed'
  | 'connect_failed';

export interface DatabaseLoss {
  kind: DatabaseLossKind;
  /** The SQLSTATE or Node.js error code that decided it, when there was one. */
  code?: string;
}

/** A failure to obtain a database connection (refused, auth, database missing...): the database is out of reach. */
export class DatabaseConnectError extends Error {
  constructor(cause: unknown) {
    super(`could not connect to the database: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseConnectError';
  }
}

/** Human words for a kind of loss. */
export const DATABASE_LOSS_TEXT: Record<DatabaseLossKind, string> = {
  refused: 'connection refused',
  terminated: 'connection terminated',
  dropped: 'database does not exist',
  not_accepting: 'database not accepting connections',
  too_many_clients: 'too many clients',
  resources: 'server out of resources',
  timeout: 'timed out',
  unreachable: 'server unreachable',
  closed: 'connection pool closed',
  connect_failed: 'could not connect',
};

const SQLSTATE: Record<string, DatabaseLossKind> = {
  '57P01': 'terminated',
  '57P02': 'terminated',
  '57P03': 'not_accepting',
  '57P04': 'dropped',
  '57P05': 'terminated',
  '3D000': 'dropped',
  '53000': 'resources',
  '53100': 'resources',
  '53200': 'resources',
  '53300': 'too_many_clients',
};

const NODE_CODES: Record<string, DatabaseLossKind> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'terminated',
  ECONNABORTED: 'terminated',
  EPIPE: 'terminated',
  ETIMEDOUT: 'timeout',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
};

const MESSAGES: Array<[RegExp, DatabaseLossKind]> = [
  [/^Connection terminated due to connection timeout/, 'timeout'],
  [/^Connection terminated/, 'terminated'],
  [/^timeout exceeded when trying to connect/, 'timeout'],
  [/^Query read timeout/, 'timeout'],
  [/^Client has encountered a connection error and is not queryable/, 'terminated'],
  [/^Client was closed and is not queryable/, 'closed'],
  [/^Cannot use a pool after calling end on the pool/, 'closed'],
  [/^driver has already been destroyed/, 'closed'],
  [/^PGlite is clos(ed|ing)/, 'closed'],
];

/** Wrappers are followed this deep at most (a cycle of causes must not loop). */
const MAX_DEPTH = 8;

/** The loss of the database that `err` (or an error it wraps) reports, or null when it reports something else. */
export function classifyDatabaseLoss(err: unknown): DatabaseLoss | null {
  return visit(err, 0, new Set());
}

function visit(err: unknown, depth: number, seen: Set<unknown>): DatabaseLoss | null {
  if (err === null || typeof err !== 'object' || depth > MAX_DEPTH || seen.has(err)) return null;
  seen.add(err);
  const own = classifyOne(err as ErrorLike);
  if (own) return own;
  const { cause, errors } = err as ErrorLike;
  const inner = visit(cause, depth + 1, seen);
  if (inner) return inner;
  if (Array.isArray(errors)) {
    for (const e of errors) {
      const found = visit(e, depth + 1, seen);
      if (found) return found;
    }
  }
  // Whatever went wrong while connecting, the database was out of reach.
  return err instanceof DatabaseConnectError ? { kind: 'connect_failed' } : null;
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  severity?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function classifyOne(err: ErrorLike): DatabaseLoss | null {
  const code = typeof err.code === 'string' ? err.code : undefined;
  const message = typeof err.message === 'string' ? err.message : '';
  if (code !== undefined) {
    if (code === '08001' || code === '08004') return { kind: 'refused', code };
    if (/^08[0-9A-Z]{3}$/.test(code)) return { kind: 'terminated', code };
    const known = SQLSTATE[code] ?? NODE_CODES[code];
    if (known) return { kind: known, code };
    if (code === '55000' && (err.severity === 'FATAL' || /is not currently accepting connections/.test(message)))
      return { kind: 'not_accepting', code };
    if (/^[0-9A-Z]{5}$/.test(code) && (err.severity === 'FATAL' || err.severity === 'PANIC')) return { kind: 'terminated', code };
  }
  for (const [pattern, kind] of MESSAGES) if (pattern.test(message)) return { kind };
  return null;
}
