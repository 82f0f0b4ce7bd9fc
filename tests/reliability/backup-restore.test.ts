import type { FastifyInstance } from 'fastify';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { createApiToken } from '../../server/features/auth/auth-service.ts';
import { findUserByUsername } from '../../server/features/auth/repository.ts';
import { TEST_BOUNDARY } from '../helpers/app.ts';
import { CHILD_DATABASES, runNodeScript, type ChildDatabase } from './helpers/child-server.ts';
import { multipartBody } from './helpers/route-fuzz.ts';

const config = (db: ChildDatabase) => ({
  ...('dataDir' in db ? { dataDir: db.dataDir } : { databaseUrl: db.databaseUrl, dataDir: '' }),
  seedDemo: false,
  logLevel: 'silent' as const,
  adminPassword: 'backup-admin-password',
});

/** Row counts of every table plus a few records read through the API, to compare before and after. */
async function snapshot(app: FastifyInstance, token: string) {
  const tables = await sql<{
    table_name: string;
  }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(
    app.db,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of tables.rows)
    counts[table_name] = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table_name)}`.execute(app.db)).rows[0].n);
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
    return res.json();
  };
  return {
    counts,
    area: await get('/api/v1/areas/backup'),
    sites: await get('/api/v1/areas/backup/sites'),
    reports: await get('/api/v1/areas/backup/reports?limit=1000'),
    scenarios: await get('/api/v1/areas/backup/scenarios'),
  };
}

/** Run a script to its end; its exit code and output. */
async function script(name: string, args: string[]) {
  const run = runNodeScript(name, args, {});
  const exit = await run.exited;
  return { code: exit.code, output: run.output() };
}

/**
 * Round trip: create data, back up with `npm run backup`, wipe the database, restore with
 * `npm run restore`, and read the same data back (counts of every table, records through the API,
 * the old API token still valid). The embedded database also round-trips as a plain copy of DATA_DIR.
 */
describe.each(CHILD_DATABASES)('backup and restore on $name', (target) => {
  let db: ChildDatabase;
  let drop: () => Promise<void>;
  let dir: string;
  let token: string;
  let before: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    ({ db, drop } = await target.create());
    dir = await mkdtemp(join(tmpdir(), 'cp-backup-'));
    const app = await buildApp(config(db));
    try {
      token = (await createApiToken(app.db, (await findUserByUsername(app.db, 'admin'))!.id, 'backup test')).token;
      const call = async (method: 'POST', url: string, payload: object) => {
        const res = await app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
        expect(res.statusCode, res.body.slice(0, 200)).toBe(201);
      };
      await call('POST', '/api/v1/areas', { code: 'backup', name: '备份测试', boundary: TEST_BOUNDARY, settings: { resolutionM: 50 } });
      for (let i = 0; i < 5; i++) {
        await call('POST', '/api/v1/areas/backup/sites', {
          code: `S${i}`,
          name: `站${i}`,
          lon: 124.81 + i * 0.02,
          lat: 46.65,
          cells: [{ code: 'G1', technology: 'GSM', frequencyMhz: 950, heightM: 30 + i, azimuthDeg: i * 60, powerDbm: 43 }],
        });
      }
      await call('POST', '/api/v1/areas/backup/scenarios', {
        name: 'tilt',
        changes: { addCandidates: [], cellChanges: [{ cell: 'S1/G1', tiltDeg: 7 }], removeCells: [] },
      });
      const rows = Array.from(
        { length: 500 },
        (_, i) =>
          `R${i},${(124.81 + (i % 80) * 0.001).toFixed(4)},${(46.61 + Math.floor(i / 80) * 0.01).toFixed(4)},weak-signal,callback,2006-05-01T08:00:00Z,楼${i}`,
      );
      const form = multipartBody([
        { name: 'kind', value: 'reports' },
        {
          name: 'file',
          fileName: 'r.csv',
          content: Buffer.from(`external_id,lon,lat,kind,source,reported_at,address\n${rows.join('\n')}\n`),
        },
      ]);
      const imported = await app.inject({
        method: 'POST',
        url: '/api/v1/areas/backup/imports',
        ...form,
        headers: { ...form.headers, authorization: `Bearer ${token}` },
      });
      expect(imported.statusCode, imported.body.slice(0, 200)).toBe(200);
      before = await snapshot(app, token);
      if ('dataDir' in db) {
        const open = await script('scripts/backup.ts', [join(dir, 'open.tar.gz'), '--data-dir', db.dataDir]);
        expect(open.code, open.output).toBe(2);
        expect(open.output).toMatch(/in use .*stop the service/);
      }
    } finally {
      await app.close();
    }
    expect(before.counts).toMatchObject({ areas: 1, sites: 5, cells: 5, problem_reports: 500, scenarios: 1 });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await drop?.();
  });

  const wipe = async () => {
    if ('dataDir' in db) return rm(db.dataDir, { recursive: true, force: true });
    const name = new URL(db.databaseUrl).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  };

  const expectSameData = async () => {
    const app = await buildApp(config(db));
    try {
      expect(await snapshot(app, token)).toEqual(before);
    } finally {
      await app.close();
    }
  };

  it('npm run backup, wipe, npm run restore: the same data and the same API token', async () => {
    const file = join(dir, 'dataDir' in db ? 'backup.tar.gz' : 'backup.dump');
    const dbArgs = 'dataDir' in db ? ['--data-dir', db.dataDir] : ['--database-url', db.databaseUrl];
    const backup = await script('scripts/backup.ts', [file, ...dbArgs]);
    expect(backup.code, backup.output).toBe(0);
    console.log(`${target.name}: ${backup.output.trim()}`);
    await wipe();
    const restore = await script('scripts/restore.ts', [file, ...dbArgs]);
    expect(restore.code, restore.output).toBe(0);
    expect(restore.output).toMatch(/1 areas, 5 sites, 5 cells, 500 reports/);
    console.log(`${target.name}: ${restore.output.trim()}`);
    await expectSameData();
    if ('dataDir' in db) {
      const again = await script('scripts/restore.ts', [file, ...dbArgs]);
      expect(again.code, again.output).toBe(2);
      expect(again.output).toMatch(/not empty/);
    }
  });

  // The plain-copy method only exists for the embedded database (PostgreSQL: pg_dump above).
  if (target.name === 'pglite')
    it('a copy of the stopped DATA_DIR restores the same data', async () => {
      const copy = join(dir, 'copy');
      await cp((db as { dataDir: string }).dataDir, copy, { recursive: true });
      await wipe();
      await cp(copy, (db as { dataDir: string }).dataDir, { recursive: true });
      await expectSameData();
    });
});
