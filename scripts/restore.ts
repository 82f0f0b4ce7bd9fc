/**
 * `npm run restore -- <file> [--data-dir <dir> | --database-url <url>] [--force]`: restore a backup
 * written by `npm run backup`. Embedded: unpacks the tarball into an empty data directory (with
 * --force an existing one is first moved aside to <dir>.before-restore-<time>); stop the service
 * first. PostgreSQL: pg_restore --clean in one transaction. Exit code 0: restored; 1: failed; 2: usage.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { UsageError, databaseTarget, isEmptyDir, runTool } from './backup.ts';

export const RESTORE_USAGE = `usage: npm run restore -- <file> [--data-dir <dir> | --database-url <url>] [--force]

  <file>               a backup from npm run backup (.tar.gz: embedded database; .dump: PostgreSQL)
  --data-dir <dir>     embedded database directory to create (default DATA_DIR or ./data); stop the service first
  --database-url <url> PostgreSQL (default DATABASE_URL); existing tables are replaced in one transaction
  --force              embedded: move a non-empty directory aside to <dir>.before-restore-<time> first
exit code: 0 restored, 1 failed, 2 usage`;

/** What a restored database holds, to print and to compare. */
export interface RestoredCounts {
  areas: number;
  sites: number;
  cells: number;
  reports: number;
  users: number;
}

const COUNT_SQL = `select (select count(*) from areas)::int as areas, (select count(*) from sites)::int as sites,
  (select count(*) from cells)::int as cells, (select count(*) from problem_reports)::int as reports, (select count(*) from users)::int as users`;

/** Unpack an embedded-database tarball into `dataDir` (empty or missing, or moved aside with `force`). */
export async function restoreEmbedded(file: string, dataDir: string, force = false): Promise<RestoredCounts> {
  if (!existsSync(file)) throw new UsageError(`${file} not found`);
  if (!isEmptyDir(dataDir)) {
    if (!force)
      throw new UsageError(`${dataDir} is not empty: stop the service and use --force to move it aside, or choose another --data-dir`);
    if (existsSync(`${dataDir}/postmaster.pid`))
      throw new UsageError(`${dataDir} is in use (postmaster.pid present): stop the service first`);
    const aside = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dataDir, aside);
    console.log(`moved the existing ${dataDir} to ${aside}`);
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(dataDir, { loadDataDir: new Blob([readFileSync(file)]) });
  try {
    await db.waitReady;
    return (await db.query<RestoredCounts>(COUNT_SQL)).rows[0];
  } finally {
    await db.close();
  }
}

/** pg_restore a custom-format dump over the database (objects dropped and recreated, one transaction). */
export async function restorePostgres(file: string, databaseUrl: string): Promise<RestoredCounts> {
  if (!existsSync(file)) throw new UsageError(`${file} not found`);
  await runTool('pg_restore', [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--no-privileges',
    '--single-transaction',
    '--exit-on-error',
    `--dbname=${databaseUrl}`,
    file,
  ]);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<RestoredCounts>(COUNT_SQL)).rows[0];
  } finally {
    await client.end();
  }
}

export async function runRestoreCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(RESTORE_USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('give one backup file');
    const file = resolve(positionals[0]);
    const target = databaseTarget(values, env);
    const started = Date.now();
    const counts =
      'databaseUrl' in target ? await restorePostgres(file, target.databaseUrl) : await restoreEmbedded(file, target.dataDir, values.force);
    console.log(
      `restored ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${Object.entries(counts)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}`,
    );
    return 0;
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`${err instanceof Error ? err.message : String(err)}${usage ? `\n\n${RESTORE_USAGE}` : ''}`);
    return usage ? 2 : 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runRestoreCli(process.argv.slice(2)).then((code) => process.exit(code));
}
