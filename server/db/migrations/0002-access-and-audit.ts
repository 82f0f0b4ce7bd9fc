import { sql, type Kysely } from 'kysely';

/**
 * Access control and audit: users with a role, browser sessions, API tokens for scripts, and the
 * audit log of every write. Secrets are never stored: sessions and tokens are keyed by the SHA-256
 * of the random value the client holds, passwords by a scrypt hash.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE users (
      id serial PRIMARY KEY,
      username text NOT NULL UNIQUE CHECK (username = lower(username)),
      password_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('viewer', 'planner', 'admin')),
      disabled boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX sessions_user ON sessions (user_id);
    CREATE INDEX sessions_expires ON sessions (expires_at);

    CREATE TABLE api_tokens (
      id serial PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    CREATE INDEX api_tokens_user ON api_tokens (user_id);

    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      username text,
      ip text,
      method text NOT NULL,
      route text NOT NULL,
      status integer NOT NULL,
      area_code text,
      entity text,
      entity_key text,
      action text NOT NULL,
      request jsonb,
      before jsonb,
      after jsonb
    );
    CREATE INDEX audit_log_entity ON audit_log (entity, id);
    CREATE INDEX audit_log_username ON audit_log (username, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS audit_log, api_tokens, sessions, users CASCADE`.execute(db);
}
