import { sql, type Kysely } from 'kysely';

/**
 * Working scenarios: every edit a planner makes on the map goes into their working scenario (one per
 * user and area, `working_for` = the username), never straight into the network.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE scenarios ADD COLUMN working_for text;
    CREATE UNIQUE INDEX scenarios_working_for ON scenarios (area_id, working_for) WHERE working_for IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS scenarios_working_for;
    ALTER TABLE scenarios DROP COLUMN IF EXISTS working_for;
  `.execute(db);
}
