/**
 * `npm run bench -- tiles`: the tile path against the whole raster. On the Ranghulu boundary with the
 * engine bench's synthetic network (110 sites) and reports, and on a closed-form case (a lattice of
 * non-overlapping discs over a 60 km square: covered fraction = N·π·r²/A), it checks that figures
 * summed from per-tile partials and gap polygons stitched from per-tile traces are identical to the
 * whole-raster results, and prints the times and what the stitcher holds.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { cellThresholds, prepareCells } from '../../server/core/coverage/cell-table.ts';
import { coverageFigures, reportWeightsByPixel } from '../../server/core/coverage/coverage-figures.ts';
import { computeCoverageRaster, createCoverageRaster } from '../../server/core/coverage/coverage-raster.ts';
import { gapPolygons } from '../../server/core/coverage/gap-polygons.ts';
import { prepareArea } from '../../server/core/coverage/prepared-area.ts';
import { gapPolygonsByTiles } from '../../server/core/coverage/tile-gaps.ts';
import { computeTile } from '../../server/core/coverage/tile-kernel.ts';
import {
  areaWindowLayers,
  reportWeightsByTile,
  sumTilePartials,
  tileKey,
  tilePartial,
  tileResultCoverage,
} from '../../server/core/coverage/tile-partials.ts';
import { tileWindows } from '../../server/core/geo/tile-windows.ts';
import { parseCoverageKernel } from '../../server/config.ts';
import { setUpCoverageKernel } from '../../server/workers/coverage-kernel.ts';
import { discLattice } from '../../tests/core/coverage/disc-lattice.ts';
import { squareArea } from '../../tests/core/coverage/fixtures.ts';
import { syntheticArea, syntheticCells } from './engine.ts';

const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
const yes = (ok: boolean) => (ok ? 'identical' : 'DIFFERENT');
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** The last value of `f` and the median of `runs` wall times (the first run compiles the path). */
function time<T>(f: () => T, runs = 3): { value: T; ms: number } {
  const times: number[] = [];
  let value!: T;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    value = f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { value, ms: times[Math.floor(runs / 2)] };
}

