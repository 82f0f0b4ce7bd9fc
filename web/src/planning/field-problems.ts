import { ApiError } from '../api/api-error.ts';
import type { FieldProblem } from '../api/types.ts';
import { isMessageKey, type MessageKey, type Translate } from '../i18n/index.ts';

/** The field problems of an API error's `details`; [] when it has none in the documented shape. */
export function fieldProblems(err: unknown): FieldProblem[] {
  const details = err instanceof ApiError ? err.details : undefined;
  if (!Array.isArray(details)) return [];
  return details.filter(
    (d): d is FieldProblem => typeof d === 'object' && d !== null && typeof d.field === 'string' && typeof d.message === 'string',
  );
}

/**
 * The name of the request field a problem is about: the last named part of its JSON pointer
 * (`/body/changes/addCandidates/0` → `addCandidates`), or the property a "required" message names.
 */
export function problemField(p: FieldProblem): string {
  const required = /must have required property '([^']+)'/.exec(p.message);
  if (required) return required[1];
  const parts = p.field.split('/').filter((s) => s !== '' && !/^\d+$/.test(s));
  const last = parts.at(-1) ?? '';
  return last === 'body' || last === 'query' ? '' : last;
}

const FIELD_LABELS: Record<string, MessageKey> = {
  azimuthDeg: 'field.azimuth',
  tiltDeg: 'field.tilt',
  powerDbm: 'field.power',
  heightM: 'field.height',
  lon: 'field.lon',
  lat: 'field.lat',
  name: 'field.scenarioName',
  description: 'field.description',
  status: 'field.status',
  resolution: 'field.resolution',
  resolvedByCandidateCode: 'field.resolvedByCandidate',
  resolvedBySiteCode: 'field.resolvedBySite',
  addCandidates: 'field.candidates',
  candidateCodes: 'field.candidates',
  maxSites: 'field.maxSites',
  budget: 'field.budget',
  method: 'field.method',
};

/** The message of a problem in the UI language when it is one the page knows; the server's words otherwise. */
export function problemMessage(p: FieldProblem, t: Translate): string {
  const m = p.message;
  let match: RegExpExecArray | null;
  if ((match = /^must be <= (-?[\d.]+)$/.exec(m))) return t('validation.max', { limit: match[1] });
  if ((match = /^must be >= (-?[\d.]+)$/.exec(m))) return t('validation.min', { limit: match[1] });
  if (/^must be (number|integer)$/.test(m)) return t('validation.number');
  if (/^must have required property/.test(m)) return t('validation.required');
  if (/^must NOT have fewer than 1 characters?$/.test(m)) return t('validation.empty');
  if ((match = /^must NOT have more than (\d+) characters$/.exec(m))) return t('validation.tooLong', { limit: match[1] });
  if (/^must be equal to one of the allowed values$/.test(m)) return t('validation.notAllowed');
  if (m === 'already exists') return t('validation.exists');
  if (m === 'required when status is resolved') return t('validation.resolutionRequired');
  if (m === 'only allowed when status is resolved') return t('validation.resolutionNotAllowed');
  if ((match = /^unknown candidate "(.*)"$/.exec(m))) return t('validation.unknownCandidate', { code: match[1] });
  return m;
}

/** "Azimuth: must not be more than 360" for one problem; the field's label in the UI language when known. */
export function describeProblem(p: FieldProblem, t: Translate): string {
  const field = problemField(p);
  const key = FIELD_LABELS[field];
  const label = key && isMessageKey(key) ? t(key) : field;
  const message = problemMessage(p, t);
  return label ? t('validation.fieldMessage', { field: label, message }) : message;
}

/** Every problem of an API error in words, or its message when it has no field details. */
export function describeApiError(err: unknown, t: Translate): string[] {
  const problems = fieldProblems(err);
  if (problems.length > 0) return problems.map((p) => describeProblem(p, t));
  if (err instanceof ApiError) {
    if (err.code === 'network') return [t('status.networkError')];
    if (err.status === 403) return [t('validation.forbidden')];
    return [err.message];
  }
  return [err instanceof Error ? err.message : String(err)];
}
