import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD_DATABASES, kill, request, runNodeScript, startServer, type ChildDatabase, type ServerRun } from './helpers/child-server.ts';
import { IMPORT_ROWS, reportCount, reportsCsv, reportsForm, serverWithArea } from './helpers/kill-import.ts';

/**
 * SIGKILL of the command-line importer in the middle of a large import (after its 10,000-row progress
 * line and at least 1 s): after a restart the server is healthy, the area has 0 rows of that import (its
 * one transaction never committed), and the same file imports completely when run again.
 */
describe.each(CHILD_DATABASES)(`SIGKILL of the importer during a ${IMPORT_ROWS}-row import on $name`, (target) => {
  let db: ChildDatabase;
  let drop: () => Promise<void>;
  let dir: string;
  let server: ServerRun | undefined;
  let token: string;
  beforeAll(async () => {
    ({ db, drop } = await target.create());
    dir = await mkdtemp(join(tmpdir(), 'cp-kill-import-'));
    ({ server, token } = await serverWithArea(db));
  });
  afterAll(async () => {
    if (server && server.proc.exitCode === null && server.proc.signalCode === null) await kill(server);
    await rm(dir, { recursive: true, force: true });
    await drop?.();
  });

  it('leaves no rows; the server restarts clean and the import then runs to the end', { timeout: 60_000 + IMPORT_ROWS }, async () => {
    const file = join(dir, 'reports.csv');
    const content = reportsCsv(IMPORT_ROWS, 'A');
    await writeFile(file, content);
    // The embedded database belongs to one process: the server stops while the command line writes.
    server!.proc.kill('SIGTERM');
    expect((await server!.exited).code).toBe(0);
    const dbArgs = 'dataDir' in db ? ['--data-dir', db.dataDir] : ['--database-url', db.databaseUrl];
    const cli = runNodeScript('scripts/import.ts', ['reports', file, '--area', 'kill', ...dbArgs], {});
    const started = Date.now();
    await cli.waitFor(/10,000 rows/, 60_000);
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - started))));
    const exit = await kill(cli);
    expect(exit.signal, cli.output()).toBe('SIGKILL');
    console.log(`${target.name}: importer killed ${Date.now() - started} ms after its start, at: ${cli.output().trim().split('\n').pop()}`);

    server = await startServer(db);
    expect(await reportCount(server, token)).toBe(0);
    const again = await request(server.url, 'POST', '/api/v1/areas/kill/imports', { token, ...reportsForm('reports.csv', content) });
    expect(again.status, again.body.slice(0, 300)).toBe(200);
    expect(again.json()).toMatchObject({ committed: true, rowsInserted: IMPORT_ROWS });
    expect(await reportCount(server, token)).toBe(IMPORT_ROWS);
  });
});
