import type { CellWarning } from '../api/types.ts';
import { formatNumber, type Locale, type Translate } from '../i18n/index.ts';
import { h } from './dom.ts';

/**
 * The notice under coverage figures when the server left cells out (a parameter out of range):
 * each cell once with the parameters at fault, e.g. "1 cell … : B/G9 (heightM)"; null when none.
 */
export function skippedCellsText(t: Translate, locale: Locale, warnings: readonly CellWarning[]): string | null {
  const fields = new Map<string, string[]>();
  for (const w of warnings) {
    const list = fields.get(w.cell) ?? [];
    if (!list.includes(w.field)) list.push(w.field);
    fields.set(w.cell, list);
  }
  if (fields.size === 0) return null;
  const cells = [...fields].map(([cell, names]) => `${cell} (${names.join(', ')})`).join(t('reason.and'));
  return t('figure.cellsSkipped', { count: formatNumber(locale, fields.size), cells });
}

/** skippedCellsText as a warning paragraph (the server's messages in its title), or null. */
export function skippedCellsNotice(t: Translate, locale: Locale, warnings: readonly CellWarning[], testid: string): HTMLElement | null {
  const text = skippedCellsText(t, locale, warnings);
  if (text === null) return null;
  const details = [...new Set(warnings.map((w) => w.message))].join('\n');
  return h('p', { class: 'figures-warning', role: 'note', title: details, 'data-testid': testid }, text);
}
