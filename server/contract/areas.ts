import { Type, type Static } from 'typebox';
import { parameterSchema } from './parameters.ts';
import { AreaGeometry, Code, EnvironmentClass, Name } from './shared.ts';

/** Planning areas: `/api/v1/areas`. Coordinates are WGS84 [lon, lat] degrees. */

/** [minLon, minLat, maxLon, maxLat], WGS84 degrees. */
export const BBox = Type.Unsafe<[minLon: number, minLat: number, maxLon: number, maxLat: number]>(
  Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: '[minLon, minLat, maxLon, maxLat], WGS84 degrees' }),
);
export type BBox = Static<typeof BBox>;

/** Outdoor coverage thresholds a request sets, dBm per technology; each within its range (core/radio/parameter-ranges.ts). */
export const ThresholdsInput = Type.Object(
  {
    GSM: Type.Optional(parameterSchema('thresholdDbm')),
    CDMA: Type.Optional(parameterSchema('thresholdDbm')),
    UMTS: Type.Optional(parameterSchema('thresholdDbm')),
    LTE: Type.Optional(parameterSchema('thresholdDbm')),
    NR: Type.Optional(parameterSchema('thresholdDbm')),
  },
  { description: 'outdoor coverage threshold per technology, dBm' },
);
export type ThresholdsInput = Static<typeof ThresholdsInput>;

/**
 * Area settings a request sets (the others keep their stored value or default), each within its range
 * (core/radio/parameter-ranges.ts); what is stored is what the user set.
 */
export const AreaSettingsInput = Type.Object({
  receiverHeightM: Type.Optional(parameterSchema('receiverHeightM')),
  resolutionM: Type.Optional(parameterSchema('resolutionM')),
  defaultEnvironment: Type.Optional(EnvironmentClass),
  thresholdsDbm: Type.Optional(ThresholdsInput),
  indoorPenetrationLossDb: Type.Optional(parameterSchema('indoorPenetrationLossDb')),
  overlapMarginDb: Type.Optional(parameterSchema('overlapMarginDb')),
  pilotPollutionMarginDb: Type.Optional(parameterSchema('pilotPollutionMarginDb')),
  pilotPollutionCount: Type.Optional(parameterSchema('pilotPollutionCount')),
  minGapAreaKm2: Type.Optional(parameterSchema('minGapAreaKm2')),
  terrainPropagation: Type.Optional(
    Type.Boolean({ description: "predict over the area's DEM (diffraction, effective height) when it has one; default false" }),
  ),
});
export type AreaSettingsInput = Static<typeof AreaSettingsInput>;

/** Outdoor coverage threshold of every technology, dBm (stored value or default). */
export const Thresholds = Type.Object(
  { GSM: Type.Number(), CDMA: Type.Number(), UMTS: Type.Number(), LTE: Type.Number(), NR: Type.Number() },
  { description: 'outdoor coverage threshold per technology, dBm' },
);
export type Thresholds = Static<typeof Thresholds>;

/** An area's settings as the engine uses them: what the user set, merged over the defaults (core/model.ts). */
export const AreaSettings = Type.Object({
  receiverHeightM: Type.Number(),
  resolutionM: Type.Number(),
  defaultEnvironment: EnvironmentClass,
  thresholdsDbm: Thresholds,
  indoorPenetrationLossDb: Type.Number(),
  overlapMarginDb: Type.Number(),
  pilotPollutionMarginDb: Type.Number(),
  pilotPollutionCount: Type.Integer(),
  minGapAreaKm2: Type.Number(),
  terrainPropagation: Type.Boolean(),
});
export type AreaSettings = Static<typeof AreaSettings>;

/**
 * A planning area: its boundary ([lon, lat] WGS84), the boundary's bbox, the settings in force and the
 * inputs version (moves on every change of the area's network, layers, settings or calibration).
 */
export const Area = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  boundary: AreaGeometry,
  bbox: BBox,
  settings: AreaSettings,
  inputsVersion: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Area = Static<typeof Area>;

/** POST /areas: a new area; settings default (core/model.ts) where not given. */
export const AreaCreate = Type.Object({
  code: Code,
  name: Name,
  boundary: AreaGeometry,
  settings: Type.Optional(AreaSettingsInput),
});
export type AreaCreate = Static<typeof AreaCreate>;

/** PATCH /areas/:areaId: the fields named change; settings merge over the stored ones (thresholds per technology). */
export const AreaUpdate = Type.Object({
  code: Type.Optional(Code),
  name: Type.Optional(Name),
  boundary: Type.Optional(AreaGeometry),
  settings: Type.Optional(AreaSettingsInput),
});
export type AreaUpdate = Static<typeof AreaUpdate>;

/** GET /areas: every area, by id. */
export const AreaList = Type.Object({ items: Type.Array(Area) });
export type AreaList = Static<typeof AreaList>;
