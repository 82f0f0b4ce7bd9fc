import type { ApiClient } from '../api/client.ts';
import type { CoverageTechnology, GapCollection, Network, RemedyList, Scenario } from '../api/types.ts';
import { mapLimit } from '../lib/map-limit.ts';
import type { FigureRow } from './figures-csv.ts';

/** The networks the dashboard reports, each and combined. */
export const DASHBOARD_TECHNOLOGIES: readonly CoverageTechnology[] = ['GSM', 'CDMA', 'any'];
/** Saved scenarios charted beside the existing network (the most recent ones). */
export const MAX_DASHBOARD_SCENARIOS = 5;
/** Requests in flight at once: the coverage engine has a few cores. */
const CONCURRENCY = 2;

export interface DashboardData {
  scenarios: Scenario[];
  figures: FigureRow[];
  gaps: Record<Network, GapCollection>;
  remedies: Record<Network, RemedyList>;
}

/** The scenarios the dashboard charts: the most recently created ones, oldest first. */
export function chartedScenarios(scenarios: readonly Scenario[]): Scenario[] {
  return [...scenarios].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id).slice(-MAX_DASHBOARD_SCENARIOS);
}

/** Loads the figures of the existing network and of the charted scenarios, the gaps and the remedies. */
export async function loadDashboardData(api: ApiClient, area: string, signal: AbortSignal): Promise<DashboardData> {
  const scenarios = chartedScenarios(await api.scenarios(area, { signal }));
  const jobs: { scenario: string | null; technology: CoverageTechnology }[] = [];
  for (const scenario of [null, ...scenarios.map((s) => s.name)]) {
    for (const technology of DASHBOARD_TECHNOLOGIES) jobs.push({ scenario, technology });
  }
  const [figures, gapsGsm, gapsCdma, remediesGsm, remediesCdma] = await Promise.all([
    mapLimit(jobs, CONCURRENCY, async (job) => ({ ...job, figures: await api.coverage(area, job, { signal }) })),
    api.gaps(area, { technology: 'GSM' }, { signal }),
    api.gaps(area, { technology: 'CDMA' }, { signal }),
    api.remedies(area, 'GSM', null, { signal }),
    api.remedies(area, 'CDMA', null, { signal }),
  ]);
  return { scenarios, figures, gaps: { GSM: gapsGsm, CDMA: gapsCdma }, remedies: { GSM: remediesGsm, CDMA: remediesCdma } };
}
