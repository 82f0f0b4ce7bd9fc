import { sql, type Kysely } from 'kysely';

/**
 * Customer survey responses (questionnaires and call-backs) per area: satisfaction with coverage
 * 1..5, the network, the problems ticked and the customer's words. The natural key is the external id,
 * so re-importing a file updates its answers. Survey answers are not an input of the coverage engine:
 * no trigger bumps the area's inputs version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE survey_responses (
      id serial PRIMARY KEY,
      area_id integer NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
      external_id text NOT NULL,
      lon double precision NOT NULL,
      lat double precision NOT NULL,
      located text NOT NULL DEFAULT 'coordinates',
      place_code text,
      address text,
      technology text NOT NULL DEFAULT 'unknown',
      satisfaction integer NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
      problems jsonb NOT NULL DEFAULT '[]'::jsonb,
      problems_text text,
      comment text,
      source text NOT NULL DEFAULT 'questionnaire',
      answered_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (area_id, external_id)
    );
    CREATE INDEX survey_responses_area_lon_lat ON survey_responses (area_id, lon, lat);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS survey_responses`.execute(db);
}
