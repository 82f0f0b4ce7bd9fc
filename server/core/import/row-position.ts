import type { GazetteerPlace } from '../geo/gazetteer.ts';
import type { RowReader } from './row-reader.ts';
import type { RowPosition } from './types.ts';

/**
 * The position of a row that may be placed by its address (reports, and survey responses): its own
 * coordinates (lon/lat columns or a Point geometry) when it has any, else the gazetteer place its
 * address names (`located: 'address'`, the place and the radius that position stands for). An address
 * that names no place is an error of the row, on the address column, so `partial` keeps the others.
 */
export function readRowPosition(r: RowReader): RowPosition | null {
  return readRowPlacement(r)?.position ?? null;
}

/** readRowPosition, with the gazetteer place itself (null for a row placed by its coordinates). */
export function readRowPlacement(r: RowReader): { position: RowPosition; place: GazetteerPlace | null } | null {
  const hasCoordinates =
    r.text('lon') !== '' ||
    r.text('lat') !== '' ||
    (!r.has('lon') && !r.has('lat') && r.record.geometry !== undefined && r.record.geometry !== null);
  if (hasCoordinates || !r.has('address')) {
    const point = r.point();
    if (!point) return null;
    return {
      position: { lon: point[0], lat: point[1], located: 'coordinates', placeId: null, placeName: null, locationRadiusM: null },
      place: null,
    };
  }
  const address = r.text('address');
  if (address === '') {
    const columns = [r.has('lon') ? r.column('lon') : null, r.has('lat') ? r.column('lat') : null, r.column('address')];
    return r.fail(columns.filter((c) => c !== null).join('/'), '', 'no coordinates and no address: a position needs one of them');
  }
  const gazetteer = r.ctx.gazetteer;
  if (!gazetteer || gazetteer.size === 0) {
    return r.fail(
      r.column('address'),
      address,
      'no coordinates, and the area has no gazetteer to place the address by: import its places first (kind places)',
    );
  }
  const match = gazetteer.locate(address);
  if (!match) {
    return r.fail(
      r.column('address'),
      address,
      'no place in the gazetteer matches the address (give coordinates, or add the place or an alias with an import of kind places)',
    );
  }
  return {
    position: {
      lon: match.lon,
      lat: match.lat,
      located: 'address',
      placeId: match.place.id,
      placeName: match.place.name,
      locationRadiusM: match.radiusM,
    },
    place: match.place,
  };
}
