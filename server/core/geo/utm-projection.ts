import proj4 from 'proj4';
import type { LonLat } from '../model.ts';

/** A UTM zone on WGS84: EPSG 326zz (north) or 327zz (south). */
export interface UtmZone {
  zone: number;
  south: boolean;
  epsg: number;
}

/** Forward/inverse transform between WGS84 [lon, lat] degrees and UTM [easting, northing] metres. */
export interface UtmProjection extends UtmZone {
  forward(lonLat: LonLat): [eastingM: number, northingM: number];
  inverse(xy: readonly [number, number]): LonLat;
}

/**
 * The standard UTM zone containing a WGS84 point (no Norway/Svalbard exceptions):
 * zone = floor((lon + 180) / 6) + 1, EPSG 32600 + zone (north) or 32700 + zone (south of the equator).
 */
export function utmZoneForLonLat(lon: number, lat: number): UtmZone {
  const zone = Math.min(60, Math.max(1, Math.floor((lon + 180) / 6) + 1));
  const south = lat < 0;
  return { zone, south, epsg: (south ? 32700 : 32600) + zone };
}

/** Zone of an EPSG code 32601-32660 / 32701-32760. */
export function utmZoneForEpsg(epsg: number): UtmZone {
  const south = epsg >= 32701 && epsg <= 32760;
  const zone = epsg - (south ? 32700 : 32600);
  if (!Number.isInteger(epsg) || zone < 1 || zone > 60) throw new RangeError(`not a WGS84/UTM EPSG code: ${epsg}`);
  return { zone, south, epsg };
}

const cache = new Map<number, UtmProjection>();

/** Cached proj4 transform for a WGS84/UTM EPSG code (see utmZoneForLonLat). */
export function utmProjection(epsg: number): UtmProjection {
  const cached = cache.get(epsg);
  if (cached) return cached;
  const zone = utmZoneForEpsg(epsg);
  const def = `+proj=utm +zone=${zone.zone}${zone.south ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`;
  const converter = proj4('EPSG:4326', def);
  const projection: UtmProjection = {
    ...zone,
    forward: (lonLat) => converter.forward([lonLat[0], lonLat[1]]) as [number, number],
    inverse: (xy) => converter.inverse([xy[0], xy[1]]) as LonLat,
  };
  cache.set(epsg, projection);
  return projection;
}
