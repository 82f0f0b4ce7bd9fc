import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import { DatabaseConnectError } from './database-loss.ts';
import type { Database } from './types.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  pool: pg.Pool;
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
 * PGlite, the latter through PGlite's own node-postgres adapter (one connection, in process).
 */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  let pool: pg.Pool;
  let kind: DatabaseKind;
  let closeExtra: () => Promise<void> = async () => {};
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
    const { PGlite } = await import('@electric-sql/pglite');
    const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
    if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
    const pglite = new PGlite(options.dataDir);
    await pglite.waitReady;
    pool = new pg.Pool(createPgConfig(pglite));
    closeExtra = async () => {
      await pglite.close();
    };
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
