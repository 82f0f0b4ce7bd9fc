import type { Network } from '../api/types.ts';
import { localName } from '../geo/place-names.ts';
import { formatNumber, labelOf, type Locale, type MessageKey, type Translate } from '../i18n/index.ts';
import { bestServerSamples, levelLegend, overlapLegend, PILOT_POLLUTION_COLOUR } from '../map/coverage-legend.ts';
import { CANDIDATE_COLORS, PALETTE, REPORT_KINDS, REPORT_KIND_COLORS, TECHNOLOGY_COLORS } from '../map/palette.ts';
import { activeRaster, type LayerGroup } from '../state/layer-groups.ts';
import type { AreaSummary } from '../state/summary.ts';
import { h } from './dom.ts';
import { areaSwatch, circleSwatch, clusterSwatch, lineSwatch, rampSwatch, wedgeSwatch } from './legend-swatches.ts';

export interface LayersTabState {
  layers: ReadonlySet<LayerGroup>;
  basemapAvailable: boolean;
  summary: AreaSummary | null;
  network: Network;
  /** The network's coverage threshold, for the level legend. */
  thresholdDbm: number | null;
  candidateCount: number | null;
  gapCount: number | null;
  hotspotCount: number | null;
}

const GROUP_LABEL: Record<LayerGroup, MessageKey> = {
  basemap: 'layer.basemap',
  districts: 'layer.districts',
  boundary: 'layer.boundary',
  terrain: 'layer.terrain',
  level: 'layer.level',
  'best-server': 'layer.best-server',
  overlap: 'layer.overlap',
  gaps: 'layer.gaps',
  hotspots: 'layer.hotspots',
  difference: 'layer.difference',
  candidates: 'layer.candidates',
  gsm: 'layer.gsm',
  cdma: 'layer.cdma',
  reports: 'layer.reports',
  surveys: 'layer.surveys',
  places: 'layer.places',
};

const GROUP_SWATCH: Record<LayerGroup, string> = {
  basemap: areaSwatch('#cbd5e1', '#64748b'),
  districts: areaSwatch(PALETTE.districtFill, PALETTE.districtLine),
  boundary: lineSwatch(PALETTE.areaLine, 2.5, '', PALETTE.areaCasing),
  terrain: rampSwatch(['#ffffff', '#d4d4d4', '#8a8a8a', '#3f3f3f']),
  level: rampSwatch(['#e63c28', '#ffe600', '#3cc83c', '#00aac8', '#1e3cc8']),
  'best-server': rampSwatch(bestServerSamples(5)),
  overlap: rampSwatch(
    overlapLegend()
      .map((o) => o.colour)
      .concat(PILOT_POLLUTION_COLOUR),
  ),
  gaps: areaSwatch(PALETTE.gapFill, PALETTE.gapLine, 0.45),
  hotspots: areaSwatch(PALETTE.hotspotGap, PALETTE.hotspotGap, 0.25),
  difference: areaSwatch(PALETTE.newlyCovered, PALETTE.newlyCovered, 0.55),
  candidates: circleSwatch(CANDIDATE_COLORS.GSM, PALETTE.halo, 8),
  gsm: wedgeSwatch(TECHNOLOGY_COLORS.GSM.fill, TECHNOLOGY_COLORS.GSM.line),
  cdma: wedgeSwatch(TECHNOLOGY_COLORS.CDMA.fill, TECHNOLOGY_COLORS.CDMA.line),
  reports: clusterSwatch(PALETTE.clusterMedium, PALETTE.clusterText),
  surveys: rampSwatch([PALETTE.satisfaction1, PALETTE.satisfaction2, PALETTE.satisfaction3, PALETTE.satisfaction4, PALETTE.satisfaction5]),
  places: circleSwatch(PALETTE.halo, PALETTE.placeLine, 4),
};

const SATISFACTION_SWATCH = [
  PALETTE.satisfaction1,
  PALETTE.satisfaction2,
  PALETTE.satisfaction3,
  PALETTE.satisfaction4,
  PALETTE.satisfaction5,
];

const SECTIONS: { title: MessageKey; groups: LayerGroup[] }[] = [
  { title: 'layerGroup.base', groups: ['basemap', 'districts', 'boundary', 'terrain'] },
  { title: 'layerGroup.coverage', groups: ['level', 'best-server', 'overlap', 'gaps', 'hotspots', 'difference'] },
  { title: 'layerGroup.network', groups: ['candidates', 'gsm', 'cdma', 'reports', 'surveys', 'places'] },
];

