import { describe, expect, it } from 'vitest';
import { destinationPoint, sectorPolygon } from '../../web/src/geo/sector-polygon.ts';

const CENTER: [number, number] = [124.87, 46.65];
const R = 6_371_008.8;

/** Great-circle distance (haversine), metres: an independent check of the destination formula. */
function haversineM([lon1, lat1]: number[], [lon2, lat2]: number[]): number {
  const toRad = (d: number) => (d * Math.PI) / 180;
  const a = Math.sin(toRad(lat2 - lat1) / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(toRad(lon2 - lon1) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(a));
}

/** Initial bearing from a to b, degrees in [0, 360). */
function bearingDeg([lon1, lat1]: number[], [lon2, lat2]: number[]): number {
  const toRad = (d: number) => (d * Math.PI) / 180;
  const y = Math.sin(toRad(lon2 - lon1)) * Math.cos(toRad(lat2));
  const x = Math.cos(toRad(lat1)) * Math.sin(toRad(lat2)) - Math.sin(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.cos(toRad(lon2 - lon1));
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

/** Twice the signed area in degree units: positive for a counter-clockwise ring. */
function signedArea(ring: number[][]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s;
}

const angleDiff = (a: number, b: number) => Math.abs(((a - b + 540) % 360) - 180);

describe('destinationPoint', () => {
  it('goes 1 km due north by 1000 / (R * pi / 180) degrees of latitude', () => {
    const [lon, lat] = destinationPoint(CENTER, 0, 1000);
    expect(lon).toBeCloseTo(CENTER[0], 10);
    expect(lat - CENTER[1]).toBeCloseTo(1000 / ((R * Math.PI) / 180), 9);
  });

  it('lands at the requested distance and bearing', () => {
    for (const bearing of [0, 45, 90, 135, 200, 315]) {
      const p = destinationPoint(CENTER, bearing, 2500);
      expect(haversineM(CENTER, p)).toBeCloseTo(2500, 3);
      expect(angleDiff(bearingDeg(CENTER, p), bearing)).toBeLessThan(1e-6);
    }
  });

  it('wraps longitude across the antimeridian', () => {
    const [lon] = destinationPoint([179.999, 0], 90, 1000);
    expect(lon).toBeLessThan(-179.99);
  });
});

describe('sectorPolygon', () => {
  it('draws a closed counter-clockwise wedge around the azimuth', () => {
    const poly = sectorPolygon(CENTER, 120, 65, 400);
    const ring = poly.coordinates[0];
    expect(poly.type).toBe('Polygon');
    expect(ring[0]).toEqual(CENTER);
    expect(ring.at(-1)).toEqual(CENTER);
    expect(signedArea(ring)).toBeGreaterThan(0);
    const arc = ring.slice(1, -1);
    for (const p of arc) {
      expect(haversineM(CENTER, p)).toBeCloseTo(400, 3);
      expect(angleDiff(bearingDeg(CENTER, p), 120)).toBeLessThanOrEqual(32.5 + 1e-6);
    }
    expect(angleDiff(bearingDeg(CENTER, arc[0]), 120 + 32.5)).toBeLessThan(1e-6);
    expect(angleDiff(bearingDeg(CENTER, arc.at(-1)!), 120 - 32.5)).toBeLessThan(1e-6);
  });

  it('keeps arc vertices at most 5 degrees apart', () => {
    const arc = sectorPolygon(CENTER, 0, 65, 400).coordinates[0].slice(1, -1);
    expect(arc.length).toBe(14); // 13 steps of 5 degrees
    for (let i = 1; i < arc.length; i++) {
      expect(angleDiff(bearingDeg(CENTER, arc[i - 1]), bearingDeg(CENTER, arc[i]))).toBeLessThanOrEqual(5 + 1e-6);
    }
  });

  it('handles azimuths whose beam crosses north', () => {
    const arc = sectorPolygon(CENTER, 350, 65, 300).coordinates[0].slice(1, -1);
    const bearings = arc.map((p) => bearingDeg(CENTER, p));
    expect(bearings.some((b) => b < 30)).toBe(true);
    expect(bearings.some((b) => b > 320)).toBe(true);
    for (const b of bearings) expect(angleDiff(b, 350)).toBeLessThanOrEqual(32.5 + 1e-6);
  });

  it('draws omni cells as a closed counter-clockwise circle', () => {
    for (const poly of [sectorPolygon(CENTER, null, 65, 500), sectorPolygon(CENTER, 90, 360, 500)]) {
      const ring = poly.coordinates[0];
      expect(ring.length).toBe(65);
      expect(ring[0]).toEqual(ring.at(-1));
      expect(signedArea(ring)).toBeGreaterThan(0);
      for (const p of ring) expect(haversineM(CENTER, p)).toBeCloseTo(500, 3);
      expect(ring).not.toContainEqual(CENTER);
    }
  });

  it('rejects input it cannot draw, quoting the value', () => {
    expect(() => sectorPolygon(CENTER, 0, 65, 0)).toThrow(/radiusM .* got 0/);
    expect(() => sectorPolygon(CENTER, 0, 65, Number.NaN)).toThrow(/radiusM/);
    expect(() => sectorPolygon(CENTER, 0, 0, 100)).toThrow(/beamwidthDeg .* got 0/);
    expect(() => sectorPolygon(CENTER, Number.NaN, 65, 100)).toThrow(/azimuthDeg/);
    expect(() => sectorPolygon([124, 95], 0, 65, 100)).toThrow(/\[124, 95\]/);
  });
});
