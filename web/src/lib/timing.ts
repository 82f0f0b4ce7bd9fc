/**
 * Named moments of the page's start (User Timing marks, `cp:` prefixed), in milliseconds after
 * navigation: they show where the time to the first map goes, in the browser's performance panel
 * and in the browser tests, which read them back with {@link startTimings}.
 */
export const MARK_PREFIX = 'cp:';

/** Marks a moment once (a later mark of the same name is ignored, so that a second area keeps the first figures). */
export function mark(name: string): void {
  const full = MARK_PREFIX + name;
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  if (performance.getEntriesByName(full, 'mark').length > 0) return;
  performance.mark(full);
}

/** Every mark made so far, by name without the prefix, in milliseconds after navigation. */
export function startTimings(): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof performance === 'undefined') return out;
  for (const entry of performance.getEntriesByType('mark')) {
    if (entry.name.startsWith(MARK_PREFIX)) out[entry.name.slice(MARK_PREFIX.length)] = Math.round(entry.startTime);
  }
  return out;
}
