import type { CoverageTechnology } from '../../core/coverage/cell-table.ts';
import type { CoverageRun, CoverageService } from './service.ts';

/**
 * The coverage figures answer of one run (GET /coverage, and each item of the dashboard figures):
 * the run's figures with the gap count, the area's resolution and threshold, how it was computed, and
 * the cells it left out.
 */
export async function figuresAnswer(
  coverage: CoverageService,
  run: CoverageRun,
  technology: CoverageTechnology,
  indoor: boolean,
  scenario: string | null,
) {
  const figures = await coverage.figures(run, indoor);
  const gaps = await coverage.gaps(run, indoor);
  const { settings } = run.area;
  return {
    ...figures,
    scenario,
    resolutionM: settings.resolutionM,
    thresholdDbm: technology === 'any' ? null : settings.thresholdsDbm[technology],
    gapCount: gaps.features.length,
    cellCount: run.cells.length,
    computedMs: Math.round(run.computedMs * 10) / 10,
    cached: run.cached,
    warnings: run.warnings,
  };
}
