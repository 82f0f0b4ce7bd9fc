import type { Translate } from '../i18n/index.ts';
import { describeApiError } from '../planning/field-problems.ts';
import { h } from './dom.ts';

/** An error in words, one line per field problem the API named; announced to screen readers. */
export function errorBox(t: Translate, err: unknown, testid: string, lead?: string): HTMLElement {
  const lines = describeApiError(err, t);
  return h(
    'div',
    { class: 'inline-error', role: 'alert', 'data-testid': testid },
    lead ? h('p', {}, lead) : null,
    lines.length === 1 ? h('p', {}, lines[0]) : h('ul', {}, ...lines.map((l) => h('li', {}, l))),
  );
}

/** A short "working…" line with a spinner. */
export function busyLine(text: string, testid?: string): HTMLElement {
  return h(
    'p',
    { class: 'busy-line', role: 'status', 'data-testid': testid },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    h('span', {}, text),
  );
}

/** A success line, announced politely. */
export function okLine(text: string, testid: string): HTMLElement {
  return h('p', { class: 'ok-line', role: 'status', 'data-testid': testid }, text);
}
