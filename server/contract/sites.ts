import { Type, type Static } from 'typebox';
import { SITE_STATUSES } from '../core/model.ts';
import { parameterSchema } from './parameters.ts';
import {
  Code,
  Feature,
  FeatureCollection,
  Latitude,
  Longitude,
  Name,
  Nullable,
  OptionalText,
  PointGeometry,
  Technology,
} from './shared.ts';

/** Sites with their cells, and the cells layer: `/api/v1/areas/:areaId/sites|cells`. Coordinates are WGS84 [lon, lat] degrees. */

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

/** A cell in a request: code and radio parameters; azimuth null (omnidirectional), beamwidth 65°, tilt, gain and loss 0 when absent. */
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
 * PATCH /cells/:id changes only the fields it names: the radio fields without their defaults (Ajv fills
 * in defaults, which would reset an absent tilt, gain, loss or beamwidth of the stored cell).
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

/** A stored cell of a site: its code and radio parameters. */
export const Cell = Type.Object({ id: Type.Integer(), siteId: Type.Integer(), code: Type.String(), ...CellRadioFields });
export type Cell = Static<typeof Cell>;

/** existing (on air, part of the existing network) or planned. */
export const SiteStatus = Type.Enum([...SITE_STATUSES]);
export type SiteStatus = Static<typeof SiteStatus>;

/** POST /sites: a site at [lon, lat] with its cells (status existing, not approximate, when absent). */
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

/** PATCH /sites/:id: the fields named change; `cells`, when given, replaces the cell list (matched by code). */
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

/** A site at [lon, lat] (WGS84 degrees) with its cells, ordered by code. */
export const Site = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  status: SiteStatus,
  address: Nullable(Type.String()),
  note: Nullable(Type.String()),
  approximate: Type.Boolean(),
  cells: Type.Array(Cell),
});
export type Site = Static<typeof Site>;

/** GET /sites: one page of sites (by id) and the number of sites matched. */
export const SiteList = Type.Object({ items: Type.Array(Site), total: Type.Integer() });
export type SiteList = Static<typeof SiteList>;

/** GET /cells: the cells of one technology and/or in a bbox (minLon,minLat,maxLon,maxLat). */
export const CellsQuery = Type.Object({
  technology: Type.Optional(Technology),
  bbox: Type.Optional(Type.String({ pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$' })),
});
export type CellsQuery = Static<typeof CellsQuery>;

/** A cell with its site's code, name and status, as the cells layer sends it. */
export const CellFeatureProperties = Type.Object({
  id: Type.Integer(),
  siteId: Type.Integer(),
  siteCode: Type.String(),
  siteName: Type.String(),
  siteStatus: SiteStatus,
  code: Type.String(),
  ...CellRadioFields,
  invalid: Type.Optional(
    Type.String({
      description:
        'present when a parameter is out of range: why the coverage engine skips this cell, e.g. "heightM 0 m: below the minimum 1 m"',
    }),
  ),
});
export type CellFeatureProperties = Static<typeof CellFeatureProperties>;

/** One cell as a GeoJSON point at its site ([lon, lat]); the feature id is the cell id. */
export const CellFeature = Feature(CellFeatureProperties, PointGeometry);
export type CellFeature = Static<typeof CellFeature>;

/** GET /cells: every cell of the area (or of the filter) as GeoJSON points, in one page (`next` null). */
export const CellFeatureCollection = FeatureCollection(CellFeatureProperties, PointGeometry);
export type CellFeatureCollection = Static<typeof CellFeatureCollection>;
