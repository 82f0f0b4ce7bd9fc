import type { CoverageFigures, CoverageTechnology } from '../api/types.ts';
import { labelOf, type Translate } from '../i18n/index.ts';
import type { CsvValue } from '../lib/csv.ts';

/** Coverage figures of one network for the existing network (scenario null) or a saved scenario. */
export interface FigureRow {
  scenario: string | null;
  technology: CoverageTechnology;
  figures: CoverageFigures;
}

/**
 * Rows of the figures CSV: a header in the UI language, then one row per scenario and network.
 * Numbers stay numbers (a dot for decimals), so that a spreadsheet can compute with them.
 */
export function figuresCsvRows(t: Translate, rows: readonly FigureRow[]): CsvValue[][] {
  const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
  return [
    [
      t('csv.scenario'),
      t('csv.network'),
      t('csv.coveragePct'),
      t('csv.populationPct'),
      t('csv.coveredKm2'),
      t('csv.areaKm2'),
      t('csv.coveredPopulation'),
      t('csv.population'),
      t('csv.reportsUncovered'),
      t('csv.gapCount'),
    ],
    ...rows.map(({ scenario, technology, figures: f }) => [
      scenario ?? t('planning.existing'),
      labelOf(t, 'tech', technology),
      round(f.coveragePct, 2),
      round(f.populationPct, 2),
      round(f.coveredKm2, 2),
      round(f.areaKm2, 2),
      Math.round(f.coveredPopulation),
      Math.round(f.population),
      f.reportsUncovered,
      f.gapCount,
    ]),
  ];
}
