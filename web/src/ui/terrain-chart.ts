import { LineChart, ScatterChart } from 'echarts/charts';
import type { LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import type { GridComponentOption, LegendComponentOption, TitleComponentOption, TooltipComponentOption } from 'echarts/components';
import { type ComposeOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { PointServer } from '../api/types.ts';
import { formatNumber, type Locale, type Translate } from '../i18n/index.ts';

use([LineChart, ScatterChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

type TerrainChartOption = ComposeOption<
  LineSeriesOption | ScatterSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | TitleComponentOption
>;

type Terrain = NonNullable<PointServer['terrain']>;

/**
 * The terrain profile of one server as an ECharts option: the ground as the ray sees it (ground plus
 * the earth's bulge), the line of sight, the lower edge of the first Fresnel zone, and the edges of
 * Deygout's construction marked as obstructions. Distances in km, heights in m above sea level.
 */
export function terrainChartOption(terrain: Terrain, cellName: string, t: Translate, locale: Locale): TerrainChartOption {
  const km = (m: number) => m / 1000;
  const ground = terrain.profile.map((p) => [km(p.distanceM), p.groundM + p.bulgeM]);
  const sight = terrain.profile.map((p) => [km(p.distanceM), p.lineOfSightM]);
  const fresnel = terrain.profile.map((p) => [km(p.distanceM), p.lineOfSightM - p.firstFresnelRadiusM]);
  const edges = terrain.edges.map((e) => {
    const at = terrain.profile.reduce((best, p) =>
      Math.abs(p.distanceM - e.distanceM) < Math.abs(best.distanceM - e.distanceM) ? p : best,
    );
    return { value: [km(e.distanceM), at.groundM + at.bulgeM], lossDb: e.lossDb, v: e.v };
  });
  return {
    animation: false,
    title: {
      text: t('terrain.title', { cell: cellName }),
      subtext: t('terrain.summary', {
        loss: formatNumber(locale, terrain.diffractionLossDb, 1),
        height: formatNumber(locale, terrain.effectiveHeightM, 0),
      }),
      textStyle: { fontSize: 12 },
      subtextStyle: { fontSize: 11 },
    },
    aria: { enabled: true },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: { fontSize: 10 } },
    grid: { left: 44, right: 8, top: 48, bottom: 40 },
    xAxis: { type: 'value', name: t('terrain.distance'), nameLocation: 'middle', nameGap: 20, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', name: t('terrain.height'), scale: true, axisLabel: { fontSize: 10 } },
    series: [
      { type: 'line', name: t('terrain.ground'), data: ground, showSymbol: false, areaStyle: { opacity: 0.3 }, color: '#92400e' },
      { type: 'line', name: t('terrain.lineOfSight'), data: sight, showSymbol: false, color: '#2563eb' },
      { type: 'line', name: t('terrain.fresnel'), data: fresnel, showSymbol: false, lineStyle: { type: 'dashed' }, color: '#93c5fd' },
      {
        type: 'scatter',
        name: t('terrain.edge'),
        data: edges.map((e) => ({ value: e.value, name: `J(${formatNumber(locale, e.v, 2)}) = ${formatNumber(locale, e.lossDb, 1)} dB` })),
        symbol: 'triangle',
        symbolSize: 12,
        color: '#c8102e',
      },
    ],
  };
}

/** A chart element for the best-known server with a terrain profile (null when the answer has none). */
export function terrainChartElement(
  servers: readonly PointServer[],
  cellName: (key: string) => string,
  t: Translate,
  locale: Locale,
): HTMLElement | null {
  const server = servers.find((s) => s.terrain);
  if (!server?.terrain) return null;
  const el = document.createElement('div');
  el.className = 'popup-terrain-chart';
  el.setAttribute('data-testid', 'terrain-chart');
  el.style.width = '300px';
  el.style.height = '200px';
  const chart = init(el, null, { width: 300, height: 200, locale: locale === 'zh-CN' ? 'ZH' : 'EN' });
  chart.setOption(terrainChartOption(server.terrain, cellName(server.cell), t, locale));
  return el;
}
