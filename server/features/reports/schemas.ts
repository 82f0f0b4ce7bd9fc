import { Type } from 'typebox';
import { CUSTOMER_TIERS, REPORT_KINDS, REPORT_RESOLUTIONS, REPORT_SOURCES, REPORT_STATUSES, TECHNOLOGIES } from '../../core/model.ts';
import { Latitude, Longitude, Nullable, OptionalText } from '../shared/schemas.ts';

export const ReportTechnology = Type.Enum([...TECHNOLOGIES, 'unknown']);
export const ReportKind = Type.Enum([...REPORT_KINDS]);
export const ReportSource = Type.Enum([...REPORT_SOURCES]);
export const CustomerTier = Type.Enum([...CUSTOMER_TIERS]);
export const ReportStatus = Type.Enum([...REPORT_STATUSES]);
export const ReportResolution = Type.Enum([...REPORT_RESOLUTIONS]);
const NullableString = Nullable(Type.String());

export const ReportProperties = Type.Object({
  id: Type.Integer(),
  externalId: Type.String(),
  technology: Type.String(),
  kind: Type.String(),
  source: Type.String(),
  customerTier: Type.String(),
  reportedAt: Type.String({ format: 'date-time' }),
  status: Type.String(),
  resolution: NullableString,
  resolvedBySiteCode: NullableString,
  resolvedByCandidateCode: NullableString,
  address: NullableString,
  note: NullableString,
});

const Ref = Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 })));

export const ReportCreate = Type.Object({
  externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  lon: Longitude,
  lat: Latitude,
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

export const ReportUpdate = Type.Partial(ReportCreate);

export const ReportFilters = {
  technology: { schema: ReportTechnology, column: 'technology' },
  status: { schema: ReportStatus, column: 'status' },
  kind: { schema: ReportKind, column: 'kind' },
  source: { schema: ReportSource, column: 'source' },
};
