import type { GapProperties, HotspotProperties, Remedy } from '../api/types.ts';
import { formatNumber, labelOf, type Locale, type Translate } from '../i18n/index.ts';
import type { PlannerState } from '../state/planner-state.ts';
import type { PlaceNames } from '../state/selectors.ts';
import { remedyText } from '../planning/remedy-text.ts';
import { h } from './dom.ts';
import { busyLine, errorBox } from './messages.ts';

export interface GapsHandlers {
  onShowGap: (id: string) => void;
  onShowHotspot: (id: string) => void;
}

const MAX_HOTSPOTS = 12;

/** The gaps tab: the network's coverage gaps, largest first, and its problem hotspots, each with the recommended remedy. */
export function gapsTab(t: Translate, locale: Locale, s: PlannerState, places: PlaceNames, handlers: GapsHandlers): HTMLElement[] {
  const network = labelOf(t, 'tech', s.network);
  const remedies = new Map((s.remedies.data?.items ?? []).map((r) => [r.target.id, r]));
  const gaps = s.gaps.data?.features ?? [];
  const hotspots = [...(s.hotspots.data?.features ?? [])].sort((a, b) => b.properties.score - a.properties.score).slice(0, MAX_HOTSPOTS);
  return [
    h(
      'section',
      { class: 'panel-section', 'aria-labelledby': 'gaps-title', 'data-testid': 'gaps-section' },
      h('h2', { id: 'gaps-title' }, t('gaps.title', { network })),
      s.gaps.status === 'loading' ? busyLine(t('planning.computing'), 'gaps-busy') : null,
      s.gaps.status === 'error' ? errorBox(t, s.gaps.error, 'gaps-error') : null,
      s.gaps.status === 'ready' && gaps.length === 0 ? h('p', { class: 'panel-hint' }, t('gaps.none')) : null,
      gaps.length
        ? h(
            'ol',
            { class: 'target-list', 'data-testid': 'gap-list' },
            ...gaps.map((g) =>
              gapItem(t, locale, g.properties, places.get(g.properties.id), remedies.get(g.properties.id) ?? null, handlers),
            ),
          )
        : null,
    ),
    h(
      'section',
      { class: 'panel-section', 'aria-labelledby': 'hotspots-title', 'data-testid': 'hotspots-section' },
      h('h2', { id: 'hotspots-title' }, t('hotspots.title', { network })),
      s.hotspots.status === 'loading' ? busyLine(t('planning.computing'), 'hotspots-busy') : null,
      s.hotspots.status === 'error' ? errorBox(t, s.hotspots.error, 'hotspots-error') : null,
      s.hotspots.status === 'ready' && hotspots.length === 0 ? h('p', { class: 'panel-hint' }, t('hotspots.none')) : null,
      hotspots.length
        ? h(
            'ol',
            { class: 'target-list', 'data-testid': 'hotspot-list' },
            ...hotspots.map((f) =>
              hotspotItem(t, locale, f.properties, places.get(f.properties.id), remedies.get(f.properties.id) ?? null, handlers),
            ),
          )
        : null,
    ),
  ];
}

function gapItem(
  t: Translate,
  locale: Locale,
  g: GapProperties,
  place: string | undefined,
  remedy: Remedy | null,
  handlers: GapsHandlers,
): HTMLElement {
  const name = place ?? t('gaps.unnamed');
  const show = h(
    'button',
    {
      type: 'button',
      class: 'button button-quiet button-small',
      'aria-label': t('gaps.showLabel', { name }),
      'data-testid': `gap-show-${g.id}`,
    },
    t('gaps.show'),
  );
  show.addEventListener('click', () => handlers.onShowGap(g.id));
  return h(
    'li',
    { class: 'target-item', 'data-testid': `gap-item-${g.id}`, 'data-place': place ?? '' },
    h('p', { class: 'target-title' }, h('strong', {}, name)),
    h(
      'p',
      { class: 'rank-metrics' },
      t('unit.km2', { value: formatNumber(locale, g.areaKm2, 2) }),
      ' · ',
      t('unit.people', { value: formatNumber(locale, g.population) }),
      ' · ',
      `${t('field.reportCount')} ${formatNumber(locale, g.reportCount)}`,
    ),
    remedyLine(t, locale, remedy),
    show,
  );
}

function hotspotItem(
  t: Translate,
  locale: Locale,
  p: HotspotProperties,
  place: string | undefined,
  remedy: Remedy | null,
  handlers: GapsHandlers,
): HTMLElement {
  const name = place ?? t('gaps.unnamed');
  const show = h(
    'button',
    {
      type: 'button',
      class: 'button button-quiet button-small',
      'aria-label': t('gaps.showLabel', { name }),
      'data-testid': `hotspot-show-${p.id}`,
    },
    t('gaps.show'),
  );
  show.addEventListener('click', () => handlers.onShowHotspot(p.id));
  return h(
    'li',
    { class: 'target-item', 'data-testid': `hotspot-item-${p.id}` },
    h(
      'p',
      { class: 'target-title' },
      h('strong', {}, name),
      ' ',
      h('span', { class: `badge hotspot-${p.coverage}` }, p.coverage === 'gap' ? t('hotspot.gap') : t('hotspot.covered')),
    ),
    h(
      'p',
      { class: 'rank-metrics' },
      `${t('field.reportCount')} ${formatNumber(locale, p.reportCount)}`,
      ' · ',
      `${t('field.score')} ${formatNumber(locale, p.score, 1)}`,
    ),
    remedyLine(t, locale, remedy),
    show,
  );
}

function remedyLine(t: Translate, locale: Locale, remedy: Remedy | null): HTMLElement | null {
  if (!remedy) return null;
  const text = remedyText(remedy, t, locale);
  return h('p', { class: 'remedy-line' }, h('span', { class: `badge remedy-${remedy.remedy}` }, text.remedy), ' ', text.reason);
}
