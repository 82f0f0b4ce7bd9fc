/**
 * `npm run migrate`: bring the database schema to the latest version (also done at every start).
 * Uses DATABASE_URL when set, else the embedded database under DATA_DIR (default ./data).
 */
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const result = await migrateToLatest(handle.db);
    const applied = result.results ?? [];
    if (applied.length === 0) console.log(`schema already up to date (${handle.kind})`);
    for (const r of applied) console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
