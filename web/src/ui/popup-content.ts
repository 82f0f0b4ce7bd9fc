import type { CellProperties, ReportProperties } from '../api/types.ts';
import { formatDateTime, formatNumber, labelOf, type Locale, type MessageKey, type Translate } from '../i18n/index.ts';
import { escapeHtml } from '../lib/escape-html.ts';

type Row = [label: MessageKey, value: string];

/**
 * Popup HTML of one cell. Every value that comes from data is escaped; `extraCells` is the number
 * of other cells stacked under the click.
 */
export function cellPopupHtml(p: CellProperties, t: Translate, locale: Locale, extraCells = 0): string {
  const num = (v: number, unit: MessageKey, digits = 1) => t(unit, { value: formatNumber(locale, v, digits) });
  const eirpDbm = p.powerDbm + p.gainDbi - p.lossDb;
  const rows: Row[] = [
    ['field.site', `${p.siteName} (${p.siteCode})`],
    ['field.siteStatus', labelOf(t, 'siteStatus', p.siteStatus)],
    ['field.technology', labelOf(t, 'tech', p.technology)],
    ['field.frequency', num(p.frequencyMhz, 'unit.mhz')],
    ['field.height', num(p.heightM, 'unit.m')],
    ['field.azimuth', p.azimuthDeg === null ? t('value.omni') : num(p.azimuthDeg, 'unit.deg', 0)],
    ['field.beamwidth', p.azimuthDeg === null ? t('value.none') : num(p.beamwidthDeg, 'unit.deg', 0)],
    ['field.tilt', num(p.tiltDeg, 'unit.deg')],
    ['field.power', num(p.powerDbm, 'unit.dbm')],
    ['field.gain', num(p.gainDbi, 'unit.dbi')],
    ['field.loss', num(p.lossDb, 'unit.db')],
    ['field.eirp', num(eirpDbm, 'unit.dbm')],
  ];
  const more = extraCells > 0 ? `<p class="popup-more">${escapeHtml(t('popup.moreCells', { count: extraCells }))}</p>` : '';
  return popupHtml(t('popup.cell', { code: p.code }), `tech-${p.technology}`, rows, t) + more;
}

/** Popup HTML of one problem report; every value that comes from data is escaped. */
export function reportPopupHtml(p: ReportProperties, t: Translate, locale: Locale): string {
  const rows: Row[] = [
    ['field.kind', labelOf(t, 'kind', p.kind)],
    ['field.technology', labelOf(t, 'tech', p.technology)],
    ['field.source', labelOf(t, 'source', p.source)],
    ['field.tier', labelOf(t, 'tier', p.customerTier)],
    ['field.reportedAt', formatDateTime(locale, p.reportedAt)],
    ['field.status', labelOf(t, 'reportStatus', p.status)],
    ['field.resolution', labelOf(t, 'resolution', p.resolution)],
    ['field.address', p.address || t('value.none')],
    ['field.note', p.note || t('value.none')],
    ['field.externalId', p.externalId || t('value.none')],
  ];
  return popupHtml(t('popup.report', { id: p.id }), `kind-${p.kind}`, rows, t);
}

function popupHtml(title: string, badgeClass: string, rows: Row[], t: Translate): string {
  const body = rows
    .map(([label, value]) => `<tr><th scope="row">${escapeHtml(t(label))}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('');
  return (
    `<div class="popup"><h3 class="popup-title"><span class="popup-badge ${escapeHtml(badgeClass)}"></span>` +
    `${escapeHtml(title)}</h3><table class="popup-table">${body}</table></div>`
  );
}
