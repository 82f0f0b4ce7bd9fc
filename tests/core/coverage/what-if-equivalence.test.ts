import { describe, expect, it } from 'vitest';
import type { CoverageTechnology } from '../../../server/core/coverage/cell-table.ts';
import { computeCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { coverageFigures, pixelCovered } from '../../../server/core/coverage/coverage-figures.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { UNCOVERED_BLOCK_PX, uncoveredIndex } from '../../../server/core/coverage/uncovered-index.ts';
import { addCellsIncremental } from '../../../server/core/coverage/what-if.ts';
import type { CellSpec } from '../../../server/core/model.ts';
import { seededRandom } from '../geo/fixtures.ts';
import { makeCell, offsetKm } from './fixtures.ts';
import { randomScenario } from './random-scenario.ts';
import { hills, withGround } from './terrain-scene.ts';

// The incremental what-if skips blocks, sites, cells and pixels by level bounds; these random cases
// check that the skipping never changes the answer: pixel for pixel, it equals a full recompute.
describe.each([
  ['flat', false],
  ['with terrain', true],
])('addCellsIncremental equals a full recompute for random candidates (%s)', (_name, terrain) => {
  const HALF_KM = 7.3; // 292 pixels a side at 50 m: the last block row and column are partial
  const scenario = randomScenario(77, HALF_KM, 10, 50);
  const cells = scenario.cells.map((c) => ({ ...c, powerDbm: c.powerDbm - 10 }));
  const flat = prepareArea(scenario.inputs);
  const prepared = terrain ? withGround(flat, hills(flat)) : flat;
  const random = seededRandom(31);

  function randomSite(code: string, technology: 'GSM' | 'CDMA'): CellSpec[] {
    // Some sites stand outside the area (up to 2 km beyond its edge).
    const [lon, lat] = offsetKm((random() * 2 - 1) * (HALF_KM + 2), (random() * 2 - 1) * (HALF_KM + 2));
    const kind = random();
    const sectors = kind < 0.25 ? 1 : kind < 0.4 ? 2 : 3;
    const omni = sectors === 1 && random() < 0.6;
    const rotation = random() * 360;
    const heightM = 15 + random() * 40;
    return Array.from({ length: sectors }, (_, k) =>
      makeCell({
        key: `${code}/${k}`,
        siteCode: code,
        cellCode: String(k),
        lon,
        lat,
        technology,
        frequencyMhz: technology === 'GSM' ? (random() < 0.3 ? 1800 : 940) : 870,
        heightM,
        azimuthDeg: omni ? null : (rotation + k * (sectors === 2 ? 180 : 120) + (random() - 0.5) * 30) % 360,
        beamwidthDeg: random() < 0.2 ? 2 + random() * 6 : 33 + random() * 60, // some pencil beams
        tiltDeg: random() * 8,
        powerDbm: 30 + random() * 16,
        gainDbi: omni ? 8 + random() * 4 : 13 + random() * 5,
        lossDb: 1 + random() * 3,
      }),
    );
  }

  const cases: { technology: CoverageTechnology; extra: CellSpec[] }[] = [];
  for (let k = 0; k < 15; k++) {
    const technology = (['GSM', 'CDMA', 'any'] as const)[k % 3];
    const pick = (): 'GSM' | 'CDMA' => (technology === 'any' ? (random() < 0.5 ? 'GSM' : 'CDMA') : technology);
    const extra = randomSite(`X${k}`, pick());
    // Every third case adds two sites at once (an 'any' case may mix technologies).
    if (k % 3 === 2 || k % 5 === 0) extra.push(...randomSite(`Y${k}`, pick()));
    cases.push({ technology, extra });
  }
  const bases = new Map<CoverageTechnology, ReturnType<typeof computeCoverageRaster>>();
  const baseOf = (t: CoverageTechnology) => bases.get(t) ?? bases.set(t, computeCoverageRaster(prepared, cells, t)).get(t)!;

  cases.forEach(({ technology, extra }, k) => {
    it(`case ${k}: ${technology}, ${extra.length} extra cells`, () => {
      const base = baseOf(technology);
      const full = computeCoverageRaster(prepared, [...cells, ...extra], technology);
      for (const indoor of [false, true]) {
        const extraLossDb = indoor ? prepared.settings.indoorPenetrationLossDb : 0;
        const result = addCellsIncremental(prepared, base, extra, { indoor });
        expect(result.after).toEqual(coverageFigures(prepared, full, { indoor }));
        const gained: number[] = [];
        for (let i = 0; i < prepared.mask.length; i++) {
          if (prepared.mask[i] && pixelCovered(full, i, extraLossDb) && !pixelCovered(base, i, extraLossDb)) gained.push(i);
        }
        expect([...result.newlyCoveredPixels].sort((a, b) => a - b)).toEqual(gained);
        let wrong = 0;
        result.newlyCoveredPixels.forEach((i, j) => {
          if (result.newlyCoveredLevelDbm[j] !== full.levelDbm[i] || result.newlyCoveredBestCell[j] !== full.bestCell[i]) wrong++;
        });
        expect(wrong).toBe(0);
      }
    });
  });

  it('finds gains in most cases (the cases are not vacuous)', () => {
    let withGains = 0;
    for (const { technology, extra } of cases) {
      if (addCellsIncremental(prepared, baseOf(technology), extra).newlyCoveredPixels.length > 0) withGains++;
    }
    expect(withGains).toBeGreaterThanOrEqual(10);
  });
});

describe('uncoveredIndex', () => {
  it('lists each uncovered pixel once, with its block position and environment', () => {
    const scenario = randomScenario(5, 4.1, 5, 50);
    const prepared = prepareArea(scenario.inputs);
    const raster = computeCoverageRaster(
      prepared,
      scenario.cells.map((c) => ({ ...c, powerDbm: c.powerDbm - 8 })),
      'any',
    );
    const index = uncoveredIndex(prepared, raster, 0);
    const { width } = prepared.grid;
    const B = UNCOVERED_BLOCK_PX;
    const expected: number[] = [];
    for (let i = 0; i < prepared.mask.length; i++) if (prepared.mask[i] && !pixelCovered(raster, i, 0)) expected.push(i);
    expect(expected.length).toBeGreaterThan(100);
    expect(index.pixels.length).toBe(expected.length);
    for (let b = 0; b < index.blocksX * index.blocksY; b++) {
      const bx = b % index.blocksX;
      const by = Math.floor(b / index.blocksX);
      let bits = 0;
      for (let k = index.start[b]; k < index.start[b + 1]; k++) {
        const i = index.pixels[k];
        const col = i % width;
        const row = Math.floor(i / width);
        if (k > index.start[b]) expect(i).toBeGreaterThan(index.pixels[k - 1]);
        expect([Math.floor(col / B), Math.floor(row / B)]).toEqual([bx, by]);
        expect(index.local[k]).toBe((row % B) * B + (col % B));
        expect(index.environment[k]).toBe(prepared.environment[i]);
        bits |= 1 << prepared.environment[i];
      }
      expect(index.environmentBits[b]).toBe(bits);
    }
    expect([...index.pixels].sort((a, b) => a - b)).toEqual(expected);
  });
});
