import { formatNumber, labelOf, type Locale, type MessageKey, type Translate } from '../i18n/index.ts';
import { PALETTE, REPORT_KINDS, REPORT_KIND_COLORS, TECHNOLOGY_COLORS } from '../map/palette.ts';
import { LAYER_GROUPS, type LayerGroup } from '../state/layer-groups.ts';
import type { AreaSummary } from '../state/summary.ts';
import { h } from './dom.ts';
import { areaSwatch, circleSwatch, clusterSwatch, lineSwatch, wedgeSwatch } from './legend-swatches.ts';

export interface SidePanelState {
  layers: ReadonlySet<LayerGroup>;
  basemapAvailable: boolean;
  summary: AreaSummary | null;
}

const GROUP_LABEL: Record<LayerGroup, MessageKey> = {
  basemap: 'layer.basemap',
  districts: 'layer.districts',
  boundary: 'layer.boundary',
  gsm: 'layer.gsm',
  cdma: 'layer.cdma',
  reports: 'layer.reports',
};

const GROUP_SWATCH: Record<LayerGroup, string> = {
  basemap: areaSwatch('#cbd5e1', '#64748b'),
  districts: areaSwatch(PALETTE.districtFill, PALETTE.districtLine),
  boundary: lineSwatch(PALETTE.areaLine, 2.5, '', PALETTE.areaCasing),
  gsm: wedgeSwatch(TECHNOLOGY_COLORS.GSM.fill, TECHNOLOGY_COLORS.GSM.line),
  cdma: wedgeSwatch(TECHNOLOGY_COLORS.CDMA.fill, TECHNOLOGY_COLORS.CDMA.line),
  reports: clusterSwatch(PALETTE.clusterMedium, PALETTE.clusterText),
};

/** The side panel: summary figures, layer switches and the legend. */
export class SidePanel {
  constructor(
    private readonly root: HTMLElement,
    private readonly onToggle: (group: LayerGroup, visible: boolean) => void,
  ) {}

  render(t: Translate, locale: Locale, state: SidePanelState): void {
    const focusedId = (document.activeElement as HTMLElement | null)?.dataset?.testid;
    this.root.replaceChildren(
      this.summarySection(t, locale, state.summary),
      this.layersSection(t, locale, state),
      this.legendSection(t),
      h('p', { class: 'panel-footnote' }, t('attribution.districts')),
    );
    if (focusedId) this.root.querySelector<HTMLElement>(`[data-testid="${focusedId}"]`)?.focus();
  }

  private summarySection(t: Translate, locale: Locale, s: AreaSummary | null): HTMLElement {
    const n = (v: number | undefined) => (v === undefined ? '—' : formatNumber(locale, v));
    const item = (label: MessageKey, value: string, testid: string) =>
      h('div', { class: 'stat' }, h('dt', {}, t(label)), h('dd', { 'data-testid': testid }, value));
    return h(
      'section',
      { class: 'panel-section', 'aria-labelledby': 'panel-summary-title' },
      h('h2', { id: 'panel-summary-title' }, t('panel.summary'), s ? h('span', { class: 'area-name' }, s.areaName) : null),
      h(
        'dl',
        { class: 'stats' },
        item('summary.sites', n(s?.sites), 'stat-sites'),
        item('summary.cells', n(s ? s.cellsGsm + s.cellsCdma : undefined), 'stat-cells'),
        item('summary.reports', n(s?.reports), 'stat-reports'),
        item('summary.open', n(s?.openReports), 'stat-open-reports'),
      ),
      s && s.reportsNotShown > 0
        ? h('p', { class: 'panel-warning', role: 'note' }, t('status.reportsTruncated', { count: formatNumber(locale, s.reports) }))
        : null,
    );
  }

  private layersSection(t: Translate, locale: Locale, state: SidePanelState): HTMLElement {
    const counts: Partial<Record<LayerGroup, number>> = {
      gsm: state.summary?.cellsGsm,
      cdma: state.summary?.cellsCdma,
      reports: state.summary?.reports,
    };
    const rows = LAYER_GROUPS.filter((g) => g !== 'basemap' || state.basemapAvailable).map((group) => {
      const input = h('input', {
        type: 'checkbox',
        id: `layer-${group}`,
        'data-testid': `layer-toggle-${group}`,
        checked: state.layers.has(group),
      });
      input.addEventListener('change', () => this.onToggle(group, input.checked));
      const swatch = h('span', { class: 'swatch-box' });
      swatch.innerHTML = GROUP_SWATCH[group];
      const count = counts[group];
      return h(
        'li',
        { class: 'layer-row' },
        input,
        h(
          'label',
          { for: `layer-${group}` },
          swatch,
          h('span', { class: 'layer-name' }, t(GROUP_LABEL[group])),
          count === undefined ? null : h('span', { class: 'layer-count' }, formatNumber(locale, count)),
        ),
      );
    });
    return h(
      'section',
      { class: 'panel-section', 'aria-labelledby': 'panel-layers-title' },
      h('h2', { id: 'panel-layers-title' }, t('panel.layers')),
      h('ul', { class: 'layer-list', 'data-testid': 'layer-list' }, ...rows),
    );
  }

  private legendSection(t: Translate): HTMLElement {
    const entry = (swatch: string, label: string) => {
      const box = h('span', { class: 'swatch-box' });
      box.innerHTML = swatch;
      return h('li', {}, box, h('span', {}, label));
    };
    const planned = entry(wedgeSwatch(TECHNOLOGY_COLORS.GSM.fill, TECHNOLOGY_COLORS.GSM.line, 0.22), t('legend.planned'));
    return h(
      'section',
      { class: 'panel-section', 'aria-labelledby': 'panel-legend-title', 'data-testid': 'legend' },
      h('h2', { id: 'panel-legend-title' }, t('panel.legend')),
      h(
        'ul',
        { class: 'legend-list' },
        entry(wedgeSwatch(TECHNOLOGY_COLORS.GSM.fill, TECHNOLOGY_COLORS.GSM.line), t('legend.gsm')),
        entry(wedgeSwatch(TECHNOLOGY_COLORS.CDMA.fill, TECHNOLOGY_COLORS.CDMA.line), t('legend.cdma')),
        entry(circleSwatch(TECHNOLOGY_COLORS.GSM.fill, TECHNOLOGY_COLORS.GSM.line, 8, 0.58), t('legend.omni')),
        planned,
        entry(lineSwatch(PALETTE.areaLine, 2.5, '', PALETTE.areaCasing), t('legend.boundary')),
        entry(lineSwatch(PALETTE.districtLine, 1.5, '3 2'), t('legend.district')),
        entry(clusterSwatch(PALETTE.clusterMedium, PALETTE.clusterText), t('legend.cluster')),
      ),
      h('h3', {}, t('legend.reportKinds')),
      h(
        'ul',
        { class: 'legend-list legend-kinds' },
        ...REPORT_KINDS.map((k) => entry(circleSwatch(REPORT_KIND_COLORS[k], '#ffffff'), labelOf(t, 'kind', k))),
      ),
      h('p', { class: 'legend-hint' }, t('legend.zoomHint')),
    );
  }
}
