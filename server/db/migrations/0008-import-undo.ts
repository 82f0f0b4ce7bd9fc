import { sql, type Kysely } from 'kysely';

/**
 * Undo of an import: per committed import, the rows it updated with the whole row as it was before
 * (`import_changes.previous` = to_jsonb of the old row), keyed by table and row id, and the ids of
 * the rows it inserted (`import_inserts`, one array per table: a million inserted rows are one row
 * here, not a million). The foreign keys are checked at commit because the import's own record is
 * written at the end of its transaction. `imports.undone_at/undone_by` mark an import that was undone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE imports ADD COLUMN undone_at timestamptz, ADD COLUMN undone_by text;
    CREATE TABLE import_changes (
      import_id integer NOT NULL REFERENCES imports(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      table_name text NOT NULL,
      row_id integer NOT NULL,
      previous jsonb NOT NULL,
      PRIMARY KEY (import_id, table_name, row_id)
    );
    CREATE INDEX import_changes_row ON import_changes (table_name, row_id);
    CREATE TABLE import_inserts (
      import_id integer NOT NULL REFERENCES imports(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      table_name text NOT NULL,
      row_ids integer[] NOT NULL,
      PRIMARY KEY (import_id, table_name)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS import_changes, import_inserts;
    ALTER TABLE imports DROP COLUMN IF EXISTS undone_at, DROP COLUMN IF EXISTS undone_by;
  `.execute(db);
}
