import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadActiveCalibration } from '../../../server/features/calibration/repository.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { TEST_BOUNDARY, buildTestApp, type TestApp } from '../../helpers/app.ts';
import { SITES, TRUTH, driveTest, omni } from './fixtures.ts';

describe.each(TEST_DATABASES)('calibration API on $name', (target) => {
  let t: TestApp;
  let app: FastifyInstance;
  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, token?: string) => {
    const headers = token ? { authorization: `Bearer ${token}` } : undefined;
    const r = await app.inject({ method, url, payload, headers });
    return { status: r.statusCode, body: r.body ? r.json() : null };
  };
  const measurements = driveTest(300, 2006);

  beforeAll(async () => {
    t = await buildTestApp(target);
    app = t.app;
    const area = await call('POST', '/api/v1/areas', {
      code: 'cal',
      name: 'Calibration',
      boundary: TEST_BOUNDARY,
      settings: { resolutionM: 100, defaultEnvironment: 'urban' },
    });
    expect(area.status).toBe(201);
    for (const s of SITES)
      expect((await call('POST', '/api/v1/areas/cal/sites', { ...s, cells: [{ code: 'G1', ...omni }] })).status).toBe(201);
    for (const m of measurements) expect((await call('POST', '/api/v1/areas/cal/measurements', m)).status).toBe(201);
  }, 120_000);
  afterAll(async () => t.close());

  it('reports before/after statistics without storing anything, then applies and serves the active calibration', async () => {
    expect((await call('GET', '/api/v1/areas/cal/calibration')).status).toBe(404);
    const report = await call('POST', '/api/v1/areas/cal/calibration', {});
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ id: null, applied: false, enabled: false, technology: 'all' });
    const usable = measurements.filter((m) => m.levelDbm < -40 && m.levelDbm >= -115).length;
    expect(report.body.sampleCount).toBe(usable);
    expect(report.body.fits).toHaveLength(1);
    const urban = report.body.terms.urban;
    expect(Math.abs(urban.interceptDeltaDb - TRUTH.interceptDeltaDb)).toBeLessThan(1.5);
    expect(Math.abs(urban.slopeDeltaDb - TRUTH.slopeDeltaDb)).toBeLessThan(3);
    expect(report.body.before.byEnvironment.urban.meanErrorDb).toBeGreaterThan(2);
    expect(Math.abs(report.body.after.all.meanErrorDb)).toBeLessThan(0.2);
    expect(report.body.after.all.rmseDb).toBeLessThan(report.body.before.all.rmseDb);
    expect(report.body.before.byTechnology.GSM.n).toBe(usable);
    expect((await call('GET', '/api/v1/areas/cal/calibration')).status).toBe(404);

    const version0 = (await call('GET', '/api/v1/areas/cal')).body.inputsVersion;
    const applied = await call('POST', '/api/v1/areas/cal/calibration', { technology: 'GSM', apply: true });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({
      applied: true,
      enabled: true,
      technology: 'GSM',
      createdBy: 'admin',
      disabledAt: null,
      terms: report.body.terms,
    });
    expect(applied.body.id).toEqual(expect.any(Number));
    // The engine reads the enabled terms, so enabling them is a change of the area's coverage inputs.
    expect((await call('GET', '/api/v1/areas/cal')).body.inputsVersion).toBeGreaterThan(version0);

    const viewer = await t.tokenFor('viewer');
    const active = await call('GET', '/api/v1/areas/cal/calibration', undefined, viewer);
    expect(active.status).toBe(200);
    expect(active.body).toMatchObject({ id: applied.body.id, enabled: true, terms: applied.body.terms, sampleCount: usable });
    expect(active.body.before).toEqual(applied.body.before);
    expect(active.body.after).toEqual(applied.body.after);
    expect(active.body.fits[0]).toMatchObject({ environment: 'urban', method: 'intercept-and-slope' });

    const area = (await call('GET', '/api/v1/areas/cal')).body;
    expect(await loadActiveCalibration(app.db, area.id)).toEqual({
      version: `calibration-${applied.body.id}`,
      calibration: applied.body.terms,
    });
  });

  it('keeps one enabled calibration per area, lists the history and disables back to the uncalibrated model', async () => {
    const again = await call('POST', '/api/v1/areas/cal/calibration', { apply: true, minSamples: 50 });
    expect(again.status).toBe(200);
    expect(again.body.options.minSamples).toBe(50);
    const history = await call('GET', '/api/v1/areas/cal/calibration/history');
    expect(history.status).toBe(200);
    expect(history.body.items[0].id).toBe(again.body.id);
    expect(history.body.items.filter((c: { enabled: boolean }) => c.enabled)).toHaveLength(1);
    expect(history.body.items[1]).toMatchObject({ enabled: false, disabledAt: expect.any(String) });
    expect((await call('GET', '/api/v1/areas/cal/calibration/history?limit=1')).body.items).toHaveLength(1);

    const area = (await call('GET', '/api/v1/areas/cal')).body;
    expect((await call('DELETE', '/api/v1/areas/cal/calibration')).status).toBe(204);
    expect((await call('GET', '/api/v1/areas/cal')).body.inputsVersion).toBeGreaterThan(area.inputsVersion);
    expect((await call('GET', '/api/v1/areas/cal/calibration')).status).toBe(404);
    expect(await loadActiveCalibration(app.db, area.id)).toBeNull();
    expect((await call('DELETE', '/api/v1/areas/cal/calibration')).status).toBe(404);
    const after = (await call('GET', '/api/v1/areas/cal/calibration/history')).body.items;
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(after.every((c: { enabled: boolean }) => !c.enabled)).toBe(true);
  });

  it('needs admin to calibrate or disable, and says why a calibration cannot run', async () => {
    const planner = await t.tokenFor('planner');
    expect((await call('POST', '/api/v1/areas/cal/calibration', {}, planner)).status).toBe(403);
    expect((await call('DELETE', '/api/v1/areas/cal/calibration', undefined, planner)).status).toBe(403);
    expect(t.app.accessRoutes.find((r) => r.url === '/api/v1/areas/:areaId/calibration' && r.methods.includes('POST'))).toMatchObject({
      role: 'admin',
      expensive: true,
    });

    const bad = await call('POST', '/api/v1/areas/cal/calibration', { technology: 'LTE' });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('/body/technology');
    const noCdma = await call('POST', '/api/v1/areas/cal/calibration', { technology: 'CDMA' });
    expect(noCdma.status).toBe(422);
    expect(noCdma.body.message).toMatch(/none of the 0 sample\(s\) is usable .*0 CDMA measurements/);
    const tooFew = await call('POST', '/api/v1/areas/cal/calibration', { apply: true, minSamples: 100000 });
    expect(tooFew.status).toBe(422);
    expect(tooFew.body.message).toMatch(/no environment class has enough samples .*urban \d+; minimum 100000/);
    expect((await call('POST', '/api/v1/areas/nowhere/calibration', {})).status).toBe(404);
  });
});