export async function runTilesBench(): Promise<void> {
  const kernel = setUpCoverageKernel(parseCoverageKernel());
  console.log(`kernel: ${kernel ? 'WebAssembly' : 'JavaScript'}; load average ${load()}`);
  const path = fileURLToPath(new URL('../../geo-data/ranghulu/boundary.geojson', import.meta.url));
  const boundary = (JSON.parse(readFileSync(path, 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Polygon>).features[0].geometry;
  const { inputs, towns } = syntheticArea(boundary);
  const prepared = prepareArea(inputs);
  const cells = syntheticCells(prepared, towns, 110, 20061231 + 110);
  const windows = tileWindows(prepared.grid, prepared.tileSizePx);
  const reports = Array.from({ length: 2000 }, (_, k) => {
    const centre = towns[k % towns.length];
    return {
      lon: centre.lon + (((k * 0.37) % 1) - 0.5) * 0.05,
      lat: centre.lat + (((k * 0.61) % 1) - 0.5) * 0.04,
      technology: (['GSM', 'CDMA', 'unknown'] as const)[k % 3],
    };
  });
  for (const technology of ['GSM', 'CDMA'] as const) {
    const raster = computeCoverageRaster(prepared, cells, technology);
    const prepCells = prepareCells(prepared, cells, technology);
    const tiles = windows.map((window) => computeTile(prepared, prepCells, window)!);
    const thresholds = cellThresholds(prepared, cells, technology);
    const partials = time(() => {
      const weights = reportWeightsByTile(prepared.grid, prepared.tileSizePx, reportWeightsByPixel(prepared, technology, reports));
      return tiles.map((tile) =>
        tilePartial({
          window: tile.window,
          coverages: [tileResultCoverage(tile, thresholds)],
          area: areaWindowLayers(prepared, tile.window),
          reports: weights.get(tileKey(tile.window)) ?? [],
          indoorPenetrationLossDb: prepared.settings.indoorPenetrationLossDb,
        }),
      );
    });
    const whole = time(() => coverageFigures(prepared, raster, { reports }));
    const sameFigures = [false, true].every((indoor) =>
      isDeepStrictEqual(
        sumTilePartials(prepared, technology, indoor, partials.value),
        coverageFigures(prepared, raster, { indoor, reports }),
      ),
    );
    const options = { reports, simplifyToleranceM: prepared.grid.resolutionM / 2 };
    const wholeGaps = time(() => gapPolygons(prepared, raster, options));
    const tileGaps = time(() => gapPolygonsByTiles(prepared, [raster], options));
    const indoorSame = isDeepStrictEqual(
      gapPolygonsByTiles(prepared, [raster], { ...options, indoor: true }),
      gapPolygons(prepared, raster, { ...options, indoor: true }),
    );
    console.log(
      `Ranghulu boundary, ${technology}, ${windows.length} tiles of ${prepared.tileSizePx} px: figures from kernel tiles ${yes(sameFigures)} (median of 3: partials of all tiles ${fmt(partials.ms)}, whole raster ${fmt(whole.ms)});` +
        ` gaps stitched ${yes(isDeepStrictEqual(tileGaps.value, wholeGaps.value) && indoorSame)} (${wholeGaps.value.features.length} gaps; median of 3: tile path ${fmt(tileGaps.ms)}, whole raster ${fmt(wholeGaps.ms)})`,
    );
  }
  const lattice = prepareArea(squareArea(30, { resolutionM: 100 }), { tileSizePx: 128 });
  const discs = discLattice(lattice, 1800, 5000);
  const thresholds = Float64Array.of(lattice.settings.thresholdsDbm.GSM);
  const partials = discs.tiles.map((tile) =>
    tilePartial({
      window: tile.window,
      coverages: [tileResultCoverage(tile, thresholds)],
      area: areaWindowLayers(lattice, tile.window),
      reports: [],
      indoorPenetrationLossDb: lattice.settings.indoorPenetrationLossDb,
    }),
  );
  const figures = sumTilePartials(lattice, 'GSM', false, partials);
  const raster = createCoverageRaster(lattice, [{ ...cells.find((c) => c.technology === 'GSM')! }], 'GSM');
  for (const tile of discs.tiles) {
    for (let r = 0; r < tile.window.height; r++) {
      const to = (tile.window.row0 + r) * lattice.grid.width + tile.window.col0;
      raster.bestCell.set(tile.bestCell.subarray(r * tile.window.width, (r + 1) * tile.window.width), to);
      raster.levelDbm.set(tile.levelDbm.subarray(r * tile.window.width, (r + 1) * tile.window.width), to);
    }
  }
  raster.cellThresholdDbm = thresholds;
  const fraction = figures.coveredKm2 / figures.areaKm2;
  const errorFraction = Math.abs(fraction - discs.expectedFraction);
  const stitched = gapPolygonsByTiles(lattice, [raster], { minGapAreaKm2: 0 });
  console.log(
    `disc lattice: ${discs.centres.length} discs of 1.8 km on 5 km over ${figures.areaKm2.toFixed(0)} km2: covered ${(100 * fraction).toFixed(3)}%, N·π·r²/A ${(100 * discs.expectedFraction).toFixed(3)}%,` +
      ` off by ${(100 * errorFraction).toFixed(3)} points (bound ${(100 * discs.boundFraction).toFixed(3)}: ${errorFraction <= discs.boundFraction ? 'within' : 'OUTSIDE'});` +
      ` figures ${yes(isDeepStrictEqual(figures, coverageFigures(lattice, raster)))}; gaps stitched ${yes(isDeepStrictEqual(stitched, gapPolygons(lattice, raster, { minGapAreaKm2: 0 })))}` +
      ` (${stitched.features.length} gap, ${(stitched.features[0]?.geometry as GeoJSON.Polygon | undefined)?.coordinates.length ?? 0} rings); load average ${load()}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runTilesBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
