import { sql, type Kysely } from 'kysely';

/**
 * Initial schema. Plain PostgreSQL (no PostGIS) so that it runs unchanged on PGlite and PostgreSQL 15+:
 * lon/lat as double precision (WGS84 degrees), polygons as jsonb GeoJSON with a bbox for coarse filtering.
 * `areas.inputs_version` is bumped by triggers whenever anything the coverage engine reads changes,
 * so cached rasters are keyed by it and never go stale.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE areas (
      id serial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      boundary jsonb NOT NULL,
      min_lon double precision NOT NULL, min_lat double precision NOT NULL,
      max_lon double precision NOT NULL, max_lat double precision NOT NULL,
      settings jsonb NOT NULL DEFAULT '{}'::jsonb,
      inputs_version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE sites (
      id serial PRIMARY KEY,
      area_id integer NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
      code text NOT NULL,
      name text NOT NULL,
      lon double precision NOT NULL,
      lat double precision NOT NULL,
      status text NOT NULL DEFAULT 'existing',
      address text, note text,
      approximate boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (area_id, code)
    );

    CREATE TABLE cells (
      id serial PRIMARY KEY,
      site_id integer NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
      code text NOT NULL,
      technology text NOT NULL,
      frequency_mhz double precision NOT NULL,
      height_m double precision NOT NULL,
      azimuth_deg double precision,
      beamwidth_deg double precision NOT NULL DEFAULT 65,
      tilt_deg double precision NOT NULL DEFAULT 0,
      power_dbm double precision NOT NULL,
      gain_dbi double precision NOT NULL DEFAULT 0,
      loss_db double precision NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (site_id, code)
    );

    CREATE TABLE clutter_zones (
      id serial PRIMARY KEY,
      area_id integer NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
      code text NOT NULL,
      name text,
      environment text NOT NULL,
      geometry jsonb NOT NULL,
      min_lon double precision NOT NULL, min_lat double precision NOT NULL,
      max_lon double precision NOT NULL, max_lat double precision NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (area_id, code)
    );

    CREATE TABLE settlements (
      id serial PRIMARY KEY,
      area_id integer NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
      code text NOT NULL,
      name text NOT NULL,
      population integer NOT NULL,
      geometry jsonb NOT NULL,
      min_lon double precision NOT NULL, min_lat double precision NOT NULL,
      max_lon double precision NOT NULL, max_lat double precision NOT NULL,
      approximate boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (area_id, code)
    );

    CREATE TABLE problem_reports (
      id serial PRIMARY KEY,
      area_id integer NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
      external_id text NOT NULL,
      lon double precision NOT NULL,
      lat double precision NOT NULL,
      technology text NOT NULL DEFAULT 'unknown',
      kind text NOT NULL,
      source text NOT NULL,
      customer_tier text NOT NULL DEFAULT 'regular',
      reported_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'open',
      resolution text,
      resolved_by_site_code text,
      resolved_by_candidate_code text,
      address text, note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (area_id, external_id)
    );
    CREATE INDEX problem_reports_area_lon_lat ON problem_reports (area_id, lon, lat);

    CREATE TABLE candidates (
      id serial PRIMARY KEY,
      area_id integer NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
      code text NOT NULL,
      name text NOT NULL,
      lon double precision NOT NULL,
      lat double precision NOT NULL,
      technology text NOT NULL,
      cells jsonb NOT NULL,
      cost double precision,
      status text NOT NULL DEFAULT 'proposed',
      origin text NOT NULL DEFAULT 'manual',
      approximate boolean NOT NULL DEFAULT false,
      note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (area_id, code)
    );

    CREATE TABLE survey_measurements (
      id serial PRIMARY KEY,
      area_id integer NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
      external_id text NOT NULL,
      survey text,
      lon double precision NOT NULL,
      lat double precision NOT NULL,
      technology text NOT NULL,
      level_dbm double precision NOT NULL,
      serving_cell text,
      measured_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (area_id, external_id)
    );
    CREATE INDEX survey_measurements_area_lon_lat ON survey_measurements (area_id, lon, lat);

    CREATE TABLE imports (
      id serial PRIMARY KEY,
      area_id integer REFERENCES areas(id) ON DELETE SET NULL,
      kind text NOT NULL,
      format text NOT NULL,
      file_name text NOT NULL,
      sha256 text NOT NULL,
      rows_total integer NOT NULL,
      rows_inserted integer NOT NULL,
      rows_updated integer NOT NULL,
      rows_rejected integer NOT NULL,
      error_count integer NOT NULL,
      errors jsonb NOT NULL DEFAULT '[]'::jsonb,
      mode text NOT NULL,
      username text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE FUNCTION bump_area_inputs_version(p_area_id integer) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE areas SET inputs_version = inputs_version + 1, updated_at = now() WHERE id = p_area_id;
    END $$;

    CREATE FUNCTION on_area_input_change() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r record;
    BEGIN
      IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
      PERFORM bump_area_inputs_version(r.area_id);
      IF TG_OP = 'UPDATE' AND OLD.area_id <> NEW.area_id THEN PERFORM bump_area_inputs_version(OLD.area_id); END IF;
      RETURN NULL;
    END $$;

    CREATE FUNCTION on_cell_change() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r record;
    BEGIN
      IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
      PERFORM bump_area_inputs_version((SELECT area_id FROM sites WHERE id = r.site_id));
      RETURN NULL;
    END $$;

    CREATE TRIGGER sites_bump AFTER INSERT OR UPDATE OR DELETE ON sites FOR EACH ROW EXECUTE FUNCTION on_area_input_change();
    CREATE TRIGGER clutter_bump AFTER INSERT OR UPDATE OR DELETE ON clutter_zones FOR EACH ROW EXECUTE FUNCTION on_area_input_change();
    CREATE TRIGGER settlements_bump AFTER INSERT OR UPDATE OR DELETE ON settlements FOR EACH ROW EXECUTE FUNCTION on_area_input_change();
    CREATE TRIGGER cells_bump AFTER INSERT OR UPDATE OR DELETE ON cells FOR EACH ROW EXECUTE FUNCTION on_cell_change();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS imports, survey_measurements, candidates, problem_reports, settlements,
      clutter_zones, cells, sites, areas CASCADE;
    DROP FUNCTION IF EXISTS on_cell_change, on_area_input_change, bump_area_inputs_version;
  `.execute(db);
}
