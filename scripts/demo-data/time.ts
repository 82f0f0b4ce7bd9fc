/** Local time in Daqing (UTC+08:00, no daylight saving) as ISO 8601 strings. */

const DAY_MS = 86_400_000;
const YEAR_2006_UTC_MS = Date.UTC(2006, 0, 1);

/** Day of 2006 (0 = 1 January) of a `YYYY-MM-DD` date. */
export function dayOf2006(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Math.round((Date.UTC(y, m - 1, d) - YEAR_2006_UTC_MS) / DAY_MS);
}

/** Day of week of a day of 2006: 0 = Sunday .. 6 = Saturday (1 January 2006 was a Sunday). */
export function weekday2006(day: number): number {
  return ((day % 7) + 7) % 7;
}

/** `2006-MM-DDTHH:mm:ss+08:00` for a day of 2006 and seconds after local midnight. */
export function localTimestamp(day: number, secondsOfDay: number): string {
  const t = new Date(YEAR_2006_UTC_MS + day * DAY_MS + Math.round(secondsOfDay) * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}+08:00`;
}
