import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { SMALL_AREA_BOUNDARY as boundary, sector } from '../../helpers/small-area.ts';

// A scenario records who created it: the signed-in user, whether it is created through the scenarios
// route or saved by a plan (`saveAsScenario`), with a token or with a session cookie.
describe.each(TEST_DATABASES)('scenario creator on $name', (target) => {
  let t: TestApp;
  let planner: TestUser;
  const send = async (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) => {
    const r = await t.app.inject({ method, url, payload, headers });
    return { status: r.statusCode, body: r.json() };
  };
  const asPlanner = () => ({ authorization: `Bearer ${planner.token}` });

  beforeAll(async () => {
    t = await buildTestApp(target);
    planner = await t.createUser('planner');
    expect(
      (await send('POST', '/api/v1/areas', {}, { code: 'who', name: 'Who town', boundary, settings: { resolutionM: 100 } })).status,
    ).toBe(201);
    expect(
      (
        await send(
          'POST',
          '/api/v1/areas/who/sites',
          {},
          { code: 'A', name: 'A', lon: 124.85, lat: 46.65, cells: [sector('G1', 0), sector('G2', 120), sector('G3', 240)] },
        )
      ).status,
    ).toBe(201);
    expect(
      (await send('POST', '/api/v1/areas/who/candidates', {}, { code: 'K1', name: 'East', lon: 124.9, lat: 46.65, technology: 'GSM' }))
        .status,
    ).toBe(201);
  });
  afterAll(async () => t.close());

  it('stores the signed-in user as the creator of a scenario created through the API', async () => {
    const created = await send('POST', '/api/v1/areas/who/scenarios', asPlanner(), {
      name: 'by token',
      changes: { addCandidates: ['K1'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.createdBy).toBe(planner.username);
    expect((await send('GET', `/api/v1/areas/who/scenarios/${created.body.id}`, asPlanner())).body.createdBy).toBe(planner.username);
  });

  it('stores the creator with a session cookie too', async () => {
    const login = await t.anonymousInject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: planner.username, password: planner.password },
    });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const created = await send(
      'POST',
      '/api/v1/areas/who/scenarios',
      { cookie, 'x-csrf-token': login.json().csrfToken },
      { name: 'by session', changes: {} },
    );
    expect(created.status).toBe(201);
    expect(created.body.createdBy).toBe(planner.username);
  });

  it('stores the planner as the creator of a scenario saved by a plan', async () => {
    const plan = await send('POST', '/api/v1/areas/who/plans', asPlanner(), { technology: 'GSM', maxSites: 1, saveAsScenario: 'planned' });
    expect(plan.status).toBe(200);
    expect(plan.body.savedScenario.name).toBe('planned');
    const saved = await send('GET', '/api/v1/areas/who/scenarios/planned', asPlanner());
    expect(saved.body.createdBy).toBe(planner.username);
  });
});
