import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import type { ApiClient } from '../api/client.ts';
import type {
  Area,
  CandidateFeature,
  CoverageTechnology,
  ExportFormat,
  ExportLayer,
  Network,
  ReportProperties,
  Scenario,
  SettlementProperties,
} from '../api/types.ts';
import { localName, placeOf } from '../geo/place-names.ts';
import {
  formatDateTime,
  formatMonth,
  formatNumber,
  formatPercent,
  formatSigned,
  labelOf,
  type Locale,
  type MessageKey,
  type Translate,
} from '../i18n/index.ts';
import { toCsv } from '../lib/csv.ts';
import { downloadText } from '../lib/download.ts';
import { placemarksKml } from '../lib/kml.ts';
import { remedyText } from '../planning/remedy-text.ts';
import { h } from '../ui/dom.ts';
import { skippedCellsNotice } from '../ui/cell-warnings.ts';
import { busyLine, errorBox } from '../ui/messages.ts';
import { barChartOption, percentAxisMin, type BarChartSpec } from './chart-options.ts';
import { DASHBOARD_TECHNOLOGIES, loadDashboardData, type DashboardData } from './dashboard-data.ts';
import { figuresCsvRows, type FigureRow } from './figures-csv.ts';
import { perceivedChartRows, perceivedCsvRows, perceivedPlaceName, perceivedTableRows } from './perceived.ts';
import { reportStats, type ReportStats } from './report-stats.ts';

use([BarChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, AriaComponent, CanvasRenderer]);

/** What the dashboard is drawn from, besides what it loads itself. */
export interface DashboardContext {
  api: ApiClient;
  area: Area;
  t: Translate;
  locale: Locale;
  reports: readonly { properties: ReportProperties }[];
  settlements: readonly Feature<Point | Polygon | MultiPolygon, SettlementProperties>[];
  candidates: ReadonlyMap<string, CandidateFeature>;
  /** The scenario whose expected effect is shown first (the one the planner works on), if any. */
  scenario: string | null;
}

const TOP_GAPS = 5;
const EXPORTS: { layer: ExportLayer; label: MessageKey }[] = [
  { layer: 'gaps-gsm', label: 'export.gapsGsm' },
  { layer: 'gaps-cdma', label: 'export.gapsCdma' },
  { layer: 'candidates', label: 'export.candidates' },
  { layer: 'hotspots', label: 'export.hotspots' },
];

/**
 * The management dashboard: coverage by area and by population per network for the existing
 * network and the saved scenarios, reports by kind, source, status and month, the largest gaps and
 * the expected effect of a plan; printable, with the figures as CSV and links to the exports.
 */
export class DashboardView {
  private charts: EChartsType[] = [];
  private data: DashboardData | null = null;
  private dataKey = '';
  private request: AbortController | null = null;
  private effectScenario: string | null = null;
  private perceivedNetwork: Network = 'GSM';
  private generatedAt = new Date();
  private ctx: DashboardContext | null = null;

  constructor(private readonly root: HTMLElement) {
    window.addEventListener('resize', () => this.resizeCharts());
    // A chart keeps the size it was drawn at: drawn again at the printed page's size before printing
    // (beforeprint, and the print media query, which is what a PDF print without a dialog changes),
    // and at the screen's after.
    window.addEventListener('beforeprint', () => this.resizeCharts());
    window.addEventListener('afterprint', () => this.resizeCharts());
    window.matchMedia('print').addEventListener('change', () => this.resizeCharts());
  }

  /** Loads what changed since last time (a new area, new data or scenarios) and draws. */
  async show(ctx: DashboardContext, reload = false): Promise<void> {
    this.ctx = ctx;
    const key = `${ctx.area.code}|${ctx.area.inputsVersion}`;
    if (!reload && this.data && key === this.dataKey) return this.render();
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    this.disposeCharts();
    this.root.replaceChildren(
      h(
        'div',
        { class: 'dash-page' },
        h('h1', { class: 'dash-title' }, ctx.t('dash.title')),
        busyLine(ctx.t('dash.loading'), 'dashboard-busy'),
      ),
    );
    this.root.setAttribute('aria-busy', 'true');
    try {
      const data = await loadDashboardData(ctx.api, ctx.area.code, request.signal);
      if (request.signal.aborted) return;
      this.data = data;
      this.dataKey = key;
      this.generatedAt = new Date();
      this.render();
    } catch (err) {
      if (request.signal.aborted) return;
      this.root.replaceChildren(
        h('div', { class: 'dash-page' }, h('h1', { class: 'dash-title' }, ctx.t('dash.title')), errorBox(ctx.t, err, 'dashboard-error')),
      );
    } finally {
      if (this.request === request) this.root.removeAttribute('aria-busy');
    }
  }

