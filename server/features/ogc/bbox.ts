import type { BBox } from '../../core/validation/geometry.ts';
import { BadRequestError } from '../../errors.ts';

/**
 * Parse the OGC API `bbox` parameter: four numbers (CRS84 minLon,minLat,maxLon,maxLat) or six (with
 * minimum and maximum height, which are ignored: features here are on the ground). A west edge east of
 * the east edge is kept as is and means the box crosses the antimeridian (OGC 17-069r4, 7.15.3).
 */
export function parseOgcBBox(text: string): BBox {
  const parts = text.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  const bad = (message: string) =>
    new BadRequestError(`bbox: ${message} (got "${text}")`, [{ field: '/querystring/bbox', message, value: text }]);
  if ((parts.length !== 4 && parts.length !== 6) || parts.some((v) => !Number.isFinite(v)))
    throw bad('expected four or six comma-separated numbers');
  const [minLon, minLat, maxLon, maxLat] = parts.length === 4 ? parts : [parts[0], parts[1], parts[3], parts[4]];
  if ([minLon, maxLon].some((v) => v < -180 || v > 180) || [minLat, maxLat].some((v) => v < -90 || v > 90))
    throw bad('outside [-180,180]x[-90,90]');
  if (minLat > maxLat) throw bad('the south edge is north of the north edge');
  return [minLon, minLat, maxLon, maxLat];
}
