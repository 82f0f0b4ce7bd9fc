import { Type, type Static } from 'typebox';
import { parameterSchema } from '../../contract/parameters.ts';
import { AreaGeometry, Code, EnvironmentClass, Name } from '../shared/schemas.ts';

const Thresholds = Type.Object(
  {
    GSM: Type.Optional(parameterSchema('thresholdDbm')),
    CDMA: Type.Optional(parameterSchema('thresholdDbm')),
    UMTS: Type.Optional(parameterSchema('thresholdDbm')),
    LTE: Type.Optional(parameterSchema('thresholdDbm')),
    NR: Type.Optional(parameterSchema('thresholdDbm')),
  },
  { description: 'outdoor coverage threshold per technology, dBm' },
);

/** Area settings, each within its range (core/radio/parameter-ranges.ts). */
export const AreaSettingsInput = Type.Object({
  receiverHeightM: Type.Optional(parameterSchema('receiverHeightM')),
  resolutionM: Type.Optional(parameterSchema('resolutionM')),
  defaultEnvironment: Type.Optional(EnvironmentClass),
  thresholdsDbm: Type.Optional(Thresholds),
  indoorPenetrationLossDb: Type.Optional(parameterSchema('indoorPenetrationLossDb')),
  overlapMarginDb: Type.Optional(parameterSchema('overlapMarginDb')),
  pilotPollutionMarginDb: Type.Optional(parameterSchema('pilotPollutionMarginDb')),
  pilotPollutionCount: Type.Optional(parameterSchema('pilotPollutionCount')),
  minGapAreaKm2: Type.Optional(parameterSchema('minGapAreaKm2')),
});
export type AreaSettingsInput = Static<typeof AreaSettingsInput>;

export const AreaSettings = Type.Object({
  receiverHeightM: Type.Number(),
  resolutionM: Type.Number(),
  defaultEnvironment: EnvironmentClass,
  thresholdsDbm: Type.Record(Type.String(), Type.Number()),
  indoorPenetrationLossDb: Type.Number(),
  overlapMarginDb: Type.Number(),
  pilotPollutionMarginDb: Type.Number(),
  pilotPollutionCount: Type.Integer(),
  minGapAreaKm2: Type.Number(),
});

export const Area = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  boundary: AreaGeometry,
  bbox: Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }),
  settings: AreaSettings,
  inputsVersion: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const AreaCreate = Type.Object({
  code: Code,
  name: Name,
  boundary: AreaGeometry,
  settings: Type.Optional(AreaSettingsInput),
});
export type AreaCreate = Static<typeof AreaCreate>;

export const AreaUpdate = Type.Object({
  code: Type.Optional(Code),
  name: Type.Optional(Name),
  boundary: Type.Optional(AreaGeometry),
  settings: Type.Optional(AreaSettingsInput),
});
export type AreaUpdate = Static<typeof AreaUpdate>;

export const AreaList = Type.Object({ items: Type.Array(Area) });
