import { Type, type Static } from 'typebox';
import { AreaGeometry, Code, EnvironmentClass, Name } from '../shared/schemas.ts';

const Thresholds = Type.Object(
  {
    GSM: Type.Optional(Type.Number({ minimum: -150, maximum: -30 })),
    CDMA: Type.Optional(Type.Number({ minimum: -150, maximum: -30 })),
    UMTS: Type.Optional(Type.Number({ minimum: -150, maximum: -30 })),
    LTE: Type.Optional(Type.Number({ minimum: -150, maximum: -30 })),
    NR: Type.Optional(Type.Number({ minimum: -150, maximum: -30 })),
  },
  { description: 'outdoor coverage threshold per technology, dBm' },
);

export const AreaSettingsInput = Type.Object({
  receiverHeightM: Type.Optional(Type.Number({ minimum: 0.5, maximum: 30 })),
  resolutionM: Type.Optional(Type.Number({ minimum: 5, maximum: 1000 })),
  defaultEnvironment: Type.Optional(EnvironmentClass),
  thresholdsDbm: Type.Optional(Thresholds),
  indoorPenetrationLossDb: Type.Optional(Type.Number({ minimum: 0, maximum: 60 })),
  overlapMarginDb: Type.Optional(Type.Number({ minimum: 0, maximum: 30 })),
  pilotPollutionMarginDb: Type.Optional(Type.Number({ minimum: 0, maximum: 30 })),
  pilotPollutionCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  minGapAreaKm2: Type.Optional(Type.Number({ minimum: 0, maximum: 10000 })),
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
