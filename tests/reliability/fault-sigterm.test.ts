import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD_DATABASES, adminToken, kill, request, startServer, type ChildDatabase, type ServerRun } from './helpers/child-server.ts';
import { SLOW_COVERAGE_PATH, createSlowCoverageArea } from './helpers/slow-coverage.ts';

/** Sessions PostgreSQL has open on the database of `url` (other than the one asking). */
async function sessionsOn(url: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const r = await admin.query(
      'select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return r.rows[0].n as number;
  } finally {
    await admin.end();
  }
}

/**
 * SIGTERM with a slow request in flight: the request completes with 200, new connections are refused
 * at once, the process exits 0 (main.ts exits 1 if closing takes over 15 s), the database pool is
 * closed (PostgreSQL shows no session left), and the service starts again on the same data.
 */
describe.each(CHILD_DATABASES)('graceful shutdown on SIGTERM on $name', (target) => {
  let db: ChildDatabase;
  let drop: () => Promise<void>;
  let server: ServerRun | undefined;
  let token: string;
  beforeAll(async () => {
    ({ db, drop } = await target.create());
    // Request logging shows when the slow request has reached the server.
    server = await startServer(db, { LOG_LEVEL: 'info' });
    token = await adminToken(server.url);
    await createSlowCoverageArea(server, token, 'slow');
  });
  afterAll(async () => {
    if (server && server.proc.exitCode === null && server.proc.signalCode === null) await kill(server);
    await drop?.();
  });

  it('finishes the in-flight request, refuses new connections, closes the pool and exits 0', async () => {
    const started = Date.now();
    let finishedAt = 0;
    const inflight = request(server!.url, 'GET', SLOW_COVERAGE_PATH('slow'), { token }).finally(() => (finishedAt = Date.now()));
    await server!.waitFor(/"url":"\/api\/v1\/areas\/slow\/coverage\?technology=any".*"msg":"incoming request"/, 60_000);
    expect(finishedAt, 'the request must still be running when SIGTERM arrives').toBe(0);
    const signalledAt = Date.now();
    server!.proc.kill('SIGTERM');
    // New connections are refused while the in-flight request is still being answered.
    let refused = '';
    let refusedInFlight = false;
    while (finishedAt === 0) {
      refused = await request(server!.url, 'GET', '/api/v1/health').then(
        (r) => `answered ${r.status}`,
        (err: NodeJS.ErrnoException) => err.code ?? err.message,
      );
      if (refused === 'ECONNREFUSED') {
        refusedInFlight = finishedAt === 0;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(refused).toBe('ECONNREFUSED');
    expect(refusedInFlight, 'refused before the in-flight request was answered').toBe(true);

    const res = await inflight;
    expect(res.status, res.body.slice(0, 300)).toBe(200);
    expect(res.json()).toMatchObject({ technology: 'any', cellCount: 256 });
    const exit = await server!.exited;
    const exitedAt = Date.now();
    expect(exit).toEqual({ code: 0, signal: null });
    console.log(
      `${target.name}: request sent at 0 ms, SIGTERM at ${signalledAt - started} ms, answered 200 at ${finishedAt - started} ms, exit 0 at ${exitedAt - started} ms`,
    );
    if ('databaseUrl' in db) expect(await sessionsOn(db.databaseUrl)).toBe(0);

    server = await startServer(db);
    expect((await request(server.url, 'GET', '/api/v1/areas/slow', { token })).status).toBe(200);
  });
});
