import type {
  CandidateProperties,
  CellProperties,
  GapProperties,
  HotspotProperties,
  PointCoverage,
  RankingItem,
  Remedy,
  ReportProperties,
  SurveyResponseProperties,
} from '../api/types.ts';
import { formatDateTime, formatNumber, formatSigned, labelOf, type Locale, type MessageKey, type Translate } from '../i18n/index.ts';
import { escapeHtml } from '../lib/escape-html.ts';
import { remedyText } from '../planning/remedy-text.ts';

type Row = [label: MessageKey, value: string];

/**
 * Popup HTML of one cell. Every value that comes from data is escaped; `extraCells` is the number
 * of other cells stacked under the click. A cell the coverage engine leaves out says why.
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
  const invalid = p.invalid ? `<p class="popup-warning" role="note">${escapeHtml(t('popup.cellInvalid', { problem: p.invalid }))}</p>` : '';
  return popupHtml(t('popup.cell', { code: p.code }), `tech-${p.technology}`, rows, t).replace(/<\/div>$/, `${invalid}</div>`) + more;
}

/** Popup HTML of one problem report; every value that comes from data is escaped. */
export function reportPopupHtml(p: ReportProperties, t: Translate, locale: Locale): string {
  const rows: Row[] = [
    ['field.kind', labelOf(t, 'kind', p.kind)],
    ['field.technology', labelOf(t, 'tech', p.technology)],
    ['field.source', labelOf(t, 'source', p.source)],
    ['field.tier', labelOf(t, 'tier', p.customerTier)],
    ['field.reportedAt', p.reportedAt ? formatDateTime(locale, p.reportedAt) : t('value.none')],
    ['field.status', labelOf(t, 'reportStatus', p.status)],
    ['field.resolution', labelOf(t, 'resolution', p.resolution)],
    ['field.address', p.address || t('value.none')],
    ...(p.located === 'address'
      ? ([['field.located', t('popup.placedFromAddress', { place: p.placeName ?? t('value.none') })]] satisfies Row[])
      : []),
    ['field.note', p.note || t('value.none')],
    ['field.externalId', p.externalId || t('value.none')],
  ];
  // What the imported file said where a rule, a value mapping or a default classified it ("问题描述: 室内覆盖差").
  const original = Object.entries(p.originalValues ?? {});
  if (original.length) rows.push(['field.originalValues', original.map(([column, value]) => `${column}: ${value}`).join('; ')]);
  return popupHtml(t('popup.report', { id: p.id }), `kind-${p.kind}`, rows, t);
}

/**
 * Popup HTML of one customer survey answer (as a report's): every value that comes from data is
 * escaped. `placeName` names the gazetteer place an address-placed answer was put at (else its code shows).
 */
export function surveyPopupHtml(p: SurveyResponseProperties, t: Translate, locale: Locale, placeName?: string): string {
  const rows: Row[] = [
    ['field.satisfaction', `${labelOf(t, 'satisfaction', String(p.satisfaction))} (${p.satisfaction}/5)`],
    ['field.technology', labelOf(t, 'tech', p.technology)],
    ['field.problems', p.problems.length ? p.problems.map((k) => labelOf(t, 'kind', k)).join('、') : t('value.none')],
    ['field.answeredAt', formatDateTime(locale, p.answeredAt)],
    ['field.source', labelOf(t, 'source', p.source)],
    ['field.address', p.address || t('value.none')],
    ...(p.located === 'address'
      ? ([['field.located', t('popup.placedFromAddress', { place: placeName ?? p.placeCode ?? t('value.none') })]] satisfies Row[])
      : []),
    ['field.comment', p.comment || t('value.none')],
    ['field.externalId', p.externalId || t('value.none')],
  ];
  // The problems as the questionnaire wrote them (an unrecognised wording is kept here).
  if (p.problemsText) rows.push(['field.originalValues', p.problemsText]);
  return popupHtml(t('popup.survey', { id: p.id }), `satisfaction-${p.satisfaction}`, rows, t);
}

/**
 * Popup HTML of a coverage gap: where it is, its size, the people and reports in it, and the
 * recommended remedy when the server has one.
 */
