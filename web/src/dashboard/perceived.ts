import type { Network, PerceivedCoverage, PerceivedRow } from '../api/types.ts';
import { localName } from '../geo/place-names.ts';
import { labelOf, type Locale, type Translate } from '../i18n/index.ts';
import type { CsvValue } from '../lib/csv.ts';

/** The perceived-coverage answers the dashboard shows, per network. */
export type PerceivedByNetwork = Record<Network, PerceivedCoverage>;

/**
 * The rows of the perceived-against-predicted table of one network: every settlement with answers,
 * and the hotspots with enough answers to be judged (a hotspot of two answers says little); flagged
 * places first, then by number of answers.
 */
export function perceivedTableRows(answer: PerceivedCoverage): PerceivedRow[] {
  const flagRank = (r: PerceivedRow) => (r.flag === 'unhappy-but-covered' ? 0 : r.flag === 'satisfied-but-gap' ? 1 : 2);
  return answer.items
    .filter((r) => (r.kind === 'settlement' ? r.answers > 0 : r.answers >= answer.rules.minAnswers))
    .sort((a, b) => flagRank(a) - flagRank(b) || b.answers - a.answers || a.code.localeCompare(b.code));
}

/** The settlements charted: those with enough answers for the rule, in the server's order (towns first). */
export function perceivedChartRows(answer: PerceivedCoverage): PerceivedRow[] {
  return answer.items.filter((r) => r.kind === 'settlement' && r.answers >= answer.rules.minAnswers);
}

/** Places flagged on either network, for the summary line. */
export function flaggedCount(answers: PerceivedByNetwork): number {
  return Object.values(answers).reduce((n, a) => n + perceivedTableRows(a).filter((r) => r.flag !== null).length, 0);
}

/** The place of a row as the UI names it: a settlement's name, or "hotspot near <settlement>". */
export function perceivedPlaceName(row: PerceivedRow, t: Translate, locale: Locale): string {
  if (row.kind === 'settlement') return localName(row.name, locale);
  return row.name === row.code
    ? t('perceived.hotspotUnnamed', { id: row.code })
    : t('perceived.hotspot', { place: localName(row.name, locale) });
}

/**
 * Rows of the perceived-coverage CSV: a header in the UI language, then the table's rows of each
 * network. Numbers stay numbers (a dot for decimals), so that a spreadsheet can compute with them.
 */
export function perceivedCsvRows(t: Translate, locale: Locale, answers: PerceivedByNetwork): CsvValue[][] {
  const round = (v: number | null) => (v === null ? '' : Math.round(v * 10) / 10);
  return [
    [
      t('csv.network'),
      t('field.place'),
      t('perceived.answers'),
      t('perceived.satisfied'),
      t('perceived.perceived'),
      t('perceived.predicted'),
      t('perceived.difference'),
      t('perceived.flag'),
    ],
    ...(Object.keys(answers) as Network[]).flatMap((network) =>
      perceivedTableRows(answers[network]).map((r) => [
        labelOf(t, 'tech', network),
        perceivedPlaceName(r, t, locale),
        r.answers,
        r.satisfied,
        round(r.perceivedPct),
        round(r.predictedPct),
        round(r.differencePts),
        r.flag ? labelOf(t, 'perceivedFlag', r.flag) : '',
      ]),
    ),
  ];
}
