import type { LonLat } from '../model.ts';

/** Mean earth radius (IUGG), metres: the sphere used for drawing, as Turf does. */
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/**
 * The point `distanceM` metres from `[lon, lat]` along the initial bearing `bearingDeg` (clockwise from
 * north), on a sphere. Formula: great-circle destination point (Ed Williams' Aviation Formulary, as
 * given on movable-type.co.uk "Calculate distance, bearing and more"). Good to well under a metre
 * at cell radii for drawing; not a geodesic on the ellipsoid.
 */
export function destinationPoint([lon, lat]: LonLat, bearingDeg: number, distanceM: number): LonLat {
  const delta = distanceM / EARTH_RADIUS_M;
  const theta = bearingDeg * RAD;
  const phi1 = lat * RAD;
  const lambda1 = lon * RAD;
  const sinPhi2 = Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta);
  const phi2 = Math.asin(sinPhi2);
  const lambda2 = lambda1 + Math.atan2(Math.sin(theta) * Math.sin(delta) * Math.cos(phi1), Math.cos(delta) - Math.sin(phi1) * sinPhi2);
  const lon2 = lambda2 / RAD;
  return [lon2 > 180 ? lon2 - 360 : lon2 < -180 ? lon2 + 360 : lon2, phi2 / RAD];
}

/**
 * A cell's sector as a GeoJSON Polygon in WGS84 `[lon, lat]`: the wedge from `center` out to `radiusM`
 * metres, centred on `azimuthDeg` (clockwise from north) and `beamwidthDeg` wide, its arc drawn with
 * `steps` segments. An omnidirectional cell (`azimuthDeg` null, or a beamwidth of 360° or more) gives a
 * circle of `steps` segments. The ring is closed and counter-clockwise (RFC 7946 and KML both ask for it).
 * Valid for radii up to a few hundred km, away from the poles.
 */
export function sectorPolygon(
  center: LonLat,
  azimuthDeg: number | null,
  beamwidthDeg: number,
  radiusM: number,
  steps = 32,
): GeoJSON.Polygon {
  checkArguments(center, azimuthDeg, beamwidthDeg, radiusM, steps);
  const position = (lonLat: LonLat): number[] => [lonLat[0], lonLat[1]];
  const ring: number[][] = [];
  if (azimuthDeg === null || beamwidthDeg >= 360) {
    // Decreasing bearings run counter-clockwise on a north-up map.
    for (let i = 0; i < steps; i++) ring.push(position(destinationPoint(center, 360 - (i * 360) / steps, radiusM)));
    ring.push([...ring[0]]);
    return { type: 'Polygon', coordinates: [ring] };
  }
  ring.push(position(center));
  const start = azimuthDeg + beamwidthDeg / 2;
  for (let i = 0; i <= steps; i++) ring.push(position(destinationPoint(center, start - (i * beamwidthDeg) / steps, radiusM)));
  ring.push(position(center));
  return { type: 'Polygon', coordinates: [ring] };
}

function checkArguments(center: LonLat, azimuthDeg: number | null, beamwidthDeg: number, radiusM: number, steps: number): void {
  const [lon, lat] = center;
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    throw new RangeError(`sectorPolygon: center must be [lon, lat] in range, got [${lon}, ${lat}]`);
  }
  if (azimuthDeg !== null && !Number.isFinite(azimuthDeg))
    throw new RangeError(`sectorPolygon: azimuthDeg must be finite or null, got ${azimuthDeg}`);
  if (!(beamwidthDeg > 0)) throw new RangeError(`sectorPolygon: beamwidthDeg must be > 0, got ${beamwidthDeg}`);
  if (!(radiusM > 0) || !Number.isFinite(radiusM)) throw new RangeError(`sectorPolygon: radiusM must be a positive number, got ${radiusM}`);
  const minSteps = azimuthDeg === null || beamwidthDeg >= 360 ? 3 : 1;
  if (!Number.isInteger(steps) || steps < minSteps || steps > 3600) {
    throw new RangeError(`sectorPolygon: steps must be an integer in [${minSteps}, 3600], got ${steps}`);
  }
}
