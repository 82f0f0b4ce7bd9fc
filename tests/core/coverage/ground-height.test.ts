import { describe, expect, it } from 'vitest';
import { pixelCentreX, pixelCentreY } from '../../../server/core/geo/area-grid.ts';
import type { ElevationGrid } from '../../../server/core/geo/elevation/elevation-grid.ts';
import { buildAreaDem } from '../../../server/core/geo/elevation/area-dem.ts';
import { utmProjection } from '../../../server/core/geo/utm-projection.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { hillshadeAt } from '../../../server/core/coverage/render-terrain-tile.ts';
import { resolveAreaSettings } from '../../../server/core/model.ts';

const boundary: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [124.8, 46.6],
      [124.85, 46.6],
      [124.85, 46.64],
      [124.8, 46.64],
      [124.8, 46.6],
    ],
  ],
};
const settings = resolveAreaSettings({ resolutionM: 100 });

/** A plane in the metres of `epsg`, sampled at cell centres: bilinear resampling must return it exactly. */
function planeIn(epsg: number, plane: (x: number, y: number) => number): ElevationGrid {
  const utm = utmProjection(epsg);
  const [w, s] = utm.forward([124.78, 46.58]);
  const [e, n] = utm.forward([124.87, 46.66]);
  const cell = 90;
  const originX = Math.floor(Math.min(w, e) / cell) * cell - 2 * cell;
  const originY = Math.ceil(Math.max(n, s) / cell) * cell + 2 * cell;
  const width = Math.ceil((Math.max(w, e) - originX) / cell) + 4;
  const height = Math.ceil((originY - Math.min(n, s)) / cell) + 4;
  const heightsM = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) heightsM[r * width + c] = plane(originX + (c + 0.5) * cell, originY - (r + 0.5) * cell);
  }
  return { epsg, originX, originY, cellSizeX: cell, cellSizeY: cell, width, height, heightsM };
}

describe('ground height of a prepared area', () => {
  it('is null without a DEM', () => {
    expect(prepareArea({ boundary, settings, clutter: [], settlements: [] }).groundHeightM).toBeNull();
  });

  it('reproduces a plane given in the area zone and in the next zone, at every pixel centre', () => {
    for (const epsg of [32651, 32652]) {
      const plane = (x: number, y: number) => 150 + 0.001 * (x - 600_000) - 0.0005 * (y - 5_160_000);
      const dem = planeIn(epsg, plane);
      const { grid: stored, summary } = buildAreaDem([{ name: 'plane.asc', format: 'ascii-grid', grid: dem }], boundary, 100);
      expect(summary.coveredPercent).toBe(100);
      const prepared = prepareArea({ boundary, settings, clutter: [], settlements: [], elevation: stored });
      const ground = prepared.groundHeightM;
      if (!ground) throw new Error('no ground height');
      expect(ground.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(ground.length).toBe(prepared.grid.width * prepared.grid.height);
      const from = utmProjection(prepared.grid.epsg);
      const to = utmProjection(epsg);
      let worst = 0;
      for (let row = 0; row < prepared.grid.height; row += 3) {
        for (let col = 0; col < prepared.grid.width; col += 3) {
          const [x, y] = to.forward(from.inverse([pixelCentreX(prepared.grid, col), pixelCentreY(prepared.grid, row)]));
          worst = Math.max(worst, Math.abs(ground[row * prepared.grid.width + col] - plane(x, y)));
        }
      }
      // Float32 heights near 150 m hold about 1e-5 m; the transform lattice adds well under a millimetre.
      expect(worst).toBeLessThan(2e-3);
    }
  });
});

describe('hillshade', () => {
  const prepared = prepareArea({ boundary, settings, clutter: [], settlements: [] });
  const { width, height } = prepared.grid;
  const ground = (f: (col: number, row: number) => number) => {
    const g = new Float32Array(width * height);
    for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) g[r * width + c] = f(c, r);
    return g;
  };

  it('is sin(altitude) on flat ground, brighter facing the north-west light, darker facing away', () => {
    expect(
      hillshadeAt(
        prepared,
        ground(() => 150),
        5,
        5,
      ),
    ).toBeCloseTo(Math.SQRT1_2, 12);
    // Rising to the south-east by 1 m per 100 m pixel (×8 relief): its face looks north-west.
    const facing = hillshadeAt(
      prepared,
      ground((c, r) => 150 + (c + r) / Math.SQRT2),
      5,
      5,
    );
    const away = hillshadeAt(
      prepared,
      ground((c, r) => 150 - (c + r) / Math.SQRT2),
      5,
      5,
    );
    const slope = Math.atan(0.08);
    expect(facing).toBeCloseTo(Math.SQRT1_2 * Math.cos(slope) + Math.SQRT1_2 * Math.sin(slope), 6);
    expect(away).toBeCloseTo(Math.SQRT1_2 * Math.cos(slope) - Math.SQRT1_2 * Math.sin(slope), 6);
    // A slope across the light's direction shades like flat ground tilted: no brighter, no darker side.
    const across = hillshadeAt(
      prepared,
      ground((c, r) => 150 + (c - r) / Math.SQRT2),
      5,
      5,
    );
    expect(across).toBeCloseTo(Math.SQRT1_2 * Math.cos(slope), 6);
  });
});
