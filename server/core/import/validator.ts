import type { ImportKind } from '../formats/kinds.ts';
import type { SourceRecord } from '../formats/source-types.ts';
import type { ValidationContext } from './row-reader.ts';
import type { ImportRow, RowOutcome } from './types.ts';
import { createCandidatesValidator } from './validate-candidates.ts';
import { createCellsValidator } from './validate-cells.ts';
import { createMeasurementsValidator } from './validate-measurements.ts';
import { createBoundaryValidator, createClutterValidator, createSettlementsValidator } from './validate-polygons.ts';
import { createPlacesValidator } from './validate-places.ts';
import { createReportsValidator } from './validate-reports.ts';
import { createSurveyResponsesValidator } from './validate-surveys.ts';

export type RowValidator<K extends ImportKind> = (record: SourceRecord) => RowOutcome<ImportRow<K>>;

const FACTORIES: { [K in ImportKind]: (ctx: ValidationContext) => RowValidator<K> } = {
  cells: createCellsValidator,
  reports: createReportsValidator,
  candidates: createCandidatesValidator,
  measurements: createMeasurementsValidator,
  clutter: createClutterValidator,
  settlements: createSettlementsValidator,
  boundary: createBoundaryValidator,
  places: createPlacesValidator,
  'survey-responses': createSurveyResponsesValidator,
};

/**
 * A stateful validator for the rows of one file of `kind` (it remembers codes to report duplicates):
 * each record becomes a typed value, a list of errors with line and column, or a skip with a warning.
 */
export function createRowValidator<K extends ImportKind>(kind: K, ctx: ValidationContext): RowValidator<K> {
  return FACTORIES[kind](ctx);
}
