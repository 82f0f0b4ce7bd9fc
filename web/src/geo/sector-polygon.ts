import type { Polygon } from 'geojson';

/** Mean Earth radius, metres (IUGG), as used by Turf's `destination`. */
const EARTH_RADIUS_M = 6_371_008.8;
const DEG = Math.PI / 180;
/** Arc vertices per degree of beamwidth are capped so that a sector stays light to draw. */
const MAX_STEP_DEG = 5;
const CIRCLE_STEPS = 64;

/**
 * The point `distanceM` metres from `[lon, lat]` along the initial bearing `bearingDeg`
 * (clockwise from north), on a sphere. Formula: great-circle destination, as in Turf's
 * `destination` (Chris Veness, "Movable Type Scripts: Calculate distance, bearing and more").
 */
export function destinationPoint([lon, lat]: [number, number], bearingDeg: number, distanceM: number): [number, number] {
  const phi1 = lat * DEG;
  const lambda1 = lon * DEG;
  const theta = bearingDeg * DEG;
  const delta = distanceM / EARTH_RADIUS_M;
  const sinPhi2 = Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta);
  const phi2 = Math.asin(sinPhi2);
  const lambda2 = lambda1 + Math.atan2(Math.sin(theta) * Math.sin(delta) * Math.cos(phi1), Math.cos(delta) - Math.sin(phi1) * sinPhi2);
  return [normalizeLon(lambda2 / DEG), phi2 / DEG];
}

/**
 * A cell's footprint drawn as a wedge: the centre `[lon, lat]` (WGS84 degrees), an arc of
 * `radiusM` metres from `azimuthDeg - beamwidthDeg/2` to `azimuthDeg + beamwidthDeg/2` (degrees
 * clockwise from north), and back. An omni cell (`azimuthDeg` null, or a beamwidth of 360 or more)
 * is a circle. The exterior ring is counter-clockwise and closed, as RFC 7946 asks.
 * Valid for radii well below the Earth's radius and latitudes away from the poles.
 */
export function sectorPolygon(center: [number, number], azimuthDeg: number | null, beamwidthDeg: number, radiusM: number): Polygon {
  const [lon, lat] = center;
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 90) {
    throw new RangeError(`sectorPolygon: centre must be [lon, lat] in degrees, got [${lon}, ${lat}]`);
  }
  if (!(radiusM > 0) || !Number.isFinite(radiusM)) {
    throw new RangeError(`sectorPolygon: radiusM must be a positive number of metres, got ${radiusM}`);
  }
  if (azimuthDeg === null || beamwidthDeg >= 360) return circle(center, radiusM);
  if (!Number.isFinite(azimuthDeg)) {
    throw new RangeError(`sectorPolygon: azimuthDeg must be a number of degrees or null, got ${azimuthDeg}`);
  }
  if (!(beamwidthDeg > 0)) {
    throw new RangeError(`sectorPolygon: beamwidthDeg must be in (0, 360], got ${beamwidthDeg}`);
  }
  const steps = Math.max(4, Math.ceil(beamwidthDeg / MAX_STEP_DEG));
  const start = azimuthDeg + beamwidthDeg / 2;
  const ring: [number, number][] = [[lon, lat]];
  // Decreasing bearings run counter-clockwise.
  for (let i = 0; i <= steps; i++) {
    ring.push(destinationPoint(center, start - (beamwidthDeg * i) / steps, radiusM));
  }
  ring.push([lon, lat]);
  return { type: 'Polygon', coordinates: [ring] };
}

function circle(center: [number, number], radiusM: number): Polygon {
  const ring: [number, number][] = [];
  for (let i = 0; i < CIRCLE_STEPS; i++) {
    ring.push(destinationPoint(center, 360 - (360 * i) / CIRCLE_STEPS, radiusM));
  }
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

function normalizeLon(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}
