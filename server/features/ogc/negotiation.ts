import { AppError, BadRequestError } from '../../errors.ts';

/** The JSON media types this API serves; HTML is not offered. */
const SERVED = ['application/json', 'application/geo+json'];

/**
 * Check the requested format: `f` (only `json`) wins over the Accept header, which must allow JSON
 * (`application/json`, `application/geo+json`, `application/*`, `* / *`, any with q > 0). Throws 400 for
 * another `f`, 406 for an Accept header without JSON (a browser's `text/html,...,* / *;q=0.8` is fine).
 */
export function checkFormat(f: string | undefined, accept: string | undefined): void {
  if (f !== undefined) {
    if (f === 'json') return;
    throw new BadRequestError(`f: only "json" is supported; HTML is not offered (got "${f}")`, [
      { field: '/querystring/f', message: 'unsupported format', value: f },
    ]);
  }
  if (!accept || accept.trim() === '') return;
  const acceptable = accept.split(',').some((entry) => {
    const [type, ...params] = entry
      .trim()
      .toLowerCase()
      .split(';')
      .map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) return false;
    return type === '*/*' || type === 'application/*' || SERVED.includes(type);
  });
  if (!acceptable) {
    throw new AppError('not_acceptable', 406, `only JSON (${SERVED.join(', ')}) is served; HTML is not offered (Accept: "${accept}")`, [
      { field: '/headers/accept', message: 'no acceptable media type', value: accept },
    ]);
  }
}
