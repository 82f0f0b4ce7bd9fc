import { createHash } from 'node:crypto';

/**
 * A stable id for a row that has none: "h" + 24 hex digits of SHA-256 over the row's identifying
 * values (in a fixed order, numbers at 1e-7° / full precision, dates as ISO instants), so importing
 * the same row again finds the same record.
 */
export function deriveExternalId(parts: ReadonlyArray<string | number | Date | null>): string {
  const canonical = parts
    .map((p) => (p === null ? '' : p instanceof Date ? p.toISOString() : typeof p === 'number' ? String(p) : p))
    .join('\u001f');
  return 'h' + createHash('sha256').update(canonical).digest('hex').slice(0, 24);
}

/** Coordinates rounded for hashing: 1e-7° (about 1 cm) absorbs float noise of CRS conversion. */
export function roundDeg(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}
