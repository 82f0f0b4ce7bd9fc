import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect, sql, type PostgresPool } from 'kysely';
import pg from 'pg';
import { DatabaseConnectError } from './database-loss.ts';
import { startRemotePglite } from './pglite-remote.ts';
import type { Database } from './types.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  pool: pg.Pool;
  /**
   * Resolves when the database answers; rejects after `timeoutMs` or on any failure. PostgreSQL: a
   * `select 1` on a pooled connection. PGlite (one connection, one statement at a time): a thread
   * busy with a statement for less than `timeoutMs` counts as an answer, so the probe does not wait
   * behind a long write; an idle or stuck one gets the `select 1`.
   */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A real PostgreSQL server; absent = embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; 'memory://' for an in-memory database. */
  dataDir: string;
  poolMax?: number;
  /** PostgreSQL: fail a query after this long without an answer (a frozen server or a silent network); default 30 s. */
  queryTimeoutMs?: number;
}

// PostgreSQL returns bigint (count(*)) as text by default; our counts always fit in a double.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// numeric -> number (costs, sums).
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

/**
 * Open the database: one code path (Kysely PostgresDialect over a pg.Pool) for both PostgreSQL and
 * PGlite, the latter through PGlite's own node-postgres adapter (one connection), its engine on a worker thread.
 */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  let pool: pg.Pool;
  let kind: DatabaseKind;
  let closeExtra: () => Promise<void> = async () => {};
  let busyForMs: () => number = () => 0;
  if (options.databaseUrl) {
    kind = 'postgres';
    pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolMax ?? 10,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      // Without these a query on a pooled connection to a frozen server waits forever.
      query_timeout: options.queryTimeoutMs ?? 30_000,
      keepAlive: true,
    });
  } else {
    kind = 'pglite';
    const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
    if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
    // PGlite on its own thread (see pglite-remote.ts), driven by its node-postgres adapter as usual.
    const pglite = startRemotePglite(options.dataDir);
    try {
      await pglite.waitReady;
    } catch (err) {
      await pglite.close();
      throw err;
    }
    pool = new pg.Pool(createPgConfig(pglite.asAdapterPeer));
    closeExtra = () => pglite.close();
    busyForMs = () => pglite.busyForMs();
  }
  // An idle client losing its server (PostgreSQL restart) must not crash the process.
  pool.on('error', () => {});
  // Nor a client in use (a request's query, a transaction) whose connection is terminated: node-postgres
  // emits 'error' on it, which pg-pool listens to only while the client is idle. The query itself fails.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: connectFailuresMarked(pool) }) });
  let closing: Promise<void> | undefined;
  return {
    db,
    kind,
    pool,
    async ping(timeoutMs) {
      const busy = busyForMs();
      if (busy > 0 && busy < timeoutMs) return;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the database did not answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([sql`select 1`.execute(db), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    // Once only: a second call (an app closing after its database was lost) waits for the first.
    close: () =>
      (closing ??= (async () => {
        await db.destroy();
        await closeExtra();
      })()),
  };
}

/**
 * The pool as Kysely sees it, with every failure to obtain a connection (refused, database missing or
 * not accepting connections, too many clients, the pool's connect timeout) wrapped in
 * DatabaseConnectError, so it is classified as a loss of the database whatever its code or language.
 */
function connectFailuresMarked(pool: pg.Pool): PostgresPool {
  return {
    connect: () =>
      pool.connect().catch((err: unknown) => {
        throw new DatabaseConnectError(err);
      }),
    end: () => pool.end(),
  };
}
