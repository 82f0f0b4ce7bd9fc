import type { Kysely } from 'kysely';
import { calibrate, CalibrationInputError, type CalibrationResult, type DriveTestSample } from '../../core/calibration/index.ts';
import { environmentAt } from '../../core/coverage/point-query.ts';
import type { PreparedArea } from '../../core/coverage/prepared-area.ts';
import { ENVIRONMENT_CLASSES, type CellSpec } from '../../core/model.ts';
import { calibrationTermIssues } from '../../core/radio/parameter-ranges.ts';
import type { Calibration } from '../../contract/calibration.ts';
import type { Database } from '../../db/types.ts';
import { NotFoundError, UnprocessableError } from '../../errors.ts';
import type { Area } from '../areas/repository.ts';
import * as repo from './repository.ts';
import type { CalibrationReport, CalibrationTechnology, StoredCalibration } from './repository.ts';

/** What calibration needs from the coverage service: the rasterised area and the existing network. */
export interface CalibrationInputsSource {
  prepared(area: Area): Promise<PreparedArea>;
  existingCells(area: Area): Promise<CellSpec[]>;
}

export interface CalibrationRequest {
  technology: CalibrationTechnology;
  /** Store the terms and enable them for the area's coverage; false = report only. */
  apply: boolean;
  minSamples?: number;
}

/** A calibration as the API and the CLI show it (times ISO 8601); `id` null when nothing was stored. */
export type CalibrationView = Calibration;

/**
 * Calibrate an area's path-loss model on its drive-test measurements: the existing network's cells,
 * the engine's environment class at each sample, the core fit; optionally store and enable the terms.
 */
export async function runCalibration(
  db: Kysely<Database>,
  inputs: CalibrationInputsSource,
  area: Area,
  request: CalibrationRequest,
  username: string | null,
): Promise<CalibrationView> {
  const [prepared, cells, measurements] = await Promise.all([
    inputs.prepared(area),
    inputs.existingCells(area),
    repo.listMeasurements(db, area.id, request.technology),
  ]);
  const samples: DriveTestSample[] = measurements.map((m) => ({ ...m, environment: environmentAt(prepared, m.lon, m.lat) }));
  let result: CalibrationResult;
  try {
    result = calibrate({
      samples,
      cells,
      settings: area.settings,
      options: request.minSamples === undefined ? {} : { minSamples: request.minSamples },
      terrainArea: prepared,
    });
  } catch (err) {
    if (err instanceof CalibrationInputError) {
      const what = request.technology === 'all' ? 'measurements' : `${request.technology} measurements`;
      throw new UnprocessableError(`area "${area.code}": ${err.message} (${samples.length} ${what}, ${cells.length} existing cells)`, [
        { field: '/body/technology', message: err.message, value: request.technology },
      ]);
    }
    throw err;
  }
  const report: CalibrationReport = {
    before: result.before,
    after: result.after,
    fits: result.fits,
    excluded: result.excluded,
    options: result.options,
  };
  if (!request.apply) {
    return {
      ...report,
      id: null,
      applied: false,
      enabled: false,
      technology: request.technology,
      createdAt: new Date().toISOString(),
      createdBy: username,
      disabledAt: null,
      sampleCount: result.sampleCount,
      terms: result.terms,
    };
  }
  checkTermRanges(area, result.terms);
  if (Object.keys(result.terms).length === 0) {
    const counts = result.fits.map((f) => `${f.environment} ${f.n}`).join(', ');
    throw new UnprocessableError(
      `area "${area.code}": no environment class has enough samples to calibrate (${counts}; minimum ${result.options.minSamples}); nothing applied`,
      [{ field: '/body/minSamples', message: 'no class reaches it', value: result.options.minSamples }],
    );
  }
  const stored = await repo.insertEnabledCalibration(db, area.id, {
    createdBy: username,
    technology: request.technology,
    terms: result.terms,
    report,
    sampleCount: result.sampleCount,
  });
  return calibrationView(stored);
}

/** Refuse to apply terms outside their ranges (core/radio/parameter-ranges.ts): they point at bad data, not at the clutter. */
function checkTermRanges(area: Area, terms: StoredCalibration['terms']): void {
  const issues = ENVIRONMENT_CLASSES.flatMap((environment) => {
    const term = terms[environment];
    return term ? calibrationTermIssues(term, `terms.${environment}.`) : [];
  });
  if (issues.length === 0) return;
  throw new UnprocessableError(
    `area "${area.code}": the fitted ${issues[0].text} (${issues[0].reason}); nothing applied`,
    issues.map((i) => ({ field: i.field, message: `${i.problem}: ${i.reason}`, value: i.value })),
  );
}

export function calibrationView(c: StoredCalibration): CalibrationView {
  return {
    ...c.report,
    id: c.id,
    applied: true,
    enabled: c.enabled,
    technology: c.technology,
    createdAt: c.createdAt.toISOString(),
    createdBy: c.createdBy,
    disabledAt: c.disabledAt ? c.disabledAt.toISOString() : null,
    sampleCount: c.sampleCount,
    terms: c.terms,
  };
}

/** The area's enabled calibration, or 404. */
export async function requireActiveCalibration(db: Kysely<Database>, area: Area): Promise<StoredCalibration> {
  const active = await repo.findActiveCalibration(db, area.id);
  if (!active) throw new NotFoundError('calibration of area', area.code);
  return active;
}

/** Back to the uncalibrated model; 404 when nothing was enabled. */
export async function disableCalibration(db: Kysely<Database>, area: Area): Promise<StoredCalibration> {
  const disabled = await repo.disableActiveCalibration(db, area.id);
  if (!disabled) throw new NotFoundError('calibration of area', area.code);
  return disabled;
}
