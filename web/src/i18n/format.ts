import type { Locale } from './locale.ts';

/** Report dates are shown in the users' time zone whatever the browser says. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number with the locale's grouping and at most `maxFractionDigits` decimals. */
export function formatNumber(locale: Locale, value: number, maxFractionDigits = 0): string {
  if (!Number.isFinite(value)) return '—';
  const key = `${locale}|${maxFractionDigits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: maxFractionDigits });
    numberFormats.set(key, f);
  }
  return f.format(value);
}

/** An ISO 8601 timestamp as a date and time in {@link DISPLAY_TIME_ZONE}; '—' when missing or invalid. */
export function formatDateTime(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: DISPLAY_TIME_ZONE,
  }).format(date);
}

/** A percentage given as 0-100, e.g. 92.63 → "92.63%", with `digits` decimals. */
export function formatPercent(locale: Locale, pct: number, digits = 2): string {
  if (!Number.isFinite(pct)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    pct / 100,
  );
}

/** A change with its sign ("+4.89", "−155", "0"), `digits` decimals at most. */
export function formatSigned(locale: Locale, value: number, maxFractionDigits = 2): string {
  if (!Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: maxFractionDigits, signDisplay: 'exceptZero' }).format(value);
}

/** A calendar month `YYYY-MM` as the locale writes it ("2006年5月", "May 2006"). */
export function formatMonth(locale: Locale, month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
}
