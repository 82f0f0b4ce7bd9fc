import { describe, expect, it } from 'vitest';
import { computeCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { warmUpScene, warmUpWhatIfInThread } from '../../../server/core/coverage/warm-up-scene.ts';
import { addCellsIncremental } from '../../../server/core/coverage/what-if.ts';

describe('warm-up scene', () => {
  it('holds both networks, sector and omni cells, and several environment classes', () => {
    const { area, cells } = warmUpScene();
    expect(new Set(cells.map((c) => c.technology))).toEqual(new Set(['GSM', 'CDMA']));
    expect(cells.some((c) => c.azimuthDeg === null)).toBe(true);
    expect(cells.some((c) => c.azimuthDeg !== null)).toBe(true);
    expect(new Set(area.environment).size).toBeGreaterThanOrEqual(3);
  });

  it('its candidate gains coverage outdoors and indoors, so the warm-up runs the what-if evaluation and not an early exit', () => {
    const { area, cells, candidate } = warmUpScene();
    const raster = computeCoverageRaster(area, cells, 'CDMA');
    for (const indoor of [false, true]) {
      expect(addCellsIncremental(area, raster, candidate, { indoor }).newlyCoveredKm2).toBeGreaterThan(0);
    }
    expect(() => warmUpWhatIfInThread(1)).not.toThrow();
  });
});
