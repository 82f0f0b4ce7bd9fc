import { describe, expect, it } from 'vitest';
import { computeCoverageRaster, tileOfRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { encodeRasterTilePayloads } from '../../../server/core/coverage/tile-payload.ts';
import { tileWindows } from '../../../server/core/geo/tile-windows.ts';
import { decodeTile } from '../../../server/features/coverage/tile-store.ts';
import { randomScenario } from './random-scenario.ts';

describe('encodeRasterTilePayloads', () => {
  it("gives each window's tile, as the store decodes it, and refuses nothing it cut itself", async () => {
    const scenario = randomScenario(9, 4, 5, 50);
    const prepared = prepareArea(scenario.inputs, { tileSizePx: 64 });
    const raster = computeCoverageRaster(prepared, scenario.cells, 'GSM');
    const windows = tileWindows(prepared.grid, 64);
    expect(windows.length).toBeGreaterThan(4);
    const payloads = encodeRasterTilePayloads(raster, windows);
    expect(payloads).toHaveLength(windows.length);
    for (let i = 0; i < windows.length; i++) {
      const decoded = await decodeTile(payloads[i], windows[i]);
      const expected = tileOfRaster(raster, windows[i]);
      expect(decoded.levelDbm).toEqual(expected.levelDbm);
      expect(decoded.bestCell).toEqual(expected.bestCell);
      expect(decoded.serverCount).toEqual(expected.serverCount);
      expect(decoded.pilotCount).toEqual(expected.pilotCount);
    }
  });
});
