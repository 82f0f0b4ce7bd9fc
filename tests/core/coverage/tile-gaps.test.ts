import { describe, expect, it } from 'vitest';
import { type CoverageRaster, createCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { gapPolygons } from '../../../server/core/coverage/gap-polygons.ts';
import { prepareArea, type PreparedArea } from '../../../server/core/coverage/prepared-area.ts';
import { gapPolygonsByTiles, stitchTileGaps, tileBorderPx, traceTileGaps } from '../../../server/core/coverage/tile-gaps.ts';
import { areaWindowLayers } from '../../../server/core/coverage/tile-partials.ts';
import { pixelToLonLat } from '../../../server/core/geo/grid-lookup.ts';
import { tileWindows } from '../../../server/core/geo/tile-windows.ts';
import { seededRandom } from '../geo/fixtures.ts';
import { makeCell, offsetKm, squareArea } from './fixtures.ts';

const cell = makeCell();

/** A 10 km square at 100 m with scattered residents, cut into tiles of tileSizePx. */
function area(tileSizePx: number): PreparedArea {
  const inputs = squareArea(5, { resolutionM: 100 });
  const random = seededRandom(7);
  const settlements = Array.from({ length: 60 }, () => {
    const [lon, lat] = offsetKm(random() * 10 - 5, random() * 10 - 5);
    return { population: Math.round(random() * 5000), geometry: { type: 'Point' as const, coordinates: [lon, lat] } };
  });
  return prepareArea({ ...inputs, settlements }, { tileSizePx });
}

/** A raster covered (at -60 dBm) everywhere inside except where `uncovered` says. */
function raster(prepared: PreparedArea, uncovered: (col: number, row: number) => boolean, levelDbm = -60): CoverageRaster {
  const out = createCoverageRaster(prepared, [cell], 'GSM');
  const { width } = prepared.grid;
  for (let i = 0; i < out.bestCell.length; i++) {
    if (!prepared.mask[i] || uncovered(i % width, Math.floor(i / width))) continue;
    out.bestCell[i] = 0;
    out.levelDbm[i] = levelDbm;
  }
  return out;
}

/** Random blobs: a smoothed noise field cut at a level, so components of every shape and size (holes, saddles). */
function blobs(prepared: PreparedArea, seed: number, cut: number) {
  const { width, height } = prepared.grid;
  const random = seededRandom(seed);
  const noise = Float64Array.from({ length: width * height }, () => random());
  const smooth = new Float64Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let sum = 0;
      let n = 0;
      for (let dr = -2; dr <= 2; dr++)
        for (let dc = -2; dc <= 2; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr < 0 || cc < 0 || rr >= height || cc >= width) continue;
          sum += noise[rr * width + cc];
          n++;
        }
      smooth[r * width + c] = sum / n;
    }
  }
  return (c: number, r: number) => smooth[r * width + c] < cut;
}

function reports(prepared: PreparedArea, seed: number) {
  const random = seededRandom(seed);
  return Array.from({ length: 300 }, (_, k) => {
    const [lon, lat] = pixelToLonLat(
      prepared.grid,
      Math.floor(random() * prepared.grid.width),
      Math.floor(random() * prepared.grid.height),
    );
    return { lon, lat, technology: 'GSM' as const, weight: 1 + (k % 3), radiusM: k % 4 === 0 ? 450 : null };
  });
}

