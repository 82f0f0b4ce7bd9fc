import { Type, type Static } from 'typebox';
import { Code, Latitude, Longitude, Name, OptionalText, PointGeometry, Technology, FeatureCollection, Nullable } from '../shared/schemas.ts';
import { SITE_STATUSES } from '../../core/model.ts';
import { parameterSchema } from '../../contract/parameters.ts';

/** Radio parameters of a cell, with the ranges of core/radio/parameter-ranges.ts (units in names). */
export const CellRadioFields = {
  technology: Technology,
  frequencyMhz: parameterSchema('frequencyMhz'),
  heightM: parameterSchema('heightM', { description: 'antenna height above ground' }),
  azimuthDeg: Nullable(parameterSchema('azimuthDeg')),
  beamwidthDeg: parameterSchema('beamwidthDeg', { default: 65 }),
  tiltDeg: parameterSchema('tiltDeg', { default: 0 }),
  powerDbm: parameterSchema('powerDbm'),
  gainDbi: parameterSchema('gainDbi', { default: 0 }),
  lossDb: parameterSchema('lossDb', { default: 0 }),
};

export const CellInput = Type.Object({
  code: Code,
  ...CellRadioFields,
  azimuthDeg: Type.Optional(CellRadioFields.azimuthDeg),
  beamwidthDeg: Type.Optional(CellRadioFields.beamwidthDeg),
  tiltDeg: Type.Optional(CellRadioFields.tiltDeg),
  gainDbi: Type.Optional(CellRadioFields.gainDbi),
  lossDb: Type.Optional(CellRadioFields.lossDb),
});
export type CellInput = Static<typeof CellInput>;

/**
 * A PATCH changes only the fields it names: the radio fields without their defaults (Ajv fills in
 * defaults, which would reset an absent tilt, gain, loss or beamwidth of the stored cell).
 */
export const CellUpdate = Type.Partial(
  Type.Object({
    code: Code,
    ...CellRadioFields,
    beamwidthDeg: parameterSchema('beamwidthDeg'),
    tiltDeg: parameterSchema('tiltDeg'),
    gainDbi: parameterSchema('gainDbi'),
    lossDb: parameterSchema('lossDb'),
  }),
);
export type CellUpdate = Static<typeof CellUpdate>;

export const Cell = Type.Object({ id: Type.Integer(), siteId: Type.Integer(), code: Type.String(), ...CellRadioFields });

const SiteStatus = Type.Enum([...SITE_STATUSES]);

export const SiteCreate = Type.Object({
  code: Code,
  name: Name,
  lon: Longitude,
  lat: Latitude,
  status: Type.Optional(SiteStatus),
  address: OptionalText,
  note: OptionalText,
  approximate: Type.Optional(Type.Boolean()),
  cells: Type.Array(CellInput, { maxItems: 48, default: [] }),
});
export type SiteCreate = Static<typeof SiteCreate>;

export const SiteUpdate = Type.Object({
  code: Type.Optional(Code),
  name: Type.Optional(Name),
  lon: Type.Optional(Longitude),
  lat: Type.Optional(Latitude),
  status: Type.Optional(SiteStatus),
  address: OptionalText,
  note: OptionalText,
  approximate: Type.Optional(Type.Boolean()),
  cells: Type.Optional(Type.Array(CellInput, { maxItems: 48, description: 'replaces the cell list (matched by code)' })),
});
export type SiteUpdate = Static<typeof SiteUpdate>;

export const Site = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  status: Type.String(),
  address: Nullable(Type.String()),
  note: Nullable(Type.String()),
  approximate: Type.Boolean(),
  cells: Type.Array(Cell),
});

export const SiteList = Type.Object({ items: Type.Array(Site), total: Type.Integer() });

export const CellsQuery = Type.Object({
  technology: Type.Optional(Technology),
  bbox: Type.Optional(Type.String({ pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$' })),
});

export const CellFeatureProperties = Type.Object({
  id: Type.Integer(),
  siteId: Type.Integer(),
  siteCode: Type.String(),
  siteName: Type.String(),
  siteStatus: Type.String(),
  code: Type.String(),
  ...CellRadioFields,
  invalid: Type.Optional(Type.String({ description: 'present when a parameter is out of range: why the coverage engine skips this cell, e.g. "heightM 0 m: below the minimum 1 m"' })),
});

export const CellFeatureCollection = FeatureCollection(CellFeatureProperties, PointGeometry);
