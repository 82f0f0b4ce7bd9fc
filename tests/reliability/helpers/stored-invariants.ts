import { kinks } from '@turf/turf';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import type { TestApp } from '../../helpers/app.ts';

/**
 * Problems in one [lon, lat] polygon or multipolygon, checked independently of the server's own
 * validator: finite positions in range, closed rings of >= 4 positions, no self-intersection, and
 * less than 180° of longitude (no antimeridian crossing).
 */
export function polygonProblems(geometry: unknown): string[] {
  const g = geometry as { type?: string; coordinates?: unknown };
  if (g?.type === 'Point') return positionProblem(g.coordinates) ? [positionProblem(g.coordinates)!] : [];
  const polygons = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? (g.coordinates as unknown[]) : null;
  if (!polygons || !Array.isArray(polygons) || polygons.length === 0) return [`not a polygon: ${JSON.stringify(geometry)?.slice(0, 100)}`];
  const problems: string[] = [];
  let minLon = Infinity;
  let maxLon = -Infinity;
  for (const rings of polygons) {
    if (!Array.isArray(rings) || rings.length === 0) return ['polygon without rings'];
    for (const ring of rings as unknown[][]) {
      if (!Array.isArray(ring) || ring.length < 4) return ['ring with fewer than 4 positions'];
      for (const p of ring) {
        const problem = positionProblem(p);
        if (problem) return [problem];
        minLon = Math.min(minLon, (p as number[])[0]);
        maxLon = Math.max(maxLon, (p as number[])[0]);
      }
      const [first, last] = [ring[0] as number[], ring[ring.length - 1] as number[]];
      if (first[0] !== last[0] || first[1] !== last[1]) problems.push('ring not closed');
    }
    const poly = { type: 'Polygon' as const, coordinates: rings as GeoJSON.Position[][] };
    const crossings = kinks(poly).features.length;
    if (crossings > 0) problems.push(`self-intersecting (${crossings} crossing(s))`);
  }
  if (maxLon - minLon >= 180) problems.push(`spans ${maxLon - minLon}° of longitude`);
  return problems;
}

function positionProblem(p: unknown): string | null {
  if (!Array.isArray(p) || p.length < 2) return `bad position ${JSON.stringify(p)}`;
  const [lon, lat] = p as unknown[];
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) return `longitude out of range: ${String(lon)}`;
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) return `latitude out of range: ${String(lat)}`;
  return null;
}

/** Every stored floating-point value is finite: a NaN or ±Infinity anywhere is a validation hole. */
export async function nonFiniteNumbers(db: Kysely<Database>): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and data_type in ('double precision', 'real', 'numeric')`.execute(db);
  const problems: string[] = [];
  for (const { table_name, column_name } of columns.rows) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table_name)}
      where ${sql.ref(column_name)} in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8)`.execute(db);
    if (Number(r.rows[0].n) > 0) problems.push(`${table_name}.${column_name}: ${r.rows[0].n} non-finite value(s)`);
  }
  return problems;
}

/** Stored positions in range, and each area's bbox columns consistent with its own range. */
export async function positionsOutOfRange(db: Kysely<Database>): Promise<string[]> {
  const problems: string[] = [];
  for (const table of ['sites', 'problem_reports', 'candidates', 'survey_measurements'] as const) {
    const r = await sql<{
      n: number;
    }>`select count(*) as n from ${sql.table(table)} where lon < -180 or lon > 180 or lat < -90 or lat > 90`.execute(db);
    if (Number(r.rows[0].n) > 0) problems.push(`${table}: ${r.rows[0].n} position(s) out of range`);
  }
  for (const table of ['areas', 'clutter_zones', 'settlements'] as const) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}
      where min_lon < -180 or max_lon > 180 or min_lat < -90 or max_lat > 90 or min_lon > max_lon or min_lat > max_lat`.execute(db);
    if (Number(r.rows[0].n) > 0) problems.push(`${table}: ${r.rows[0].n} bbox(es) out of range or inverted`);
  }
  return problems;
}

/**
 * Read everything back through the API and check it: areas' boundaries, every layer's geometries and
 * positions, plus the SQL checks above. Returns the problems found (empty = all stored data valid).
 */
export async function storedDataProblems(t: TestApp): Promise<string[]> {
  const problems = [...(await nonFiniteNumbers(t.app.db)), ...(await positionsOutOfRange(t.app.db))];
  const areas = (await t.app.inject({ method: 'GET', url: '/api/v1/areas' })).json().items as Array<{
    id: number;
    code: string;
    boundary: unknown;
    bbox: number[];
  }>;
  for (const area of areas) {
    for (const p of polygonProblems(area.boundary)) problems.push(`area ${area.code} boundary: ${p}`);
    if (area.bbox.some((v) => !Number.isFinite(v))) problems.push(`area ${area.code} bbox ${JSON.stringify(area.bbox)}`);
    for (const layer of ['sites', 'cells', 'reports', 'candidates', 'measurements', 'clutter', 'settlements']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/areas/${area.id}/${layer}?limit=100000` });
      if (res.statusCode !== 200) {
        problems.push(`GET ${layer} of area ${area.code}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        continue;
      }
      const body = res.json() as {
        features?: Array<{ geometry: unknown; properties?: Record<string, unknown> }>;
        items?: Array<Record<string, unknown>>;
      };
      for (const f of body.features ?? []) for (const p of polygonProblems(f.geometry)) problems.push(`${layer} of ${area.code}: ${p}`);
      for (const item of body.items ?? []) {
        if ('lon' in item && positionProblem([item.lon, item.lat]))
          problems.push(`${layer} of ${area.code}: ${positionProblem([item.lon, item.lat])}`);
      }
    }
  }
  return problems;
}
