import { sql, type Kysely } from 'kysely';

/**
 * The area's gazetteer (`places`: estates, villages, towns, buildings, landmarks, business halls with
 * their aliases, a point or a polygon), and on problem reports how their position was obtained:
 * `located` 'coordinates' (their own) or 'address' (the place their address names, `place_id` and
 * `place_name`, with `location_radius_m` saying how far from the point the report may really be).
 * Places do not change coverage (no inputs-version trigger).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE places (
      id serial PRIMARY KEY,
      area_id integer NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
      code text NOT NULL,
      name text NOT NULL,
      name_en text,
      aliases jsonb NOT NULL DEFAULT '[]',
      kind text NOT NULL,
      geometry jsonb NOT NULL,
      min_lon double precision NOT NULL,
      min_lat double precision NOT NULL,
      max_lon double precision NOT NULL,
      max_lat double precision NOT NULL,
      approximate boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (area_id, code)
    );

    ALTER TABLE problem_reports
      ADD COLUMN located text NOT NULL DEFAULT 'coordinates' CHECK (located IN ('coordinates', 'address')),
      ADD COLUMN place_id integer REFERENCES places(id) ON DELETE SET NULL,
      ADD COLUMN place_name text,
      ADD COLUMN location_radius_m double precision CHECK (location_radius_m IS NULL OR location_radius_m > 0);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE problem_reports DROP COLUMN IF EXISTS located, DROP COLUMN IF EXISTS place_id,
      DROP COLUMN IF EXISTS place_name, DROP COLUMN IF EXISTS location_radius_m;
    DROP TABLE IF EXISTS places;
  `.execute(db);
}
