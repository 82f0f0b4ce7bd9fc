import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DASHBOARD_TECHNOLOGIES, DashboardFigures, DashboardQuery, MAX_DASHBOARD_SCENARIOS } from '../../contract/dashboard.ts';
import { AreaParams, errorResponses } from '../../contract/shared.ts';
import type { ScenarioChanges } from '../../core/scenario/apply-scenario.ts';
import { BadRequestError } from '../../errors.ts';
import { requireArea } from '../areas/service.ts';
import { figuresAnswer } from '../coverage/figures-answer.ts';
import { requireScenario, resolveScenarioQuery } from '../scenarios/service.ts';

/** Coverage runs in flight at once for one request (the engine shares a few cores between everyone). */
const CONCURRENCY = 2;

/**
 * The management dashboard's figures in one request: every network (and any network) for the
 * existing network and each scenario asked for, as GET /coverage answers them one by one. One
 * expensive request instead of up to 3 × (1 + scenarios).
 */
export const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/areas/:areaId/dashboard/figures',
    {
      config: { expensive: true },
      schema: {
        tags: ['coverage'],
        summary: 'Coverage figures per network of the existing network and of saved scenarios, for the dashboard',
        params: AreaParams,
        querystring: DashboardQuery,
        response: { 200: DashboardFigures, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const ids = req.query.scenarios ? [...new Set(req.query.scenarios.split(',').map(Number))] : [];
      if (ids.length > MAX_DASHBOARD_SCENARIOS) {
        throw new BadRequestError(`at most ${MAX_DASHBOARD_SCENARIOS} scenarios`, [
          { field: '/querystring/scenarios', message: `at most ${MAX_DASHBOARD_SCENARIOS} scenarios`, value: ids.length },
        ]);
      }
      const indoor = req.query.indoor ?? false;
      const sides: { id: number | null; name: string | null; changes: ScenarioChanges }[] = [
        { id: null, name: null, changes: await resolveScenarioQuery(app.db, area, {}) },
      ];
      for (const id of ids) {
        const s = await requireScenario(app.db, area, id);
        sides.push({ id: s.id, name: s.name, changes: s.changes });
      }
      const jobs = sides.flatMap((side) => DASHBOARD_TECHNOLOGIES.map((technology) => ({ side, technology })));
      const items = await inTurns(jobs, CONCURRENCY, async ({ side, technology }) => {
        const run = await app.coverage.run(area, technology, side.changes);
        return {
          scenario: side.name,
          scenarioId: side.id,
          technology,
          figures: await figuresAnswer(app.coverage, run, technology, indoor, side.name),
        };
      });
      return { items };
    },
  );
};

/** Maps `items` through `fn` with at most `limit` calls in flight; results in input order. */
async function inTurns<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
