import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import * as m0001 from './migrations/0001-initial-schema.ts';
import * as m0002 from './migrations/0002-access-and-audit.ts';
import * as m0003 from './migrations/0003-scenarios.ts';
import * as m0004 from './migrations/0004-calibration.ts';
import * as m0005 from './migrations/0005-import-wording.ts';
import * as m0006 from './migrations/0006-places.ts';
import * as m0007 from './migrations/0007-survey-responses.ts';
import * as m0008 from './migrations/0008-import-undo.ts';
import * as m0009 from './migrations/0009-working-scenarios.ts';
import * as m0010 from './migrations/0010-import-audit-messages.ts';
import * as m0011 from './migrations/0011-coverage-tiles.ts';
import * as m0012 from './migrations/0012-area-elevation.ts';

/** Migrations are listed in code (not read from disk) so that bundlers and tsx see the same set. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial-schema': m0001,
  '0002-access-and-audit': m0002,
  '0003-scenarios': m0003,
  '0004-calibration': m0004,
  '0005-import-wording': m0005,
  '0006-places': m0006,
  '0007-survey-responses': m0007,
  '0008-import-undo': m0008,
  '0009-working-scenarios': m0009,
  '0010-import-audit-messages': m0010,
  '0011-coverage-tiles': m0011,
  '0012-area-elevation': m0012,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migrationName: string | undefined,
    cause?: unknown,
  ) {
    // The cause is kept: a database that cannot be reached must still be recognised as such.
    super(message, { cause });
  }
}

/** Bring the schema to the latest version; throws with the failing migration's name. */
// biome-ignore lint/suspicious/noExplicitAny: any schema migrates (Kysely's Migrator takes Kysely<any>; Kysely<Database> is not a Kysely<unknown>).
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new MigrationError(`migration ${failed?.migrationName ?? '?'} failed: ${cause}`, failed?.migrationName, result.error);
  }
  return result;
}
