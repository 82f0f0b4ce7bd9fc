import { describe, expect, it } from 'vitest';
import { cellLevelsInto, gridBearingDeg, log10DistanceKm } from '../../../server/core/coverage/cell-level.ts';
import {
  C_CUTOFF_DBM,
  C_IS_PILOT,
  C_SITE,
  C_SOURCE_INDEX,
  C_THRESHOLD_DBM,
  CELL_STRIDE,
  type CoverageTechnology,
  prepareCells,
  S_X,
  S_Y,
  SITE_STRIDE,
} from '../../../server/core/coverage/cell-table.ts';
import { computeCoverageRaster, type CoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { type PreparedArea, prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { pixelCentreX, pixelCentreY } from '../../../server/core/geo/area-grid.ts';
import type { CellSpec } from '../../../server/core/model.ts';
import { KernelScratch } from '../../../server/core/coverage/kernel-scratch.ts';
import { terrainTermsInto } from '../../../server/core/coverage/terrain-tables.ts';
import { randomScenario } from './random-scenario.ts';
import { hills, withGround } from './terrain-scene.ts';

/** Every cell at every pixel, no culling: the definition the pruned kernel must reproduce. */
function bruteForce(prepared: PreparedArea, cells: CellSpec[], technology: CoverageTechnology): CoverageRaster {
  const pc = prepareCells(prepared, cells, technology);
  const { grid, settings } = prepared;
  const n = grid.width * grid.height;
  const out: CoverageRaster = {
    technology,
    width: grid.width,
    height: grid.height,
    levelDbm: new Float32Array(n).fill(-Infinity),
    bestCell: new Int32Array(n).fill(-1),
    serverCount: new Uint8Array(n),
    pilotCount: new Uint8Array(n),
    cellCount: cells.length,
    cellThresholdDbm: new Float64Array(0),
  };
  const env = new Int32Array(1);
  const x = new Float64Array(1);
  const bearing = new Float64Array(1);
  const levels = new Float32Array(pc.cellCount);
  const px = new Float64Array(1);
  const py = new Float64Array(1);
  const empirical = new Float64Array(1);
  const diffraction = new Float64Array(1);
  for (let row = 0; row < grid.height; row++) {
    for (let col = 0; col < grid.width; col++) {
      const i = row * grid.width + col;
      if (!prepared.mask[i]) continue;
      env[0] = prepared.environment[i];
      let best = -1;
      let bestMargin = -Infinity;
      let bestPilot = -Infinity;
      for (let c = 0; c < pc.cellCount; c++) {
        const o = c * CELL_STRIDE;
        const so = pc.cells[o + C_SITE] * SITE_STRIDE;
        const dx = pixelCentreX(grid, col) - pc.sites[so + S_X];
        const dy = pixelCentreY(grid, row) - pc.sites[so + S_Y];
        x[0] = log10DistanceKm(dx, dy);
        bearing[0] = gridBearingDeg(dx, dy);
        if (pc.terrain) {
          px[0] = pixelCentreX(grid, col);
          py[0] = pixelCentreY(grid, row);
          terrainTermsInto(pc.terrain, c, pc.sites[so + S_X], pc.sites[so + S_Y], 1, px, py, x, empirical, diffraction, 0);
          cellLevelsInto(pc.cells, pc.vertical, c, 1, env, x, bearing, levels, c, empirical, diffraction);
        } else {
          cellLevelsInto(pc.cells, pc.vertical, c, 1, env, x, bearing, levels, c);
        }
        if (levels[c] < pc.cells[o + C_CUTOFF_DBM]) {
          levels[c] = -Infinity;
          continue;
        }
        const margin = levels[c] - pc.cells[o + C_THRESHOLD_DBM];
        const source = pc.cells[o + C_SOURCE_INDEX];
        if (margin > bestMargin || (margin === bestMargin && source < pc.cells[best * CELL_STRIDE + C_SOURCE_INDEX])) {
          bestMargin = margin;
          best = c;
        }
        if (pc.cells[o + C_IS_PILOT] === 1) bestPilot = Math.max(bestPilot, levels[c]);
      }
      if (best < 0) continue;
      let servers = 0;
      let pilots = 0;
      for (let c = 0; c < pc.cellCount; c++) {
        const o = c * CELL_STRIDE;
        // Cells below their cut-off are absent (with no pilot above its cut-off, -Infinity would count them all).
        if (levels[c] === -Infinity) continue;
        if (levels[c] - pc.cells[o + C_THRESHOLD_DBM] >= bestMargin - settings.overlapMarginDb) servers++;
        if (pc.cells[o + C_IS_PILOT] === 1 && levels[c] >= bestPilot - settings.pilotPollutionMarginDb) pilots++;
      }
      out.levelDbm[i] = levels[best];
      out.bestCell[i] = pc.cells[best * CELL_STRIDE + C_SOURCE_INDEX];
      out.serverCount[i] = servers;
      out.pilotCount[i] = pilots;
    }
  }
  return out;
}

function differences(a: CoverageRaster, b: CoverageRaster): number {
  let d = 0;
  for (let i = 0; i < a.levelDbm.length; i++) {
    if (
      !Object.is(a.levelDbm[i], b.levelDbm[i]) ||
      a.bestCell[i] !== b.bestCell[i] ||
      a.serverCount[i] !== b.serverCount[i] ||
      a.pilotCount[i] !== b.pilotCount[i]
    )
      d++;
  }
  return d;
}

describe('tile kernel culling is exact', () => {
  const { inputs, cells } = randomScenario(11, 6, 14, 60);
  // Odd tile size: blocks straddle tile edges and edge tiles are partial.
  const prepared = prepareArea(inputs, { tileSizePx: 70 });
  const passes = [
    ['WebAssembly', () => new KernelScratch()],
    ['JavaScript', () => new KernelScratch({ wasm: false })],
  ] as const;

  it('runs its per-pixel passes in WebAssembly by default (the build made by npm install / npm run build:wasm)', () => {
    expect(new KernelScratch().wasm).not.toBeNull();
    expect(new KernelScratch({ wasm: false }).wasm).toBeNull();
  });

  for (const [passName, scratch] of passes) {
    for (const technology of ['GSM', 'CDMA', 'any'] as const) {
      it(`matches a brute-force evaluation of every cell at every pixel (${technology}, ${passName} passes)`, () => {
        const fast = computeCoverageRaster(prepared, cells, technology, scratch());
        const slow = bruteForce(prepared, cells, technology);
        expect(differences(fast, slow)).toBe(0);
        let served = 0;
        let overlapping = 0;
        for (let i = 0; i < fast.bestCell.length; i++) {
          if (fast.bestCell[i] >= 0) served++;
          if (fast.serverCount[i] > 1) overlapping++;
        }
        expect(served).toBeGreaterThan(prepared.insidePixelCount * 0.5);
        expect(overlapping).toBeGreaterThan(100);
      });
    }
  }

  it('stays exact with steep downtilts and tall masts, where the block bounds lean on the least vertical attenuation', () => {
    const steep = cells.map((c, k) => ({ ...c, tiltDeg: c.tiltDeg + 4 + (k % 5) * 2, heightM: c.heightM + 25 }));
    for (const technology of ['GSM', 'CDMA'] as const) {
      expect(differences(computeCoverageRaster(prepared, steep, technology), bruteForce(prepared, steep, technology))).toBe(0);
      expect(
        differences(
          computeCoverageRaster(prepared, steep, technology, new KernelScratch({ wasm: false })),
          bruteForce(prepared, steep, technology),
        ),
      ).toBe(0);
    }
  });

  it('keeps exact results when one scratch serves runs of different sizes and tiles (its memory is laid out again)', () => {
    const shared = new KernelScratch();
    const small = randomScenario(5, 3, 3, 60);
    const smallArea = prepareArea(small.inputs, { tileSizePx: 40 });
    expect(differences(computeCoverageRaster(smallArea, small.cells, 'any', shared), bruteForce(smallArea, small.cells, 'any'))).toBe(0);
    // More sites and cells than the scratch was laid out for, and bigger tiles.
    const big = randomScenario(7, 6, 40, 90);
    const bigArea = prepareArea(big.inputs, { tileSizePx: 128 });
    expect(differences(computeCoverageRaster(bigArea, big.cells, 'any', shared), bruteForce(bigArea, big.cells, 'any'))).toBe(0);
    expect(differences(computeCoverageRaster(smallArea, small.cells, 'CDMA', shared), bruteForce(smallArea, small.cells, 'CDMA'))).toBe(0);
  });
});

describe('tile kernel with terrain', () => {
  const { inputs, cells } = randomScenario(11, 6, 14, 60);
  const flat = prepareArea(inputs, { tileSizePx: 70 });
  const hilly = withGround(flat, hills(flat));
  const passes = [
    ['WebAssembly', () => new KernelScratch()],
    ['JavaScript', () => new KernelScratch({ wasm: false })],
  ] as const;

  for (const [passName, scratch] of passes) {
    for (const technology of ['GSM', 'any'] as const) {
      it(`matches the brute-force evaluation with its terrain terms (${technology}, ${passName} passes)`, () => {
        const fast = computeCoverageRaster(hilly, cells, technology, scratch());
        const slow = bruteForce(hilly, cells, technology);
        expect(differences(fast, slow)).toBe(0);
        // The terrain changes the levels somewhere, both ways (effective height up on hills, diffraction behind them).
        const plain = computeCoverageRaster(flat, cells, technology, scratch());
        let weaker = 0;
        let stronger = 0;
        for (let i = 0; i < fast.levelDbm.length; i++) {
          if (fast.levelDbm[i] < plain.levelDbm[i] - 1) weaker++;
          if (fast.levelDbm[i] > plain.levelDbm[i] + 1) stronger++;
        }
        expect(weaker).toBeGreaterThan(100);
        expect(stronger).toBeGreaterThan(100);
      });
    }
    it(`gives today's levels on flat ground, at any height (${passName} passes)`, () => {
      for (const groundM of [0, 312.5]) {
        const level = withGround(flat, () => groundM);
        for (const technology of ['GSM', 'CDMA'] as const) {
          const withDem = computeCoverageRaster(level, cells, technology, scratch());
          const without = computeCoverageRaster(flat, cells, technology, scratch());
          expect(differences(withDem, without)).toBe(0);
        }
      }
    });
  }
});
