import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../web/src/api/client.ts';
import type { CoverageFigures, Scenario } from '../../web/src/api/types.ts';
import { barChartOption, chartDescription, percentAxisMin } from '../../web/src/dashboard/chart-options.ts';
import { chartedScenarios, loadDashboardData, MAX_DASHBOARD_SCENARIOS } from '../../web/src/dashboard/dashboard-data.ts';
import { figuresCsvRows } from '../../web/src/dashboard/figures-csv.ts';
import { createTranslator } from '../../web/src/i18n/index.ts';
import { toCsv } from '../../web/src/lib/csv.ts';

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
  warnings: [],
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
    expect(option.aria).toEqual({
      enabled: true,
      label: { description: '按面积的覆盖率. 现网: G网 92.6%, C网 86.5%; 方案一: G网 97.5%, C网 86.5%' },
    });
    expect(option.animation).toBe(false);
    expect(option.tooltip).toMatchObject({ renderMode: 'richText', trigger: 'axis' });
  });

  it('hides the legend of a single series', () => {
    expect(barChartOption({ title: 't', categories: ['a'], series: [{ name: 'n', values: [1] }], format: String }).legend).toEqual({
      show: false,
    });
  });

  it('describes a chart in words with the label formatting', () => {
    expect(
      chartDescription({
        title: 'Reports by type',
        categories: ['No signal', 'Other'],
        series: [{ name: 'Reports', values: [1731, Number.NaN] }],
        format: (v) => v.toLocaleString('en'),
      }),
    ).toBe('Reports by type. No signal 1,731, Other —');
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

describe('loadDashboardData', () => {
  it('asks for the figures of the existing network and the charted scenarios in one request', async () => {
    const calls: string[] = [];
    const s = (id: number) => ({ id, name: `s${id}`, createdAt: `2026-01-0${id}T00:00:00Z` }) as Scenario;
    const api = {
      scenarios: async () => [s(1), s(2), s(3), s(4), s(5), s(6)],
      dashboardFigures: async (area: string, ids: readonly number[]) => {
        calls.push(`figures ${area} ${ids.join(',')}`);
        return {
          items: [
            { scenario: null, scenarioId: null, technology: 'GSM', figures: figures(90) },
            { scenario: 's2', scenarioId: 2, technology: 'GSM', figures: figures(91) },
          ],
        };
      },
      coverage: async () => {
        calls.push('coverage');
        return figures(0);
      },
      gaps: async (area: string, q: { technology: string }) => ({ type: 'FeatureCollection', technology: q.technology, features: [] }),
      remedies: async (area: string, technology: string) => ({ technology, items: [] }),
      perceivedCoverage: async (area: string, network: string) => {
        calls.push(`perceived ${area} ${network}`);
        return { network, items: [] };
      },
    } as unknown as ApiClient;
    const data = await loadDashboardData(api, 'ranghulu', new AbortController().signal);
    expect(calls).toEqual(['figures ranghulu 2,3,4,5,6', 'perceived ranghulu GSM', 'perceived ranghulu CDMA']);
    expect(data.perceived.CDMA).toEqual({ network: 'CDMA', items: [] });
    expect(data.scenarios.map((x) => x.id)).toEqual([2, 3, 4, 5, 6]);
    expect(data.figures).toEqual([
      { scenario: null, technology: 'GSM', figures: figures(90) },
      { scenario: 's2', technology: 'GSM', figures: figures(91) },
    ]);
  });
});
