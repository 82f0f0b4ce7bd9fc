import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD_DATABASES, kill, request, startServer, type ChildDatabase, type ServerRun } from './helpers/child-server.ts';
import { IMPORT_ROWS, reportCount, reportsCsv, reportsForm, serverWithArea } from './helpers/kill-import.ts';

/**
 * SIGKILL of the server 1 s after a large upload was sent (the import is running): after a restart the
 * server is healthy, the area has 0 rows of it, the dead server's upload directory is gone, and the same
 * upload then succeeds.
 */
describe.each(CHILD_DATABASES)(`SIGKILL of the server during a ${IMPORT_ROWS}-row upload on $name`, (target) => {
  let db: ChildDatabase;
  let drop: () => Promise<void>;
  let server: ServerRun | undefined;
  let token: string;
  beforeAll(async () => {
    ({ db, drop } = await target.create());
    ({ server, token } = await serverWithArea(db));
  });
  afterAll(async () => {
    if (server && server.proc.exitCode === null && server.proc.signalCode === null) await kill(server);
    await drop?.();
  });

  it('keeps 0 rows of the killed upload; after a restart the upload succeeds', async () => {
    const form = reportsForm('reports.csv', reportsCsv(IMPORT_ROWS, 'B'));
    let sentAt = 0;
    const upload = request(server!.url, 'POST', '/api/v1/areas/kill/imports', { token, ...form, onBodySent: () => (sentAt = Date.now()) }).then(
      (r) => `answered ${r.status}`,
      (err: Error) => `failed (${err.message})`,
    );
    while (!sentAt) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 1000));
    const pid = server!.proc.pid!;
    const uploadDirs = async () => (await readdir(tmpdir())).filter((f) => f.startsWith(`coverage-import-${pid}-`));
    expect(await uploadDirs()).toHaveLength(1);
    await kill(server!);
    expect(await upload).toMatch(/^failed/);

    server = await startServer(db);
    expect(await reportCount(server, token)).toBe(0);
    expect(await uploadDirs()).toEqual([]);
    const again = await request(server.url, 'POST', '/api/v1/areas/kill/imports', { token, ...form });
    expect(again.status, again.body.slice(0, 300)).toBe(200);
    expect(again.json()).toMatchObject({ committed: true, rowsInserted: IMPORT_ROWS });
    expect(await reportCount(server, token)).toBe(IMPORT_ROWS);
  });
});
