import { readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD_DATABASES, kill, request, startServer, type ChildDatabase, type ServerRun } from './helpers/child-server.ts';
import { IMPORT_ROWS, reportCount, reportsCsv, reportsForm, serverWithArea } from './helpers/kill-import.ts';

/**
 * SIGKILL of the server once a large upload has been received (its import is running): after a restart the
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

  it('keeps 0 rows of the killed upload; after a restart the upload succeeds', { timeout: 60_000 + IMPORT_ROWS }, async () => {
    const csv = reportsCsv(IMPORT_ROWS, 'B');
    const form = reportsForm('reports.csv', csv);
    const pid = server!.proc.pid!;
    const uploadDirs = async () => (await readdir(tmpdir())).filter((f) => f.startsWith(`coverage-import-${pid}-`));
    let settled = false;
    const upload = request(server!.url, 'POST', '/api/v1/areas/kill/imports', { token, ...form })
      .then(
        (r) => `answered ${r.status}`,
        (err: Error) => `failed (${err.message})`,
      )
      .finally(() => (settled = true));
    // Kill once the whole file has reached the server's upload directory: the import is then running.
    const received = async () => {
      const [dir] = await uploadDirs();
      return (
        dir !== undefined &&
        (await stat(join(tmpdir(), dir, 'upload')).then(
          (s) => s.size,
          () => 0,
        )) === csv.length
      );
    };
    const deadline = Date.now() + 60_000;
    while (!settled && !(await received()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    expect(
      settled,
      `the import must still be running when the server is killed (${settled ? await upload : ''}); raise FAULT_IMPORT_ROWS`,
    ).toBe(false);
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
