import type { Feature, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  distanceKm,
  localName,
  nameByPlace,
  placeOf,
  pointInPolygon,
  representativePoint,
  splitBilingualName,
} from '../../web/src/geo/place-names.ts';

describe('splitBilingualName', () => {
  it('splits "Chinese English" names and keeps one-script names for both', () => {
    expect(splitBilingualName('富强村 Fuqiang Village')).toEqual({ zh: '富强村', en: 'Fuqiang Village' });
    expect(splitBilingualName('让胡路城区 Ranghulu centre')).toEqual({ zh: '让胡路城区', en: 'Ranghulu centre' });
    expect(splitBilingualName('富强村')).toEqual({ zh: '富强村', en: '富强村' });
    expect(splitBilingualName('Lamadian')).toEqual({ zh: 'Lamadian', en: 'Lamadian' });
    // Mixed in the wrong order: not guessed at.
    expect(splitBilingualName('Block 3 富强村')).toEqual({ zh: 'Block 3 富强村', en: 'Block 3 富强村' });
    expect(localName('喇嘛甸镇 Lamadian Town', 'en')).toBe('Lamadian Town');
    expect(localName('喇嘛甸镇 Lamadian Town', 'zh-CN')).toBe('喇嘛甸镇');
  });
});

const square = (x0: number, y0: number, size: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x0 + size, y0],
      [x0 + size, y0 + size],
      [x0, y0 + size],
      [x0, y0],
    ],
  ],
});

describe('geometry helpers', () => {
  it('tells inside from outside, holes included', () => {
    const withHole: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 10).coordinates[0], square(4, 4, 2).coordinates[0]] };
    expect(pointInPolygon([1, 1], withHole)).toBe(true);
    expect(pointInPolygon([5, 5], withHole)).toBe(false);
    expect(pointInPolygon([11, 5], withHole)).toBe(false);
    expect(
      pointInPolygon([21, 1], { type: 'MultiPolygon', coordinates: [square(0, 0, 1).coordinates, square(20, 0, 2).coordinates] }),
    ).toBe(true);
  });

  it('measures great-circle distances', () => {
    // One degree of latitude is about 111.2 km.
    expect(distanceKm([124.6, 46.9], [124.6, 47.9])).toBeCloseTo(111.2, 0);
    expect(distanceKm([124.6, 46.9], [124.6, 46.9])).toBe(0);
  });

  it('takes the vertex mean of the outer ring as a polygon point', () => {
    expect(representativePoint(square(0, 0, 2))).toEqual([1, 1]);
    expect(representativePoint({ type: 'Point', coordinates: [3, 4] })).toEqual([3, 4]);
  });
});

describe('placeOf', () => {
  type P = { name: string; population: number };
  const village = (name: string, population: number, lonLat: [number, number]): Feature<Point, P> => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: lonLat },
    properties: { name, population },
  });
  const town: Feature<Polygon, P> = {
    type: 'Feature',
    geometry: square(124.6, 46.9, 0.2),
    properties: { name: '喇嘛甸镇 Lamadian Town', population: 23800 },
  };
  const gap = square(124.62, 46.92, 0.06);

  it('prefers the most populous village inside the gap', () => {
    const places = [
      town,
      village('胜利村 Shengli Village', 1480, [124.63, 46.93]),
      village('富强村 Fuqiang Village', 2350, [124.65, 46.95]),
    ];
    expect(placeOf(gap, [124.65, 46.95], places)).toEqual({ place: places[2].properties, near: false });
  });

  it('counts a settled area whose centre is inside the gap', () => {
    const estate: Feature<Polygon, P> = {
      type: 'Feature',
      geometry: square(124.64, 46.94, 0.01),
      properties: { name: '宏伟二村 Hongwei Er Cun', population: 9300 },
    };
    expect(placeOf(gap, [124.65, 46.95], [town, estate])?.place.name).toBe('宏伟二村 Hongwei Er Cun');
  });

  it('falls back to the area that contains the centroid, then to the nearest place', () => {
    expect(placeOf(gap, [124.65, 46.95], [town, village('远村', 100, [125.5, 47.5])])).toEqual({ place: town.properties, near: false });
    const nearby = village('近村', 100, [124.75, 46.95]);
    expect(placeOf(gap, [124.65, 46.95], [nearby])).toEqual({ place: nearby.properties, near: true });
    expect(placeOf(gap, [124.65, 46.95], [village('远村', 100, [125.5, 47.5])])).toBeNull();
  });
});

describe('nameByPlace', () => {
  it('names polygons in the UI language, says "near" when only close, and skips points', () => {
    const fuqiang: Feature<Point, { name: string; population: number }> = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [124.65, 46.95] },
      properties: { name: '富强村 Fuqiang Village', population: 2350 },
    };
    const items = [
      { id: 'gap-1', geometry: square(124.62, 46.92, 0.06), centroid: [124.65, 46.95] as [number, number] },
      { id: 'gap-2', geometry: square(124.7, 46.92, 0.02), centroid: [124.71, 46.93] as [number, number] },
      {
        id: 'hotspot-9',
        geometry: { type: 'Point', coordinates: [124.65, 46.95] } as Point,
        centroid: [124.65, 46.95] as [number, number],
      },
      { id: 'gap-3', geometry: square(125.5, 47.5, 0.01), centroid: [125.505, 47.505] as [number, number] },
    ];
    const names = nameByPlace(items, [fuqiang], 'en', (p) => `near ${p}`);
    expect([...names]).toEqual([
      ['gap-1', 'Fuqiang Village'],
      ['gap-2', 'near Fuqiang Village'],
    ]);
    expect(nameByPlace(items, [fuqiang], 'zh-CN', (p) => `${p}附近`).get('gap-1')).toBe('富强村');
  });
});
