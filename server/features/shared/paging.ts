import { BadRequestError } from '../../errors.ts';
import type { BBox } from '../../core/validation/geometry.ts';

export interface ListOptions {
  bbox?: BBox;
  limit: number;
  offset?: number;
  cursor?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  next: number | null;
}

/** Parse the shared list query (`bbox=minLon,minLat,maxLon,maxLat`, limit, offset, cursor). */
export function parseListQuery(query: { bbox?: string; limit?: number; offset?: number; cursor?: number }): ListOptions {
  const limit = query.limit ?? 1000;
  if (query.offset !== undefined && query.cursor !== undefined) {
    throw new BadRequestError('use either offset or cursor, not both', [
      { field: '/querystring/cursor', message: 'not allowed together with offset' },
    ]);
  }
  return { bbox: query.bbox ? parseBBox(query.bbox) : undefined, limit, offset: query.offset, cursor: query.cursor };
}

/** Parse and check a bbox string; the error names the field and the bad value. */
export function parseBBox(text: string, field = '/querystring/bbox'): BBox {
  const parts = text.split(',').map(Number);
  const bad = (message: string) => new BadRequestError(`bbox: ${message} (got "${text}")`, [{ field, message, value: text }]);
  if (parts.length !== 4 || parts.some((v) => !Number.isFinite(v))) throw bad('expected four numbers');
  const [minLon, minLat, maxLon, maxLat] = parts;
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) throw bad('outside [-180,180]x[-90,90]');
  if (minLon > maxLon || minLat > maxLat) throw bad('min must not exceed max');
  return [minLon, minLat, maxLon, maxLat];
}