/** The layers tab: summary figures, layer switches and the legend. */
export function layersTab(
  t: Translate,
  locale: Locale,
  state: LayersTabState,
  onToggle: (group: LayerGroup, visible: boolean) => void,
): HTMLElement[] {
  return [
    summarySection(t, locale, state.summary),
    layersSection(t, locale, state, onToggle),
    legendSection(t, locale, state),
    h('p', { class: 'panel-footnote' }, t('attribution.districts')),
  ];
}

function summarySection(t: Translate, locale: Locale, s: AreaSummary | null): HTMLElement {
  const n = (v: number | undefined) => (v === undefined ? '—' : formatNumber(locale, v));
  const item = (label: MessageKey, value: string, testid: string) =>
    h('div', { class: 'stat' }, h('dt', {}, t(label)), h('dd', { 'data-testid': testid }, value));
  return h(
    'section',
    { class: 'panel-section', 'aria-labelledby': 'panel-summary-title' },
    h('h2', { id: 'panel-summary-title' }, t('panel.summary'), s ? h('span', { class: 'area-name' }, localName(s.areaName, locale)) : null),
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

function layersSection(
  t: Translate,
  locale: Locale,
  state: LayersTabState,
  onToggle: (group: LayerGroup, visible: boolean) => void,
): HTMLElement {
  const counts: Partial<Record<LayerGroup, number | null>> = {
    gsm: state.summary?.cellsGsm,
    cdma: state.summary?.cellsCdma,
    reports: state.summary?.reports,
    candidates: state.candidateCount,
    gaps: state.gapCount,
    hotspots: state.hotspotCount,
  };
  const network = labelOf(t, 'tech', state.network);
  const row = (group: LayerGroup) => {
    const input = h('input', {
      type: 'checkbox',
      id: `layer-${group}`,
      'data-testid': `layer-toggle-${group}`,
      checked: state.layers.has(group),
    });
    input.addEventListener('change', () => onToggle(group, input.checked));
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
        count === undefined || count === null ? null : h('span', { class: 'layer-count' }, formatNumber(locale, count)),
      ),
    );
  };
  const sections = SECTIONS.map(({ title, groups }) => {
    const shown = groups.filter((g) => g !== 'basemap' || state.basemapAvailable);
    return [h('h3', {}, t(title, { network })), h('ul', { class: 'layer-list' }, ...shown.map(row))];
  });
  return h(
    'section',
    { class: 'panel-section', 'aria-labelledby': 'panel-layers-title', 'data-testid': 'layer-list' },
    h('h2', { id: 'panel-layers-title' }, t('panel.layers')),
    ...sections.flat(),
    h('p', { class: 'legend-hint' }, t('layer.rasterHint')),
  );
}

function legendSection(t: Translate, locale: Locale, state: LayersTabState): HTMLElement {
  const entry = (swatch: string, label: string) => {
    const box = h('span', { class: 'swatch-box' });
    box.innerHTML = swatch;
    return h('li', {}, box, h('span', {}, label));
  };
  const on = (g: LayerGroup) => state.layers.has(g);
  const planned = entry(wedgeSwatch(TECHNOLOGY_COLORS.GSM.fill, TECHNOLOGY_COLORS.GSM.line, 0.22), t('legend.planned'));
  const analysis = [
    on('gaps') ? entry(areaSwatch(PALETTE.gapFill, PALETTE.gapLine, 0.45), t('legend.gap')) : null,
    on('hotspots') ? entry(areaSwatch(PALETTE.hotspotGap, PALETTE.hotspotGap, 0.25, '3 2'), t('legend.hotspotGap')) : null,
    on('hotspots') ? entry(areaSwatch(PALETTE.hotspotCovered, PALETTE.hotspotCovered, 0.25, '3 2'), t('legend.hotspotCovered')) : null,
    on('difference') ? entry(areaSwatch(PALETTE.newlyCovered, PALETTE.newlyCovered, 0.55), t('legend.newlyCovered')) : null,
    on('difference') ? entry(areaSwatch(PALETTE.newlyLost, PALETTE.newlyLost, 0.55), t('legend.newlyLost')) : null,
    on('candidates') ? entry(circleSwatch(CANDIDATE_COLORS.GSM, PALETTE.halo, 8), t('legend.candidate')) : null,
    on('candidates') ? entry(circleSwatch(CANDIDATE_COLORS.GSM, PALETTE.candidateWorking, 7), t('legend.candidateWorking')) : null,
  ];
  return h(
    'section',
    { class: 'panel-section', 'aria-labelledby': 'panel-legend-title', 'data-testid': 'legend' },
    h('h2', { id: 'panel-legend-title' }, t('panel.legend')),
    rasterLegend(t, locale, state),
    h(
      'ul',
      { class: 'legend-list' },
      ...analysis,
      entry(wedgeSwatch(TECHNOLOGY_COLORS.GSM.fill, TECHNOLOGY_COLORS.GSM.line), t('legend.gsm')),
      entry(wedgeSwatch(TECHNOLOGY_COLORS.CDMA.fill, TECHNOLOGY_COLORS.CDMA.line), t('legend.cdma')),
      entry(circleSwatch(TECHNOLOGY_COLORS.GSM.fill, TECHNOLOGY_COLORS.GSM.line, 8, 0.58), t('legend.omni')),
      planned,
      entry(lineSwatch(PALETTE.areaLine, 2.5, '', PALETTE.areaCasing), t('legend.boundary')),
      entry(lineSwatch(PALETTE.districtLine, 1.5, '3 2'), t('legend.district')),
      entry(clusterSwatch(PALETTE.clusterMedium, PALETTE.clusterText), t('legend.cluster')),
      on('reports') ? entry(circleSwatch('none', REPORT_KIND_COLORS['weak-signal'], 6), t('legend.addressPlaced')) : null,
    ),
    h('h3', {}, t('legend.reportKinds')),
    h(
      'ul',
      { class: 'legend-list legend-kinds' },
      ...REPORT_KINDS.map((k) => entry(circleSwatch(REPORT_KIND_COLORS[k], '#ffffff'), labelOf(t, 'kind', k))),
    ),
    h('p', { class: 'legend-hint' }, t('legend.zoomHint')),
    on('surveys') ? h('h3', {}, t('legend.satisfaction')) : null,
    on('surveys')
      ? h(
          'ul',
          { class: 'legend-list legend-kinds', 'data-testid': 'legend-satisfaction' },
          ...[5, 4, 3, 2, 1].map((n) =>
            entry(circleSwatch(SATISFACTION_SWATCH[n - 1], '#ffffff'), `${labelOf(t, 'satisfaction', String(n))} (${n})`),
          ),
          entry(circleSwatch('none', PALETTE.satisfaction2, 6), t('legend.surveyAddressPlaced')),
        )
      : null,
  );
}

