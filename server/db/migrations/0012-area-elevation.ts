import { sql, type Kysely } from 'kysely';

/**
 * An area's digital elevation model (at most one: a new import replaces it): a north-up Float32 grid
 * in its own CRS (EPSG:4326 or WGS84/UTM), deflated, with its georeference, the files it was made of
 * and how many void cells were filled. A change bumps the area's inputs version like clutter does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE area_elevation (
      area_id integer PRIMARY KEY REFERENCES areas(id) ON DELETE CASCADE,
      epsg integer NOT NULL,
      origin_x double precision NOT NULL,
      origin_y double precision NOT NULL,
      cell_size_x double precision NOT NULL CHECK (cell_size_x > 0),
      cell_size_y double precision NOT NULL CHECK (cell_size_y > 0),
      width integer NOT NULL CHECK (width > 0),
      height integer NOT NULL CHECK (height > 0),
      heights bytea NOT NULL,
      min_height_m double precision NOT NULL,
      max_height_m double precision NOT NULL,
      voids_filled integer NOT NULL,
      sources jsonb NOT NULL DEFAULT '[]',
      username text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TRIGGER area_elevation_bump AFTER INSERT OR UPDATE OR DELETE ON area_elevation
      FOR EACH ROW EXECUTE FUNCTION on_area_input_change();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS area_elevation`.execute(db);
}
