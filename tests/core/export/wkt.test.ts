import { describe, expect, it } from 'vitest';
import { numberText, toWkt } from '../../../server/core/export/index.ts';

describe('toWkt', () => {
  it('writes each geometry type in x y (lon lat) order', () => {
    expect(toWkt({ type: 'Point', coordinates: [124.85, 46.65] })).toBe('POINT (124.85 46.65)');
    expect(
      toWkt({
        type: 'LineString',
        coordinates: [
          [1, 2],
          [3, 4],
        ],
      }),
    ).toBe('LINESTRING (1 2, 3 4)');
    expect(
      toWkt({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
          [
            [0.2, 0.1],
            [0.8, 0.1],
            [0.8, 0.7],
            [0.2, 0.1],
          ],
        ],
      }),
    ).toBe('POLYGON ((0 0, 1 0, 1 1, 0 0), (0.2 0.1, 0.8 0.1, 0.8 0.7, 0.2 0.1))');
    expect(
      toWkt({
        type: 'MultiPoint',
        coordinates: [
          [1, 2],
          [3, 4],
        ],
      }),
    ).toBe('MULTIPOINT ((1 2), (3 4))');
    expect(
      toWkt({
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ],
          ],
          [
            [
              [5, 5],
              [6, 5],
              [6, 6],
              [5, 5],
            ],
          ],
        ],
      }),
    ).toBe('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))');
    expect(toWkt({ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }] })).toBe(
      'GEOMETRYCOLLECTION (POINT (1 2))',
    );
    expect(toWkt({ type: 'MultiPolygon', coordinates: [] })).toBe('MULTIPOLYGON EMPTY');
    expect(toWkt(null)).toBe('');
  });

  it('never writes exponent notation', () => {
    expect(numberText(1e-7)).toBe('0.0000001');
    expect(numberText(-2.5e-8)).toBe('-0.000000025');
    expect(numberText(1e21)).toBe('1000000000000000000000');
    expect(toWkt({ type: 'Point', coordinates: [1e-7, 0] })).toBe('POINT (0.0000001 0)');
    expect(() => numberText(Number.NaN)).toThrow(/not a finite number/);
  });
});
