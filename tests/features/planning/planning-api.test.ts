import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import * as turf from '@turf/turf';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp } from '../../helpers/app.ts';

// Planning on the Ranghulu demo data: the sites the branch asked for in 2006 must come out on top
// because of the data (gaps, people, reports), not because of any special case.
describe.each(TEST_DATABASES)('planning on the Ranghulu demo ($name)', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await buildTestApp(target, { seedDemo: true }));
  }, 300_000);
  afterAll(async () => close());

  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url });
    return { status: r.statusCode, body: r.json() };
  };
  const post = async (url: string, payload: object) => {
    const r = await app.inject({ method: 'POST', url, payload });
    return { status: r.statusCode, body: r.json() };
  };

  it('ranks the requested C-net sites (Yinyi Sunshine City, Lishui Huacheng) high for CDMA', async () => {
    const { status, body } = await get('/api/v1/areas/ranghulu/candidates/ranking?technology=CDMA');
    expect(status).toBe(200);
    const rankOf = (code: string) => body.items.find((i: { code: string }) => i.code === code)?.rank;
    expect(rankOf('CAND-001')).toBeLessThanOrEqual(3);
    expect(rankOf('CAND-002')).toBeLessThanOrEqual(5);
    expect(body.items.every((i: { technology: string }) => i.technology === 'CDMA')).toBe(true);
    const top = body.items[0];
    expect(top.newlyCoveredPopulation).toBeGreaterThan(5000);
    expect(top.newlyCoveredReports).toBeGreaterThan(50);
    expect(top.score).toBeGreaterThan(body.items[body.items.length - 1].score);
    // Sorted by gain.
    for (let k = 1; k < body.items.length; k++) expect(body.items[k - 1].score).toBeGreaterThanOrEqual(body.items[k].score);
  });

  it('explains the ranking: the score is the sum of its parts, which is why 4.7 points can rank below 0.28', async () => {
    const { body } = await get('/api/v1/areas/ranghulu/candidates/ranking?technology=CDMA');
    expect(body.weights).toEqual({ population: 1, reports: 100, areaKm2: 200 });
    type Item = {
      code: string;
      rank: number;
      score: number;
      coveragePctGain: number;
      newlyCoveredKm2: number;
      newlyCoveredPopulation: number;
      newlyCoveredReports: number;
      scoreParts: { areaKm2: number; population: number; reports: number };
    };
    const items = body.items as Item[];
    for (const item of items) {
      const p = item.scoreParts;
      expect(p.areaKm2 + p.population + p.reports).toBeCloseTo(item.score, 0);
      expect(p.areaKm2).toBeCloseTo(item.newlyCoveredKm2 * 200, 0);
      expect(p.reports).toBeCloseTo(item.newlyCoveredReports * 100, 0);
    }
    expect(items.map((i) => i.score)).toEqual([...items.map((i) => i.score)].sort((a, b) => b - a));
    // The widest C-net candidate adds the most area but reaches fewer complaints than a town site.
    const widest = items.reduce((a, b) => (b.coveragePctGain > a.coveragePctGain ? b : a));
    const above = items.filter((i) => i.rank < widest.rank && i.coveragePctGain < widest.coveragePctGain);
    expect(above.length).toBeGreaterThan(0);
    for (const i of above)
      expect(i.scoreParts.reports + i.scoreParts.population).toBeGreaterThan(widest.scoreParts.reports + widest.scoreParts.population);
  });

  it('ranks Fuqiang Village first for GSM', async () => {
    const { body } = await get('/api/v1/areas/ranghulu/candidates/ranking?technology=GSM');
    expect(body.items[0].code).toBe('CAND-003');
    expect(body.items[0].name).toMatch(/富强村/);
  });

  it('plans greedily and exactly; the exact plan is never worse and reports optimality', async () => {
    const greedy = await post('/api/v1/areas/ranghulu/plans', { technology: 'CDMA', maxSites: 3, method: 'greedy' });
    expect(greedy.status).toBe(200);
    expect(greedy.body.selected).toHaveLength(3);
    expect(greedy.body.selected.map((s: { order: number }) => s.order)).toEqual([1, 2, 3]);
    expect(greedy.body.after.coveragePct).toBeGreaterThan(greedy.body.before.coveragePct);
    expect(greedy.body.after.reportsUncovered).toBeLessThan(greedy.body.before.reportsUncovered);
    const gains = greedy.body.selected.map((s: { gain: number }) => s.gain);
    expect(gains[0]).toBeGreaterThanOrEqual(gains[1]);
    const exact = await post('/api/v1/areas/ranghulu/plans', { technology: 'CDMA', maxSites: 3, method: 'exact' });
    expect(exact.status).toBe(200);
    expect(exact.body.optimal).toBe(true);
    expect(exact.body.objective).toBeGreaterThanOrEqual(greedy.body.objective - 1e-6);
    expect(exact.body.bound).toBeGreaterThanOrEqual(exact.body.objective - 1e-6);
  });

  it('respects a budget and saves a plan as a scenario', async () => {
    const plan = await post('/api/v1/areas/ranghulu/plans', {
      technology: 'GSM',
      maxSites: 5,
      budget: 200,
      method: 'exact',
      saveAsScenario: 'G-net 2007 plan',
    });
    expect(plan.status).toBe(200);
    expect(plan.body.totalCost).toBeLessThanOrEqual(200);
    expect(plan.body.savedScenario.name).toBe('G-net 2007 plan');
    const figures = await get(`/api/v1/areas/ranghulu/coverage?technology=GSM&scenario=${encodeURIComponent('G-net 2007 plan')}`);
    expect(figures.body.coveragePct).toBeCloseTo(plan.body.after.coveragePct, 6);
  });

  it('finds hotspots and tells which lie in gaps', async () => {
    const { status, body } = await get('/api/v1/areas/ranghulu/hotspots?technology=CDMA');
    expect(status).toBe(200);
    expect(body.features.length).toBeGreaterThan(3);
    const gaps = body.features.filter((f: { properties: { coverage: string } }) => f.properties.coverage === 'gap');
    expect(gaps.length).toBeGreaterThan(0);
    for (const f of body.features) expect(f.geometry.type).toBe('Polygon');
  });

  it('generates candidates at uncovered hotspots and gaps, spaced from existing sites', async () => {
    const dry = await post('/api/v1/areas/ranghulu/candidates/generate', {
      technology: 'CDMA',
      maxCount: 5,
      minSpacingM: 1500,
      dryRun: true,
    });
    expect(dry.status).toBe(200);
    expect(dry.body.items.length).toBeGreaterThan(0);
    const before = await get('/api/v1/areas/ranghulu/candidates?origin=generated');
    expect(before.body.numberMatched).toBe(0);
    const real = await post('/api/v1/areas/ranghulu/candidates/generate', { technology: 'CDMA', maxCount: 5, minSpacingM: 1500 });
    const after = await get('/api/v1/areas/ranghulu/candidates?origin=generated');
    expect(after.body.numberMatched).toBe(real.body.items.length);
    // Generating again proposes nothing on top of the same needs (spacing from the new candidates).
    const again = await post('/api/v1/areas/ranghulu/candidates/generate', {
      technology: 'CDMA',
      maxCount: 5,
      minSpacingM: 1500,
      dryRun: true,
    });
    const sameSpots = again.body.items.filter((i: { lon: number; lat: number }) =>
      real.body.items.some((r: { lon: number; lat: number }) => Math.abs(r.lon - i.lon) < 1e-4 && Math.abs(r.lat - i.lat) < 1e-4),
    );
    expect(sameSpots).toHaveLength(0);
  });

  it('advises remedies: a new site at Fuqiang Village for GSM, each with a reason', async () => {
    const { status, body } = await get('/api/v1/areas/ranghulu/remedies?technology=GSM');
    expect(status).toBe(200);
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) expect(item.reason.length).toBeGreaterThan(10);
    const kinds = new Set(body.items.map((i: { remedy: string }) => i.remedy));
    expect(kinds.has('new-site')).toBe(true);
    const fuqiang = body.items.find((i: { candidate: { code: string } | null }) => i.candidate?.code === 'CAND-003');
    expect(fuqiang?.remedy).toBe('new-site');
    const cdma = await get('/api/v1/areas/ranghulu/remedies?technology=CDMA&maxTargets=60');
    expect(
      cdma.body.items.some(
        (i: { remedy: string }) => i.remedy === 'indoor-solution' || i.remedy === 'parameter-optimization' || i.remedy === 'repeater',
      ),
    ).toBe(true);
  });

  it('gives one recommendation per place: a hotspot inside a gap carries its remedy (Fuqiang, Yinyi, Lishui, Hongwei Er Cun)', async () => {
    type Item = {
      target: { kind: string; id: string; centroid: [number, number] };
      remedy: string;
      reasonCode: string;
      candidate: { code: string } | null;
      parameterChange: unknown;
      insideGap: string | null;
    };
    const answer = (r: Item) => JSON.stringify([r.remedy, r.reasonCode, r.candidate?.code ?? null, r.parameterChange]);
    const settlements = (await get('/api/v1/areas/ranghulu/settlements')).body.features as GeoJSON.Feature<
      GeoJSON.Polygon,
      { name: string }
    >[];
    const places: Record<'GSM' | 'CDMA', Record<string, string | null>> = {
      GSM: { 富强村: 'CAND-003', 宏伟二村: null },
      CDMA: { 银亿阳光城: 'CAND-001', 丽水华城: 'CAND-013', 宏伟二村: 'CAND-008', 富强村: null },
    };
    for (const technology of ['GSM', 'CDMA'] as const) {
      const items = (await get(`/api/v1/areas/ranghulu/remedies?technology=${technology}&maxTargets=500`)).body.items as Item[];
      const gaps = (await get(`/api/v1/areas/ranghulu/coverage/gaps?technology=${technology}`)).body.features as GeoJSON.Feature<
        GeoJSON.Polygon | GeoJSON.MultiPolygon,
        { id: string }
      >[];
      const byId = new Map(items.map((i) => [i.target.id, i]));
      const hotspots = items.filter((i) => i.target.kind === 'hotspot');
      for (const item of hotspots) {
        const gap = gaps.find((g) => turf.booleanPointInPolygon(item.target.centroid, g));
        expect(item.insideGap, `${technology} ${item.target.id}`).toBe(gap?.properties.id ?? null);
        if (gap) expect(answer(item), `${technology} ${item.target.id}`).toBe(answer(byId.get(gap.properties.id)!));
      }
      for (const [name, code] of Object.entries(places[technology])) {
        const place = settlements.find((f) => f.properties.name.startsWith(name))!;
        const centre = turf.centroid(place).geometry.coordinates;
        const atPlace = hotspots.filter((i) => turf.distance(i.target.centroid, centre) <= 1.5);
        expect(atPlace.length, `${technology} ${name}`).toBeGreaterThan(0);
        const withGaps = [...atPlace, ...atPlace.flatMap((i) => (i.insideGap ? [byId.get(i.insideGap)!] : []))];
        expect(new Set(withGaps.map(answer)).size, `${technology} ${name}`).toBe(1);
        if (code) {
          expect(atPlace[0].remedy).toBe('new-site');
          expect(atPlace[0].candidate?.code).toBe(code);
        }
      }
    }
  });

  it('rejects bad plan requests naming the field', async () => {
    const r = await post('/api/v1/areas/ranghulu/plans', { technology: 'CDMA', maxSites: 0 });
    expect(r.status).toBe(400);
    expect(r.body.details[0].field).toBe('/body/maxSites');
    const wrongNet = await post('/api/v1/areas/ranghulu/plans', { technology: 'CDMA', maxSites: 2, candidateCodes: ['CAND-003'] });
    expect(wrongNet.status).toBe(422);
    expect(wrongNet.body.details[0].field).toBe('/body/candidateCodes/0');
  });

  it('runs the demand model, the ranking and the exact solve on the worker pool, not on the event loop', async () => {
    const calls: Array<{ name: string; job: Record<string, unknown> }> = [];
    const run = app.cpu.run;
    app.cpu.run = ((name, job, options) => {
      calls.push({ name, job: job as Record<string, unknown> });
      return run(name, job, options);
    }) as typeof app.cpu.run;
    try {
      const plan = await post('/api/v1/areas/ranghulu/plans', { technology: 'GSM', maxSites: 5, budget: 300, method: 'exact' });
      expect(plan.status).toBe(200);
      expect(plan.body.solverStatus).toBeTruthy();
      const ranking = await get('/api/v1/areas/ranghulu/candidates/ranking?technology=GSM');
      expect(ranking.status).toBe(200);
    } finally {
      app.cpu.run = run;
    }
    expect(app.cpu.threads).toBeGreaterThan(0);
    const planning = calls.filter((c) => ['planningDemand', 'selectPlan', 'rankDemand'].includes(c.name));
    expect(planning.map((c) => c.name)).toEqual(['planningDemand', 'selectPlan', 'planningDemand', 'rankDemand']);
    // No time limit asked for: the default of 10 s.
    expect(planning[1].job.options).toEqual({ method: 'exact', maxSites: 5, budget: 300, timeLimitS: 10 });
    // The candidates' footprints too, once per network and inputs version (cached since the ranking tests above).
    await app.inject({ method: 'PATCH', url: '/api/v1/areas/ranghulu', payload: { settings: { minGapAreaKm2: 0.06 } } });
    calls.length = 0;
    app.cpu.run = ((name, job, options) => {
      calls.push({ name, job: job as Record<string, unknown> });
      return run(name, job, options);
    }) as typeof app.cpu.run;
    try {
      expect((await get('/api/v1/areas/ranghulu/candidates/ranking?technology=GSM')).status).toBe(200);
    } finally {
      app.cpu.run = run;
    }
    expect(calls.map((c) => c.name)).toEqual(
      expect.arrayContaining(['prepareArea', 'footprints', 'planningDemand', 'rankDemand', 'tilePartials']),
    );
  });

  it('passes the time limit a plan asks for, and refuses one above PLAN_TIME_LIMIT_MAX_S (30 s by default) naming the field', async () => {
    const quick = await post('/api/v1/areas/ranghulu/plans', { technology: 'CDMA', maxSites: 2, method: 'exact', timeLimitS: 2 });
    expect(quick.status).toBe(200);
    const long = await post('/api/v1/areas/ranghulu/plans', { technology: 'CDMA', maxSites: 2, method: 'exact', timeLimitS: 31 });
    expect(long.status).toBe(422);
    expect(long.body.details[0]).toMatchObject({ field: '/body/timeLimitS', value: 31 });
    expect(long.body.message).toMatch(/at most 30 s on this server \(PLAN_TIME_LIMIT_MAX_S\)/);
    const beyondSchema = await post('/api/v1/areas/ranghulu/plans', { technology: 'CDMA', maxSites: 2, method: 'exact', timeLimitS: 121 });
    expect(beyondSchema.status).toBe(400);
    expect(beyondSchema.body.details[0].field).toBe('/body/timeLimitS');
  });
});
