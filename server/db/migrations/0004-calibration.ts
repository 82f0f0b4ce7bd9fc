import { sql, type Kysely } from 'kysely';

/**
 * Drive-test calibrations of the path-loss model, per area: per-class terms and before/after
 * statistics as jsonb. At most one is enabled per area; enabling or disabling one bumps the area's
 * inputs version, because the coverage engine reads the enabled terms.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE calibrations (
      id serial PRIMARY KEY,
      area_id integer NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text,
      enabled boolean NOT NULL DEFAULT true,
      disabled_at timestamptz,
      technology text NOT NULL CHECK (technology IN ('GSM', 'CDMA', 'all')),
      terms jsonb NOT NULL,
      stats jsonb NOT NULL,
      sample_count integer NOT NULL CHECK (sample_count >= 0)
    );
    CREATE UNIQUE INDEX calibrations_one_enabled ON calibrations (area_id) WHERE enabled;
    CREATE INDEX calibrations_area ON calibrations (area_id, id);

    CREATE TRIGGER calibrations_bump_insert AFTER INSERT ON calibrations
      FOR EACH ROW WHEN (NEW.enabled) EXECUTE FUNCTION on_area_input_change();
    CREATE TRIGGER calibrations_bump_update AFTER UPDATE OF enabled ON calibrations
      FOR EACH ROW WHEN (OLD.enabled IS DISTINCT FROM NEW.enabled) EXECUTE FUNCTION on_area_input_change();
    CREATE TRIGGER calibrations_bump_delete AFTER DELETE ON calibrations
      FOR EACH ROW WHEN (OLD.enabled) EXECUTE FUNCTION on_area_input_change();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS calibrations`.execute(db);
}