/** The legend of the coverage raster shown: the level ramp with the threshold marked, the overlap classes, or the best-server note. */
function rasterLegend(t: Translate, locale: Locale, state: LayersTabState): HTMLElement | null {
  const raster = activeRaster([...state.layers]);
  if (!raster) return null;
  const network = labelOf(t, 'tech', state.network);
  const title = h('h3', {}, `${t(`layer.${raster}`)} · ${network}`);
  if (raster === 'level') {
    const threshold = state.thresholdDbm ?? -90;
    const legend = levelLegend(threshold);
    const ramp = h('div', {
      class: 'level-ramp',
      role: 'img',
      'aria-label': `${t('legend.level')}, ${t('legend.threshold', { value: formatNumber(locale, threshold) })}`,
    });
    ramp.style.background = legend.gradient;
    const mark = h(
      'span',
      { class: 'level-threshold', 'data-testid': 'legend-threshold' },
      t('legend.threshold', { value: formatNumber(locale, threshold) }),
    );
    mark.style.left = `${legend.thresholdPct}%`;
    const ticks = legend.ticks.map((tick) => {
      const el = h('span', { class: 'level-tick' }, formatNumber(locale, tick.levelDbm));
      el.style.left = `${tick.pct}%`;
      return el;
    });
    return h(
      'div',
      { class: 'raster-legend', 'data-testid': 'legend-level' },
      title,
      h('div', { class: 'level-ramp-box' }, ramp, mark),
      h('div', { class: 'level-ticks', 'aria-hidden': 'true' }, ...ticks),
      h('p', { class: 'legend-hint' }, `${t('legend.level')} (dBm)`),
    );
  }
  if (raster === 'overlap') {
    const keys: MessageKey[] = ['legend.overlap1', 'legend.overlap2', 'legend.overlap3', 'legend.overlap4'];
    const items = overlapLegend().map((o, i) => h('li', {}, colourChip(o.colour), h('span', {}, t(keys[i]))));
    items.push(h('li', {}, colourChip(PILOT_POLLUTION_COLOUR), h('span', {}, t('legend.pilotPollution'))));
    return h('div', { class: 'raster-legend', 'data-testid': 'legend-overlap' }, title, h('ul', { class: 'legend-list' }, ...items));
  }
  return h(
    'div',
    { class: 'raster-legend', 'data-testid': 'legend-best-server' },
    title,
    h('div', { class: 'chip-row' }, ...bestServerSamples(8).map(colourChip)),
    h('p', { class: 'legend-hint' }, t('legend.bestServer')),
  );
}

function colourChip(colour: string): HTMLElement {
  const chip = h('span', { class: 'colour-chip', 'aria-hidden': 'true' });
  chip.style.background = colour;
  return chip;
}
