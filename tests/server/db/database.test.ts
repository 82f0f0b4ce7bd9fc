import { describe, expect, it } from 'vitest';
import { invalidateCredentials } from '../../../server/features/auth/credential-cache.ts';
import { buildTestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';

describe.each(TEST_DATABASES)('a closed database handle on $name', (target) => {
  it('answers 503 database_unavailable with Retry-After, API and OGC, and closes again without error', async () => {
    const t = await buildTestApp(target);
    try {
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/areas' })).statusCode).toBe(200);
      // The embedded database (or the pool) gone under a running app.
      await t.app.dbHandle.close();
      invalidateCredentials();
      for (const url of ['/api/v1/health', '/api/v1/areas', '/ogc/collections']) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode, `${url}: ${res.body}`).toBe(503);
        expect(res.json()).toEqual(
          url.startsWith('/ogc')
            ? { code: 'ServiceUnavailable', description: 'the database is unavailable; retry shortly' }
            : { error: 'database_unavailable', message: 'the database is unavailable; retry shortly', details: [] },
        );
        expect(res.headers['retry-after']).toBe('5');
      }
      const login = await t.anonymousInject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: 'whatever-password' },
      });
      expect(login.statusCode).toBe(503);
    } finally {
      await t.close();
    }
  });
});
