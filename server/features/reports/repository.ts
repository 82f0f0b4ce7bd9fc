import type { ReportFeature, ReportUpdate } from '../../contract/reports.ts';
import type { ReportRow } from '../../db/types.ts';
import type { LayerTableSpec, LayerUpdate } from '../shared/layer-repository.ts';

/** Where reports are stored: a point layer whose natural key is the external id. */
export const REPORTS_TABLE: LayerTableSpec<'problem_reports'> = { table: 'problem_reports', kind: 'point', naturalKey: 'external_id' };

/** A stored report as its GeoJSON Feature: a [lon, lat] point; `reportedAt` in ISO 8601 (UTC). */
export function reportFeature(r: ReportRow): ReportFeature {
  return {
    type: 'Feature',
    id: r.id,
    geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
    properties: {
      id: r.id,
      externalId: r.external_id,
      technology: r.technology,
      kind: r.kind,
      source: r.source,
      customerTier: r.customer_tier,
      reportedAt: r.reported_at ? r.reported_at.toISOString() : null,
      status: r.status,
      resolution: r.resolution ?? null,
      resolvedBySiteCode: r.resolved_by_site_code ?? null,
      resolvedByCandidateCode: r.resolved_by_candidate_code ?? null,
      address: r.address ?? null,
      note: r.note ?? null,
      ...(r.original_values ? { originalValues: r.original_values } : {}),
      located: r.located ?? 'coordinates',
      placeName: r.place_name ?? null,
      locationRadiusM: r.location_radius_m ?? null,
    },
  };
}

/** The columns the fields of a report body write; a field left out is undefined (not written). */
export function reportColumns(input: ReportUpdate): LayerUpdate<'problem_reports'> {
  return {
    external_id: input.externalId,
    lon: input.lon,
    lat: input.lat,
    technology: input.technology,
    kind: input.kind,
    source: input.source,
    customer_tier: input.customerTier,
    reported_at: input.reportedAt,
    status: input.status,
    resolution: input.resolution,
    resolved_by_site_code: input.resolvedBySiteCode,
    resolved_by_candidate_code: input.resolvedByCandidateCode,
    address: input.address,
    note: input.note,
  };
}
