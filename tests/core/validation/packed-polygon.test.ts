import { describe, expect, it } from 'vitest';
import { polygonIssues } from '../../../server/core/validation/geometry.ts';
import { packPolygon, packedVertexCount, unpackPolygon } from '../../../server/core/validation/packed-polygon.ts';
import { crossedStarPolygon, starPolygon } from '../../helpers/polygons.ts';

const square = (x: number, y: number, d: number): GeoJSON.Position[] => [
  [x, y],
  [x + d, y],
  [x + d, y + d],
  [x, y + d],
  [x, y],
];

describe('packPolygon / unpackPolygon', () => {
  it('round-trips polygons and multipolygons with holes', () => {
    const polygon: GeoJSON.Polygon = { type: 'Polygon', coordinates: [square(0, 0, 10), square(2, 2, 1)] };
    const multi: GeoJSON.MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(0, 0, 10), square(2, 2, 1)], [square(20, 20, 1)]] };
    for (const g of [polygon, multi]) {
      const packed = packPolygon(g)!;
      expect(unpackPolygon(packed)).toEqual(g);
      expect(packedVertexCount(packed)).toBe(g.type === 'Polygon' ? 10 : 15);
    }
    expect(packPolygon(multi)).toMatchObject({ ringSizes: Uint32Array.from([5, 5, 5]), polygonSizes: Uint32Array.from([2, 1]) });
  });

  it('drops heights and keeps out-of-range values as they are', () => {
    const g = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0, 5],
          [200, 0, 5],
          [1, 1, 5],
          [0, 0, 5],
        ],
      ],
    };
    expect(unpackPolygon(packPolygon(g)!)).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [200, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    });
  });

  it('gives null for anything but arrays of numeric positions', () => {
    for (const bad of [
      null,
      'x',
      { type: 'Point', coordinates: [1, 2] },
      { type: 'Polygon' },
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 'a'],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      { type: 'Polygon', coordinates: [[[0], [1, 0], [1, 1], [0]]] },
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0, 0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      { type: 'Polygon', coordinates: [5] },
      { type: 'MultiPolygon', coordinates: [[5]] },
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0, 'x'],
          ],
        ],
      },
    ])
      expect(packPolygon(bad), JSON.stringify(bad)).toBeNull();
  });

  it('keeps every verdict of polygonIssues (empty structures, unclosed rings, ranges, crossings)', () => {
    const cases: unknown[] = [
      { type: 'Polygon', coordinates: [] },
      { type: 'MultiPolygon', coordinates: [] },
      { type: 'Polygon', coordinates: [[]] },
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      },
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      },
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [181, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [1, 0],
            [0, 1],
            [0, 0],
          ],
        ],
      },
      { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(0.5, 0.5, 1)]] },
      { type: 'Polygon', coordinates: [square(-170, 0, 355)] },
      starPolygon([124.85, 46.65], 0.04, 300),
      crossedStarPolygon([124.85, 46.65], 0.04, 300),
    ];
    for (const g of cases)
      expect(polygonIssues(unpackPolygon(packPolygon(g)!), 'boundary'), JSON.stringify(g).slice(0, 80)).toEqual(
        polygonIssues(g, 'boundary'),
      );
  });
});
