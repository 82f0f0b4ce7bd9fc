import { describe, expect, it } from 'vitest';
import type { PointServer } from '../../web/src/api/types.ts';
import { createTranslator } from '../../web/src/i18n/index.ts';
import { terrainChartOption } from '../../web/src/ui/terrain-chart.ts';

const terrain: NonNullable<PointServer['terrain']> = {
  effectiveHeightM: 41.5,
  effectiveHeightClamped: false,
  siteGroundM: 100,
  diffractionLossDb: 12.3,
  radialBearingDeg: 90,
  sampleDistanceM: 4000,
  profile: [
    { distanceM: 0, groundM: 100, lineOfSightM: 130, bulgeM: 0, firstFresnelRadiusM: 0 },
    { distanceM: 2000, groundM: 170, lineOfSightM: 115.75, bulgeM: 0.24, firstFresnelRadiusM: 18.3 },
    { distanceM: 4000, groundM: 100, lineOfSightM: 101.5, bulgeM: 0, firstFresnelRadiusM: 0 },
  ],
  edges: [{ role: 'principal', distanceM: 2000, v: 3.7, lossDb: 24.2 }],
};

describe('terrain chart of the point popup', () => {
  it('draws ground with bulge, line of sight, the Fresnel zone edge and marks the obstruction, in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const t = createTranslator(locale);
      const option = terrainChartOption(terrain, 'S1/1', t, locale);
      const series = option.series as { name: string; data: unknown[] }[];
      expect(series.map((s) => s.name)).toEqual([t('terrain.ground'), t('terrain.lineOfSight'), t('terrain.fresnel'), t('terrain.edge')]);
      expect(series[0].data[1]).toEqual([2, 170.24]);
      expect(series[1].data[2]).toEqual([4, 101.5]);
      expect(series[2].data[1]).toEqual([2, 115.75 - 18.3]);
      expect(series[3].data).toEqual([{ value: [2, 170.24], name: expect.stringContaining('24') }]);
      expect((option.title as { text: string }).text).toBe(t('terrain.title', { cell: 'S1/1' }));
    }
    expect(createTranslator('zh-CN')('terrain.edge')).toBe('阻挡');
    expect(createTranslator('en')('terrain.edge')).toBe('Obstruction');
  });
});
