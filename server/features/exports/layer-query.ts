import { BadRequestError } from '../../errors.ts';
import type { LayerSource, TimeInterval } from './layer-source.ts';

// RFC 3339 section 5.6 date-time (T and Z in either case).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parse an OGC API `datetime` value: an RFC 3339 date-time, or an interval `start/end` where either
 * end may be open (`..` or empty), e.g. `2006-01-01T00:00:00Z/..`. Bounds are inclusive. The error
 * names `field` and quotes the value.
 */
export function parseDatetime(text: string, field: string): TimeInterval {
  const bad = (message: string) => new BadRequestError(`datetime: ${message} (got "${text}")`, [{ field, message, value: text }]);
  const instant = (part: string): Date | null => {
    if (part === '' || part === '..') return null;
    const date = DATE_TIME.test(part) ? new Date(part) : null;
    if (!date || Number.isNaN(date.getTime()))
      throw bad('expected an RFC 3339 date-time such as 2006-05-01T08:00:00+08:00, or an interval start/end');
    return date;
  };
  const parts = text.split('/');
  if (parts.length === 1) {
    const at = instant(parts[0]);
    if (!at) throw bad('expected a date-time or an interval');
    return { start: at, end: at };
  }
  if (parts.length !== 2) throw bad('an interval has exactly one "/"');
  const [start, end] = parts.map(instant);
  if (!start && !end) throw bad('an interval needs at least one bound');
  if (start && end && start > end) throw bad('the interval starts after it ends');
  return { start, end };
}

/** Check a `technology` filter against the layer: it must have technologies, and this must be one. */
export function checkTechnology(source: LayerSource, value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (!source.technologies) {
    throw new BadRequestError(`technology: layer "${source.name}" has no technology to filter by`, [
      { field, message: 'not supported by this layer', value },
    ]);
  }
  if (!source.technologies.includes(value)) {
    throw new BadRequestError(`technology: "${value}" is not one of ${source.technologies.join(', ')}`, [
      { field, message: 'unknown technology', value },
    ]);
  }
  return value;
}
