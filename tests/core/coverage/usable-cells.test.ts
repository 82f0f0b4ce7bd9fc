import { describe, expect, it } from 'vitest';
import { computeCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { coverageFigures } from '../../../server/core/coverage/coverage-figures.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { pointQuery } from '../../../server/core/coverage/point-query.ts';
import { cellInvalidText, splitUsableCells } from '../../../server/core/coverage/usable-cells.ts';
import { addCellsIncremental } from '../../../server/core/coverage/what-if.ts';
import { makeCell, offsetKm, squareArea } from './fixtures.ts';

describe('cells out of range', () => {
  const prepared = prepareArea(squareArea(6, { resolutionM: 100 }));
  const good = [
    makeCell({ azimuthDeg: 0 }),
    makeCell({ azimuthDeg: 120 }),
    makeCell({ lon: offsetKm(3, 0)[0], technology: 'CDMA', frequencyMhz: 870 }),
  ];
  const zero = makeCell({ lon: offsetKm(-3, 2)[0], lat: offsetKm(-3, 2)[1], heightM: 0 });
  const notFinite = makeCell({ lon: offsetKm(2, -3)[0], powerDbm: Number.NaN, tiltDeg: 90 });

  it('are split off with one warning per bad parameter; a clean list comes back as it is', () => {
    expect(splitUsableCells(good)).toEqual({ usable: good, skipped: [] });
    expect(splitUsableCells(good).usable).toBe(good);
    const { usable, skipped } = splitUsableCells([good[0], zero, good[1], notFinite, good[2]]);
    expect(usable).toEqual(good);
    expect(skipped).toEqual([
      {
        code: 'cell_skipped',
        cell: zero.key,
        technology: 'GSM',
        field: 'heightM',
        value: 0,
        problem: 'below the minimum 1 m',
        reason: expect.stringContaining('log10(hb)'),
        message: `cell ${zero.key} skipped: heightM 0 m: below the minimum 1 m`,
      },
      expect.objectContaining({ cell: notFinite.key, field: 'tiltDeg', value: 90, problem: 'above the maximum 45°' }),
      expect.objectContaining({ cell: notFinite.key, field: 'powerDbm', value: null, problem: 'not a finite number' }),
    ]);
    expect(cellInvalidText(notFinite)).toBe('tiltDeg 90°: above the maximum 45°; powerDbm NaN: not a finite number');
    expect(cellInvalidText(good[0])).toBeNull();
    expect(cellInvalidText({ ...good[0], lat: Number.NaN })).toBe('lat NaN: not a finite number');
  });

  it('are skipped by the raster: the same levels and figures as without them, indices kept on the list given', () => {
    for (const technology of ['GSM', 'any'] as const) {
      const without = computeCoverageRaster(prepared, good, technology);
      const withBad = computeCoverageRaster(prepared, [zero, ...good, notFinite], technology);
      expect(withBad.levelDbm).toEqual(without.levelDbm);
      expect(coverageFigures(prepared, withBad)).toEqual(coverageFigures(prepared, without));
      // bestCell indexes the list given: the good cells moved one place on.
      expect(Array.from(withBad.bestCell, (i) => (i < 0 ? i : i - 1))).toEqual(Array.from(without.bestCell));
    }
  });

  it('are skipped by the point query and by what-if', () => {
    const at = offsetKm(-3, 2);
    const result = pointQuery([zero, ...good], 'suburban', prepared.settings, at[0], at[1], 'GSM');
    expect(result.servers.map((s) => s.cell)).not.toContain(zero.key);
    const base = computeCoverageRaster(prepared, [good[0]], 'GSM');
    const added = addCellsIncremental(prepared, base, [zero, good[1]]);
    const direct = addCellsIncremental(prepared, base, [good[1]]);
    expect(added.after).toEqual(direct.after);
    expect(Array.from(added.newlyCoveredPixels)).toEqual(Array.from(direct.newlyCoveredPixels));
  });
});