  /** Redraws in the new language from the data already loaded. */
  setLocale(ctx: DashboardContext): void {
    this.ctx = ctx;
    if (this.data) this.render();
  }

  /** Charts need their container's size: call after the dashboard becomes visible, and when the page is printed. */
  resizeCharts(): void {
    for (const c of this.charts) {
      const box = c.getDom();
      // A hidden dashboard has no size: the charts keep theirs until it is shown.
      if (box.clientWidth > 0) c.resize({ width: box.clientWidth, height: box.clientHeight, animation: { duration: 0 } });
    }
  }

  private render(): void {
    const ctx = this.ctx;
    const data = this.data;
    if (!ctx || !data) return;
    const { t, locale } = ctx;
    this.disposeCharts();
    const stats = reportStats(ctx.reports);
    const scenarioNames = data.scenarios.map((s) => s.name);
    if (!this.effectScenario || !scenarioNames.includes(this.effectScenario)) {
      this.effectScenario = ctx.scenario && scenarioNames.includes(ctx.scenario) ? ctx.scenario : (scenarioNames.at(-1) ?? null);
    }
    const chartSlots: [HTMLElement, BarChartSpec][] = [];
    const chart = (title: string, spec: Omit<BarChartSpec, 'title'>, testid: string) => {
      // ECharts replaces the label with the chart in words (its aria option) once drawn.
      const slot = h('div', { class: 'chart', role: 'img', 'aria-label': t('dash.chartLabel', { title }), 'data-testid': testid });
      chartSlots.push([slot, { ...spec, title: t('dash.chartLabel', { title }) }]);
      return h('figure', { class: 'chart-box' }, h('figcaption', {}, title), slot);
    };
    const page = h(
      'div',
      { class: 'dash-page' },
      this.toolbar(ctx, data),
      h(
        'header',
        { class: 'dash-head' },
        h('h1', { class: 'dash-title' }, t('dash.title')),
        h(
          'p',
          { class: 'dash-subtitle', 'data-testid': 'dash-subtitle' },
          t('dash.subtitle', { area: localName(ctx.area.name, locale), time: formatDateTime(locale, this.generatedAt.toISOString()) }),
        ),
        h(
          'p',
          { class: 'dash-scenarios', 'data-testid': 'dash-scenarios' },
          t('dash.scenariosCompared', {
            scenarios: [t('planning.existing'), ...scenarioNames].join(t('dash.listSeparator')),
          }),
        ),
      ),
      this.kpis(ctx, data, stats),
      h(
        'section',
        { class: 'dash-section', 'aria-labelledby': 'dash-coverage-title' },
        h('h2', { id: 'dash-coverage-title' }, t('dash.figures')),
        h(
          'div',
          { class: 'chart-grid' },
          chart(t('dash.coverageArea'), this.coverageSpec(ctx, data, 'coveragePct'), 'chart-coverage-area'),
          chart(t('dash.coveragePopulation'), this.coverageSpec(ctx, data, 'populationPct'), 'chart-coverage-population'),
        ),
        this.figuresTable(ctx, data.figures),
        h('p', { class: 'panel-hint', 'data-testid': 'dash-any-note' }, t('figure.anyReportsNote')),
        skippedCellsNotice(
          t,
          locale,
          data.figures.flatMap((r) => r.figures.warnings),
          'dash-cells-skipped',
        ),
      ),
      this.effectSection(ctx, data),
      this.gapsSection(ctx, data),
      this.perceivedSection(ctx, data, chart),
      h(
        'section',
        { class: 'dash-section', 'aria-labelledby': 'dash-reports-title' },
        h('h2', { id: 'dash-reports-title' }, t('dash.reportsTotal', { count: formatNumber(locale, stats.total) })),
        h(
          'div',
          { class: 'chart-grid' },
          chart(t('dash.reportsByKind'), this.countSpec(ctx, stats.byKind, 'kind'), 'chart-reports-kind'),
          chart(t('dash.reportsBySource'), this.countSpec(ctx, stats.bySource, 'source'), 'chart-reports-source'),
          chart(t('dash.reportsByStatus'), this.countSpec(ctx, stats.byStatus, 'reportStatus'), 'chart-reports-status'),
          chart(t('dash.reportsByMonth'), this.monthSpec(ctx, stats), 'chart-reports-month'),
        ),
      ),
      this.exportsSection(ctx, data),
    );
    this.root.replaceChildren(page);
    const renderer = locale === 'zh-CN' ? 'ZH' : 'EN';
    for (const [slot, spec] of chartSlots) {
      const instance = init(slot, undefined, { renderer: 'canvas', locale: renderer });
      instance.setOption(barChartOption(spec));
      this.charts.push(instance);
    }
  }

