import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD_DATABASES, adminToken, kill, request, startServer, type ChildDatabase, type ServerRun } from './helpers/child-server.ts';
import { SLOW_COVERAGE_PATH, createSlowCoverageArea } from './helpers/slow-coverage.ts';

/**
 * SIGKILL of the server while it computes coverage on its worker threads: the restart is clean (health
 * 200, nothing to repair), and the same coverage is then computed from scratch.
 */
describe.each(CHILD_DATABASES)('SIGKILL during a coverage recompute on $name', (target) => {
  let db: ChildDatabase;
  let drop: () => Promise<void>;
  let server: ServerRun | undefined;
  let token: string;
  beforeAll(async () => {
    ({ db, drop } = await target.create());
    server = await startServer(db);
    token = await adminToken(server.url);
    await createSlowCoverageArea(server, token, 'slow');
  });
  afterAll(async () => {
    if (server && server.proc.exitCode === null && server.proc.signalCode === null) await kill(server);
    await drop?.();
  });

  it('restarts clean and computes the coverage again', async () => {
    const started = Date.now();
    const inflight = request(server!.url, 'GET', SLOW_COVERAGE_PATH('slow'), { token }).then(
      (r) => `answered ${r.status}`,
      (err: Error) => `failed (${err.message})`,
    );
    await new Promise((r) => setTimeout(r, 1000));
    const exit = await kill(server!);
    expect(exit.signal).toBe('SIGKILL');
    expect(await inflight).toMatch(/^failed/);
    console.log(`${target.name}: killed ${Date.now() - started} ms into the coverage request`);

    server = await startServer(db);
    expect(server.output()).not.toMatch(/error|recover/i);
    const t0 = Date.now();
    const again = await request(server.url, 'GET', SLOW_COVERAGE_PATH('slow'), { token });
    expect(again.status, again.body.slice(0, 300)).toBe(200);
    expect(again.json()).toMatchObject({ technology: 'any', cached: false, cellCount: 256 });
    expect(again.json().coveragePct).toBeGreaterThan(50);
    console.log(
      `${target.name}: coverage after the restart computed in ${Date.now() - t0} ms (${again.json().computedMs} ms in the engine)`,
    );
  });
});
