import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp } from '../../helpers/app.ts';
import { SMALL_AREA_BOUNDARY as boundary, sector } from '../../helpers/small-area.ts';

// Scenario-first editing: edits go into the planner's working scenario; the existing network (and
// its coverage) changes only when a scenario is applied, which is audited and can be undone.

describe.each(TEST_DATABASES)('working scenario and apply to network on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let plannerAuth: string;
  let viewerAuth: string;
  let tokenFor: (role: 'planner' | 'viewer') => Promise<string>;
  const req = async (method: string, url: string, payload?: object, authorization?: string) => {
    const r = await app.inject({ method: method as 'GET', url, payload, headers: authorization ? { authorization } : {} });
    return { status: r.statusCode, body: r.body ? r.json() : null };
  };
  const asPlanner = (method: string, url: string, payload?: object) => req(method, url, payload, plannerAuth);
  const figures = async () => (await req('GET', '/api/v1/areas/ws/coverage?technology=GSM')).body;
  const cellsOf = async (code: string) => {
    const sites = (await req('GET', '/api/v1/areas/ws/sites')).body.items as { code: string; cells: { code: string; tiltDeg: number }[] }[];
    return sites.find((s) => s.code === code)?.cells ?? null;
  };

  beforeAll(async () => {
    const test = await buildTestApp(target);
    ({ app, close, tokenFor } = test);
    plannerAuth = `Bearer ${await test.tokenFor('planner')}`;
    viewerAuth = `Bearer ${await test.tokenFor('viewer')}`;
    expect((await req('POST', '/api/v1/areas', { code: 'ws', name: 'Working town', boundary, settings: { resolutionM: 50 } })).status).toBe(
      201,
    );
    const site = await req('POST', '/api/v1/areas/ws/sites', {
      code: 'A',
      name: 'A',
      lon: 124.85,
      lat: 46.65,
      cells: [sector('G1', 0), sector('G2', 120), sector('G3', 240)],
    });
    expect(site.status).toBe(201);
    const candidate = await req('POST', '/api/v1/areas/ws/candidates', {
      code: 'K1',
      name: 'East',
      lon: 124.9,
      lat: 46.65,
      technology: 'GSM',
    });
    expect(candidate.status).toBe(201);
  });
  afterAll(async () => close());

  it('collects map edits in the working scenario, created on the first edit, without touching the network', async () => {
    expect((await asPlanner('GET', '/api/v1/areas/ws/scenarios/working')).body).toEqual({ scenario: null });
    const before = await figures();
    const first = await asPlanner('POST', '/api/v1/areas/ws/scenarios/working/edits', {
      kind: 'cell',
      change: { cell: 'A/G1', tiltDeg: 8 },
    });
    expect(first.status).toBe(200);
    expect(first.body.workingFor).toMatch(/^planner-/);
    expect(first.body.changes).toEqual({ addCandidates: [], cellChanges: [{ cell: 'A/G1', tiltDeg: 8 }], removeCells: [] });
    // A second edit of the same cell merges into its change; a candidate and a removal are added.
    await asPlanner('POST', '/api/v1/areas/ws/scenarios/working/edits', { kind: 'cell', change: { cell: 'A/G1', powerDbm: 40 } });
    await asPlanner('POST', '/api/v1/areas/ws/scenarios/working/edits', { kind: 'add-candidate', code: 'K1' });
    const third = await asPlanner('POST', '/api/v1/areas/ws/scenarios/working/edits', { kind: 'remove-cell', cell: 'A/G3' });
    expect(third.body.id).toBe(first.body.id);
    expect(third.body.changes).toEqual({
      addCandidates: ['K1'],
      cellChanges: [{ cell: 'A/G1', tiltDeg: 8, powerDbm: 40 }],
      removeCells: ['A/G3'],
    });
    // The network and its figures did not move.
    expect((await cellsOf('A'))?.map((c) => [c.code, c.tiltDeg])).toEqual([
      ['G1', 2],
      ['G2', 2],
      ['G3', 2],
    ]);
    expect((await figures()).coveragePct).toBe(before.coveragePct);
    // The working scenario computes like any scenario.
    const withEdits = await req('GET', `/api/v1/areas/ws/coverage?technology=GSM&scenario=${first.body.id}`);
    expect(withEdits.status).toBe(200);
    expect(withEdits.body.coveragePct).not.toBe(before.coveragePct);
    // Each change can be taken out.
    const removed = await asPlanner('DELETE', '/api/v1/areas/ws/scenarios/working/edits?kind=remove-cell&key=A%2FG3');
    expect(removed.status).toBe(200);
    expect(removed.body.changes.removeCells).toEqual([]);
    const again = await asPlanner('DELETE', '/api/v1/areas/ws/scenarios/working/edits?kind=remove-cell&key=A%2FG3');
    expect(again.status).toBe(404);
    // Another planner has a working scenario of their own.
    const other = `Bearer ${await tokenFor('planner')}`;
    expect((await req('GET', '/api/v1/areas/ws/scenarios/working', undefined, other)).body.scenario).toBeNull();
  });

  it('refuses bad edits naming the field, and edits from a viewer', async () => {
    const unknownCell = await asPlanner('POST', '/api/v1/areas/ws/scenarios/working/edits', {
      kind: 'cell',
      change: { cell: 'A/G9', tiltDeg: 4 },
    });
    expect(unknownCell.status).toBe(422);
    expect(unknownCell.body.details[0].field).toBe('/body/change/cell');
    expect(unknownCell.body.message).toContain('A/G9');
    const unknownCandidate = await asPlanner('POST', '/api/v1/areas/ws/scenarios/working/edits', { kind: 'add-candidate', code: 'NOPE' });
    expect(unknownCandidate.status).toBe(422);
    expect(unknownCandidate.body.details[0].field).toBe('/body/code');
    const outOfRange = await asPlanner('POST', '/api/v1/areas/ws/scenarios/working/edits', {
      kind: 'cell',
      change: { cell: 'A/G1', tiltDeg: 99 },
    });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.details).toEqual([{ field: '/body/change/tiltDeg', message: 'must be <= 45' }]);
    const missing = await asPlanner('POST', '/api/v1/areas/ws/scenarios/working/edits', { kind: 'remove-cell', code: 'K1' });
    expect(missing.status).toBe(422);
    expect(missing.body.details[0].field).toBe('/body/cell');
    const badKind = await asPlanner('DELETE', '/api/v1/areas/ws/scenarios/working/edits?kind=move&key=A%2FG1');
    expect(badKind.status).toBe(400);
    const viewer = await req('POST', '/api/v1/areas/ws/scenarios/working/edits', { kind: 'add-candidate', code: 'K1' }, viewerAuth);
    expect(viewer.status).toBe(403);
  });

  it('applies the working scenario to the network only when confirmed, audited, and undoes it from the audit log', async () => {
    const working = (await asPlanner('GET', '/api/v1/areas/ws/scenarios/working')).body.scenario;
    const before = await figures();
    const unconfirmed = await asPlanner('POST', `/api/v1/areas/ws/scenarios/${working.id}/apply`, {});
    expect(unconfirmed.status).toBe(400);
    const stale = await asPlanner('POST', `/api/v1/areas/ws/scenarios/${working.id}/apply`, { confirm: true, expectedChanges: 5 });
    expect(stale.status).toBe(409);
    expect(stale.body.details[0].field).toBe('/body/expectedChanges');
    const viewer = await req('POST', `/api/v1/areas/ws/scenarios/${working.id}/apply`, { confirm: true }, viewerAuth);
    expect(viewer.status).toBe(403);

    const applied = await asPlanner('POST', `/api/v1/areas/ws/scenarios/${working.id}/apply`, { confirm: true, expectedChanges: 2 });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({
      scenario: working.name,
      changes: { addCandidates: ['K1'], cellChanges: [{ cell: 'A/G1', tiltDeg: 8, powerDbm: 40 }], removeCells: [] },
      undoneBy: null,
    });
    expect(applied.body.sites.sort()).toEqual(['A', 'K1']);
    // The network changed: the cell's new values, the candidate built as a site; the figures moved.
    expect((await cellsOf('A'))?.find((c) => c.code === 'G1')?.tiltDeg).toBe(8);
    expect((await cellsOf('K1'))?.length).toBe(3);
    const candidates = (await req('GET', '/api/v1/areas/ws/candidates')).body.features;
    expect(candidates.find((f: { properties: { code: string } }) => f.properties.code === 'K1').properties.status).toBe('built');
    const after = await figures();
    expect(after.coveragePct).not.toBe(before.coveragePct);
    // The working scenario is empty now: its changes are the network.
    expect((await asPlanner('GET', '/api/v1/areas/ws/scenarios/working')).body.scenario.changes).toEqual({
      addCandidates: [],
      cellChanges: [],
      removeCells: [],
    });
    // Audited with the sites before and after.
    const audit = (await req('GET', '/api/v1/audit?entity=network')).body.items;
    const entry = audit.find((e: { id: number }) => e.id === applied.body.id);
    expect(entry.action).toBe('apply-scenario');
    expect(entry.username).toMatch(/^planner-/);
    expect(entry.before.sites.K1).toBeNull();
    expect(entry.before.sites.A.cells.find((c: { code: string }) => c.code === 'G1').tiltDeg).toBe(2);
    expect(entry.after.sites.A.cells.find((c: { code: string }) => c.code === 'G1').tiltDeg).toBe(8);
    const list = (await req('GET', '/api/v1/areas/ws/network/applications')).body.items;
    expect(list[0].id).toBe(applied.body.id);

    // Undo: the network and its figures are as before, the working scenario gets its changes back.
    const undone = await asPlanner('POST', `/api/v1/areas/ws/network/applications/${applied.body.id}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body.undoneBy).toBeGreaterThan(applied.body.id);
    expect((await cellsOf('A'))?.find((c) => c.code === 'G1')?.tiltDeg).toBe(2);
    expect(await cellsOf('K1')).toBeNull();
    expect((await figures()).coveragePct).toBe(before.coveragePct);
    expect((await asPlanner('GET', '/api/v1/areas/ws/scenarios/working')).body.scenario.changes.addCandidates).toEqual(['K1']);
    const undoEntry = (await req('GET', '/api/v1/audit?entity=network')).body.items[0];
    expect(undoEntry).toMatchObject({ action: 'undo-apply-scenario', entityKey: String(applied.body.id) });
    // Not twice.
    const twice = await asPlanner('POST', `/api/v1/areas/ws/network/applications/${applied.body.id}/undo`);
    expect(twice.status).toBe(409);
    expect((await asPlanner('POST', '/api/v1/areas/ws/network/applications/999999/undo')).status).toBe(404);
  });

  it('refuses an undo when the network changed since, naming what changed', async () => {
    const working = (await asPlanner('GET', '/api/v1/areas/ws/scenarios/working')).body.scenario;
    const applied = await asPlanner('POST', `/api/v1/areas/ws/scenarios/${working.id}/apply`, { confirm: true });
    expect(applied.status).toBe(200);
    // A direct edit (kept in the API for scripts) changes the site afterwards.
    const cells = (await req('GET', '/api/v1/areas/ws/cells')).body.features as {
      properties: { id: number; siteCode: string; code: string };
    }[];
    const g2 = cells.find((f) => f.properties.siteCode === 'A' && f.properties.code === 'G2')!;
    expect((await asPlanner('PATCH', `/api/v1/areas/ws/cells/${g2.properties.id}`, { tiltDeg: 5 })).status).toBe(200);
    const refused = await asPlanner('POST', `/api/v1/areas/ws/network/applications/${applied.body.id}/undo`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('site A');
    expect((await cellsOf('A'))?.find((c) => c.code === 'G1')?.tiltDeg).toBe(8);
    // An empty scenario has nothing to apply.
    const empty = await asPlanner('POST', `/api/v1/areas/ws/scenarios/${working.id}/apply`, { confirm: true });
    expect(empty.status).toBe(422);
  });
});
