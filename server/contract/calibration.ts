import { Type, type Static, type TSchema } from 'typebox';
import { ENVIRONMENT_CLASSES, TECHNOLOGIES } from '../core/model.ts';
import { EnvironmentClass, Nullable } from './shared.ts';

/** Drive-test calibration of an area's path-loss model: `/api/v1/areas/:areaId/calibration`. Levels and errors in dB. */

function optionalKeys<K extends string, T extends TSchema>(keys: readonly K[], schema: T) {
  return Type.Object(Object.fromEntries(keys.map((k) => [k, Type.Optional(schema)])) as Record<K, ReturnType<typeof Type.Optional<T>>>);
}

const TECHNOLOGY_CHOICES = ['GSM', 'CDMA', 'all'] as const;

/** The measurements a calibration is fitted on: one network's, or all. */
export const CalibrationTechnology = Type.Enum([...TECHNOLOGY_CHOICES], { description: 'measurements of one network, or all' });
export type CalibrationTechnology = Static<typeof CalibrationTechnology>;

/** POST /calibration: fit on the measurements of one network (or all); with `apply`, store and enable the terms. */
export const CalibrationRequest = Type.Object({
  technology: Type.Optional(
    Type.Enum([...TECHNOLOGY_CHOICES], { default: 'all', description: 'fit on the measurements of one network, or all' }),
  ),
  apply: Type.Optional(Type.Boolean({ default: false, description: 'store and enable the fitted terms; false = report only' })),
  minSamples: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: 'per environment class (default 30)' })),
});
export type CalibrationRequest = Static<typeof CalibrationRequest>;

/** Statistics of the residuals measured - predicted over n samples, dB. */
export const ErrorStats = Type.Object({
  n: Type.Integer(),
  meanErrorDb: Type.Number({ description: 'mean of measured - predicted, dB (positive = network stronger than predicted)' }),
  stdDevDb: Type.Number(),
  rmseDb: Type.Number(),
});
export type ErrorStats = Static<typeof ErrorStats>;

/** Residual statistics over all samples, per network and per environment class (groups with samples only). */
export const CalibrationStats = Type.Object({
  all: ErrorStats,
  byTechnology: optionalKeys(TECHNOLOGIES, ErrorStats),
  byEnvironment: optionalKeys(ENVIRONMENT_CLASSES, ErrorStats),
});
export type CalibrationStats = Static<typeof CalibrationStats>;

/** The calibration of one environment class: dB added to the model's intercept (loss at 1 km) and slope. */
export const CalibrationTerm = Type.Object({
  interceptDeltaDb: Type.Number({ description: 'added to the model loss at 1 km, dB' }),
  slopeDeltaDb: Type.Number({ description: 'added to the model slope, dB per decade' }),
});
export type CalibrationTerm = Static<typeof CalibrationTerm>;

/** The terms per environment class; a class without one stays uncalibrated. */
export const Terms = optionalKeys(ENVIRONMENT_CLASSES, CalibrationTerm);
export type Terms = Static<typeof Terms>;

const NullableNumber = Nullable(Type.Number());

/** The fit of one environment class: samples used, method, terms and their standard errors (dB), distance spread. */
export const EnvironmentFit = Type.Object({
  environment: EnvironmentClass,
  n: Type.Integer(),
  method: Type.Enum(['intercept-and-slope', 'intercept-only', 'none']),
  note: Nullable(Type.String()),
  interceptDeltaDb: NullableNumber,
  slopeDeltaDb: NullableNumber,
  interceptStdErrDb: NullableNumber,
  slopeStdErrDb: NullableNumber,
  log10DistanceSpread: NullableNumber,
  minDistanceKm: NullableNumber,
  maxDistanceKm: NullableNumber,
});
export type EnvironmentFit = Static<typeof EnvironmentFit>;

/** Samples left out of the fit, by reason. */
export const ExcludedCounts = Type.Object({
  saturated: Type.Integer(),
  belowFloor: Type.Integer(),
  unknownServingCell: Type.Integer(),
  noServer: Type.Integer(),
  tooClose: Type.Integer(),
  freeSpaceFloor: Type.Integer(),
});
export type ExcludedCounts = Static<typeof ExcludedCounts>;

/** The options the fit ran with (levels dBm, distances km, slopes dB per decade). */
export const CalibrationOptions = Type.Object({
  minSamples: Type.Integer(),
  saturationDbm: Type.Number(),
  floorDbm: Type.Number(),
  minDistanceKm: Type.Number(),
  minLog10DistanceSpread: Type.Number(),
  maxSlopeDeltaDb: Type.Number(),
  maxSlopeStdErrDb: Type.Number(),
});
export type CalibrationOptions = Static<typeof CalibrationOptions>;

/** What a calibration found, stored with its terms: statistics before and after, the fits, the samples left out, the options. */
export const CalibrationReport = Type.Object({
  fits: Type.Array(EnvironmentFit),
  before: CalibrationStats,
  after: CalibrationStats,
  excluded: ExcludedCounts,
  options: CalibrationOptions,
});
export type CalibrationReport = Static<typeof CalibrationReport>;

/** A calibration run (report only, `id` null) or a stored one, with its terms and report. */
export const Calibration = Type.Object({
  id: Nullable(Type.Integer({ description: 'null for a report-only run (nothing stored)' })),
  applied: Type.Boolean({ description: 'the terms were stored and enabled (false for a report-only run)' }),
  enabled: Type.Boolean({ description: 'the terms the coverage engine uses now' }),
  technology: CalibrationTechnology,
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Nullable(Type.String()),
  disabledAt: Nullable(Type.String({ format: 'date-time' })),
  sampleCount: Type.Integer(),
  terms: Terms,
  ...CalibrationReport.properties,
});
export type Calibration = Static<typeof Calibration>;

/** GET /calibration/history: at most `limit` calibrations, newest first. */
export const CalibrationHistoryQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});
export type CalibrationHistoryQuery = Static<typeof CalibrationHistoryQuery>;

/** The area's calibrations, newest first. */
export const CalibrationHistory = Type.Object({ items: Type.Array(Calibration) });
export type CalibrationHistory = Static<typeof CalibrationHistory>;
