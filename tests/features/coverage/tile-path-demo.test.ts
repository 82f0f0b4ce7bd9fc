import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellThresholds, type CoverageTechnology, prepareCells } from '../../../server/core/coverage/cell-table.ts';
import { type CoverageReport, reportWeightsByPixel } from '../../../server/core/coverage/coverage-figures.ts';
import { gapPolygonsByTiles } from '../../../server/core/coverage/tile-gaps.ts';
import { computeTile } from '../../../server/core/coverage/tile-kernel.ts';
import {
  areaWindowLayers,
  reportWeightsByTile,
  sumTilePartials,
  type TileCoverageView,
  tileKey,
  tilePartial,
  tileResultCoverage,
} from '../../../server/core/coverage/tile-partials.ts';
import type { TileResult } from '../../../server/core/coverage/tile-result.ts';
import { tileWindows } from '../../../server/core/geo/tile-windows.ts';
import { type Area, findArea } from '../../../server/features/areas/repository.ts';
import type { CoverageRun } from '../../../server/features/coverage/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';

/**
 * The Ranghulu demo by the tile path: figures summed from the kernel's own tile results (no raster)
 * and gap polygons traced per tile and stitched equal what the service answers from whole rasters.
 */
describe.each(TEST_DATABASES)('the Ranghulu demo from tiles on $name', (target) => {
  let test: TestApp;
  let area: Area;
  let reports: CoverageReport[];
  const runs = new Map<CoverageTechnology, CoverageRun>();
  const tiles = new Map<'GSM' | 'CDMA', TileResult[]>();
  beforeAll(async () => {
    test = await buildTestApp(target, { seedDemo: true });
    area = (await findArea(test.app.db, 'ranghulu'))!;
    reports = (await test.app.coverage.reports(area)).map((r) => ({ lon: r.lon, lat: r.lat, technology: r.technology }));
    for (const technology of ['GSM', 'CDMA', 'any'] as const) runs.set(technology, await test.app.coverage.run(area, technology));
    for (const technology of ['GSM', 'CDMA'] as const) {
      const run = runs.get(technology)!;
      const prepCells = prepareCells(run.prepared, run.cells, technology);
      tiles.set(
        technology,
        tileWindows(run.prepared.grid, run.prepared.tileSizePx).map((window) => computeTile(run.prepared, prepCells, window)!),
      );
    }
  }, 120_000);
  afterAll(async () => test?.close());

  /** Partials of the kernel tiles of `networks` (both for the "any network" figures). */
  function partials(technology: CoverageTechnology, networks: ('GSM' | 'CDMA')[]) {
    const { prepared } = runs.get(technology)!;
    const weights = reportWeightsByTile(prepared.grid, prepared.tileSizePx, reportWeightsByPixel(prepared, technology, reports));
    return tiles.get('GSM')!.map((_, k) => {
      const window = tiles.get('GSM')![k].window;
      const coverages: TileCoverageView[] = networks.map((network) =>
        tileResultCoverage(tiles.get(network)![k], cellThresholds(prepared, runs.get(network)!.cells, network)),
      );
      return tilePartial({
        window,
        coverages,
        area: areaWindowLayers(prepared, window),
        reports: weights.get(tileKey(window)) ?? [],
        indoorPenetrationLossDb: prepared.settings.indoorPenetrationLossDb,
      });
    });
  }

  it.each([
    ['GSM', ['GSM']],
    ['CDMA', ['CDMA']],
    ['any', ['GSM', 'CDMA']],
  ] as const)('%s figures: the kernel tiles summed equal the service figures, outdoors and indoors', async (technology, networks) => {
    const run = runs.get(technology)!;
    expect(tiles.get('GSM')!.length).toBeGreaterThan(4);
    const summed = partials(technology, [...networks]);
    for (const indoor of [false, true]) {
      const figures = await test.app.coverage.figures(run, indoor);
      expect(figures.coveredKm2).toBeGreaterThan(0);
      expect(sumTilePartials(run.prepared, technology, indoor, summed)).toEqual(figures);
    }
  });

  it.each(['GSM', 'CDMA', 'any'] as const)(
    '%s gaps: stitched from tiles equal the service gaps, outdoors and indoors',
    async (technology) => {
      const run = runs.get(technology)!;
      for (const indoor of [false, true]) {
        const gaps = await test.app.coverage.gaps(run, indoor);
        expect(gaps.features.length).toBeGreaterThan(3);
        const options = { indoor, reports, simplifyToleranceM: run.prepared.grid.resolutionM / 2 };
        expect(gapPolygonsByTiles(run.prepared, [run.raster], options)).toEqual(gaps);
        // The "any network" gaps from the GSM and CDMA rasters of the same windows.
        if (technology === 'any')
          expect(gapPolygonsByTiles(run.prepared, [runs.get('GSM')!.raster, runs.get('CDMA')!.raster], options)).toEqual(gaps);
      }
    },
  );
});
