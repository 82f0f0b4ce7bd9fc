import { describe, expect, it } from 'vitest';
import type { CoverageFigures, Scenario } from '../../web/src/api/types.ts';
import { barChartOption, chartDescription, percentAxisMin } from '../../web/src/dashboard/chart-options.ts';
import { chartedScenarios, MAX_DASHBOARD_SCENARIOS } from '../../web/src/dashboard/dashboard-data.ts';
import { figuresCsvRows } from '../../web/src/dashboard/figures-csv.ts';
import { createTranslator } from '../../web/src/i18n/index.ts';
import { toCsv } from '../../web/src/lib/csv.ts';
import { mapLimit } from '../../web/src/lib/map-limit.ts';

const figures = (coveragePct: number): CoverageFigures => ({
  technology: 'GSM',
  indoor: false,
  scenario: null,
  resolutionM: 25,
  thresholdDbm: -90,
  areaKm2: 1191.67125,
  coveredKm2: 1103.879375,
  coveragePct,
  population: 509999.9986,
  coveredPopulation: 498349.9989,
  populationPct: 97.71568,
  reportsTotal: 1518,
  reportsUncovered: 371,
  gapCount: 7,
  cellCount: 322,
  computedMs: 0,
  cached: true,
});

describe('barChartOption', () => {
  it('builds one bar series per scenario over the network categories', () => {
    const option = barChartOption({
      title: '按面积的覆盖率',
      categories: ['G网', 'C网'],
      series: [
        { name: '现网', values: [92.6, 86.5] },
        { name: '方案一', values: [97.5, 86.5] },
      ],
      format: (v) => `${v}%`,
      min: 80,
      max: 100,
      interval: 5,
    });
    const series = option.series as { type: string; name: string; data: number[] }[];
    expect(series.map((s) => [s.type, s.name, s.data])).toEqual([
      ['bar', '现网', [92.6, 86.5]],
      ['bar', '方案一', [97.5, 86.5]],
    ]);
    expect(option.yAxis).toMatchObject({ min: 80, max: 100, interval: 5 });
    expect(option.legend).toMatchObject({ top: 0 });
    expect(option.aria).toEqual({ enabled: true, label: { description: '按面积的覆盖率. 现网: G网 92.6%, C网 86.5%; 方案一: G网 97.5%, C网 86.5%' } });
    expect(option.animation).toBe(false);
    expect(option.tooltip).toMatchObject({ renderMode: 'richText', trigger: 'axis' });
  });

  it('hides the legend of a single series', () => {
    expect(barChartOption({ title: 't', categories: ['a'], series: [{ name: 'n', values: [1] }], format: String }).legend).toEqual({ show: false });
  });

  it('describes a chart in words with the label formatting', () => {
    expect(chartDescription({ title: 'Reports by type', categories: ['No signal', 'Other'], series: [{ name: 'Reports', values: [1731, Number.NaN] }], format: (v) => v.toLocaleString('en') })).toBe(
      'Reports by type. No signal 1,731, Other —',
    );
  });

  it('starts percentage axes at a multiple of 5 below the data', () => {
    expect(percentAxisMin([92.6, 86.5, 97.5])).toBe(80);
    expect(percentAxisMin([99, 98])).toBe(95);
    expect(percentAxisMin([3])).toBe(0);
    expect(percentAxisMin([Number.NaN])).toBe(0);
  });
});

describe('figuresCsvRows', () => {
  it('writes a translated header and rounded figures per scenario and network', () => {
    const rows = figuresCsvRows(createTranslator('zh-CN'), [
      { scenario: null, technology: 'GSM', figures: figures(92.63287798) },
      { scenario: '富强村, 新站', technology: 'any', figures: figures(99.1512) },
    ]);
    expect(rows[0][0]).toBe('方案');
    expect(rows[1]).toEqual(['现网', 'G网（GSM）', 92.63, 97.72, 1103.88, 1191.67, 498350, 510000, 371, 7]);
    expect(rows[2].slice(0, 3)).toEqual(['富强村, 新站', '综合（任一制式）', 99.15]);
    expect(toCsv(rows)).toContain('"富强村, 新站"');
    expect(figuresCsvRows(createTranslator('en'), [])[0][2]).toBe('Coverage by area (%)');
  });
});

describe('chartedScenarios', () => {
  it('keeps the most recent scenarios, oldest first', () => {
    const s = (id: number, createdAt: string) => ({ id, name: `s${id}`, createdAt }) as Scenario;
    const many = Array.from({ length: MAX_DASHBOARD_SCENARIOS + 2 }, (_, i) => s(i + 1, `2026-01-0${i + 1}T00:00:00Z`)).reverse();
    expect(chartedScenarios(many).map((x) => x.id)).toEqual([3, 4, 5, 6, 7]);
  });
});

describe('mapLimit', () => {
  it('keeps the order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([30, 10, 20, 5, 1], 2, async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return i * 10;
    });
    expect(out).toEqual([0, 10, 20, 30, 40]);
    expect(peak).toBe(2);
    expect(await mapLimit([], 3, async () => 1)).toEqual([]);
  });

  it('rejects with the first failure', async () => {
    await expect(mapLimit([1, 2], 2, async (x) => (x === 2 ? Promise.reject(new Error('boom')) : x))).rejects.toThrow('boom');
  });
});
