/**
 * A throwaway PostgreSQL database for a benchmark: created on the server at BENCH_DATABASE_URL (else
 * the local one), handed to `run`, dropped afterwards. Answers undefined when no server is reachable,
 * so that a bench prints its embedded-database figures alone.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The server the benches use: BENCH_DATABASE_URL, else the local PostgreSQL. */
export const benchPostgresUrl = (): string => process.env.BENCH_DATABASE_URL ?? LOCAL_POSTGRES;

export async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** Run `run` against a fresh database named `<prefix>_<random>`; undefined when the server is unreachable. */
export async function withThrowawayDatabase<T>(prefix: string, run: (databaseUrl: string) => Promise<T>): Promise<T | undefined> {
  const adminUrl = benchPostgresUrl();
  if (!(await postgresReachable(adminUrl))) {
    console.log(`postgresql: not reachable at ${adminUrl.replace(/:[^:@/]*@/, ':***@')}, skipped`);
    return undefined;
  }
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
