/**
 * `npm run plan -- --area ranghulu --technology CDMA --max-sites 3 [--method greedy|exact] [--budget 300]
 *   [--candidates A,B] [--scenario NAME] [--save-as NAME] [--json]`
 * Plans new sites from the command line through the same planning service as POST /plans, on the
 * configured database (DATABASE_URL, or the embedded one under DATA_DIR, default ./data).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { requireArea } from '../server/features/areas/service.ts';
import { createEngine } from '../server/features/coverage/engine.ts';
import { CoverageService } from '../server/features/coverage/service.ts';
import { PlanningService } from '../server/features/planning/service.ts';
import { resolveScenarioQuery } from '../server/features/scenarios/service.ts';
import { setUpCoverageKernel } from '../server/workers/coverage-kernel.ts';
import { TECHNOLOGIES, type Technology } from '../server/core/model.ts';
import { AppError } from '../server/errors.ts';

const USAGE =
  'usage: npm run plan -- --area CODE --technology GSM|CDMA --max-sites N [--method greedy|exact] [--budget COST] [--candidates A,B] [--scenario NAME] [--save-as NAME] [--json]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      area: { type: 'string' },
      technology: { type: 'string' },
      'max-sites': { type: 'string' },
      method: { type: 'string', default: 'greedy' },
      budget: { type: 'string' },
      candidates: { type: 'string' },
      scenario: { type: 'string' },
      'save-as': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.area) fail('--area is required');
  const technology = values.technology as Technology;
  if (!TECHNOLOGIES.includes(technology))
    fail(`--technology: expected one of ${TECHNOLOGIES.join(', ')}, got "${values.technology ?? ''}"`);
  const maxSites = Number(values['max-sites']);
  if (!Number.isInteger(maxSites) || maxSites < 1) fail(`--max-sites: expected a whole number ≥ 1, got "${values['max-sites'] ?? ''}"`);
  if (values.method !== 'greedy' && values.method !== 'exact') fail(`--method: expected greedy or exact, got "${values.method}"`);
  const budget = values.budget === undefined ? undefined : Number(values.budget);
  if (budget !== undefined && !(budget >= 0)) fail(`--budget: expected a number ≥ 0, got "${values.budget}"`);

  const config = loadConfig();
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const coverage = new CoverageService(handle.db, await createEngine(config.workerThreads, setUpCoverageKernel(config.coverageKernel)));
  try {
    await migrateToLatest(handle.db);
    const planning = new PlanningService(handle.db, coverage);
    const area = await requireArea(handle.db, values.area);
    const changes = await resolveScenarioQuery(handle.db, area, { scenario: values.scenario });
    const candidateCodes = values.candidates
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const ctx = await planning.context(area, technology, { changes, candidateCodes });
    const result = await planning.plan(
      ctx,
      { technology, maxSites, budget, method: values.method, candidateCodes, saveAsScenario: values['save-as'] },
      'cli',
    );
    if (values.json) {
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    console.log(
      `${area.name}: ${technology} ${result.method} plan, at most ${maxSites} site(s)${budget !== undefined ? `, budget ${budget}` : ''} (${ctx.candidates.length} candidates, ${result.demandPoints} demand pixels)`,
    );
    console.table(
      result.selected.map((s) => ({
        order: s.order,
        code: s.code,
        name: s.name,
        'new km2': s.newlyCoveredKm2,
        'new people': s.newlyCoveredPopulation,
        'new reports': s.newlyCoveredReports,
        cost: s.cost,
      })),
    );
    const pct = (v: number) => `${v.toFixed(2)} %`;
    console.log(`coverage by area:       ${pct(result.before.coveragePct)} -> ${pct(result.after.coveragePct)}`);
    console.log(`coverage by population: ${pct(result.before.populationPct)} -> ${pct(result.after.populationPct)}`);
    console.log(`reports uncovered:      ${result.before.reportsUncovered} -> ${result.after.reportsUncovered}`);
    console.log(
      `objective ${result.objective.toFixed(1)}${result.method === 'exact' ? `, ${result.optimal ? 'optimal' : `not proven optimal (bound ${result.bound?.toFixed(1)}, gap ${result.gapPct?.toFixed(2)} %)`}` : ''}; total cost ${result.totalCost}; ${result.computedMs} ms`,
    );
    if (result.savedScenario) console.log(`saved as scenario "${result.savedScenario.name}" (id ${result.savedScenario.id})`);
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`${err.message}`);
      process.exitCode = 1;
    } else throw err;
  } finally {
    await coverage.close();
    await handle.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
