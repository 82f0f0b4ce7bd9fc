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
