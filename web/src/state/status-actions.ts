import { ApiError } from '../api/api-error.ts';
import { describeApiError } from '../planning/field-problems.ts';
import type { AppStore } from './app-state.ts';
import { selectTranslate } from './selectors.ts';

/** Puts a failure into words on the status line, with a retry button. */
export function showError(store: AppStore, err: unknown, retry: () => void): void {
  const t = selectTranslate(store.getState());
  const message =
    err instanceof ApiError
      ? err.code === 'network'
        ? t('status.networkError')
        : `${err.message} (HTTP ${err.status})`
      : err instanceof Error
        ? err.message
        : String(err);
  store.dispatch({ type: 'status', status: { kind: 'error', message, retry } });
}

/** An error from a write in words for the status line (every field problem the API named). */
export function showWriteError(store: AppStore, err: unknown): void {
  const t = selectTranslate(store.getState());
  store.dispatch({ type: 'status', status: { kind: 'error', message: describeApiError(err, t).join(' · '), retry: null } });
}
