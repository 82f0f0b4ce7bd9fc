import { describe, expect, it } from 'vitest';
import { computeCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { prepareArea, propagationGroundM } from '../../../server/core/coverage/prepared-area.ts';
import { randomScenario } from './random-scenario.ts';
import { hills, withGround } from './terrain-scene.ts';

// An area's DEM changes the prediction only when its settings switch terrain propagation on: off
// (the default), the levels are the flat-earth ones to the bit, while the DEM still serves the relief.
describe('the terrainPropagation setting', () => {
  const scenario = randomScenario(5, 4, 6, 50);
  const flat = prepareArea(scenario.inputs);
  const on = withGround(flat, hills(flat));
  const off = { ...on, settings: { ...on.settings, terrainPropagation: false } };

  it('is off by default, and the propagation then sees no ground', () => {
    expect(flat.settings.terrainPropagation).toBe(false);
    expect(propagationGroundM(off)).toBeNull();
    expect(off.groundHeightM).not.toBeNull();
    expect(propagationGroundM(on)).toBe(on.groundHeightM);
  });

  it('off: the same levels as without a DEM; on: the hills take signal away from part of the area', () => {
    const levelsFlat = computeCoverageRaster(flat, scenario.cells, 'GSM').levelDbm;
    const levelsOff = computeCoverageRaster(off, scenario.cells, 'GSM').levelDbm;
    const levelsOn = computeCoverageRaster(on, scenario.cells, 'GSM').levelDbm;
    expect(levelsOff).toEqual(levelsFlat);
    let lower = 0;
    for (let i = 0; i < levelsOn.length; i++) if (levelsOn[i] < levelsFlat[i] - 0.01) lower++;
    expect(lower).toBeGreaterThan(levelsOn.length / 100);
  });
});
