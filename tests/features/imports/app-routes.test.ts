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
});
