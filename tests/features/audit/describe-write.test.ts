import { describe, expect, it } from 'vitest';
import { describeWrite } from '../../../server/features/audit/describe-write.ts';
import { REDACTED, auditJson, redactSecrets } from '../../../server/features/audit/redact.ts';

describe('describeWrite', () => {
  it('takes the entity from the last fixed segment and the key from the trailing parameter', () => {
    expect(describeWrite('PATCH', '/api/v1/areas/:areaId/sites/:id', { areaId: 'zone', id: 7 }, null)).toEqual({
      entity: 'sites',
      entityKey: '7',
      action: 'update',
    });
    expect(describeWrite('DELETE', '/api/v1/areas/:areaId', { areaId: 'zone' }, null)).toEqual({
      entity: 'areas',
      entityKey: 'zone',
      action: 'delete',
    });
  });

  it('takes the key of a create from the answer', () => {
    expect(describeWrite('POST', '/api/v1/areas/:areaId/candidates', { areaId: 'zone' }, { id: 12, type: 'Feature' })).toEqual({
      entity: 'candidates',
      entityKey: '12',
      action: 'create',
    });
    expect(describeWrite('POST', '/api/v1/areas', {}, null)).toEqual({ entity: 'areas', entityKey: null, action: 'create' });
  });

  it('lets the route declare entity and action', () => {
    expect(describeWrite('POST', '/api/v1/areas/:areaId/imports', { areaId: 'a' }, { id: 3 }, { action: 'import' })).toEqual({
      entity: 'imports',
      entityKey: '3',
      action: 'import',
    });
    expect(describeWrite('POST', '/api/v1/auth/logout', {}, null, { entity: 'session', action: 'logout' })).toEqual({
      entity: 'session',
      entityKey: null,
      action: 'logout',
    });
  });
});

describe('audit values', () => {
  it('redacts secrets at any depth and keeps the rest', () => {
    const input = {
      username: 'li',
      password: 'p',
      nested: [{ token: 't', csrfToken: 'c', name: 'n' }],
      newPassword: 'x',
      when: new Date('2006-05-01T00:00:00Z'),
    };
    expect(redactSecrets(input)).toEqual({
      username: 'li',
      password: REDACTED,
      nested: [{ token: REDACTED, csrfToken: REDACTED, name: 'n' }],
      newPassword: REDACTED,
      when: '2006-05-01T00:00:00.000Z',
    });
    expect(input.password).toBe('p');
  });

  it('stores null for nothing and a placeholder for something too large', () => {
    expect(auditJson(undefined)).toBeNull();
    expect(auditJson(null)).toBeNull();
    expect(JSON.parse(auditJson({ a: 1 }) as string)).toEqual({ a: 1 });
    expect(JSON.parse(auditJson({ big: 'x'.repeat(2000) }, 1000) as string)).toEqual({ truncated: true, bytes: 2010 });
  });

  it('measures a value far over the limit only until it is known to be too big (a 200,000-vertex polygon)', () => {
    const ring = Array.from({ length: 200_000 }, (_, i) => [124 + i * 1e-6, 46]);
    // A getter on the last position would throw if the whole value were copied or serialised.
    Object.defineProperty(ring, 199_999, {
      get() {
        throw new Error('walked to the end');
      },
    });
    const stored = JSON.parse(auditJson({ geometry: { type: 'Polygon', coordinates: [ring] } }, 1000) as string);
    expect(stored).toMatchObject({ truncated: true, atLeast: true });
    expect(stored.bytes).toBeGreaterThan(4000);
  });
});
