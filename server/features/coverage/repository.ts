import { sql, type Kysely } from 'kysely';
import type { EnvironmentClass, Technology } from '../../core/model.ts';
import type { Database } from '../../db/types.ts';

/** A problem report as the coverage figures use it. */
export interface ReportPoint {
  id: number;
  lon: number;
  lat: number;
  technology: Technology | 'unknown';
  kind: string;
  source: string;
  customerTier: string;
  reportedAt: Date | null;
  status: string;
  /** Metres around the point the report may be: set when it was placed from its address, else null. */
  radiusM: number | null;
}

export async function loadClutter(
  db: Kysely<Database>,
  areaId: number,
): Promise<{ environment: EnvironmentClass; geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon }[]> {
  const rows = await db
    .selectFrom('clutter_zones')
    .select(['environment', 'geometry'])
    .where('area_id', '=', areaId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ environment: r.environment as EnvironmentClass, geometry: r.geometry }));
}

export async function loadSettlements(
  db: Kysely<Database>,
  areaId: number,
): Promise<{ population: number; geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.Point }[]> {
  const rows = await db.selectFrom('settlements').select(['population', 'geometry']).where('area_id', '=', areaId).orderBy('id').execute();
  return rows.map((r) => ({ population: r.population, geometry: r.geometry }));
}

/** Every problem report of the area (the figures count them in and out of coverage). */
export async function loadReportPoints(db: Kysely<Database>, areaId: number): Promise<ReportPoint[]> {
  const rows = await db
    .selectFrom('problem_reports')
    .select(['id', 'lon', 'lat', 'technology', 'kind', 'source', 'customer_tier', 'reported_at', 'status', 'located', 'location_radius_m'])
    .where('area_id', '=', areaId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    lon: r.lon,
    lat: r.lat,
    technology: r.technology as Technology | 'unknown',
    kind: r.kind,
    source: r.source,
    customerTier: r.customer_tier,
    reportedAt: r.reported_at,
    status: r.status,
    radiusM: r.located === 'address' ? (r.location_radius_m ?? null) : null,
  }));
}

/** A cheap fingerprint of the area's reports, so cached report lists are reloaded only after a change. */
export async function reportsFingerprint(db: Kysely<Database>, areaId: number): Promise<string> {
  const r = await db
    .selectFrom('problem_reports')
    .select([
      sql<number>`count(*)`.as('n'),
      sql<string>`coalesce(max(updated_at)::text, '')`.as('t'),
      sql<number>`coalesce(max(id), 0)`.as('m'),
    ])
    .where('area_id', '=', areaId)
    .executeTakeFirstOrThrow();
  return `${r.n}:${r.m}:${r.t}`;
}
