import { geometryBBox, positionIssue } from '../../core/validation/geometry.ts';
import { checkBoundary } from '../areas/service.ts';
import type { Area } from '../areas/repository.ts';
import { UnprocessableError } from '../../errors.ts';
import { yieldToEventLoop } from '../../lib/cooperative.ts';
import type { PolygonChecker } from '../../workers/polygon-check.ts';

/** The stored geometry of a polygon layer item (GeoJSON text) and its bbox in WGS84 degrees. */
export interface GeometryColumns {
  geometry: string;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
}

/** Validate a layer geometry (polygons strictly, large ones off the event loop; points in range) and return its bbox columns. */
export async function geometryColumns(
  geometry: GeoJSON.Geometry,
  area: Area,
  check: PolygonChecker,
  field = '/body/geometry',
): Promise<GeometryColumns> {
  if (geometry.type === 'Point') {
    const issue = positionIssue(geometry.coordinates, `${field}/coordinates`);
    if (issue) throw new UnprocessableError(`${issue.path}: ${issue.message}`, [{ field: issue.path, message: issue.message }]);
  } else {
    await checkBoundary(geometry, field, check);
    // The steps below walk the whole polygon again (bbox, then its JSON text): let waiting requests in first.
    await yieldToEventLoop();
  }
  const [a, b, c, d] = geometryBBox(geometry);
  const [aa, ab, ac, ad] = area.bbox;
  if (c < aa || a > ac || d < ab || b > ad) {
    throw new UnprocessableError(`${field}: geometry does not overlap area "${area.code}"`, [{ field, message: 'outside the area' }]);
  }
  return { geometry: JSON.stringify(geometry), min_lon: a, min_lat: b, max_lon: c, max_lat: d };
}
