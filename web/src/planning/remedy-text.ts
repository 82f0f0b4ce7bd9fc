import type { Remedy } from '../api/types.ts';
import { formatNumber, labelOf, type Locale, type Translate } from '../i18n/index.ts';

/** The recommended remedy in words: what to do ("Repeater") and why, in the UI language. */
export function remedyText(r: Remedy, t: Translate, locale: Locale): { remedy: string; reason: string } {
  const own = ownRemedyText(r, t, locale);
  // A hotspot inside a gap carries the gap's advice: said so, so the two never read as two answers.
  return r.insideGap ? { remedy: own.remedy, reason: t('reason.insideGap', { reason: own.reason }) } : own;
}

function ownRemedyText(r: Remedy, t: Translate, locale: Locale): { remedy: string; reason: string } {
  const db = (v: number | null | undefined) => formatNumber(locale, v ?? Number.NaN, 1);
  const short = r.deficitDb === null ? t('reason.noServer') : t('reason.short', { db: db(r.deficitDb) });
  const remedy = labelOf(t, 'remedy', r.remedy);
  switch (r.reasonCode) {
    case 'near-threshold': {
      const change = r.parameterChange;
      if (!change) break;
      const parts: string[] = [];
      if (change.changes.powerDbm !== undefined) parts.push(t('reason.setPower', { value: db(change.changes.powerDbm) }));
      if (change.changes.tiltDeg !== undefined) parts.push(t('reason.setTilt', { value: db(change.changes.tiltDeg) }));
      if (change.changes.azimuthDeg !== undefined)
        parts.push(t('reason.setAzimuth', { value: formatNumber(locale, change.changes.azimuthDeg, 0) }));
      return {
        remedy,
        reason: t('reason.nearThreshold', {
          cell: change.cell,
          db: db(r.deficitDb),
          change: parts.join(t('reason.and')),
          after: db(change.levelAfterDbm),
        }),
      };
    }
    case 'small-pocket':
      return { remedy, reason: t('reason.smallPocket', { short, cell: r.bestCell ?? t('value.none') }) };
    case 'new-site-candidate':
      if (!r.candidate) break;
      return { remedy, reason: t('reason.newSiteCandidate', { short, code: r.candidate.code, rank: r.candidate.rank }) };
    case 'new-site-none':
      return { remedy, reason: t('reason.newSiteNone', { short }) };
    case 'indoor-in-coverage':
      return { remedy, reason: t('reason.indoor', { share: formatNumber(locale, r.target.indoorShare * 100, 0) }) };
    case 'covered-outdoor':
      return { remedy, reason: t('reason.coveredOutdoor') };
  }
  // A reason this page does not know yet: the server's own words.
  return { remedy, reason: r.reason };
}
