import type { LonLat } from '../model.ts';

/** Mean Earth radius, metres (IUGG). */
const EARTH_RADIUS_M = 6_371_008.8;
const DEG_TO_RAD = Math.PI / 180;

/**
 * Local equirectangular projection around an origin: x east, y north, metres
 * (Snyder 1987, "Map Projections: A Working Manual", §12). East-west distances are off by
 * about tan(lat) × Δlat (radians) away from the origin latitude: about 0.3% at 20 km north or
 * south of it at 46°N, ample for clustering a district's reports.
 */
export interface LocalMetric {
  readonly originLon: number;
  readonly originLat: number;
  /** Metres per degree of longitude at the origin latitude. */
  readonly mPerDegLon: number;
  /** Metres per degree of latitude. */
  readonly mPerDegLat: number;
}

/** Build a local metric centred on [lon, lat] (degrees, WGS84). */
export function localMetricAt(originLon: number, originLat: number): LocalMetric {
  const mPerDegLat = EARTH_RADIUS_M * DEG_TO_RAD;
  return { originLon, originLat, mPerDegLat, mPerDegLon: mPerDegLat * Math.cos(originLat * DEG_TO_RAD) };
}

/** Project [lon, lat] degrees to local [x, y] metres. */
export function toLocalM(metric: LocalMetric, lon: number, lat: number): [xM: number, yM: number] {
  return [(lon - metric.originLon) * metric.mPerDegLon, (lat - metric.originLat) * metric.mPerDegLat];
}

/** Inverse of `toLocalM`: local [x, y] metres back to [lon, lat] degrees. */
export function fromLocalM(metric: LocalMetric, xM: number, yM: number): LonLat {
  return [metric.originLon + xM / metric.mPerDegLon, metric.originLat + yM / metric.mPerDegLat];
}
