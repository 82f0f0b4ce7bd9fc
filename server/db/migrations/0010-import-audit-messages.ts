import { sql, type Kysely } from 'kysely';

/**
 * The import audit keeps its warnings (each with its code and its English and Chinese text), so the
 * history can show them in the reader's language; the errors it already keeps gain the same (code and
 * Chinese reason beside the English one) from now on: older records are translated when read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE imports ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]'::jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE imports DROP COLUMN IF EXISTS warnings`.execute(db);
}