export function gapPopupHtml(gap: GapProperties, place: string, remedy: Remedy | null, t: Translate, locale: Locale): string {
  const rows: Row[] = [
    ['field.area', t('unit.km2', { value: formatNumber(locale, gap.areaKm2, 2) })],
    ['field.population', t('unit.people', { value: formatNumber(locale, gap.population) })],
    ['field.reportCount', formatNumber(locale, gap.reportCount)],
    ...remedyRows(remedy, t, locale),
  ];
  return popupHtml(t('popup.gap', { place }), 'gap', rows, t);
}

/** Popup HTML of a problem hotspot: its reports by kind, whether it is in a gap, the remedy. */
export function hotspotPopupHtml(h: HotspotProperties, place: string, remedy: Remedy | null, t: Translate, locale: Locale): string {
  const kinds = Object.entries(h.byKind)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${labelOf(t, 'kind', k)} ${formatNumber(locale, n)}`)
    .join(t('reason.and'));
  const rows: Row[] = [
    ['field.reportCount', formatNumber(locale, h.reportCount)],
    ['field.kind', kinds || t('value.none')],
    ['field.coverage', h.coverage === 'gap' ? t('hotspot.gap') : t('hotspot.covered')],
    ['field.score', formatNumber(locale, h.score, 1)],
    ...remedyRows(remedy, t, locale),
  ];
  return popupHtml(t('popup.hotspot', { place }), `hotspot-${h.coverage}`, rows, t);
}

/** Popup HTML of a candidate site with its gain figures from the ranking (when it is ranked). */
export function candidatePopupHtml(c: CandidateProperties, ranked: RankingItem | null, t: Translate, locale: Locale): string {
  const rows: Row[] = [
    ['field.site', c.name + (c.approximate ? ` ${t('value.approximate')}` : '')],
    ['field.technology', labelOf(t, 'tech', c.technology)],
    ['field.candidateStatus', labelOf(t, 'candStatus', c.status)],
    ['field.origin', labelOf(t, 'origin', c.origin)],
    ['field.cost', c.cost === null ? t('value.none') : formatNumber(locale, c.cost, 1)],
    ['field.rank', ranked ? t('rank.rank', { rank: ranked.rank }) : t('value.notRanked')],
  ];
  if (ranked) {
    rows.push(
      ['field.coverageGain', t('unit.pp', { value: formatSigned(locale, ranked.coveragePctGain, 2) })],
      ['field.newlyCovered', t('unit.km2', { value: formatNumber(locale, ranked.newlyCoveredKm2, 1) })],
      ['rank.newlyPopulation', t('unit.people', { value: formatNumber(locale, ranked.newlyCoveredPopulation) })],
      ['rank.newlyReports', formatNumber(locale, ranked.newlyCoveredReports)],
    );
  }
  return popupHtml(t('popup.candidate', { code: c.code }), `tech-${c.technology}`, rows, t);
}

/**
 * Popup HTML of the exact link budget at a point: two answers, the best server (largest margin over
 * its own network's threshold, which decides "covered") and the strongest signal, each with its
 * network; then the strongest servers.
 */
export function pointPopupHtml(
  p: PointCoverage,
  t: Translate,
  locale: Locale,
  maxServers = 6,
  cellName: (key: string) => string = (key) => key,
): string {
  const dbm = (v: number | null) => (v === null ? t('value.none') : t('unit.dbm', { value: formatNumber(locale, v, 1) }));
  const server = (cell: string | null, technology: string | null, levelDbm: number | null, marginDb?: number | null) =>
    cell === null
      ? t('value.none')
      : [
          cellName(cell),
          technology === null ? '' : labelOf(t, 'tech', technology),
          dbm(levelDbm),
          marginDb == null ? '' : t('unit.db', { value: formatSigned(locale, marginDb, 1) }),
        ]
          .filter((x) => x !== '')
          .join(' · ');
  const rows: Row[] = [
    ['field.bestMargin', server(p.bestCell, p.bestTechnology, p.levelDbm, p.bestMarginDb)],
    ['field.strongest', server(p.strongestCell, p.strongestTechnology, p.strongestLevelDbm)],
    ['field.covered', p.covered ? t('value.covered') : t('value.notCovered')],
    ['field.threshold', dbm(p.thresholdDbm)],
    ['field.environment', labelOf(t, 'env', p.environment)],
  ];
  const servers = [...p.servers].sort((a, b) => b.levelDbm - a.levelDbm);
  const shown = servers.slice(0, maxServers);
  const head = (['field.cell', 'field.level', 'field.pathLoss', 'field.distance'] as const)
    .map((k) => `<th scope="col">${escapeHtml(t(k))}</th>`)
    .join('');
  const body = shown
    .map(
      (s) =>
        `<tr><td>${escapeHtml(cellName(s.cell))}</td><td>${escapeHtml(formatNumber(locale, s.levelDbm, 1))}</td>` +
        `<td>${escapeHtml(formatNumber(locale, s.pathLossDb, 1))}</td><td>${escapeHtml(t('unit.km', { value: formatNumber(locale, s.distanceKm, 2) }))}</td></tr>`,
    )
    .join('');
  const table = shown.length
    ? `<h4 class="popup-subtitle">${escapeHtml(t('popup.servers'))} (dBm)</h4><table class="popup-table popup-servers"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`
    : '';
  const more =
    servers.length > shown.length
      ? `<p class="popup-more">${escapeHtml(t('popup.moreServers', { count: formatNumber(locale, servers.length - shown.length) }))}</p>`
      : '';
  const rule = `<p class="popup-more">${escapeHtml(t('popup.pointRule'))}</p>`;
  const badge = p.covered ? 'covered' : 'uncovered';
  return popupHtml(t('popup.point'), badge, rows, t).replace(/<\/div>$/, `${rule}${table}${more}</div>`);
}

/** Prefix of the key of a candidate's cell in a coverage answer: `candidate:<code>/<cell>`. */
const CANDIDATE_KEY = 'candidate:';

/**
 * Names a cell of a coverage answer for people: an existing cell (`<site code>/<cell>`) by its
 * site's name, a candidate's cell (`candidate:<code>/<cell>`) by the candidate's name and code;
 * a key whose site or candidate is unknown is shown as it is.
 */
export function cellNamer(
  t: Translate,
  candidateNames: ReadonlyMap<string, string>,
  siteNames: ReadonlyMap<string, string>,
): (key: string) => string {
  return (key) => {
    const candidate = key.startsWith(CANDIDATE_KEY);
    const rest = candidate ? key.slice(CANDIDATE_KEY.length) : key;
    const slash = rest.lastIndexOf('/');
    if (slash <= 0) return key;
    const code = rest.slice(0, slash);
    const cell = rest.slice(slash + 1);
    const name = (candidate ? candidateNames : siteNames).get(code);
    if (!name) return key;
    return t(candidate ? 'cellName.candidate' : 'cellName.site', { name, code, cell });
  };
}

/** Popup HTML of a polygon of a scenario comparison: newly covered or newly lost, its size and what is in it. */
export function differencePopupHtml(p: GapProperties, change: 'covered' | 'lost', t: Translate, locale: Locale): string {
  const rows: Row[] = [
    ['field.area', t('unit.km2', { value: formatNumber(locale, p.areaKm2, 2) })],
    ['field.population', t('unit.people', { value: formatNumber(locale, p.population) })],
    ['field.reportCount', formatNumber(locale, p.reportCount)],
  ];
  return popupHtml(t(change === 'covered' ? 'legend.newlyCovered' : 'legend.newlyLost'), `difference-${change}`, rows, t);
}

function remedyRows(remedy: Remedy | null, t: Translate, locale: Locale): Row[] {
  if (!remedy) return [];
  const text = remedyText(remedy, t, locale);
  return [
    ['field.remedy', text.remedy],
    ['field.reason', text.reason],
  ];
}

function popupHtml(title: string, badgeClass: string, rows: Row[], t: Translate): string {
  const body = rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(t(label))}</th><td>${escapeHtml(value)}</td></tr>`).join('');
  return (
    `<div class="popup"><h3 class="popup-title"><span class="popup-badge ${escapeHtml(badgeClass)}"></span>` +
    `${escapeHtml(title)}</h3><table class="popup-table">${body}</table></div>`
  );
}
