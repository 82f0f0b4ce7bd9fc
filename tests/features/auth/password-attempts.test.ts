import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';

const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
const BURST = 200;

/** How many answers of each status a burst got. */
function statuses(answers: LightMyRequestResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const a of answers) counts[a.statusCode] = (counts[a.statusCode] ?? 0) + 1;
  return counts;
}

/** Every refused attempt is a JSON 429 with a Retry-After in whole seconds. */
function expectRefusals(answers: LightMyRequestResponse[]): void {
  for (const a of answers.filter((x) => x.statusCode === 429)) {
    expect(a.json().error).toBe('too_many_requests');
    expect(Number(a.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(a.headers['retry-after'])).toBeLessThanOrEqual(60);
  }
}

/**
 * Reserve-then-verify: every password check takes a slot of the caller's budget before the (slow)
 * scrypt verification, so a burst of simultaneous wrong passwords is checked at most as often as the
 * documented limit allows, and the rest is answered 429 without a check. Each test comes from its own
 * client address (budgets are per address).
 */
describe.each(TEST_DATABASES)('password attempts under concurrency on $name', (target) => {
  let t: TestApp;
  let viewer: TestUser;
  beforeAll(async () => {
    t = await buildTestApp(target);
    t.app.get('/ogc/attempts-probe', async (req) => ({ user: req.principal?.username }));
    viewer = await t.createUser('viewer');
  });
  afterAll(async () => t.close());

  const ogc = (remoteAddress: string, authorization: string) =>
    t.anonymousInject({ method: 'GET', url: '/ogc/attempts-probe', remoteAddress, headers: { authorization } });
  const login = (remoteAddress: string, username: string, password: string) =>
    t.anonymousInject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { username, password } });

  it(`checks at most 10 of ${BURST} simultaneous wrong HTTP Basic passwords and answers 429 to the rest`, async () => {
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, i) => ogc('192.0.2.1', basic(viewer.username, `wrong-password-${i}`))),
    );
    const counts = statuses(answers);
    expect(counts[401]).toBeGreaterThanOrEqual(1);
    expect(counts[401]).toBeLessThanOrEqual(10);
    expect(counts[429]).toBe(BURST - counts[401]);
    expectRefusals(answers);
    // The budget is spent for this address: even the right password waits; a token does not.
    expect((await ogc('192.0.2.1', basic(viewer.username, viewer.password))).statusCode).toBe(429);
    expect((await ogc('192.0.2.1', basic('gdal', viewer.token))).statusCode).toBe(200);
  });

  it('limits HTTP Basic per address however many user names a burst spreads over', async () => {
    const answers = await Promise.all(Array.from({ length: BURST }, (_, i) => ogc('192.0.2.2', basic(`someone-${i}`, 'a-wrong-password'))));
    const counts = statuses(answers);
    expect(counts[401]).toBeLessThanOrEqual(10);
    expect(counts[429]).toBe(BURST - counts[401]);
  });

  it(`checks at most 10 of ${BURST} simultaneous wrong sign-ins for one user, 50 for many users from one address`, async () => {
    const oneUser = await Promise.all(Array.from({ length: BURST }, (_, i) => login('192.0.2.3', 'admin', `wrong-password-${i}`)));
    const one = statuses(oneUser);
    expect(one[401]).toBeGreaterThanOrEqual(1);
    expect(one[401]).toBeLessThanOrEqual(10);
    expect(one[429]).toBe(BURST - one[401]);
    expectRefusals(oneUser);
    const spray = await Promise.all(Array.from({ length: BURST }, (_, i) => login('192.0.2.4', `user-${i}`, 'a-wrong-password')));
    const many = statuses(spray);
    expect(many[401]).toBeLessThanOrEqual(50);
    expect(many[429]).toBe(BURST - many[401]);
  });

  it(`checks the current password of at most 10 of ${BURST} simultaneous password changes`, async () => {
    const user = await t.createUser('viewer');
    const change = (currentPassword: string) =>
      t.anonymousInject({
        method: 'POST',
        url: '/api/v1/auth/password',
        remoteAddress: '192.0.2.5',
        headers: { authorization: `Bearer ${user.token}` },
        payload: { currentPassword, newPassword: 'Songnen-plain-oilfield-42' },
      });
    const answers = await Promise.all(Array.from({ length: BURST }, (_, i) => change(`wrong-password-${i}`)));
    const counts = statuses(answers);
    expect(counts[422]).toBeGreaterThanOrEqual(1);
    expect(counts[422]).toBeLessThanOrEqual(10);
    expect(counts[429]).toBe(BURST - counts[422]);
    expectRefusals(answers);
    expect((await change(user.password)).statusCode).toBe(429);
  });

  it('shares one budget between HTTP Basic, sign-in and password changes', async () => {
    const user = await t.createUser('viewer');
    for (let i = 0; i < 10; i++) expect((await ogc('192.0.2.6', basic(user.username, `wrong-password-${i}`))).statusCode).toBe(401);
    expect((await login('192.0.2.6', user.username, user.password)).statusCode).toBe(429);
    // Another address has its own budget.
    expect((await login('192.0.2.7', user.username, user.password)).statusCode).toBe(200);
  });

  it('does not count successes: a client sending the right password keeps working', async () => {
    const user = await t.createUser('viewer');
    for (let i = 0; i < 9; i++) expect((await ogc('192.0.2.8', basic(user.username, `wrong-password-${i}`))).statusCode).toBe(401);
    for (let i = 0; i < 5; i++) expect((await ogc('192.0.2.8', basic(user.username, user.password))).statusCode).toBe(200);
    expect((await ogc('192.0.2.8', basic(user.username, 'wrong-password-9'))).statusCode).toBe(401);
    expect((await ogc('192.0.2.8', basic(user.username, user.password))).statusCode).toBe(429);
  });
});
