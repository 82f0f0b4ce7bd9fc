import type { CoverageFigures } from '../api/types.ts';
import { formatNumber, formatPercent, formatSigned, type Locale, type MessageKey, type Translate } from '../i18n/index.ts';
import { figuresChange } from '../planning/working-scenario.ts';
import { h } from './dom.ts';

type Figures = Pick<CoverageFigures, 'coveragePct' | 'populationPct' | 'coveredKm2' | 'coveredPopulation' | 'reportsUncovered'>;

/**
 * A before / after / change table of the figures planners quote. With no `after`, only the
 * figures of `before` are listed.
 */
export function figuresTable(t: Translate, locale: Locale, before: Figures, after: Figures | null, testid: string): HTMLTableElement {
  const pct = (v: number) => formatPercent(locale, v, 2);
  const pp = (v: number) => t('unit.pp', { value: formatSigned(locale, v, 2) });
  const km2 = (v: number) => t('unit.km2', { value: formatNumber(locale, v, 1) });
  const people = (v: number) => formatNumber(locale, v);
  const signedKm2 = (v: number) => t('unit.km2', { value: formatSigned(locale, v, 1) });
  const signed = (v: number) => formatSigned(locale, v, 0);
  const rows: [MessageKey, keyof Figures, (v: number) => string, (v: number) => string][] = [
    ['figure.coverageArea', 'coveragePct', pct, pp],
    ['figure.coveragePopulation', 'populationPct', pct, pp],
    ['figure.coveredKm2', 'coveredKm2', km2, signedKm2],
    ['figure.coveredPopulation', 'coveredPopulation', people, signed],
    ['figure.reportsUncovered', 'reportsUncovered', people, signed],
  ];
  const change = after ? figuresChange(before, after) : null;
  const head = after
    ? h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('td', {}),
          h('th', { scope: 'col' }, t('figure.before')),
          h('th', { scope: 'col' }, t('figure.after')),
          h('th', { scope: 'col' }, t('figure.change')),
        ),
      )
    : null;
  const body = rows.map(([label, key, format, formatDelta]) =>
    h(
      'tr',
      { 'data-figure': key },
      h('th', { scope: 'row' }, t(label)),
      h('td', {}, format(before[key])),
      after ? h('td', {}, format(after[key])) : null,
      change ? h('td', { class: deltaClass(key, change[key].delta) }, formatDelta(change[key].delta)) : null,
    ),
  );
  return h('table', { class: 'figures-table', 'data-testid': testid }, head, h('tbody', {}, ...body));
}

/** Green for a change for the better, red for the worse (fewer uncovered reports is better). */
function deltaClass(key: keyof Figures, delta: number): string {
  if (Math.abs(delta) < 1e-9) return 'delta';
  const better = key === 'reportsUncovered' ? delta < 0 : delta > 0;
  return `delta ${better ? 'is-better' : 'is-worse'}`;
}
