/**
 * `npm run backup -- <file> [--data-dir <dir> | --database-url <url>]`: back up the database.
 * Embedded (PGlite): the data directory as one gzipped tarball (PGlite's dumpDataDir), taken with the
 * service stopped, because the embedded database belongs to one process at a time. PostgreSQL:
 * `pg_dump --format=custom` (the server may keep running). Exit code 0: written; 1: failed; 2: usage.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const BACKUP_USAGE = `usage: npm run backup -- <file> [--data-dir <dir> | --database-url <url>] [--force]

  <file>               where to write the backup (.tar.gz for the embedded database, .dump for PostgreSQL)
  --data-dir <dir>     embedded database directory (default DATA_DIR or ./data); stop the service first
  --database-url <url> PostgreSQL (default DATABASE_URL); uses pg_dump, the service may keep running
  --force              back up an embedded database that looks in use (only after a crash)
exit code: 0 written, 1 failed, 2 usage`;

/** Where the database to back up or restore lives, from the arguments and the environment. */
export function databaseTarget(
  values: { 'data-dir'?: string; 'database-url'?: string },
  env: NodeJS.ProcessEnv,
): { databaseUrl: string } | { dataDir: string } {
  if (values['data-dir'] && values['database-url']) throw new UsageError('give --data-dir or --database-url, not both');
  const url = values['database-url'] ?? (values['data-dir'] ? undefined : env.DATABASE_URL?.trim() || undefined);
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError(`expected a postgres:// URL, got "${url}"`);
    return { databaseUrl: url };
  }
  return { dataDir: resolve(values['data-dir'] ?? (env.DATA_DIR?.trim() || './data')) };
}

export class UsageError extends Error {}

/**
 * The embedded data directory as a gzipped tarball. Refuses a directory whose postmaster.pid shows it
 * open (PGlite writes it while running and removes it on a clean close) unless `force`.
 */
export async function backupEmbedded(dataDir: string, file: string, force = false): Promise<number> {
  if (!existsSync(`${dataDir}/PG_VERSION`)) throw new UsageError(`${dataDir} is not an embedded database directory (no PG_VERSION)`);
  if (existsSync(`${dataDir}/postmaster.pid`) && !force) {
    throw new UsageError(
      `${dataDir} is in use (postmaster.pid present): stop the service first; after a crash, --force backs it up as it is`,
    );
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(dataDir);
  try {
    await db.waitReady;
    const tarball = await db.dumpDataDir('gzip');
    await mkdir(dirname(resolve(file)), { recursive: true });
    await writeFile(file, Buffer.from(await tarball.arrayBuffer()));
  } finally {
    await db.close();
  }
  return statSync(file).size;
}

/** pg_dump in the custom format (compressed, restorable table by table with pg_restore). */
export async function backupPostgres(databaseUrl: string, file: string): Promise<number> {
  await mkdir(dirname(resolve(file)), { recursive: true });
  await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${databaseUrl}`]);
  return statSync(file).size;
}

/** Run a PostgreSQL client tool, failing with its stderr. */
export function runTool(tool: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === 'ENOENT' ? new Error(`${tool} not found: install the PostgreSQL client (apt install postgresql-client)`) : err),
    );
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${tool} exited with ${code}: ${stderr.trim()}`))));
  });
}

export async function runBackupCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
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
      console.log(BACKUP_USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('give one output file');
    const file = resolve(positionals[0]);
    const target = databaseTarget(values, env);
    const started = Date.now();
    const bytes =
      'databaseUrl' in target ? await backupPostgres(target.databaseUrl, file) : await backupEmbedded(target.dataDir, file, values.force);
    const source = 'databaseUrl' in target ? target.databaseUrl.replace(/\/\/[^@/]*@/, '//…@') : target.dataDir;
    console.log(`backed up ${source} to ${file} (${(bytes / 1e6).toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return 0;
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`${err instanceof Error ? err.message : String(err)}${usage ? `\n\n${BACKUP_USAGE}` : ''}`);
    return usage ? 2 : 1;
  }
}

/** True when a directory is missing or empty (safe to restore into). */
export function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runBackupCli(process.argv.slice(2)).then((code) => process.exit(code));
}
