import { sql, type Kysely } from 'kysely';

/**
 * Scenarios: named sets of changes over an area's existing network (candidates added, cell parameters
 * changed, cells removed), stored as jsonb so new kinds of change need no migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE scenarios (
      id serial PRIMARY KEY,
      area_id integer NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
      name text NOT NULL,
      description text,
      changes jsonb NOT NULL,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (area_id, name)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS scenarios`.execute(db);
}
