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

/**
 * `value` as the JSON text stored in a jsonb column: secrets redacted, and a small placeholder
 * `{ truncated: true, bytes }` instead of anything longer than `maxBytes` (a whole import, a raster).
 */
export function auditJson(value: unknown, maxBytes = 256 * 1024): string | null {
  if (value === undefined || value === null) return null;
  const text = JSON.stringify(redactSecrets(value));
  if (text === undefined) return null;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > maxBytes ? JSON.stringify({ truncated: true, bytes }) : text;
}
