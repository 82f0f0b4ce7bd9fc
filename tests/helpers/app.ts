import type { FastifyInstance, InjectOptions } from 'fastify';
import { randomBytes } from 'node:crypto';
import { buildApp, type AppConfig } from '../../server/app.ts';
import { createApiToken } from '../../server/features/auth/auth-service.ts';
import { findUserByUsername } from '../../server/features/auth/repository.ts';
import type { UserRole } from '../../server/contract/auth.ts';
import { INITIAL_ADMIN, createUser } from '../../server/features/auth/users-service.ts';
import type { TestDatabase } from './databases.ts';

/** The password of the `admin` user every test app starts with. */
export const TEST_ADMIN_PASSWORD = 'test-admin-password';

export interface TestUser {
  username: string;
  password: string;
  role: UserRole;
  /** An API token of this user, for `Authorization: Bearer`. */
  token: string;
}

export interface TestApp {
  /** The app; its `inject` sends the admin's Bearer token unless the request sets `authorization` or a cookie. */
  app: FastifyInstance;
  /** `inject` without default credentials (anonymous unless the request sets some). */
  anonymousInject: FastifyInstance['inject'];
  adminToken: string;
  /** A new user of `role` (unique name) and an API token of theirs. */
  createUser(role: UserRole): Promise<TestUser>;
  /** A Bearer token of a new user of `role`. */
  tokenFor(role: UserRole): Promise<string>;
  close(): Promise<void>;
}

/**
 * Build the app on a fresh database of the given kind, with the `admin` user (password
 * TEST_ADMIN_PASSWORD); `close()` also drops the database. Routes may still be added before the
 * first request.
 */
export async function buildTestApp(
  target: TestDatabase,
  options: { seedDemo?: boolean; config?: Partial<AppConfig> } = {},
): Promise<TestApp> {
  const db = await target.create();
  const app = await buildApp({
    databaseUrl: db.databaseUrl,
    dataDir: db.dataDir,
    seedDemo: options.seedDemo ?? false,
    logLevel: 'silent',
    adminPassword: TEST_ADMIN_PASSWORD,
    ...options.config,
  });
  const admin = await findUserByUsername(app.db, INITIAL_ADMIN);
  if (!admin) throw new Error('buildApp did not create the admin user');
  const adminToken = (await createApiToken(app.db, admin.id, 'tests')).token;
  const anonymousInject = app.inject.bind(app) as FastifyInstance['inject'];
  app.inject = withDefaultCredentials(anonymousInject, `Bearer ${adminToken}`);
  let serial = 0;
  const newUser = async (role: UserRole): Promise<TestUser> => {
    const username = `${role}-${++serial}`;
    const password = randomBytes(12).toString('base64url');
    const user = await createUser(app.db, { username, password, role });
    return { username, password, role, token: (await createApiToken(app.db, user.id, 'tests')).token };
  };
  return {
    app,
    anonymousInject,
    adminToken,
    createUser: newUser,
    tokenFor: async (role) => (await newUser(role)).token,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

function withDefaultCredentials(inject: FastifyInstance['inject'], authorization: string): FastifyInstance['inject'] {
  const addDefault = (opts: InjectOptions | string): InjectOptions => {
    const o: InjectOptions = typeof opts === 'string' ? { url: opts } : opts;
    const headers = { ...(o.headers ?? {}) } as Record<string, string>;
    const explicit =
      Object.keys(headers).some((k) => k.toLowerCase() === 'authorization' || k.toLowerCase() === 'cookie') || o.cookies !== undefined;
    return explicit ? o : { ...o, headers: { ...headers, authorization } };
  };
  return ((opts?: InjectOptions | string, callback?: never) => {
    if (opts === undefined) return inject();
    return callback ? inject(addDefault(opts), callback) : inject(addDefault(opts));
  }) as FastifyInstance['inject'];
}

/** A small square area near Daqing, for API tests that do not need the demo data. */
export const TEST_BOUNDARY: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [124.8, 46.6],
      [124.9, 46.6],
      [124.9, 46.7],
      [124.8, 46.7],
      [124.8, 46.6],
    ],
  ],
};
