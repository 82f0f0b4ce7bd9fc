import { Type, type Static } from 'typebox';
import { CANDIDATE_ORIGINS, CANDIDATE_STATUSES } from '../core/model.ts';
import {
  Code,
  Feature,
  FeatureCollection,
  Latitude,
  ListQuery,
  Longitude,
  Name,
  Nullable,
  OptionalText,
  PointGeometry,
  Technology,
} from './shared.ts';
import { CellInput, CellRadioFields } from './sites.ts';

/** Candidate sites of an area, a GeoJSON point layer: `/api/v1/areas/:areaId/candidates`. Coordinates are WGS84 [lon, lat] degrees. */

/** Where a candidate stands: proposed, approved, rejected or built. */
export const CandidateStatus = Type.Enum([...CANDIDATE_STATUSES]);
export type CandidateStatus = Static<typeof CandidateStatus>;

/** manual (entered or imported) or generated (proposed by POST /candidates/generate). */
export const CandidateOrigin = Type.Enum([...CANDIDATE_ORIGINS]);
export type CandidateOrigin = Static<typeof CandidateOrigin>;

/** A planned cell of a candidate: its code and radio parameters (units in names). */
export const CandidateCell = Type.Object({ code: Type.String(), ...CellRadioFields });
export type CandidateCell = Static<typeof CandidateCell>;

/** A candidate's properties in its GeoJSON feature (the position is the geometry); cost in the unit of plan budgets, null when unknown. */
export const CandidateProperties = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  technology: Technology,
  cells: Type.Array(CandidateCell),
  cost: Nullable(Type.Number()),
  status: CandidateStatus,
  origin: CandidateOrigin,
  approximate: Type.Boolean(),
  note: Nullable(Type.String()),
});
export type CandidateProperties = Static<typeof CandidateProperties>;

/** A candidate as a GeoJSON point ([lon, lat]); the feature id is the candidate id. */
export const CandidateFeature = Feature(CandidateProperties, PointGeometry);
export type CandidateFeature = Static<typeof CandidateFeature>;

/** GET /candidates: one page of candidates, by id. */
export const CandidateCollection = FeatureCollection(CandidateProperties, PointGeometry);
export type CandidateCollection = Static<typeof CandidateCollection>;

/**
 * POST /candidates: a candidate at [lon, lat]; without cells, three standard sectors of its technology
 * (core/default-cells.ts); status proposed and origin manual when absent.
 */
export const CandidateCreate = Type.Object({
  code: Code,
  name: Name,
  lon: Longitude,
  lat: Latitude,
  technology: Technology,
  cells: Type.Optional(Type.Array(CellInput, { minItems: 1, maxItems: 12, description: 'default: 3 standard sectors' })),
  cost: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1e7 }))),
  status: Type.Optional(CandidateStatus),
  origin: Type.Optional(CandidateOrigin),
  approximate: Type.Optional(Type.Boolean()),
  note: OptionalText,
});
export type CandidateCreate = Static<typeof CandidateCreate>;

/** PATCH /candidates/:id: the fields named change; a new technology carries the cells over to it. */
export const CandidateUpdate = Type.Partial(CandidateCreate);
export type CandidateUpdate = Static<typeof CandidateUpdate>;

/** GET /candidates: the shared list query (bbox, paging) and filters by technology, status and origin. */
export const CandidateListQuery = Type.Object({
  ...ListQuery.properties,
  technology: Type.Optional(Technology),
  status: Type.Optional(CandidateStatus),
  origin: Type.Optional(CandidateOrigin),
});
export type CandidateListQuery = Static<typeof CandidateListQuery>;
