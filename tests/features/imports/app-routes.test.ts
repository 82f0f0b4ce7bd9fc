import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../../fixtures/imports/generate.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { insertTestArea } from './helpers.ts';

/** The imports plugin as registered in the application: roles, the caller recorded in the audit. */
describe.each(TEST_DATABASES)('imports in the app on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(target);
    await insertTestArea(t.app.db, 'ranghulu-test');
  });
  afterAll(async () => t?.close());

  const upload = (headers: Record<string, string>) => {
    const boundary = '----app-routes-test';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nmeasurements\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="m.csv"\r\n\r\n`),
      readFileSync(fixture('measurements.csv')),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return t.anonymousInject({
      method: 'POST',
      url: '/api/v1/areas/ranghulu-test/imports',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers },
    });
  };

  it('lets admins import (bulk writes, boundaries) and records who did', async () => {
    const res = await upload({ authorization: `Bearer ${t.adminToken}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ committed: true, rowsInserted: 4 });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/areas/ranghulu-test/imports' });
    expect(list.json().items[0]).toMatchObject({ username: 'admin', fileName: 'm.csv' });
  });

  it('lets viewers read the audit trail but not import; refuses anonymous callers', async () => {
    const viewer = await t.tokenFor('viewer');
    expect(
      (
        await t.anonymousInject({
          method: 'GET',
          url: '/api/v1/areas/ranghulu-test/imports',
          headers: { authorization: `Bearer ${viewer}` },
        })
      ).statusCode,
    ).toBe(200);
    expect((await upload({ authorization: `Bearer ${viewer}` })).statusCode).toBe(403);
    expect((await upload({ authorization: `Bearer ${await t.tokenFor('planner')}` })).statusCode).toBe(403);
    expect((await upload({})).statusCode).toBe(401);
  });

  it('lets only admins undo an import, and records the undo in the audit log', async () => {
    const res = await upload({ authorization: `Bearer ${t.adminToken}` });
    const importId = (res.json() as { importId: number }).importId;
    const undo = (token: string) =>
      t.anonymousInject({
        method: 'POST',
        url: `/api/v1/areas/ranghulu-test/imports/${importId}/undo`,
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await undo(await t.tokenFor('planner'))).statusCode).toBe(403);
    const done = await undo(t.adminToken);
    expect(done.statusCode).toBe(200);
    // The file may have been imported by another test of the file first: its rows are then restored, not deleted.
    expect(done.json()).toMatchObject({ importId, undoneBy: 'admin' });
    expect(done.json().deleted + done.json().restored).toBe(4);
    const entry = await t.app.db
      .selectFrom('audit_log')
      .select(['username', 'entity', 'action', 'status', 'area_code', 'request'])
      .where('action', '=', 'undo')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ username: 'admin', entity: 'imports', action: 'undo', status: 200, area_code: 'ranghulu-test' });
    expect(entry.request).toMatchObject({ params: { importId } });
  });
});
