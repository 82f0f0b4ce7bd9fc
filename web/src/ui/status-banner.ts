import type { Translate } from '../i18n/index.ts';
import { h } from './dom.ts';

/** The line under the header that says what is loading or what went wrong. */
export class StatusBanner {
  constructor(private readonly root: HTMLElement) {}

  loading(t: Translate): void {
    this.root.hidden = false;
    this.root.className = 'status-banner is-loading';
    this.root.setAttribute('role', 'status');
    this.root.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', {}, t('status.loading')));
  }

  /** An error in words a planner can act on, with a retry button when there is something to retry. */
  error(t: Translate, message: string, retry?: () => void): void {
    this.root.hidden = false;
    this.root.className = 'status-banner is-error';
    this.root.setAttribute('role', 'alert');
    const children: HTMLElement[] = [h('span', { 'data-testid': 'status-message' }, t('status.error', { message }))];
    if (retry) {
      const button = h('button', { type: 'button', class: 'button button-quiet', 'data-testid': 'status-retry' }, t('status.retry'));
      button.addEventListener('click', retry);
      children.push(button);
    }
    const dismiss = h('button', { type: 'button', class: 'button button-quiet', 'data-testid': 'status-dismiss' }, t('status.dismiss'));
    dismiss.addEventListener('click', () => this.clear());
    children.push(dismiss);
    this.root.replaceChildren(...children);
  }

  /** A failure nothing on the page can retry. */
  fatal(text: string): void {
    this.root.hidden = false;
    this.root.className = 'status-banner is-error';
    this.root.setAttribute('role', 'alert');
    this.root.replaceChildren(h('span', { 'data-testid': 'status-message' }, text));
  }

  notice(text: string): void {
    this.root.hidden = false;
    this.root.className = 'status-banner is-notice';
    this.root.setAttribute('role', 'status');
    this.root.replaceChildren(h('span', {}, text));
  }

  clear(): void {
    this.root.hidden = true;
    this.root.replaceChildren();
  }
}
