import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp } from '../../helpers/app.ts';
import { SMALL_AREA_BOUNDARY as boundary, sector } from '../../helpers/small-area.ts';

const LON0 = 124.85;
const LAT0 = 46.65;

describe.each(TEST_DATABASES)('scenarios API on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  const req = async (method: string, url: string, payload?: object) => {
    const r = await app.inject({ method: method as 'GET', url, payload });
    return { status: r.statusCode, body: r.body ? r.json() : null };
  };
  beforeAll(async () => {
    ({ app, close } = await buildTestApp(target));
    expect(
      (await req('POST', '/api/v1/areas', { code: 'sc', name: 'Scenario town', boundary, settings: { resolutionM: 50 } })).status,
    ).toBe(201);
    expect(
      (
        await req('POST', '/api/v1/areas/sc/sites', {
          code: 'A',
          name: 'A',
          lon: LON0,
          lat: LAT0,
          cells: [sector('G1', 0), sector('G2', 120), sector('G3', 240), sector('C1', null, 'CDMA')],
        })
      ).status,
    ).toBe(201);
    expect(
      (await req('POST', '/api/v1/areas/sc/candidates', { code: 'K1', name: 'East', lon: 124.9, lat: 46.65, technology: 'GSM' })).status,
    ).toBe(201);
  });
  afterAll(async () => close());

  it('creates a scenario, validates its changes against the network, and computes coverage for it', async () => {
    const bad = await req('POST', '/api/v1/areas/sc/scenarios', {
      name: 'bad',
      changes: { addCandidates: ['K1', 'NOPE'], cellChanges: [], removeCells: [] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.details[0].field).toBe('/body/changes/addCandidates/1');
    const badCell = await req('POST', '/api/v1/areas/sc/scenarios', { name: 'bad', changes: { removeCells: ['A/G9'] } });
    expect(badCell.status).toBe(422);
    expect(badCell.body.details[0].field).toBe('/body/changes/removeCells/0');

    const created = await req('POST', '/api/v1/areas/sc/scenarios', {
      name: '2007 east',
      description: 'add K1, tilt G1',
      changes: { addCandidates: ['K1'], cellChanges: [{ cell: 'A/G1', tiltDeg: 6 }] },
    });
    expect(created.status).toBe(201);
    expect(created.body.changes).toEqual({ addCandidates: ['K1'], cellChanges: [{ cell: 'A/G1', tiltDeg: 6 }], removeCells: [] });
    expect((await req('POST', '/api/v1/areas/sc/scenarios', { name: '2007 east', changes: {} })).status).toBe(409);

    const base = await req('GET', '/api/v1/areas/sc/coverage?technology=GSM');
    const withScenario = await req('GET', `/api/v1/areas/sc/coverage?technology=GSM&scenario=${created.body.id}`);
    expect(withScenario.body.coveragePct).toBeGreaterThan(base.body.coveragePct);
    expect(withScenario.body.cellCount).toBe(base.body.cellCount + 3);
    const byName = await req('GET', `/api/v1/areas/sc/coverage?technology=GSM&scenario=${encodeURIComponent('2007 east')}`);
    expect(byName.body.coveragePct).toBe(withScenario.body.coveragePct);
    expect((await req('GET', '/api/v1/areas/sc/coverage?scenario=unknown')).status).toBe(404);
  });

  it('switches cells off in a scenario', async () => {
    const off = await req('POST', '/api/v1/areas/sc/scenarios', { name: 'no CDMA', changes: { removeCells: ['A/C1'] } });
    expect(off.status).toBe(201);
    const cdma = await req('GET', '/api/v1/areas/sc/coverage?technology=CDMA&scenario=no%20CDMA');
    expect(cdma.body.coveredKm2).toBe(0);
  });

  it('compares two scenarios per network with a difference layer', async () => {
    const cmp = await req('GET', `/api/v1/areas/sc/scenarios/compare?target=${encodeURIComponent('2007 east')}&technology=GSM`);
    expect(cmp.status).toBe(200);
    expect(cmp.body.base).toBe('existing');
    const gsm = cmp.body.networks.find((n: { technology: string }) => n.technology === 'GSM');
    expect(gsm.delta.coveragePct).toBeGreaterThan(0);
    expect(gsm.after.coveragePct - gsm.before.coveragePct).toBeCloseTo(gsm.delta.coveragePct, 9);
    const cdma = cmp.body.networks.find((n: { technology: string }) => n.technology === 'CDMA');
    expect(cdma.delta.coveragePct).toBe(0);
    const gained = cmp.body.difference.newlyCovered.features;
    expect(gained.length).toBeGreaterThan(0);
    const gainedKm2 = gained.reduce((s: number, f: { properties: { areaKm2: number } }) => s + f.properties.areaKm2, 0);
    const lostKm2 = cmp.body.difference.newlyLost.features.reduce(
      (s: number, f: { properties: { areaKm2: number } }) => s + f.properties.areaKm2,
      0,
    );
    // Tilting A/G1 down may lose a little at its edge; the net change equals the figures' change.
    expect(gainedKm2 - lostKm2).toBeCloseTo(gsm.delta.coveredKm2, 6);
  });

  it('updates and deletes scenarios', async () => {
    const patched = await req('PATCH', `/api/v1/areas/sc/scenarios/${encodeURIComponent('2007 east')}`, {
      description: 'east only',
      changes: { addCandidates: ['K1'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.changes.cellChanges).toEqual([]);
    const list = await req('GET', '/api/v1/areas/sc/scenarios');
    expect(list.body.items.map((s: { name: string }) => s.name)).toEqual(['2007 east', 'no CDMA']);
    expect((await req('DELETE', `/api/v1/areas/sc/scenarios/${patched.body.id}`)).status).toBe(204);
    expect((await req('GET', `/api/v1/areas/sc/scenarios/${patched.body.id}`)).status).toBe(404);
  });
});
