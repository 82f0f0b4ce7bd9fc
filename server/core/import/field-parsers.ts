/** Parsers for single text values; each returns the value or a reason string (never throws). */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A decimal number as typed in spreadsheets: full-width digits, thousands separators ("1,200") and
 * an optional trailing unit among `units` ("35m", "35 米", "43dBm") are accepted; NaN and Infinity are not.
 */
export function parseNumberText(text: string, units: readonly string[] = []): Parsed<number> {
  let t = text.normalize('NFKC').trim().replace(/\s+/g, '');
  if (t === '') return fail('empty');
  const lower = t.toLowerCase();
  const unit = [...units].sort((a, b) => b.length - a.length).find((u) => lower.endsWith(u.toLowerCase()));
  if (unit && t.length > unit.length) t = t.slice(0, t.length - unit.length);
  if (THOUSANDS.test(t)) t = t.replace(/,/g, '');
  if (!DECIMAL.test(t)) return fail(`not a number${units.length ? ` (units accepted: ${units.join(', ')})` : ''}`);
  const n = Number(t);
  if (!Number.isFinite(n)) return fail('not a finite number');
  return ok(n);
}

/** Time zone of zone-less times in Chinese field data: China Standard Time, UTC+8, no DST since 1991. */
export const CHINA_UTC_OFFSET_MINUTES = 480;

const DATE_TIME =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]*(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2}(?:\.\d+)?)\s*秒?)?\s*分?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})(?:[T\s]?(\d{2})(\d{2})(\d{2})?)?$/;

/**
 * A date or date-time: ISO 8601 ("2006-05-12T14:30:00+08:00"), "2006-5-12 14:30", "2006/05/12",
 * "2006.05.12", "2006年5月12日 14时30分", "20060512". Times without a zone are local time at
 * `utcOffsetMinutes` (default China Standard Time). Impossible dates (2006-02-30) and years outside
 * 1900-2100 are rejected.
 */
export function parseDateTime(text: string, utcOffsetMinutes = CHINA_UTC_OFFSET_MINUTES): Parsed<Date> {
  const t = text.normalize('NFKC').trim();
  if (t === '') return fail('empty');
  const m = DATE_TIME.exec(t) ?? COMPACT_DATE.exec(t);
  if (!m) return fail('not a date (expected e.g. 2006-05-12 or 2006-05-12 14:30)');
  const [year, month, day, hour = 0, minute = 0] = m.slice(1, 6).map((v) => (v === undefined ? undefined : Number(v))) as number[];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (year < 1900 || year > 2100) return fail(`year ${year} out of range 1900-2100`);
  if (month < 1 || month > 12) return fail(`month ${month} does not exist`);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return fail(`day ${day} does not exist in ${year}-${String(month).padStart(2, '0')}`);
  if (hour > 23 || minute > 59 || second >= 60) return fail('time of day out of range');
  const zone = m[7];
  const offset = zone === undefined ? utcOffsetMinutes : zoneOffsetMinutes(zone);
  const ms = Date.UTC(year, month - 1, day, hour, minute, Math.floor(second), Math.round((second % 1) * 1000)) - offset * 60_000;
  return ok(new Date(ms));
}

function zoneOffsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/** Separators between the azimuths of one candidate: "0;120;240", "0/120/240", "0、120、240". */
export function splitList(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/[;,/|、\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