  private toolbar(ctx: DashboardContext, data: DashboardData): HTMLElement {
    const { t } = ctx;
    const print = h('button', { type: 'button', class: 'button button-primary', 'data-testid': 'dash-print' }, t('dash.print'));
    print.addEventListener('click', () => window.print());
    const csv = h('button', { type: 'button', class: 'button button-quiet', 'data-testid': 'dash-csv' }, t('dash.csv'));
    csv.addEventListener('click', () =>
      downloadText(`${ctx.area.code}-coverage-figures.csv`, toCsv(figuresCsvRows(t, data.figures)), 'text/csv;charset=utf-8'),
    );
    const perceived = h(
      'button',
      { type: 'button', class: 'button button-quiet', 'data-testid': 'dash-perceived-csv' },
      t('dash.perceivedCsv'),
    );
    perceived.addEventListener('click', () =>
      downloadText(
        `${ctx.area.code}-perceived-coverage.csv`,
        toCsv(perceivedCsvRows(t, ctx.locale, data.perceived)),
        'text/csv;charset=utf-8',
      ),
    );
    return h('div', { class: 'dash-toolbar no-print' }, print, csv, perceived);
  }

  private kpis(ctx: DashboardContext, data: DashboardData, stats: ReportStats): HTMLElement {
    const { t, locale } = ctx;
    const existing = (tech: CoverageTechnology) => data.figures.find((f) => f.scenario === null && f.technology === tech)?.figures;
    const card = (label: string, value: string, sub: string, testid: string) =>
      h(
        'div',
        { class: 'kpi', 'data-testid': testid },
        h('p', { class: 'kpi-label' }, label),
        h('p', { class: 'kpi-value' }, value),
        h('p', { class: 'kpi-sub' }, sub),
      );
    const cards = DASHBOARD_TECHNOLOGIES.map((tech) => {
      const f = existing(tech);
      return card(
        `${labelOf(t, 'tech', tech)} · ${t('figure.coverageArea')}`,
        f ? formatPercent(locale, f.coveragePct, 2) : '—',
        f ? `${t('figure.coveragePopulation')} ${formatPercent(locale, f.populationPct, 2)}` : '',
        `kpi-${tech}`,
      );
    });
    cards.push(
      card(
        t('summary.reports'),
        formatNumber(locale, stats.total),
        `${t('summary.open')} ${formatNumber(locale, stats.total - (stats.byStatus.resolved ?? 0))}`,
        'kpi-reports',
      ),
    );
    return h('section', { class: 'kpis', 'aria-label': t('dash.figures') }, ...cards);
  }

  private seriesName(t: Translate, scenario: string | null): string {
    return scenario ?? t('planning.existing');
  }

