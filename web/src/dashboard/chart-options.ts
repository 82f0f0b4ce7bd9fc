import type { BarSeriesOption } from 'echarts/charts';
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

export type BarChartOption = ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | TitleComponentOption | AriaComponentOption
>;

export interface BarSeries {
  name: string;
  values: number[];
}

export interface BarChartSpec {
  /** What the chart shows, for its text description. */
  title: string;
  categories: string[];
  series: BarSeries[];
  /** Formats values for the axis, the labels and the tooltip (locale digits, units). */
  format: (value: number) => string;
  /** Formats values in the chart's text description (may be more precise than the labels); `format` by default. */
  describeFormat?: (value: number) => string;
  /** Formats the value axis (fewer decimals than the labels); `format` by default. */
  axisFormat?: (value: number) => string;
  /** Axis range and step; by default from 0 to what the data needs. */
  min?: number;
  max?: number;
  interval?: number;
  /** Writes the value on top of each bar (for few bars). */
  labels?: boolean;
}

/** Series colours: the existing network in grey, scenarios in the brand red and then distinct hues. */
export const SERIES_COLORS = ['#64748b', '#c8102e', '#2563eb', '#16a34a', '#d97706', '#7c3aed', '#0891b2'];

/** The ECharts option of a grouped bar chart; pure data, no chart instance. */
export function barChartOption(spec: BarChartSpec): BarChartOption {
  const many = spec.series.length > 1;
  return {
    animation: false,
    color: SERIES_COLORS,
    // Screen readers get the chart in words, with the same formatting as the labels.
    aria: { enabled: true, label: { description: chartDescription(spec) } },
    textStyle: { fontFamily: 'inherit' },
    grid: { left: 8, right: 12, top: many ? 36 : 16, bottom: 8, containLabel: true },
    legend: many ? { top: 0, type: 'plain', textStyle: { color: '#1f2937' } } : { show: false },
    tooltip: {
      // Drawn on the canvas, not as HTML: scenario names are the users' own text.
      renderMode: 'richText',
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) => (typeof v === 'number' ? spec.format(v) : String(v ?? '')),
    },
    xAxis: {
      type: 'category',
      data: spec.categories,
      axisLabel: { color: '#374151', interval: 0, hideOverlap: true },
      axisTick: { alignWithLabel: true },
    },
    yAxis: {
      type: 'value',
      min: spec.min,
      max: spec.max,
      interval: spec.interval,
      axisLabel: { color: '#374151', formatter: (v: number) => (spec.axisFormat ?? spec.format)(v) },
      splitLine: { lineStyle: { color: '#e5e7eb' } },
    },
    series: spec.series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.values,
      barMaxWidth: 36,
      label: spec.labels
        ? {
            show: true,
            position: 'top',
            color: '#1f2937',
            fontSize: 11,
            formatter: (p: { value: unknown }) => spec.format(Number(p.value)),
          }
        : undefined,
    })),
  };
}

/** The chart in words: "Title. Series: category value, category value; Series: …". */
export function chartDescription(spec: Pick<BarChartSpec, 'title' | 'categories' | 'series' | 'format' | 'describeFormat'>): string {
  const format = spec.describeFormat ?? spec.format;
  const series = spec.series.map((s) => {
    const values = spec.categories.map((c, i) => `${c} ${Number.isFinite(s.values[i]) ? format(s.values[i]) : '—'}`).join(', ');
    return spec.series.length > 1 ? `${s.name}: ${values}` : values;
  });
  return `${spec.title}. ${series.join('; ')}`;
}

/**
 * The lower end of a percentage axis: a multiple of 5 below the smallest value, so that differences
 * of a few points stay visible (a bar chart from 0 would flatten 92 % against 97 %).
 */
export function percentAxisMin(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return 0;
  const low = Math.min(...finite);
  return Math.max(0, Math.floor((low - 2) / 5) * 5);
}
