import type { ApiClient } from '../api/client.ts';
import type { CoverageTechnology, GapCollection, Network, RemedyList, Scenario } from '../api/types.ts';
import type { FigureRow } from './figures-csv.ts';
import type { PerceivedByNetwork } from './perceived.ts';

/** The networks the dashboard reports, each and combined (the order the server answers them in). */
export const DASHBOARD_TECHNOLOGIES: readonly CoverageTechnology[] = ['GSM', 'CDMA', 'any'];
/** Saved scenarios charted beside the existing network (the most recent ones). */
export const MAX_DASHBOARD_SCENARIOS = 5;

export interface DashboardData {
  scenarios: Scenario[];
  figures: FigureRow[];
  gaps: Record<Network, GapCollection>;
  remedies: Record<Network, RemedyList>;
  /** Survey answers: perceived against predicted coverage per place, per network. */
  perceived: PerceivedByNetwork;
}

/** The scenarios the dashboard charts: the most recently created ones, oldest first. */
export function chartedScenarios(scenarios: readonly Scenario[]): Scenario[] {
  return [...scenarios].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id).slice(-MAX_DASHBOARD_SCENARIOS);
}

/**
 * Loads the figures of the existing network and of the charted scenarios (one request for all of
 * them, every network), the gaps, the remedies and perceived against predicted coverage.
 */
export async function loadDashboardData(api: ApiClient, area: string, signal: AbortSignal): Promise<DashboardData> {
  const scenarios = chartedScenarios(await api.scenarios(area, { signal }));
  const [figures, gapsGsm, gapsCdma, remediesGsm, remediesCdma, perceivedGsm, perceivedCdma] = await Promise.all([
    api.dashboardFigures(
      area,
      scenarios.map((s) => s.id),
      { signal },
    ),
    api.gaps(area, { technology: 'GSM' }, { signal }),
    api.gaps(area, { technology: 'CDMA' }, { signal }),
    api.remedies(area, 'GSM', null, { signal }),
    api.remedies(area, 'CDMA', null, { signal }),
    api.perceivedCoverage(area, 'GSM', { signal }),
    api.perceivedCoverage(area, 'CDMA', { signal }),
  ]);
  return {
    scenarios,
    figures: figures.items.map(({ scenario, technology, figures: f }) => ({ scenario, technology, figures: f })),
    gaps: { GSM: gapsGsm, CDMA: gapsCdma },
    remedies: { GSM: remediesGsm, CDMA: remediesCdma },
    perceived: { GSM: perceivedGsm, CDMA: perceivedCdma },
  };
}
