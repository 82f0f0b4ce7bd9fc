import fc from 'fast-check';
import gcoordModule from 'gcoord';
import { describe, expect, it } from 'vitest';
import { fromWgs84, parseCrs, toWgs84, type SourceCrs } from '../../../server/core/formats/crs.ts';
import type { LonLat } from '../../../server/core/model.ts';

const gcoord = gcoordModule as unknown as typeof gcoordModule.default;

/** Equirectangular distance, metres: exact enough for offsets below a kilometre. */
function metres(a: LonLat, b: LonLat): number {
  const k = 111_320;
  const dx = (a[0] - b[0]) * k * Math.cos((a[1] * Math.PI) / 180);
  const dy = (a[1] - b[1]) * k;
  return Math.hypot(dx, dy);
}

const chinaPoint = fc.tuple(
  fc.double({ min: 74, max: 134, noNaN: true }),
  fc.double({ min: 19, max: 53, noNaN: true }),
) as fc.Arbitrary<LonLat>;
const ranghuluPoint = fc.tuple(
  fc.double({ min: 124.55, max: 125.05, noNaN: true }),
  fc.double({ min: 46.4, max: 47.05, noNaN: true }),
) as fc.Arbitrary<LonLat>;

describe('toWgs84', () => {
  it('leaves WGS84 unchanged', () => {
    expect(toWgs84([124.87, 46.65], 'wgs84')).toEqual([124.87, 46.65]);
  });

  it('shifts Ranghulu GCJ-02 coordinates by the expected few hundred metres', () => {
    const gcj: LonLat = [124.87, 46.65];
    const wgs = toWgs84(gcj, 'gcj02');
    const offset = metres(gcj, wgs);
    expect(offset).toBeGreaterThan(300);
    expect(offset).toBeLessThan(700);
  });

  for (const crs of ['gcj02', 'bd09'] as SourceCrs[]) {
    it(`inverts the ${crs} forward transform to below 1 cm anywhere in China`, () => {
      fc.assert(
        fc.property(chinaPoint, (wgs) => {
          const back = toWgs84(fromWgs84(wgs, crs), crs);
          expect(metres(wgs, back)).toBeLessThan(0.01);
        }),
        { numRuns: 500 },
      );
    });

    it(`is far more exact than the one-step ${crs} inverse in Ranghulu`, () => {
      fc.assert(
        fc.property(ranghuluPoint, (wgs) => {
          const shifted = fromWgs84(wgs, crs);
          const oneStep = gcoord.transform([shifted[0], shifted[1]], crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09, gcoord.WGS84) as LonLat;
          const exact = toWgs84(shifted, crs);
          expect(metres(wgs, exact)).toBeLessThan(0.001);
          expect(metres(wgs, oneStep)).toBeGreaterThan(metres(wgs, exact));
        }),
        { numRuns: 100 },
      );
    });
  }

  it('treats points outside China as WGS84 for GCJ-02 (the published rule)', () => {
    expect(toWgs84([2.35, 48.85], 'gcj02')).toEqual([2.35, 48.85]);
  });
});

describe('parseCrs', () => {
  it.each([
    ['WGS-84', 'wgs84'],
    ['gps', 'wgs84'],
    ['GCJ02', 'gcj02'],
    ['高德', 'gcj02'],
    ['火星坐标', 'gcj02'],
    ['bd-09', 'bd09'],
    ['百度', 'bd09'],
  ])('%s → %s', (text, crs) => expect(parseCrs(text)).toBe(crs));
  it('returns null for unknown names', () => expect(parseCrs('utm51n')).toBeNull());
});
