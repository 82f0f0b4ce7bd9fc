import { describe, expect, it } from 'vitest';
import { cellThresholds, type CoverageTechnology, prepareCells } from '../../../server/core/coverage/cell-table.ts';
import {
  coverageFigures,
  type CoverageReport,
  pixelCovered,
  reportWeightsByPixel,
} from '../../../server/core/coverage/coverage-figures.ts';
import { computeCoverageRaster, createCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { gapPolygons } from '../../../server/core/coverage/gap-polygons.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { gapPolygonsByTiles } from '../../../server/core/coverage/tile-gaps.ts';
import { computeTile } from '../../../server/core/coverage/tile-kernel.ts';
import {
  areaWindowLayers,
  rasterTilePartials,
  reportWeightsByTile,
  sumTilePartials,
  tileKey,
  tilePartial,
  tileResultCoverage,
} from '../../../server/core/coverage/tile-partials.ts';
import type { TileResult } from '../../../server/core/coverage/tile-result.ts';
import { pixelToLonLat } from '../../../server/core/geo/grid-lookup.ts';
import { tileWindows } from '../../../server/core/geo/tile-windows.ts';
import { seededRandom } from '../geo/fixtures.ts';
import { discLattice } from './disc-lattice.ts';
import { makeCell, offsetKm, squareArea } from './fixtures.ts';
import { randomScenario } from './random-scenario.ts';

describe('figures summed from per-tile partials', () => {
  // A mixed GSM/CDMA network with residents and reports (some placed from an address), tiles of 64 px.
  const { inputs, cells } = randomScenario(11, 6, 14, 50);
  const random = seededRandom(12);
  for (let k = 0; k < 40; k++) {
    const [lon, lat] = offsetKm(random() * 12 - 6, random() * 12 - 6);
    inputs.settlements.push({ population: Math.round(random() * 3000) + 0.37, geometry: { type: 'Point', coordinates: [lon, lat] } });
  }
  const prepared = prepareArea(inputs, { tileSizePx: 64 });
  const reports: CoverageReport[] = Array.from({ length: 200 }, (_, k) => {
    const [lon, lat] = pixelToLonLat(
      prepared.grid,
      Math.floor(random() * prepared.grid.width),
      Math.floor(random() * prepared.grid.height),
    );
    return {
      lon,
      lat,
      technology: (['GSM', 'CDMA', 'unknown'] as const)[k % 3],
      weight: 1 + (k % 4) / 3,
      radiusM: k % 5 === 0 ? 400 : null,
    };
  });

  /** The kernel's own tile results of a run (no raster). */
  function kernelTiles(technology: CoverageTechnology): TileResult[] {
    const prepCells = prepareCells(prepared, cells, technology);
    return tileWindows(prepared.grid, prepared.tileSizePx).map((window) => computeTile(prepared, prepCells, window)!);
  }

  /** Partials of kernel tiles; several runs' tiles of the same window are combined (the "any network" coverage). */
  function partialsOf(technology: CoverageTechnology, runs: { tiles: TileResult[]; technology: CoverageTechnology }[]) {
    const weights = reportWeightsByTile(prepared.grid, prepared.tileSizePx, reportWeightsByPixel(prepared, technology, reports));
    return runs[0].tiles.map((tile, k) =>
      tilePartial({
        window: tile.window,
        coverages: runs.map((run) => tileResultCoverage(run.tiles[k], cellThresholds(prepared, cells, run.technology))),
        area: areaWindowLayers(prepared, tile.window),
        reports: weights.get(tileKey(tile.window)) ?? [],
        indoorPenetrationLossDb: prepared.settings.indoorPenetrationLossDb,
      }),
    );
  }

  it.each(['GSM', 'CDMA', 'any'] as const)(
    '%s: the kernel tiles summed give the service figures, bit for bit, outdoors and indoors',
    (technology) => {
      const raster = computeCoverageRaster(prepared, cells, technology);
      const partials = partialsOf(technology, [{ tiles: kernelTiles(technology), technology }]);
      for (const indoor of [false, true]) {
        const expected = coverageFigures(prepared, raster, { indoor, reports });
        expect(sumTilePartials(prepared, technology, indoor, partials)).toEqual(expected);
        // Against a plain count over the whole raster: pixels exactly, sums to rounding.
        const extra = indoor ? prepared.settings.indoorPenetrationLossDb : 0;
        let covered = 0;
        let people = 0;
        let coveredPeople = 0;
        for (let i = 0; i < prepared.mask.length; i++) {
          if (!prepared.mask[i]) continue;
          people += prepared.population[i];
          if (!pixelCovered(raster, i, extra)) continue;
          covered++;
          coveredPeople += prepared.population[i];
        }
        expect(expected.coveredKm2).toBe(covered * prepared.pixelAreaKm2);
        expect(expected.coveredKm2).toBeGreaterThan(0);
        expect(expected.coveredKm2).toBeLessThan(expected.areaKm2);
        expect(expected.population).toBeCloseTo(people, 6);
        expect(expected.coveredPopulation).toBeCloseTo(coveredPeople, 6);
        expect(expected.reportsTotal).toBeGreaterThan(0);
      }
    },
  );

  it('any network: GSM and CDMA tiles of the same window combined give the figures of the "any" run', () => {
    const combined = partialsOf('any', [
      { tiles: kernelTiles('GSM'), technology: 'GSM' },
      { tiles: kernelTiles('CDMA'), technology: 'CDMA' },
    ]);
    const anyRaster = computeCoverageRaster(prepared, cells, 'any');
    for (const indoor of [false, true])
      expect(sumTilePartials(prepared, 'any', indoor, combined)).toEqual(coverageFigures(prepared, anyRaster, { indoor, reports }));
  });

  it('sums in tile order whatever the order given; refuses a missing or repeated tile', () => {
    const partials = partialsOf('GSM', [{ tiles: kernelTiles('GSM'), technology: 'GSM' }]);
    const reversed = [...partials].reverse();
    expect(sumTilePartials(prepared, 'GSM', false, reversed)).toEqual(sumTilePartials(prepared, 'GSM', false, partials));
    expect(() => sumTilePartials(prepared, 'GSM', false, partials.slice(1))).toThrow(/a tile is missing/);
    expect(() => sumTilePartials(prepared, 'GSM', false, [...partials, partials[3]])).toThrow(
      `tile ${tileKey(partials[3].window)} is given twice`,
    );
  });
});

describe('a lattice of non-overlapping omni discs (closed form)', () => {
  // Discs of 1.8 km on a 5 km lattice over a 60 km square at 100 m, tiles of 128 px (see discLattice for the bound).
  const RES_M = 100;
  const prepared = prepareArea(squareArea(30, { resolutionM: RES_M }), { tileSizePx: 128 });
  const { grid } = prepared;
  const { centres, tiles, expectedFraction, boundFraction } = discLattice(prepared, 1800, 5000);
  const thresholds = Float64Array.of(prepared.settings.thresholdsDbm.GSM);
  const partials = tiles.map((tile) =>
    tilePartial({
      window: tile.window,
      coverages: [tileResultCoverage(tile, thresholds)],
      area: areaWindowLayers(prepared, tile.window),
      reports: [],
      indoorPenetrationLossDb: prepared.settings.indoorPenetrationLossDb,
    }),
  );

  it('covers N·π·r²/A within the pixelisation bound, and leaves one gap with a hole per disc', () => {
    expect(centres.length).toBeGreaterThanOrEqual(100);
    const figures = sumTilePartials(prepared, 'GSM', false, partials);
    const fraction = figures.coveredKm2 / figures.areaKm2;
    expect(expectedFraction).toBeGreaterThan(0.3);
    expect(Math.abs(fraction - expectedFraction)).toBeLessThanOrEqual(boundFraction);
    // The bound is that of any placement of the discs on the pixels; it is not slack by orders of magnitude.
    expect(boundFraction).toBeLessThan(0.1 * expectedFraction);
    expect(figures.coveragePct).toBeCloseTo(100 * fraction, 10);
    // Same raster assembled whole: the same figures, and the stitched gap equals the whole-raster one.
    const raster = createCoverageRaster(prepared, [makeCell()], 'GSM');
    for (const tile of tiles) {
      for (let r = 0; r < tile.window.height; r++) {
        const to = (tile.window.row0 + r) * grid.width + tile.window.col0;
        raster.bestCell.set(tile.bestCell.subarray(r * tile.window.width, (r + 1) * tile.window.width), to);
        raster.levelDbm.set(tile.levelDbm.subarray(r * tile.window.width, (r + 1) * tile.window.width), to);
      }
    }
    expect(coverageFigures(prepared, raster)).toEqual(figures);
    expect(sumTilePartials(prepared, 'GSM', false, rasterTilePartials(prepared, [raster], new Map()))).toEqual(figures);
    const gaps = gapPolygonsByTiles(prepared, [raster], { minGapAreaKm2: 0 });
    expect(gaps).toEqual(gapPolygons(prepared, raster, { minGapAreaKm2: 0 }));
    expect(gaps.features).toHaveLength(1);
    expect((gaps.features[0].geometry as GeoJSON.Polygon).coordinates).toHaveLength(1 + centres.length);
    expect(gaps.features[0].properties.areaKm2).toBeCloseTo(figures.areaKm2 - figures.coveredKm2, 9);
  });
});