  private coverageSpec(ctx: DashboardContext, data: DashboardData, key: 'coveragePct' | 'populationPct'): Omit<BarChartSpec, 'title'> {
    const { t, locale } = ctx;
    const scenarios: (string | null)[] = [null, ...data.scenarios.map((s) => s.name)];
    const series = scenarios.map((scenario) => ({
      name: this.seriesName(t, scenario),
      values: DASHBOARD_TECHNOLOGIES.map(
        (tech) => data.figures.find((f) => f.scenario === scenario && f.technology === tech)?.figures[key] ?? Number.NaN,
      ),
    }));
    return {
      categories: DASHBOARD_TECHNOLOGIES.map((tech) => labelOf(t, 'tech', tech)),
      series,
      format: (v) => formatPercent(locale, v, series.length > 2 ? 1 : 2),
      describeFormat: (v) => formatPercent(locale, v, 2),
      axisFormat: (v) => formatPercent(locale, v, 0),
      min: percentAxisMin(series.flatMap((s) => s.values)),
      max: 100,
      interval: 5,
      labels: series.length <= 3,
    };
  }

  private countSpec(ctx: DashboardContext, counts: Record<string, number>, group: string): Omit<BarChartSpec, 'title'> {
    const { t, locale } = ctx;
    const keys = Object.keys(counts);
    return {
      categories: keys.map((k) => labelOf(t, group, k)),
      series: [{ name: t('dash.reportsCount'), values: keys.map((k) => counts[k]) }],
      format: (v) => formatNumber(locale, v),
      labels: true,
    };
  }

  private monthSpec(ctx: DashboardContext, stats: ReportStats): Omit<BarChartSpec, 'title'> {
    const { t, locale } = ctx;
    return {
      categories: stats.byMonth.map((m) => formatMonth(locale, m.month)),
      series: [{ name: t('dash.reportsCount'), values: stats.byMonth.map((m) => m.count) }],
      format: (v) => formatNumber(locale, v),
    };
  }

  private figuresTable(ctx: DashboardContext, rows: readonly FigureRow[]): HTMLElement {
    const { t, locale } = ctx;
    const head = [
      'csv.scenario',
      'csv.network',
      'figure.coverageArea',
      'figure.coveragePopulation',
      'figure.coveredKm2',
      'figure.coveredPopulation',
      'figure.reportsUncovered',
    ] as const;
    return scrollable(
      { class: 'data-table', 'data-testid': 'dash-figures' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...head.map((k) =>
            h('th', { scope: 'col', title: k === 'figure.reportsUncovered' ? t('figure.anyReportsNote') : undefined }, t(k)),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...rows.map((r) =>
          h(
            'tr',
            { 'data-scenario': r.scenario ?? '', 'data-network': r.technology },
            h('th', { scope: 'row' }, this.seriesName(t, r.scenario)),
            h('td', {}, labelOf(t, 'tech', r.technology)),
            h('td', {}, formatPercent(locale, r.figures.coveragePct, 2)),
            h('td', {}, formatPercent(locale, r.figures.populationPct, 2)),
            h('td', {}, t('unit.km2', { value: formatNumber(locale, r.figures.coveredKm2, 1) })),
            h('td', {}, formatNumber(locale, r.figures.coveredPopulation)),
            h('td', {}, formatNumber(locale, r.figures.reportsUncovered)),
          ),
        ),
      ),
    );
  }

  /** Before (existing network) and after (the chosen scenario), per network, with the new sites. */
  private effectSection(ctx: DashboardContext, data: DashboardData): HTMLElement {
    const { t, locale } = ctx;
    const title = h('h2', { id: 'dash-effect-title' }, t('dash.planEffect'));
    if (data.scenarios.length === 0) {
      return h(
        'section',
        { class: 'dash-section', 'aria-labelledby': 'dash-effect-title', 'data-testid': 'dash-effect' },
        title,
        h('p', { class: 'panel-hint' }, t('dash.noScenarios')),
      );
    }
    const select = h(
      'select',
      { id: 'dash-effect-scenario', 'data-testid': 'dash-effect-scenario' },
      ...data.scenarios.map((s) => h('option', { value: s.name, selected: s.name === this.effectScenario }, s.name)),
    );
    select.addEventListener('change', () => {
      this.effectScenario = select.value;
      this.render();
    });
    const scenario = data.scenarios.find((s) => s.name === this.effectScenario) ?? data.scenarios[0];
    const find = (name: string | null, tech: CoverageTechnology) =>
      data.figures.find((f) => f.scenario === name && f.technology === tech)?.figures;
    const pct = (v: number | undefined) => (v === undefined ? '—' : formatPercent(locale, v, 2));
    const pp = (a: number | undefined, b: number | undefined) =>
      a === undefined || b === undefined ? '—' : t('unit.pp', { value: formatSigned(locale, b - a, 2) });
    const rows = DASHBOARD_TECHNOLOGIES.map((tech) => {
      const before = find(null, tech);
      const after = find(scenario.name, tech);
      return h(
        'tr',
        { 'data-network': tech },
        h('th', { scope: 'row' }, labelOf(t, 'tech', tech)),
        h('td', { 'data-value': 'before-area' }, pct(before?.coveragePct)),
        h('td', { 'data-value': 'after-area' }, pct(after?.coveragePct)),
        h('td', { class: 'delta' }, pp(before?.coveragePct, after?.coveragePct)),
        h('td', {}, pct(before?.populationPct)),
        h('td', {}, pct(after?.populationPct)),
        h('td', { class: 'delta' }, pp(before?.populationPct, after?.populationPct)),
        h(
          'td',
          {},
          before && after ? `${formatNumber(locale, before.reportsUncovered)} → ${formatNumber(locale, after.reportsUncovered)}` : '—',
        ),
      );
    });
    const sites = scenario.changes.addCandidates.map((code) => {
      const name = ctx.candidates.get(code)?.properties.name;
      return name ? `${code} ${name}` : code;
    });
    return h(
      'section',
      { class: 'dash-section', 'aria-labelledby': 'dash-effect-title', 'data-testid': 'dash-effect' },
      title,
      h('div', { class: 'field-row no-print' }, h('label', { for: 'dash-effect-scenario' }, t('dash.planScenario')), select),
      h('p', { class: 'print-only' }, t('common.labelValue', { label: t('dash.planScenario'), value: scenario.name })),
      sites.length ? h('p', { 'data-testid': 'dash-effect-sites' }, t('dash.planSites', { sites: sites.join(t('reason.and')) })) : null,
      scrollable(
        { class: 'data-table', 'data-testid': 'dash-effect-table', 'data-scenario': scenario.name },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('td', {}),
            h('th', { scope: 'colgroup', colspan: 3 }, t('figure.coverageArea')),
            h('th', { scope: 'colgroup', colspan: 3 }, t('figure.coveragePopulation')),
            h('th', { scope: 'col', rowspan: 2 }, t('figure.reportsUncovered')),
          ),
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('dash.network')),
            ...(['figure.before', 'figure.after', 'figure.change', 'figure.before', 'figure.after', 'figure.change'] as const).map((k) =>
              h('th', { scope: 'col' }, t(k)),
            ),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    );
  }

