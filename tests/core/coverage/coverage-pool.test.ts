import { afterAll, describe, expect, it } from 'vitest';
import { computeCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { gapPolygons } from '../../../server/core/coverage/gap-polygons.ts';
import { kernelLayoutDigest } from '../../../server/core/coverage/kernel-layout.ts';
import { KernelScratch } from '../../../server/core/coverage/kernel-scratch.ts';
import { computeCoverageRasterParallel, createCoveragePool, warmUpCoveragePool } from '../../../server/workers/coverage-pool.ts';
import { randomScenario } from './random-scenario.ts';
import { moduleWithDigest } from './wasm/hand-built-module.ts';

describe('coverage worker pool (TypeScript workers under Vitest)', () => {
  const pool = createCoveragePool({ maxThreads: 2 });
  afterAll(() => pool.close());

  it('returns the same raster as the in-thread computation, for each technology', async () => {
    const { inputs, cells } = randomScenario(17, 6, 10, 50);
    const prepared = prepareArea(inputs, { tileSizePx: 64 });
    for (const technology of ['GSM', 'CDMA', 'any'] as const) {
      const inThread = computeCoverageRaster(prepared, cells, technology);
      const parallel = await computeCoverageRasterParallel(pool, prepared, cells, technology);
      expect(parallel.width).toBe(inThread.width);
      expect(Buffer.from(parallel.levelDbm.buffer).equals(Buffer.from(inThread.levelDbm.buffer))).toBe(true);
      expect(Buffer.from(parallel.bestCell.buffer).equals(Buffer.from(inThread.bestCell.buffer))).toBe(true);
      expect(Buffer.from(parallel.serverCount.buffer).equals(Buffer.from(inThread.serverCount.buffer))).toBe(true);
      expect(Buffer.from(parallel.pilotCount.buffer).equals(Buffer.from(inThread.pilotCount.buffer))).toBe(true);
      expect(parallel.cellThresholdDbm).toEqual(inThread.cellThresholdDbm);
      let served = 0;
      for (let i = 0; i < parallel.bestCell.length; i++) if (parallel.bestCell[i] >= 0) served++;
      expect(served).toBeGreaterThan(1000);
    }
  });

  it('warms every thread up with synthetic tiles and computes the same rasters afterwards', async () => {
    const { inputs, cells } = randomScenario(23, 5, 8, 40);
    const prepared = prepareArea(inputs, { tileSizePx: 64 });
    const before = await computeCoverageRasterParallel(pool, prepared, cells, 'GSM');
    await warmUpCoveragePool(pool, 1);
    const after = await computeCoverageRasterParallel(pool, prepared, cells, 'GSM');
    expect(Buffer.from(after.levelDbm.buffer).equals(Buffer.from(before.levelDbm.buffer))).toBe(true);
    expect(Buffer.from(after.bestCell.buffer).equals(Buffer.from(before.bestCell.buffer))).toBe(true);
  });

  it('traces the same gap polygons on a worker thread as in this thread, reading the raster without a copy', async () => {
    const { inputs, cells } = randomScenario(31, 4, 6, 40);
    const prepared = prepareArea(inputs, { tileSizePx: 64 });
    const raster = await computeCoverageRasterParallel(pool, prepared, cells, 'GSM');
    expect(raster.levelDbm.buffer).toBeInstanceOf(SharedArrayBuffer);
    const options = {
      indoor: false,
      reports: [{ lon: 124.8, lat: 46.6, technology: 'GSM' as const }],
      simplifyToleranceM: 50,
      minGapAreaKm2: 0,
    };
    const inThread = gapPolygons(prepared, raster, options);
    const onWorker = await pool.gaps({ area: prepared, raster, options });
    expect(inThread.features.length).toBeGreaterThan(0);
    expect(onWorker).toEqual(inThread);
  });

  it('hands its workers the kernel it is given: the JavaScript passes give the same bits, a build of another layout is refused there', async () => {
    const { inputs, cells } = randomScenario(37, 5, 8, 40);
    const prepared = prepareArea(inputs, { tileSizePx: 64 });
    const wasm = await computeCoverageRasterParallel(pool, prepared, cells, 'CDMA');
    const inThreadJs = computeCoverageRaster(prepared, cells, 'CDMA', new KernelScratch({ wasm: false }));
    const jsPool = createCoveragePool({ maxThreads: 1, kernel: null });
    const stalePool = createCoveragePool({ maxThreads: 1, kernel: moduleWithDigest(kernelLayoutDigest() ^ 1) });
    try {
      const js = await computeCoverageRasterParallel(jsPool, prepared, cells, 'CDMA');
      for (const raster of [wasm, inThreadJs]) {
        expect(Buffer.from(js.levelDbm.buffer).equals(Buffer.from(raster.levelDbm.buffer))).toBe(true);
        expect(Buffer.from(js.bestCell.buffer).equals(Buffer.from(raster.bestCell.buffer))).toBe(true);
        expect(Buffer.from(js.serverCount.buffer).equals(Buffer.from(raster.serverCount.buffer))).toBe(true);
        expect(Buffer.from(js.pilotCount.buffer).equals(Buffer.from(raster.pilotCount.buffer))).toBe(true);
      }
      await expect(computeCoverageRasterParallel(stalePool, prepared, cells, 'CDMA')).rejects.toThrow(/does not match kernel-layout\.ts/);
    } finally {
      await Promise.all([jsPool.close(), stalePool.close()]);
    }
  });
});
