import pg from 'pg';
import { randomBytes } from 'node:crypto';

/**
 * The databases every database-backed test runs on: embedded PGlite always, and real PostgreSQL when
 * TEST_DATABASE_URL is set. Each `create()` gives a fresh, empty database and a function to drop it.
 */
export interface TestDatabase {
  name: 'pglite' | 'postgres';
  create(): Promise<{ databaseUrl?: string; dataDir: string; drop(): Promise<void> }>;
}

const pglite: TestDatabase = {
  name: 'pglite',
  async create() {
    return { dataDir: 'memory://', drop: async () => {} };
  },
};

function postgres(adminUrl: string): TestDatabase {
  return {
    name: 'postgres',
    async create() {
      const name = `cp_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return {
        databaseUrl: url.toString(),
        dataDir: '',
        async drop() {
          const c = new pg.Client({ connectionString: adminUrl });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await c.end();
        },
      };
    },
  };
}

export const TEST_DATABASES: TestDatabase[] = process.env.TEST_DATABASE_URL ? [pglite, postgres(process.env.TEST_DATABASE_URL)] : [pglite];
