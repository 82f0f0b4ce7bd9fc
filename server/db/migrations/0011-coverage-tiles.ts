import { sql, type Kysely } from 'kysely';

/**
 * A coverage raster is a set of 256×256 tiles, each stored under the key it is computed from (area,
 * inputs version, network, cells digest, kernel version) and its position, compressed; and a raster
 * too big to compute within a request is a job whose progress is the count of its tiles stored.
 * Rows of an older inputs version are deleted when a newer one is computed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE coverage_tiles (
      area_id integer NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
      inputs_version integer NOT NULL,
      technology text NOT NULL,
      cells_digest text NOT NULL,
      kernel_version integer NOT NULL,
      tile_x integer NOT NULL,
      tile_y integer NOT NULL,
      payload bytea NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (area_id, inputs_version, technology, cells_digest, kernel_version, tile_x, tile_y)
    );
    CREATE TABLE coverage_jobs (
      id uuid PRIMARY KEY,
      area_id integer NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
      inputs_version integer NOT NULL,
      technology text NOT NULL,
      cells_digest text NOT NULL,
      kernel_version integer NOT NULL,
      cells jsonb NOT NULL,
      tiles_total integer NOT NULL,
      tiles_queued integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    );
    CREATE UNIQUE INDEX coverage_jobs_running ON coverage_jobs (area_id, inputs_version, technology, cells_digest, kernel_version)
      WHERE finished_at IS NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS coverage_jobs;
    DROP TABLE IF EXISTS coverage_tiles;
  `.execute(db);
}