  private gapsSection(ctx: DashboardContext, data: DashboardData): HTMLElement {
    const { t, locale } = ctx;
    const rows = (['GSM', 'CDMA'] as Network[]).flatMap((tech) => {
      const remedies = new Map(data.remedies[tech].items.map((r) => [r.target.id, r]));
      return data.gaps[tech].features.slice(0, TOP_GAPS).map((g) => {
        const found = placeOf(g.geometry, g.properties.centroid, ctx.settlements);
        const place = found ? localName(found.place.name, locale) : null;
        const remedy = remedies.get(g.properties.id);
        const text = remedy ? remedyText(remedy, t, locale) : null;
        return h(
          'tr',
          { 'data-network': tech, 'data-gap': g.properties.id },
          h('td', {}, labelOf(t, 'tech', tech)),
          h('th', { scope: 'row' }, place ? (found?.near ? t('gaps.near', { place }) : place) : t('gaps.unnamed')),
          h('td', {}, t('unit.km2', { value: formatNumber(locale, g.properties.areaKm2, 2) })),
          h('td', {}, formatNumber(locale, g.properties.population)),
          h('td', {}, formatNumber(locale, g.properties.reportCount)),
          h('td', {}, text ? t('common.labelValue', { label: text.remedy, value: text.reason }) : '—'),
        );
      });
    });
    const head = ['dash.network', 'field.place', 'field.area', 'field.population', 'field.reportCount', 'field.remedy'] as const;
    return h(
      'section',
      { class: 'dash-section', 'aria-labelledby': 'dash-gaps-title' },
      h('h2', { id: 'dash-gaps-title' }, t('dash.topGaps')),
      scrollable(
        { class: 'data-table', 'data-testid': 'dash-gaps' },
        h('thead', {}, h('tr', {}, ...head.map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, ...rows),
      ),
    );
  }

  /**
   * Perceived (satisfied survey answers) against predicted coverage per place of one network: a chart
   * of the settlements with enough answers and a table of every place with answers, flagged places
   * first and highlighted. The network is chosen on screen; the printed report names it.
   */
  private perceivedSection(
    ctx: DashboardContext,
    data: DashboardData,
    chart: (title: string, spec: Omit<BarChartSpec, 'title'>, testid: string) => HTMLElement,
  ): HTMLElement {
    const { t, locale } = ctx;
    const network = this.perceivedNetwork;
    const answer = data.perceived[network];
    const title = h('h2', { id: 'dash-perceived-title' }, t('dash.perceivedTitle'));
    const section = (...children: (HTMLElement | null)[]) =>
      h(
        'section',
        { class: 'dash-section', 'aria-labelledby': 'dash-perceived-title', 'data-testid': 'dash-perceived' },
        title,
        ...children,
      );
    const total = data.perceived.GSM.answers + data.perceived.CDMA.answers;
    if (total === 0) return section(h('p', { class: 'panel-hint' }, t('perceived.none')));
    const select = h(
      'select',
      { id: 'dash-perceived-network', 'data-testid': 'dash-perceived-network' },
      ...(['GSM', 'CDMA'] as Network[]).map((n) => h('option', { value: n, selected: n === network }, labelOf(t, 'tech', n))),
    );
    select.addEventListener('change', () => {
      this.perceivedNetwork = select.value as Network;
      this.render();
    });
    const pct = (v: number | null) => (v === null ? '—' : formatPercent(locale, v, 0));
    const charted = perceivedChartRows(answer);
    const rows = perceivedTableRows(answer);
    const flagged = rows.filter((r) => r.flag !== null).length;
    const head = [
      'field.place',
      'perceived.answers',
      'perceived.perceived',
      'perceived.predicted',
      'perceived.difference',
      'perceived.mean',
      'perceived.flag',
    ] as const;
    return section(
      h('p', { class: 'panel-hint' }, t('perceived.rule', { min: formatNumber(locale, answer.rules.minAnswers) })),
      h('div', { class: 'field-row no-print' }, h('label', { for: 'dash-perceived-network' }, t('dash.network')), select),
      h('p', { class: 'print-only' }, t('common.labelValue', { label: t('dash.network'), value: labelOf(t, 'tech', network) })),
      h(
        'p',
        { 'data-testid': 'dash-perceived-summary' },
        t('perceived.summary', { answers: formatNumber(locale, answer.answers), flagged: formatNumber(locale, flagged) }),
      ),
      charted.length
        ? chart(
            t('perceived.chart', { network: labelOf(t, 'tech', network) }),
            {
              categories: charted.map((r) => (r.flag ? `⚑ ${perceivedPlaceName(r, t, locale)}` : perceivedPlaceName(r, t, locale))),
              series: [
                { name: t('perceived.perceivedSeries'), values: charted.map((r) => r.perceivedPct ?? Number.NaN) },
                { name: t('perceived.predictedSeries'), values: charted.map((r) => r.predictedPct ?? Number.NaN) },
              ],
              format: (v) => formatPercent(locale, v, 0),
              min: 0,
              max: 100,
              interval: 20,
            },
            'chart-perceived',
          )
        : null,
      scrollable(
        { class: 'data-table perceived-table', 'data-testid': 'dash-perceived-table', 'data-network': network },
        h('thead', {}, h('tr', {}, ...head.map((k) => h('th', { scope: 'col' }, t(k))))),
        h(
          'tbody',
          {},
          ...rows.map((r) =>
            h(
              'tr',
              { class: r.flag ? `is-flagged flag-${r.flag}` : '', 'data-place': r.code, 'data-flag': r.flag ?? '' },
              h('th', { scope: 'row' }, perceivedPlaceName(r, t, locale)),
              h('td', {}, formatNumber(locale, r.answers)),
              h('td', {}, pct(r.perceivedPct)),
              h('td', {}, pct(r.predictedPct)),
              h('td', {}, r.differencePts === null ? '—' : t('unit.pp', { value: formatSigned(locale, r.differencePts, 0) })),
              h('td', {}, r.meanSatisfaction === null ? '—' : formatNumber(locale, r.meanSatisfaction, 1)),
              h('td', {}, r.flag ? labelOf(t, 'perceivedFlag', r.flag) : ''),
            ),
          ),
        ),
      ),
    );
  }

  private exportsSection(ctx: DashboardContext, data: DashboardData): HTMLElement {
    const { t } = ctx;
    const link = (layer: ExportLayer, label: string, format: ExportFormat) =>
      h(
        'a',
        {
          href: ctx.api.exportUrl(ctx.area.code, layer, format),
          download: '',
          class: 'export-link',
          'aria-label': t('export.download', { layer: label, format: format.toUpperCase() }),
          'data-testid': `export-${layer}-${format}`,
        },
        format === 'geojson' ? 'GeoJSON' : format.toUpperCase(),
      );
    const items = EXPORTS.map(({ layer, label }) =>
      h(
        'li',
        {},
        h('span', {}, t('dash.exportFormats', { layer: t(label) })),
        ' ',
        link(layer, t(label), 'geojson'),
        ' ',
        link(layer, t(label), 'kml'),
        ' ',
        link(layer, t(label), 'csv'),
      ),
    );
    const scenario = data.scenarios.find((s) => s.name === this.effectScenario);
    if (scenario) {
      const label = t('export.plan', { name: scenario.name });
      const button = (format: 'geojson' | 'kml') => {
        const b = h(
          'button',
          {
            type: 'button',
            class: 'link-button',
            'aria-label': t('export.download', { layer: label, format: format.toUpperCase() }),
            'data-testid': `export-plan-${format}`,
          },
          format === 'geojson' ? 'GeoJSON' : 'KML',
        );
        b.addEventListener('click', () => this.downloadPlan(ctx, scenario, format));
        return b;
      };
      items.push(h('li', {}, h('span', {}, t('dash.exportFormats', { layer: label })), ' ', button('geojson'), ' ', button('kml')));
    }
    return h(
      'section',
      { class: 'dash-section no-print', 'aria-labelledby': 'dash-exports-title' },
      h('h2', { id: 'dash-exports-title' }, t('dash.exports')),
      h('ul', { class: 'export-list' }, ...items),
    );
  }

  /** The new sites of a scenario as GeoJSON or KML, built here: the server exports layers, not scenarios. */
  private downloadPlan(ctx: DashboardContext, scenario: Scenario, format: 'geojson' | 'kml'): void {
    const sites = scenario.changes.addCandidates
      .map((code) => ctx.candidates.get(code))
      .filter((c): c is CandidateFeature => c !== undefined);
    const file = `${ctx.area.code}-${scenario.name.replace(/[^\p{L}\p{N}_-]+/gu, '_')}`;
    if (format === 'geojson') {
      const collection = {
        type: 'FeatureCollection',
        name: scenario.name,
        features: sites.map((c, i) => ({
          type: 'Feature',
          geometry: c.geometry,
          properties: {
            order: i + 1,
            code: c.properties.code,
            name: c.properties.name,
            technology: c.properties.technology,
            cost: c.properties.cost,
            scenario: scenario.name,
          },
        })),
      };
      downloadText(`${file}.geojson`, JSON.stringify(collection, null, 1), 'application/geo+json');
    } else {
      const kml = placemarksKml(
        scenario.name,
        sites.map((c, i) => ({
          name: `${c.properties.code} ${c.properties.name}`,
          lonLat: [c.geometry.coordinates[0], c.geometry.coordinates[1]],
          data: { order: i + 1, code: c.properties.code, technology: c.properties.technology, cost: c.properties.cost },
        })),
      );
      downloadText(`${file}.kml`, kml, 'application/vnd.google-earth.kml+xml');
    }
  }

  private disposeCharts(): void {
    for (const c of this.charts) c.dispose();
    this.charts = [];
  }
}

/** A table in a box that scrolls sideways on a narrow screen rather than the page (printed whole). */
function scrollable(attrs: Parameters<typeof h>[1], ...rows: Parameters<typeof h>[2][]): HTMLElement {
  return h('div', { class: 'table-scroll' }, h('table', attrs, ...rows));
}
