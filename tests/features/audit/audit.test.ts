import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { TEST_ADMIN_PASSWORD, TEST_BOUNDARY, buildTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';

interface Entry {
  id: number;
  username: string | null;
  method: string;
  route: string;
  status: number;
  areaCode: string | null;
  entity: string | null;
  entityKey: string | null;
  action: string;
  request: { params: Record<string, unknown>; body: Record<string, unknown> } | null;
  before: Record<string, any> | null;
  after: Record<string, any> | null;
}

describe.each(TEST_DATABASES)('audit log on $name', (target) => {
  let t: TestApp;
  let planner: TestUser;
  beforeAll(async () => {
    t = await buildTestApp(target);
    planner = await t.createUser('planner');
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/areas', payload: { code: 'zone', name: 'Zone', boundary: TEST_BOUNDARY } }))
        .statusCode,
    ).toBe(201);
  });
  afterAll(async () => t.close());

  const asPlanner = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.anonymousInject({ method, url, headers: { authorization: `Bearer ${planner.token}` }, payload });
  const audit = async (query = ''): Promise<Entry[]> => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/audit${query}` });
    expect(res.statusCode).toBe(200);
    return res.json().items;
  };

  it('records create, update and delete with who, area, entity, before and after', async () => {
    const created = await asPlanner('POST', '/api/v1/areas/zone/candidates', {
      code: 'K1',
      name: '候选一',
      lon: 124.86,
      lat: 46.66,
      technology: 'CDMA',
      cost: 80,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await asPlanner('PATCH', `/api/v1/areas/zone/candidates/${id}`, { status: 'approved' })).statusCode).toBe(200);
    expect((await asPlanner('DELETE', `/api/v1/areas/zone/candidates/${id}`)).statusCode).toBe(204);

    const [deleted, updated, create] = await audit('?entity=candidates');
    expect(create).toMatchObject({
      username: planner.username,
      method: 'POST',
      route: '/api/v1/areas/:areaId/candidates',
      status: 201,
      areaCode: 'zone',
      entity: 'candidates',
      entityKey: String(id),
      action: 'create',
      before: null,
    });
    expect(create.request?.body).toMatchObject({ code: 'K1', cost: 80 });
    expect(create.after).toMatchObject({ id, properties: { code: 'K1', status: 'proposed' } });

    expect(updated).toMatchObject({ action: 'update', entityKey: String(id), status: 200, request: { body: { status: 'approved' } } });
    expect(updated.before?.properties.status).toBe('proposed');
    expect(updated.after?.properties.status).toBe('approved');

    expect(deleted).toMatchObject({ action: 'delete', entityKey: String(id), status: 204, after: null });
    expect(deleted.before?.properties).toMatchObject({ code: 'K1', status: 'approved' });
  });

  it('resolves the area code when the route names the area by id', async () => {
    const area = (await t.app.inject({ method: 'GET', url: '/api/v1/areas/zone' })).json();
    expect(
      (
        await asPlanner('POST', `/api/v1/areas/${area.id}/settlements`, {
          code: 'T1',
          name: '镇',
          population: 1200,
          geometry: { type: 'Point', coordinates: [124.85, 46.65] },
        })
      ).statusCode,
    ).toBe(201);
    const [entry] = await audit('?entity=settlements');
    expect(entry.areaCode).toBe('zone');
    expect((await audit('?entity=areas')).find((e) => e.action === 'create')).toMatchObject({ areaCode: 'zone', username: 'admin' });
  });

  it('does not record failed or refused writes', async () => {
    const before = (await audit('?limit=1000')).length;
    expect((await asPlanner('POST', '/api/v1/areas/zone/candidates', { code: 'K9' })).statusCode).toBe(400);
    expect((await asPlanner('DELETE', '/api/v1/areas/zone')).statusCode).toBe(403);
    expect((await t.anonymousInject({ method: 'POST', url: '/api/v1/areas', payload: {} })).statusCode).toBe(401);
    expect((await audit('?limit=1000')).length).toBe(before);
  });

  it('records sign-ins, failed sign-ins and user changes without secrets', async () => {
    await t.anonymousInject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'a-wrong-password' } });
    await t.anonymousInject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: TEST_ADMIN_PASSWORD } });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload: { username: 'zhang', password: 'zhang-secret-pw', role: 'viewer' },
    });
    const token = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'audit-check' } });

    const sessions = await audit('?entity=session');
    expect(sessions.map((e) => e.action).slice(0, 2)).toEqual(['login', 'login_failed']);
    expect(sessions[1]).toMatchObject({ username: 'admin', status: 401 });
    const userEntry = (await audit('?entity=users'))[0];
    expect(userEntry).toMatchObject({ action: 'create', entityKey: String(created.json().id) });
    const everything = JSON.stringify(await audit('?limit=1000'));
    for (const secret of ['zhang-secret-pw', 'a-wrong-password', TEST_ADMIN_PASSWORD, token.json().token, t.adminToken])
      expect(everything).not.toContain(secret);
    expect(everything).toContain('[redacted]');
  });

  it('pages newest first and filters', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/api/v1/audit?limit=2' });
    const page = first.json();
    expect(page.items).toHaveLength(2);
    expect(page.items[0].id).toBeGreaterThan(page.items[1].id);
    const next = (await t.app.inject({ method: 'GET', url: `/api/v1/audit?limit=2&before=${page.next}` })).json();
    expect(next.items[0].id).toBeLessThan(page.items[1].id);
    expect((await audit(`?username=${planner.username}`)).every((e) => e.username === planner.username)).toBe(true);
    expect((await audit('?area=zone')).every((e) => e.areaCode === 'zone')).toBe(true);
    expect((await audit('?action=delete')).every((e) => e.action === 'delete')).toBe(true);
  });

  it('is readable by admins only', async () => {
    expect(
      (await t.anonymousInject({ method: 'GET', url: '/api/v1/audit', headers: { authorization: `Bearer ${planner.token}` } })).statusCode,
    ).toBe(403);
  });
});
