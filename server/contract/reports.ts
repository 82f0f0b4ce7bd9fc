import { Type, type Static } from 'typebox';
import {
  CUSTOMER_TIERS,
  REPORT_KINDS,
  REPORT_LOCATED,
  REPORT_RESOLUTIONS,
  REPORT_SOURCES,
  REPORT_STATUSES,
  REPORT_TECHNOLOGIES,
} from '../core/model.ts';
import { Feature, FeatureCollection, Latitude, Longitude, Nullable, OptionalText, PointGeometry } from './shared.ts';

/** Problem reports (call-backs, questionnaires, complaints, on-site and drive tests): `/api/v1/areas/:areaId/reports`. */

/** The network a report is about; `unknown` when the customer could not say. */
export const ReportTechnology = Type.Enum([...REPORT_TECHNOLOGIES]);
export type ReportTechnology = Static<typeof ReportTechnology>;

/** What the customer reported. */
export const ReportKind = Type.Enum([...REPORT_KINDS]);
export type ReportKind = Static<typeof ReportKind>;

/** Where the report came from. */
export const ReportSource = Type.Enum([...REPORT_SOURCES]);
export type ReportSource = Static<typeof ReportSource>;

/** The customer's value tier (weights in rankings and hotspots). */
export const CustomerTier = Type.Enum([...CUSTOMER_TIERS]);
export type CustomerTier = Static<typeof CustomerTier>;

/** The workflow: open -> investigating -> resolved. */
export const ReportStatus = Type.Enum([...REPORT_STATUSES]);
export type ReportStatus = Static<typeof ReportStatus>;

/** How a resolved report was resolved. */
export const ReportResolution = Type.Enum([...REPORT_RESOLUTIONS]);
export type ReportResolution = Static<typeof ReportResolution>;

const NullableString = Nullable(Type.String());

/** How the position was obtained: the report's own coordinates, or the gazetteer place its address names (less precise). */
export const ReportLocated = Type.Enum([...REPORT_LOCATED]);
export type ReportLocated = Static<typeof ReportLocated>;

/** A report as sent: `reportedAt` in ISO 8601 (UTC); a resolution (and what fixed it) only once resolved. */
export const ReportProperties = Type.Object({
  id: Type.Integer(),
  externalId: Type.String(),
  technology: ReportTechnology,
  kind: ReportKind,
  source: ReportSource,
  customerTier: CustomerTier,
  reportedAt: Nullable(Type.String({ format: 'date-time', description: 'null when the imported file had no date' })),
  status: ReportStatus,
  resolution: Nullable(ReportResolution),
  resolvedBySiteCode: NullableString,
  resolvedByCandidateCode: NullableString,
  address: NullableString,
  note: NullableString,
  originalValues: Type.Optional(
    Nullable(
      Type.Record(Type.String(), Type.String(), {
        description:
          'the imported file\'s text of categorical values that a rule, a value mapping or a default classified, by column (e.g. {"问题描述": "室内覆盖差"})',
      }),
    ),
  ),
  located: ReportLocated,
  /** The gazetteer place the report was placed at (`located: 'address'`), else null. */
  placeName: NullableString,
  /** Metres around the point the report may really be (`located: 'address'`), else null. */
  locationRadiusM: Nullable(Type.Number()),
});
export type ReportProperties = Static<typeof ReportProperties>;

/** One report as a GeoJSON Feature: a point at [lon, lat] (WGS84 degrees). */
export const ReportFeature = Feature(ReportProperties, PointGeometry);
export type ReportFeature = Static<typeof ReportFeature>;

/** A page of reports: `next` is the keyset cursor of the following page, or null. */
export const ReportPage = FeatureCollection(ReportProperties, PointGeometry);
export type ReportPage = Static<typeof ReportPage>;

const Ref = Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 })));

/**
 * `POST .../reports` body: position in WGS84 degrees, `reportedAt` in ISO 8601. Without `lon`/`lat`
 * the report is placed at the gazetteer place its `address` names (the import's rule: the most
 * specific name or alias the address contains), marked `located: 'address'`; an address that names
 * no place answers 422 on /body/address. Without `externalId` the id is a digest of the content, so
 * that sending the same report twice is refused as a duplicate.
 */
export const ReportCreate = Type.Object({
  externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  lon: Type.Optional(Longitude),
  lat: Type.Optional(Latitude),
  technology: Type.Optional(ReportTechnology),
  kind: ReportKind,
  source: ReportSource,
  customerTier: Type.Optional(CustomerTier),
  reportedAt: Type.String({ format: 'date-time' }),
  status: Type.Optional(ReportStatus),
  resolution: Type.Optional(Nullable(ReportResolution)),
  resolvedBySiteCode: Ref,
  resolvedByCandidateCode: Ref,
  address: OptionalText,
  note: OptionalText,
});
export type ReportCreate = Static<typeof ReportCreate>;

/** `PATCH .../reports/:id` body: the fields to change; moving back from resolved clears the resolution. */
export const ReportUpdate = Type.Partial(Type.Object({ ...ReportCreate.properties, lon: Longitude, lat: Latitude }));
export type ReportUpdate = Static<typeof ReportUpdate>;
