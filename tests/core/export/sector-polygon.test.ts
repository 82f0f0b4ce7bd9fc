import { describe, expect, it } from 'vitest';
import { bearing, distance, point } from '@turf/turf';
import { destinationPoint, sectorPolygon } from '../../../server/core/export/index.ts';
import type { LonLat } from '../../../server/core/model.ts';

const SITE: LonLat = [124.85, 46.65];
const R = 6_371_008.8;

/** Twice the signed planar area of a ring in lon/lat: positive = counter-clockwise. */
function signedArea2(ring: number[][]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s;
}
const metres = (a: number[], b: number[]) => distance(point(a), point(b), { units: 'meters' });

describe('destinationPoint', () => {
  it('moves due north by distance / R radians of latitude', () => {
    const [lon, lat] = destinationPoint(SITE, 0, 1000);
    expect(lon).toBeCloseTo(SITE[0], 12);
    expect(lat).toBeCloseTo(SITE[1] + (1000 / R) * (180 / Math.PI), 10);
  });
  it('moves due east by about distance / (R cos lat) of longitude', () => {
    const [lon, lat] = destinationPoint(SITE, 90, 1000);
    expect(lon - SITE[0]).toBeCloseTo((1000 / (R * Math.cos((SITE[1] * Math.PI) / 180))) * (180 / Math.PI), 8);
    expect(lat).toBeCloseTo(SITE[1], 5);
  });
  it('wraps across the antimeridian', () => {
    expect(destinationPoint([179.999, 0], 90, 1000)[0]).toBeLessThan(-179.99);
  });
});

describe('sectorPolygon', () => {
  it('draws a wedge: centre, arc from azimuth + bw/2 down to azimuth - bw/2 at the radius, centre', () => {
    const polygon = sectorPolygon(SITE, 120, 60, 1500, 6);
    const ring = polygon.coordinates[0];
    expect(polygon.type).toBe('Polygon');
    expect(ring).toHaveLength(1 + 7 + 1);
    expect(ring[0]).toEqual([...SITE]);
    expect(ring[ring.length - 1]).toEqual([...SITE]);
    const arc = ring.slice(1, -1);
    arc.forEach((p, i) => {
      expect(metres(SITE, p)).toBeCloseTo(1500, 2);
      expect(bearing(point(SITE), point(p))).toBeCloseTo(150 - i * 10, 6);
    });
    expect(signedArea2(ring)).toBeGreaterThan(0);
  });

  it('wraps the arc through north (azimuth 0)', () => {
    const arc = sectorPolygon(SITE, 0, 90, 500, 2).coordinates[0].slice(1, -1);
    expect(arc.map((p) => bearing(point(SITE), point(p)))).toEqual([expect.closeTo(45, 6), expect.closeTo(0, 6), expect.closeTo(-45, 6)]);
  });

  it('draws an omni cell (azimuth null or beamwidth >= 360) as a closed counter-clockwise circle', () => {
    for (const polygon of [sectorPolygon(SITE, null, 65, 2000, 36), sectorPolygon(SITE, 90, 360, 2000, 36)]) {
      const ring = polygon.coordinates[0];
      expect(ring).toHaveLength(37);
      expect(ring[36]).toEqual(ring[0]);
      for (const p of ring) expect(metres(SITE, p)).toBeCloseTo(2000, 2);
      expect(signedArea2(ring)).toBeGreaterThan(0);
    }
  });

  it('rejects bad arguments, quoting the value', () => {
    expect(() => sectorPolygon(SITE, 0, 65, 0)).toThrow(/radiusM must be a positive number, got 0/);
    expect(() => sectorPolygon(SITE, Number.NaN, 65, 100)).toThrow(/azimuthDeg must be finite or null, got NaN/);
    expect(() => sectorPolygon(SITE, 0, 0, 100)).toThrow(/beamwidthDeg must be > 0, got 0/);
    expect(() => sectorPolygon(SITE, null, 65, 100, 2)).toThrow(/steps must be an integer in \[3, 3600\], got 2/);
    expect(() => sectorPolygon([200, 0], 0, 65, 100)).toThrow(/center must be \[lon, lat\] in range, got \[200, 0\]/);
  });
});
