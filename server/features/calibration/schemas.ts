import { Type, type Static, type TSchema } from 'typebox';
import { ENVIRONMENT_CLASSES, TECHNOLOGIES } from '../../core/model.ts';
import { EnvironmentClass, Nullable } from '../shared/schemas.ts';

function optionalKeys<K extends string, T extends TSchema>(keys: readonly K[], schema: T) {
  return Type.Object(Object.fromEntries(keys.map((k) => [k, Type.Optional(schema)])) as Record<K, ReturnType<typeof Type.Optional<T>>>);
}

const TECHNOLOGY_CHOICES = ['GSM', 'CDMA', 'all'] as const;
export const CalibrationTechnology = Type.Enum([...TECHNOLOGY_CHOICES], { description: 'measurements of one network, or all' });

export const CalibrationRequest = Type.Object({
  technology: Type.Optional(Type.Enum([...TECHNOLOGY_CHOICES], { default: 'all', description: 'fit on the measurements of one network, or all' })),
  apply: Type.Optional(Type.Boolean({ default: false, description: 'store and enable the fitted terms; false = report only' })),
  minSamples: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: 'per environment class (default 30)' })),
});
export type CalibrationRequest = Static<typeof CalibrationRequest>;

const ErrorStats = Type.Object({
  n: Type.Integer(),
  meanErrorDb: Type.Number({ description: 'mean of measured - predicted, dB (positive = network stronger than predicted)' }),
  stdDevDb: Type.Number(),
  rmseDb: Type.Number(),
});

const Stats = Type.Object({
  all: ErrorStats,
  byTechnology: optionalKeys(TECHNOLOGIES, ErrorStats),
  byEnvironment: optionalKeys(ENVIRONMENT_CLASSES, ErrorStats),
});

const Term = Type.Object({
  interceptDeltaDb: Type.Number({ description: 'added to the model loss at 1 km, dB' }),
  slopeDeltaDb: Type.Number({ description: 'added to the model slope, dB per decade' }),
});

export const Terms = optionalKeys(ENVIRONMENT_CLASSES, Term);

const NullableNumber = Nullable(Type.Number());

const Fit = Type.Object({
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

const Excluded = Type.Object({
  saturated: Type.Integer(),
  belowFloor: Type.Integer(),
  unknownServingCell: Type.Integer(),
  noServer: Type.Integer(),
  tooClose: Type.Integer(),
  freeSpaceFloor: Type.Integer(),
});

const Options = Type.Object({
  minSamples: Type.Integer(),
  saturationDbm: Type.Number(),
  floorDbm: Type.Number(),
  minDistanceKm: Type.Number(),
  minLog10DistanceSpread: Type.Number(),
  maxSlopeDeltaDb: Type.Number(),
  maxSlopeStdErrDb: Type.Number(),
});

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
  fits: Type.Array(Fit),
  before: Stats,
  after: Stats,
  excluded: Excluded,
  options: Options,
});

export const CalibrationHistoryQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});

export const CalibrationHistory = Type.Object({ items: Type.Array(Calibration) });
