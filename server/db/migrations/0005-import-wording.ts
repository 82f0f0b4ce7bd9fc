import { sql, type Kysely } from 'kysely';

/**
 * Imports that meet real files: a report needs only a position, so `reported_at` may be null (a
 * complaint log without dates). And the wording of real files: a report keeps the text of categorical values that a
 * rule, a value mapping or a default classified (`original_values`, by column, null when every value
 * was an exact spelling), and the value mappings a user gave are remembered per area and import kind
 * (`import_value_mappings.mappings`: {"<column>": {"<value>": "<category>"}}) for the next import.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE problem_reports ADD COLUMN original_values jsonb;
    ALTER TABLE problem_reports ALTER COLUMN reported_at DROP NOT NULL;

    CREATE TABLE import_value_mappings (
      area_id integer NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
      kind text NOT NULL,
      mappings jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by text,
      PRIMARY KEY (area_id, kind)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS import_value_mappings;
    UPDATE problem_reports SET reported_at = created_at WHERE reported_at IS NULL;
    ALTER TABLE problem_reports ALTER COLUMN reported_at SET NOT NULL;
    ALTER TABLE problem_reports DROP COLUMN IF EXISTS original_values;
  `.execute(db);
}