describe('gap polygons traced per tile and stitched', () => {
  it.each([7, 16, 33, 256])('equal gapPolygons on random blobs with tiles of %i px (rings, holes, people, reports, filter)', (size) => {
    const prepared = area(size);
    for (const [seed, cut] of [
      [1, 0.47],
      [2, 0.5],
      [3, 0.53],
    ]) {
      const r = raster(prepared, blobs(prepared, seed, cut));
      const options = { reports: reports(prepared, seed), simplifyToleranceM: 50 };
      const whole = gapPolygons(prepared, r, options);
      expect(whole.features.length).toBeGreaterThan(2);
      expect(gapPolygonsByTiles(prepared, [r], options)).toEqual(whole);
      for (const minGapAreaKm2 of [0, 0.2]) {
        const exact = { ...options, simplifyToleranceM: 0, minGapAreaKm2 };
        expect(gapPolygonsByTiles(prepared, [r], exact)).toEqual(gapPolygons(prepared, r, exact));
      }
    }
  });

  it('equals gapPolygons indoors (threshold + penetration loss)', () => {
    const prepared = area(16);
    // Weak signal in a band: covered outdoors, not indoors.
    const r = raster(prepared, blobs(prepared, 4, 0.5), prepared.settings.thresholdsDbm.GSM + 1);
    const indoor = gapPolygons(prepared, r, { indoor: true });
    expect(indoor.features.length).toBeGreaterThan(0);
    expect(gapPolygonsByTiles(prepared, [r], { indoor: true })).toEqual(indoor);
  });

  it('joins a component across a tile corner, a ring with a hole over four tiles, and pixels touching only diagonally at a corner', () => {
    const prepared = area(16);
    const shapes = (c: number, r: number) => {
      // A square around the corner (32, 32) of four tiles.
      if (c >= 28 && c < 36 && r >= 28 && r < 36) return true;
      // An annulus centred on the tile corner (16, 48): outer 10 px, hole 4 px.
      const d = Math.max(Math.abs(c - 15.5), Math.abs(r - 47.5));
      if (d < 10 && d >= 4) return true;
      // Two pixels meeting only at the corner (64, 16) of four tiles, diagonally; and their mirror at (80, 16).
      if ((c === 63 && r === 15) || (c === 64 && r === 16)) return true;
      if ((c === 80 && r === 15) || (c === 79 && r === 16)) return true;
      return false;
    };
    const r = raster(prepared, shapes);
    const options = { minGapAreaKm2: 0 };
    const whole = gapPolygons(prepared, r, options);
    // The annulus, the square, and each diagonal pair as one gap (8-connected).
    expect(whole.features.map((f) => Math.round(f.properties.areaKm2 / prepared.pixelAreaKm2))).toEqual([20 * 20 - 8 * 8, 64, 2, 2]);
    expect(whole.features[0].geometry.type).toBe('Polygon');
    expect((whole.features[0].geometry as GeoJSON.Polygon).coordinates).toHaveLength(2);
    expect(gapPolygonsByTiles(prepared, [r], options)).toEqual(whole);
  });

  it('stitches tiles given in any order and refuses a missing tile or a missing neighbour border', () => {
    const prepared = area(16);
    const r = raster(prepared, blobs(prepared, 5, 0.5));
    const windows = tileWindows(prepared.grid, prepared.tileSizePx);
    const selectedOf = (w: (typeof windows)[number]) => {
      const s = new Uint8Array(w.width * w.height);
      for (let y = 0; y < w.height; y++)
        for (let x = 0; x < w.width; x++) {
          const i = (w.row0 + y) * prepared.grid.width + w.col0 + x;
          s[y * w.width + x] = prepared.mask[i] && r.bestCell[i] < 0 ? 1 : 0;
        }
      return s;
    };
    const borders = new Map(windows.map((w) => [`${w.col0},${w.row0}`, tileBorderPx(w, selectedOf(w))]));
    const trace = (w: (typeof windows)[number], withNeighbours: boolean) => {
      const b = (c: number, y: number) => (withNeighbours ? (borders.get(`${c},${y}`) ?? null) : null);
      return traceTileGaps({
        window: w,
        gridWidthPx: prepared.grid.width,
        selected: selectedOf(w),
        neighbours: {
          n: b(w.col0, w.row0 - 16),
          s: b(w.col0, w.row0 + w.height),
          w: b(w.col0 - 16, w.row0),
          e: b(w.col0 + w.width, w.row0),
          nw: b(w.col0 - 16, w.row0 - 16),
          ne: b(w.col0 + w.width, w.row0 - 16),
          sw: b(w.col0 - 16, w.row0 + w.height),
          se: b(w.col0 + w.width, w.row0 + w.height),
        },
        population: areaWindowLayers(prepared, w),
        reports: [],
      });
    };
    const tiles = windows.map((w) => trace(w, true));
    // Any non-zero flag marks a gap pixel.
    const flags255 = traceTileGaps({
      window: windows[12],
      gridWidthPx: prepared.grid.width,
      selected: selectedOf(windows[12]).map((v) => v * 255),
      neighbours: {
        n: borders.get(`${windows[12].col0},${windows[12].row0 - 16}`) ?? null,
        s: borders.get(`${windows[12].col0},${windows[12].row0 + 16}`) ?? null,
        w: borders.get(`${windows[12].col0 - 16},${windows[12].row0}`) ?? null,
        e: borders.get(`${windows[12].col0 + 16},${windows[12].row0}`) ?? null,
        nw: borders.get(`${windows[12].col0 - 16},${windows[12].row0 - 16}`) ?? null,
        ne: borders.get(`${windows[12].col0 + 16},${windows[12].row0 - 16}`) ?? null,
        sw: borders.get(`${windows[12].col0 - 16},${windows[12].row0 + 16}`) ?? null,
        se: borders.get(`${windows[12].col0 + 16},${windows[12].row0 + 16}`) ?? null,
      },
      population: areaWindowLayers(prepared, windows[12]),
      reports: [],
    });
    expect(tiles[12].fragments.length).toBeGreaterThan(0);
    expect(flags255).toEqual(tiles[12]);
    const random = seededRandom(9);
    const shuffled = tiles
      .map((t) => ({ t, k: random() }))
      .sort((a, b) => a.k - b.k)
      .map(({ t }) => t);
    const expected = gapPolygons(prepared, r);
    expect(stitchTileGaps(prepared, shuffled)).toEqual(expected);
    expect(() => stitchTileGaps(prepared, tiles.slice(1))).toThrow(/tiles: .* given, the area has/);
    // A tile traced without its neighbours' borders: its outlines do not meet theirs.
    const blind = tiles.map((t, k) => (k === 10 ? trace(windows[k], false) : t));
    expect(() => stitchTileGaps(prepared, blind)).toThrow();
  });
});
