/**
 * Terrain benchmark on the Ranghulu boundary at 25 m: the engine's full recompute (GSM and CDMA
 * rasters together on a 2-thread pool, as the service does) on flat ground and with a synthetic gentle
 * DEM (rolling ground 120-200 m, a few low hills), the terrain tables' share (prepareCells), and the
 * incremental what-if with terrain. Prints figures; asserts nothing.
 * Run: npm run bench -- terrain
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { prepareCells } from '../../server/core/coverage/cell-table.ts';
import { computeCoverageRaster } from '../../server/core/coverage/coverage-raster.ts';
import { type PreparedArea, prepareArea } from '../../server/core/coverage/prepared-area.ts';
import { addCellsIncremental, warmWhatIf } from '../../server/core/coverage/what-if.ts';
import { pixelCentreX, pixelCentreY } from '../../server/core/geo/area-grid.ts';
import { parseCoverageKernel } from '../../server/config.ts';
import { setUpCoverageKernel } from '../../server/workers/coverage-kernel.ts';
import { computeCoverageRasterParallel, createCoveragePool, warmUpCoveragePool } from '../../server/workers/coverage-pool.ts';
import { syntheticArea, syntheticCells } from './engine.ts';

const SITES = 110;
const REPEATS = 3;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function medianMs(runs: number, f: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** A gentle synthetic DEM: rolling ground 120-200 m (wavelengths of 4-12 km) and low hills. */
function gentleGround(prepared: PreparedArea): PreparedArea {
  const { grid } = prepared;
  const heights = new Float32Array(grid.width * grid.height);
  for (let row = 0; row < grid.height; row++) {
    const y = pixelCentreY(grid, row) / 1000;
    for (let col = 0; col < grid.width; col++) {
      const x = pixelCentreX(grid, col) / 1000;
      heights[row * grid.width + col] =
        160 + 20 * Math.sin(x / 2) * Math.cos(y / 1.6) + 12 * Math.sin((x + y) / 0.7) + 8 * Math.cos((x - 2 * y) / 0.9);
    }
  }
  return { ...prepared, groundHeightM: heights };
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

export async function runTerrainBench(): Promise<void> {
  const kernel = setUpCoverageKernel(parseCoverageKernel());
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  console.log(`kernel: ${kernel ? 'WebAssembly' : 'JavaScript'} per-pixel passes; load average ${load()}`);
  const path = fileURLToPath(new URL('../../geo-data/ranghulu/boundary.geojson', import.meta.url));
  const boundary = (JSON.parse(readFileSync(path, 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Polygon>).features[0].geometry;
  const { inputs, towns } = syntheticArea(boundary);
  const flat = prepareArea(inputs);
  const hilly = gentleGround(flat);
  const cells = syntheticCells(flat, towns, SITES, 20061231 + SITES);
  const pool = createCoveragePool({ maxThreads: 2, kernel });
  try {
    await warmUpCoveragePool(pool);
    const both = (area: PreparedArea) =>
      Promise.all([computeCoverageRasterParallel(pool, area, cells, 'GSM'), computeCoverageRasterParallel(pool, area, cells, 'CDMA')]);
    const flatMs = await medianMs(REPEATS, () => both(flat));
    const hillyMs = await medianMs(REPEATS, () => both(hilly));
    const tablesMs = await medianMs(REPEATS, () => {
      prepareCells(hilly, cells, 'GSM');
      prepareCells(hilly, cells, 'CDMA');
    });
    const flatCellsMs = await medianMs(REPEATS, () => {
      prepareCells(flat, cells, 'GSM');
      prepareCells(flat, cells, 'CDMA');
    });
    console.log(
      `${SITES} sites / ${cells.length} cells, GSM and CDMA rasters together on the pool: flat ${fmt(flatMs)}, gentle DEM ${fmt(hillyMs)}` +
        ` (${(hillyMs / flatMs).toFixed(2)}x); prepareCells of both runs in the main thread: flat ${fmt(flatCellsMs)}, with terrain tables ${fmt(tablesMs)}` +
        ` (load average ${load()})`,
    );
    for (const [name, area] of [
      ['flat', flat],
      ['gentle DEM', hilly],
    ] as const) {
      const raster = computeCoverageRaster(area, cells, 'any');
      warmWhatIf(area, raster);
      const times: number[] = [];
      for (let k = 0; k < 10; k++) {
        const candidate = syntheticCells(area, towns, 1, 777 + k).map((c) => ({ ...c, key: `W${k}/${c.key}` }));
        const t0 = performance.now();
        addCellsIncremental(area, raster, candidate);
        times.push(performance.now() - t0);
      }
      console.log(`what-if (${name}), median of 10 one-site candidates ${fmt(median(times))}, max ${fmt(Math.max(...times))}`);
    }
  } finally {
    await pool.close();
  }
}
