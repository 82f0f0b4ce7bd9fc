/** Keys whose values never reach the audit log (passwords, tokens, session secrets). */
const SECRET_KEY = /password|secret|token|authorization|cookie/i;

export const REDACTED = '[redacted]';

/** A deep copy of `value` with the values of secret-looking keys replaced by `[redacted]`. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? REDACTED : redactSecrets(v);
    return out;
  }
  return value;
}

/** Rough JSON size of `value`, counted only until it passes `limit` (then any figure above it). */
function jsonSizeAtLeast(value: unknown, limit: number): number {
  let size = 0;
  const walk = (v: unknown): void => {
    if (typeof v === 'string') size += v.length + 2;
    else if (Array.isArray(v)) {
      size += 1 + v.length;
      for (let i = 0; i < v.length && size <= limit; i++) walk(v[i]);
    } else if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      for (const key of Object.keys(v)) {
        if (size > limit) return;
        size += key.length + 4;
        walk((v as Record<string, unknown>)[key]);
      }
    } else size += 8;
  };
  walk(value);
  return size;
}

/**
 * `value` as the JSON text stored in a jsonb column: secrets redacted, and a small placeholder
 * `{ truncated: true, bytes }` instead of anything longer than `maxBytes` (a whole import, a raster).
 * A value far over the limit (a 200,000-vertex polygon) is measured only until it is known to be too
 * big, and never copied or serialised: `bytes` is then a lower bound, flagged `atLeast`.
 */
export function auditJson(value: unknown, maxBytes = 256 * 1024): string | null {
  if (value === undefined || value === null) return null;
  const estimate = jsonSizeAtLeast(value, 4 * maxBytes);
  if (estimate > 4 * maxBytes) return JSON.stringify({ truncated: true, bytes: estimate, atLeast: true });
  const text = JSON.stringify(redactSecrets(value));
  if (text === undefined) return null;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > maxBytes ? JSON.stringify({ truncated: true, bytes }) : text;
}
